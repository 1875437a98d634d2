"""The edges of numbers and the sentences around them (issue 21): nothing prints as 100,0 % that
is not all, year reports say «на уровне 2020 года», zeros are «не поступало» or left out, every
one that shares the first place is named, a one-item list has a singular verb, deadlines are
not said twice or against each other. Texts are read back from the documents."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from test_figures import FIXTURE as RZHEVSKY
from test_wording import filled

from conftest import NB, copy_of, docx_text, plain, with_figures
from generator.core.compare import Figure
from generator.core.period import Period
from generator.region.collect import collect
from generator.region.context import context
from generator.region.write import fill as fill_summary
from generator.wording.comparisons import compared, delta
from generator.wording.numbers import percent


@pytest.mark.parametrize("value, text", [
    (1999 / 2000 * 100, f"более 99,9{NB}%"),   # 1 999 of 2 000 supported
    (2499 / 2500 * 100, f"более 99,9{NB}%"),   # a fall of 2 499 from 2 500
    (99.94, f"99,9{NB}%"),
    (100, f"100,0{NB}%"),                       # all of them
    (100.04, f"более 100,0{NB}%"),
    (-99.97, f"менее -99,9{NB}%"),
    (0.04, f"менее 0,1{NB}%"),
    (0, f"0,0{NB}%"),
])
def test_a_percentage_that_is_not_all_never_prints_as_100(value, text):
    assert percent(value) == text


def test_a_fall_to_almost_nothing_is_said_without_100_percent():
    assert compared(Figure(1, 2500)) == (f", что на 2499 обращений (более 99,9{NB}%) меньше, "
                                         "чем за аналогичный период прошлого года")
    assert delta(Figure(1, 2500)) == "−2499 (в 2500 раз)"  # a table cell: no «−100,0 %»
    assert delta(Figure(0, 2500)) == "−2500 (−100,0\u00a0%)"  # to zero it is all


def test_a_year_report_compares_with_the_year():
    assert compared(Figure(5, 5), "звонок", Period(2021).since_year) == ", что на уровне 2020 года"
    assert compared(Figure(5, 5), "звонок", Period(2021).since) == ", что на уровне прошлого года"
    assert compared(Figure(5, 5), "звонок", Period(2021, "H1").since_year) == \
        ", что на уровне аналогичного периода 2020 года"


def test_settlements_of_1999_and_1_never_read_100_percent(tmp_path):
    source = with_figures(RZHEVSKY, {"written.total": 2000, "settlements.0.count": 1, "settlements.1.count": 1999,
                                     "settlements.2.count": 0, "outcomes.supported": 1999},
                          to=copy_of(RZHEVSKY, tmp_path))
    text = filled(source, "poyasnitelnaya-zapiska")
    assert f"Есинского сельского поселения — 1999 (более 99,9{NB}% от общего числа)" in text
    assert f"Далее следует Хорошевское сельское поселение — 1 (0,1{NB}%)." in text
    assert f"положительно рассмотрено 1999 обращений (более 99,9{NB}% от поступивших)" in text
    assert f"100,0{NB}%" not in text


def test_every_settlement_in_the_first_place_is_named(tmp_path):
    source = with_figures(RZHEVSKY, {"settlements.0.count": 120, "settlements.1.count": 120,
                                     "settlements.2.count": 30}, to=copy_of(RZHEVSKY, tmp_path))
    line = next(line for line in filled(source, "poyasnitelnaya-zapiska").splitlines()
                if line.startswith("Наибольшее"))
    assert line.startswith("Наибольшее количество обращений поступило от жителей Хорошевского сельского "
                           f"поселения — 120 (40,0{NB}% от общего числа)")
    assert f" и Есинского сельского поселения — 120 (40,0{NB}%), что на 20 обращений" in line
    assert line.endswith(f"Далее следует Чертолинское сельское поселение — 30 (10,0{NB}%).")


def test_deputies_reception_is_agreed_and_deadlines_are_said_once(tmp_path):
    source = with_figures(RZHEVSKY, {"receptions.deputies": 3, "deadlines.overdue": 3, "violations.cases": 0},
                          to=copy_of(RZHEVSKY, tmp_path))
    text = filled(source, "poyasnitelnaya-zapiska")
    assert "Заместителями главы принято 3 человека, что на 27 человек (90,0" in text
    assert "С нарушением срока рассмотрено 3 обращения" in text
    assert "В 2024 году нарушений законных интересов граждан не допущено." in text
    assert "сроков рассмотрения обращений не допущено" not in text
    with_figures(source, {"deadlines.overdue": 0})
    text = filled(source, "poyasnitelnaya-zapiska")
    assert text.count("не допущено") == 2  # the deadlines once, the citizens' interests once
    assert "Нарушений сроков рассмотрения обращений не допущено." in text


def test_a_four_digit_number_is_written_one_way_in_text_and_table(tmp_path):
    # Class 11: four digits are never grouped (the text's norm, and the charts' COUNT_FORMAT);
    # five and more are grouped everywhere. «4956» in the text and «4 956» in its table read as two rules.
    source = with_figures(RZHEVSKY, {"written.total": 4956, "written.collective": 12},
                          to=copy_of(RZHEVSKY, tmp_path))
    for template in ("poyasnitelnaya-zapiska", "tablica", "analiticheskie-svedeniya"):
        text = filled(source, template)
        assert "4956" in text, template
        assert f"4{NB}956" not in text, template
    row = next(line for line in filled(source, "tablica").splitlines()
               if line.startswith("Письменных обращений поступило всего"))
    assert row.split(" | ")[1] == "4956"
    with_figures(source, {"written.total": 14956})
    for template in ("poyasnitelnaya-zapiska", "tablica"):
        assert f"14{NB}956" in filled(source, template), template


def test_the_table_form_prints_no_share_beside_a_zero(tmp_path):
    source = with_figures(RZHEVSKY, {"written.collective": 0}, to=copy_of(RZHEVSKY, tmp_path))
    text = filled(source, "tablica")
    row = next(line for line in text.splitlines() if line.startswith("коллективных"))
    assert row == "коллективных | 0 | 12 | −12 (−100,0\u00a0%)"


# --- the region's summary -----------------------------------------------------

def municipality(data: Path, folder: str, name: str, total: int, previous: int | None = None,
                 topics: dict[str, int] | None = None, population: int | None = 10000) -> None:
    lines = ["period: 2021-H1", "municipality:", f"  name: {name}", "  region: Краснодарский край"]
    lines += [f"  population: {population}"] if population else []
    lines += ["written:", f"  total: {total}"]
    if topics:
        lines += [f"questions_total: {sum(topics.values())}", "topics:"]
        lines += [f"  - {{name: {topic}, count: {count}}}" for topic, count in topics.items()]
    if previous is not None:
        lines += ["previous:", "  written:", f"    total: {previous}"]
    (data / folder).mkdir(parents=True)
    (data / folder / "2021-H1.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def summary(data: Path) -> str:
    out = io.BytesIO()
    fill_summary(context(collect(data, Period(2021, "H1")))).save(out)
    return plain(docx_text(out))


def test_a_summary_of_zeros_says_nothing_came(tmp_path):
    municipality(tmp_path, "a", "Кавказский район", 0, 3, {"Социальная сфера": 0})
    municipality(tmp_path, "b", "Тбилисский район", 0, 0)
    text = summary(tmp_path)
    assert ("В первом полугодии 2021 года в органы местного самоуправления 2 муниципальных образований "
            "Краснодарского края письменных обращений не поступало (в 1 полугодии 2020 года — 3 обращения).") in text
    for absent in ("поступило 0", "0,0 обращения", "(0,0)", "0 вопросов", "( от всех", "Больше всего возросло",
                   "Наибольшее количество"):
        assert absent not in text, absent


def test_one_municipality_is_named_not_counted(tmp_path):
    municipality(tmp_path, "a", "Кавказский район", 5, 4)
    text = summary(tmp_path)
    assert ("в органы местного самоуправления Кавказского района поступило 5 письменных обращений, что на "
            "1 обращение (25,0 %) больше, чем за аналогичный период прошлого года.") in text
    assert "Больше всего" not in text and "1 муниципального" not in text
    assert "№ | Муниципальное образование | 1 полугодие 2020 г. | 1 полугодие 2021 г. | Изменение" in text


def test_the_summary_names_every_leader(tmp_path):
    municipality(tmp_path, "a", "Кавказский район", 30, 10, {"Социальная сфера": 21, "Экономика": 21})
    municipality(tmp_path, "b", "Тбилисский район", 40, 20, {"Социальная сфера": 0, "Экономика": 0})
    municipality(tmp_path, "c", "Ейский район", 1, 4)
    text = summary(tmp_path)
    assert ("Больше всего возросло число обращений от жителей Кавказского района: 30 обращений, в 3 раза больше "
            "(на 20 обращений), чем за аналогичный период прошлого года; так же возросло число обращений от жителей "
            "Тбилисского района: 40 обращений, на 20 обращений (100,0 %) больше.") in text
    assert ("Число обращений сократилось только от жителей Ейского района: 1 обращение, на 3 обращения (75,0 %) "
            "меньше, чем за аналогичный период прошлого года.") in text
    assert ("Больше всего вопросов в обращениях касалось разделов «Социальная сфера» и «Экономика» — по 21 "
            "вопросу (по 50,0 % от всех вопросов).") in text


def test_ratio_and_falls_in_times_are_filters_a_template_can_use(tmp_path):
    from conftest import write_template
    from generator.note.build import fill
    from generator.store.load import load

    source = tmp_path / "2021-H1.yaml"
    source.write_text("period: 2021-H1\nmunicipality: {name: Кавказский район}\nwritten: {total: 50}\n"
                      "previous: {written: {total: 400}}\n", "utf-8")
    template = write_template(tmp_path / "t.docx", [
        "{{ written.total | agree('обращение', verb='поступило') }}, что составляет {{ written.total | ratio }} "
        "к прошлому году.",
        "Поступило {{ written.total | agree('обращение') }}{{ written.total | compared('обращение', period.since, "
        "in_times=true) }}.",
        "Было {{ written.total | change }}."])
    out = io.BytesIO()
    fill(load(source), template).save(out)
    assert docx_text(out).splitlines() == [
        f"поступило 50 обращений, что составляет 12,5{NB}% к прошлому году.",
        "Поступило 50 обращений, что в 8 раз меньше (на 350 обращений), чем за аналогичный период прошлого года.",
        f"Было на 350 обращений (87,5{NB}%) меньше."]  # without the option a fall stays in percent


def test_the_summary_compares_like_with_like_and_names_who_is_left_out(tmp_path):
    municipality(tmp_path, "a", "Кавказский район", 20, topics={"Социальная сфера": 4})
    municipality(tmp_path, "b", "Тбилисский район", 40, 70)
    municipality(tmp_path, "c", "Ейский район", 21, 48)
    text = summary(tmp_path)
    # 81 this year against two municipalities' 118 would be a fall of 31,4 %; like for like it is 61 against 118
    assert ("в органы местного самоуправления 3 муниципальных образований Краснодарского края поступило "
            "81 письменное обращение. По 2 муниципальным образованиям с цифрами за оба года — 61 обращение, что на "
            "57 обращений (48,3 %) меньше, чем за аналогичный период прошлого года; в сравнение не вошли (нет цифр "
            "за 1 полугодие 2020 г.): Кавказский район.") in text
    assert " | Итого | — | 81 | — | " in text
    assert ("Тематика вопросов указана в сведениях 1 из 3 муниципальных образований (Кавказский район); разделы "
            "ниже — по его данным.") in text


def test_the_summary_row_titles_carry_no_input_hints(tmp_path):
    from generator.region.context import row_title

    assert row_title("deadlines.overdue") == "Рассмотрено с нарушением срока"
    assert row_title("questions_total") == "Вопросов в обращениях всего"
    assert row_title("pos") == "Поступило через Платформу обратной связи (ПОС)"
    assert row_title("hotline.calls") == "Принято звонков (сообщений) по телефону «горячей линии»"


def test_municipalities_of_two_regions_are_refused_with_a_clear_message(tmp_path, run):
    municipality(tmp_path, "a", "Кавказский район", 20, 10)
    municipality(tmp_path, "b", "Одинцовский городской округ", 40, 70)
    path = tmp_path / "b" / "2021-H1.yaml"
    path.write_text(path.read_text("utf-8").replace("Краснодарский край", "Московская область"), "utf-8")
    result = run("summary", tmp_path, "--period", "2021-H1", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        f"в {tmp_path} муниципальные образования разных субъектов (Краснодарский край — Кавказский район; "
        "Московская область — Одинцовский городской округ): сводка составляется по одному субъекту — разложите папки "
        "муниципальных образований по папкам данных субъектов или исправьте municipality.region в файлах\n")
    assert not (tmp_path / "out").exists()


def test_the_title_names_the_region_not_a_body(tmp_path):
    municipality(tmp_path, "a", "Кавказский район", 20, 10)
    path = tmp_path / "a" / "2021-H1.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "  region: Краснодарский край\n", "  region: Краснодарский край\n  region_genitive: Губернатора края\n"),
        "utf-8")
    assert "муниципальных образований Краснодарского края за 1 полугодие 2021 года" in summary(tmp_path)


def test_the_highest_rates_name_every_one_that_shares_the_fifth_place(tmp_path):
    for i, total in enumerate((60, 50, 40, 30, 20, 20, 10)):
        municipality(tmp_path, f"m{i}", f"Район {i + 1}", total, total)
    values = context(collect(tmp_path, Period(2021, "H1")))
    assert [row.name for row in values.top] == [f"Район {i}" for i in range(1, 7)]  # 5th and 6th: 2,0 both
    text = summary(tmp_path)
    assert "поступило от жителей Района 1 (6,0), Района 2 (5,0), Района 3 (4,0), Района 4 (3,0), " \
           "Района 5 (2,0), Района 6 (2,0)." in text


# --- the note omits nothing it has (class 13) ------------------------------------

def test_with_no_year_back_the_tables_have_no_columns_of_dashes(example, tmp_path):
    (example.parent / "2020-H1.yaml").unlink()
    note = filled(example, "poyasnitelnaya-zapiska")
    assert f"Код | Раздел классификатора | 1{NB}полугодие 2021{NB}г. | Доля\n" in note
    assert f"0003 | Экономика | 150 | 35,3{NB}%\n" in note
    summary = filled(example, "analiticheskie-svedeniya")
    assert f"Код | Раздел классификатора | 1{NB}полугодие 2021{NB}г. | Доля\n" in summary
    form = filled(example, "tablica")
    assert f"Показатель | 1{NB}полугодие 2021{NB}г.\n" in form
    assert "Письменных обращений поступило всего | 295\n" in form
    for text in (note, summary, form):
        rows = [line for line in text.splitlines() if " | " in line]
        assert rows and not [row for row in rows if "2020" in row or "—" in row.split(" | ")[1:]]
        assert "Изменение" not in text and "АППГ" not in text


def test_with_a_year_back_the_tables_keep_last_year_and_the_change(example):
    note = filled(example, "poyasnitelnaya-zapiska")
    assert (f"Код | Раздел классификатора | 1{NB}полугодие 2020{NB}г. | 1{NB}полугодие 2021{NB}г. | Изменение\n"
            in note)
    assert f"Показатель | 1{NB}полугодие 2021{NB}г. | 1{NB}полугодие 2020{NB}г. (АППГ) | +/− (%)\n" in \
        filled(example, "tablica")


def test_the_note_compares_supported_appeals_and_receptions_and_gives_every_topics_share(example):
    note = filled(example, "poyasnitelnaya-zapiska")
    assert (f"положительно рассмотрено 126 обращений (42,7{NB}% от поступивших), что на 75 обращений (37,3{NB}%) "
            "меньше, чем за аналогичный период прошлого года.") in note
    assert (f"принято 287 человек, что на 14 человек (4,7{NB}%) меньше, чем за аналогичный период прошлого года; "
            f"главой муниципального образования принято 143 человека, что на 9 человек (5,9{NB}%) меньше") in note
    # Экономика has neither subtopics nor a remark
    assert f"По вопросам экономики — 150 вопросов (35,3{NB}% от всех вопросов).\n" in note
    assert f"(39,1{NB}% от всех вопросов), связано с комплексным благоустройством" in note


def test_the_analytic_summary_says_what_the_report_has(tmp_path):
    text = filled(copy_of(RZHEVSKY, tmp_path), "analiticheskie-svedeniya")
    for sentence in [
        f"Из них 40 обращений (13,3{NB}% от общего числа) получено из Правительства Тверской области.",
        f"В форме электронного документа поступило 120 обращений (40,0{NB}% от общего числа), что на 20 обращений",
        f"Поступило 12 коллективных обращений (4,0{NB}% от общего числа)",
        f"Поступило 1 повторное обращение (0,3{NB}% от общего числа)",
        f"Наибольшее количество обращений поступило от жителей Есинского сельского поселения — 120 (40,0{NB}% "
        "от общего числа)",
        f"По результатам рассмотрения: «разъяснено» — 150 (50,0{NB}% от общего числа; АППГ — 140)",
        f"В установленный срок рассмотрено 290 обращений (96,7{NB}% от общего числа)",
        "Нарушений сроков рассмотрения обращений не допущено.",
    ]:
        assert sentence in text, sentence


def test_a_share_in_the_notes_says_of_what(tmp_path):
    # Every «(N %» of the running text is followed, within its brackets, by what it is a share of;
    # only a ranking's followers (after «Далее следу…») and the outcomes after the first lean on the first.
    source = copy_of(RZHEVSKY, tmp_path)
    for template in ("poyasnitelnaya-zapiska", "analiticheskie-svedeniya"):
        for line in filled(source, template).splitlines():
            if " | " in line:
                continue  # a table: the column says it
            head = line.split("Далее следу")[0].split("», «")[0].split("), «")[0]
            for said, change in re.findall(r"\((?:более |менее )?[\d,]+\u00a0%([^)]*)\)( больше| меньше)?", head):
                # a change «на 20 обращений (20,0 %) больше» says its whole by «больше, чем …»
                assert change or said.startswith((" от ", " от всех")), (template, line)


def test_check_says_what_to_type_for_an_in_text_that_repeats_questions(example, run):
    with_figures(example, {"topics.4.in_text": "вопросов ЖКХ"})
    result = run("check", example)
    assert result.exit_code == 0
    line = next(n for n, text in enumerate(example.read_text("utf-8").splitlines(), 1) if "вопросов ЖКХ" in text)
    assert (f"{example}:{line}:14: предупреждение: in_text раздела «Жилищно-коммунальная сфера» начинается со слова "
            "«вопросов», а текст сам пишет перед ним «вопросы …» (выйдет «вопросы вопросов ЖКХ»): впишите «ЖКХ»") \
        in result.stderr
