"""Reports published by municipalities of other regions, written down as they are (tests/fixtures/
reports/, each figure quoted from its source): each is checked and built with every bundled
template, and its key sentences read back exactly. What they need: all forms of appeals with the
oral ones, topics counted by appeals, the region's own body, any kind of municipality, the head
alone, last year's figures given for some figures only."""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import ROOT, build, form_fields, plain
from generator.core.compare import Figure, compare
from generator.core.fields import inconsistencies, whole_named
from generator.core.model import Report
from generator.core.period import Period
from generator.note.charts import chart, load_specs
from generator.store.load import load, load_text
from generator.web import form
from generator.web.app import create_app
from generator.wording.municipal import names
from generator.wording.regions import body_genitive, table

REPORTS = ROOT / "tests" / "fixtures" / "reports"
TEMPLATES = ("poyasnitelnaya-zapiska", "analiticheskie-svedeniya", "tablica")
FILES = sorted(REPORTS.glob("*/*.yaml"))


def _built(run, tmp_path, source, template) -> list[str]:
    text = build(run, source, tmp_path / f"{template}.docx", "-t", ROOT / "templates" / f"{template}.docx")
    return plain(text).splitlines()


@pytest.mark.parametrize("source", FILES, ids=[path.parent.name for path in FILES])
def test_every_report_checks_and_builds_with_every_template(run, tmp_path, source):
    result = run("check", source)
    assert (result.exit_code, result.stdout) == (0, "ok\n")
    for template in TEMPLATES:
        assert _built(run, tmp_path, source, template)


def test_annual_report_with_oral_appeals_and_topics_by_appeals(run, tmp_path):
    source = REPORTS / "sovetsky-raion" / "2021.yaml"
    note = _built(run, tmp_path, source, "poyasnitelnaya-zapiska")
    assert "В администрацию муниципального образования Советский район в 2021 году поступило 447 обращений " \
           "граждан: 241 письменное и 206 устных." in note
    summary = _built(run, tmp_path, source, "analiticheskie-svedeniya")
    assert "Анализ тематики обращений показал, что жителей муниципального образования Советский район в 2021 году " \
           "в основном волновали вопросы экономики. Удельный вес таких обращений в общем количестве поступивших " \
           "обращений составил 43,4 %." in summary  # 194 of 447 appeals, as the report says, not of 509 questions
    form = _built(run, tmp_path, source, "tablica")
    for row in ["Показатель | 2021 г.", "Обращений поступило всего (всех форм) | 447", "устных | 206 (46,1 %)",
                "Письменных обращений поступило всего | 241 (53,9 %)",
                "0003 Экономика | 194 (43,4 %)", "0005 Жилищно-коммунальная сфера | 152 (34,0 %)",
                "0004 Оборона, безопасность, законность | 18 (4,0 %)"]:
        assert row in form


def test_city_okrug_with_the_governors_administration_and_last_years_table(run, tmp_path):
    source = REPORTS / "serebryanye-prudy" / "2023.yaml"
    note = _built(run, tmp_path, source, "poyasnitelnaya-zapiska")
    for sentence in [
        "к отчету о работе с обращениями граждан в городском округе Серебряные Пруды за 2023 г.",
        "В администрацию городского округа Серебряные Пруды в 2023 году поступило 1235 письменных обращений, "
        "что на 200 обращений (13,9 %) меньше, чем за прошлый год.",
        "Из них 67 обращений (5,4 % от общего числа) получено из Администрации Губернатора Московской области, "
        "что на 9 обращений (11,8 %) меньше, чем за прошлый год.",
        "Всего в 2023 году рассмотрено 1235 обращений, что на 200 обращений (13,9 %) меньше, чем за прошлый год.",
        "На личных приемах руководством администрации городского округа Серебряные Пруды принято 184 человека, "
        "что на 32 человека (21,1 %) больше, чем за прошлый год; главой городского округа принят 101 человек, что на "
        "уровне прошлого года.",
        "Другие формы приема граждан: общественные приемные исполнительных органов Московской области — "
        "26 человек (АППГ — 18); тематические и областные приемы граждан — 19 человек (АППГ — 11).",
        # 1434 on time a year back is more than this year's 1235 written: it is a part of last year's 1435
        "В установленный срок рассмотрено 1235 обращений (100,0 % от общего числа), что на 199 обращений "
        "(13,9 %) меньше, "
        "чем за прошлый год.",
    ]:
        assert sentence in note
    form = _built(run, tmp_path, source, "tablica")
    assert "из Администрации Губернатора Московской области | 67 (5,4 %) | 76 | −9 (−11,8 %)" in form
    assert "Рассмотрено в установленный срок | 1235 (100,0 %) | 1434 | −199 (−13,9 %)" in form


def test_municipal_okrug_named_by_its_kind_with_the_head_alone(run, tmp_path):
    source = REPORTS / "shumerlinsky-okrug" / "2023-Q1.yaml"
    note = _built(run, tmp_path, source, "poyasnitelnaya-zapiska")
    for sentence in [
        "к отчету о работе с обращениями граждан в Шумерлинском муниципальном округе за 1 квартал 2023 г.",
        "В администрацию Шумерлинского муниципального округа в 1 квартале 2023 года поступило 24 письменных "
        "обращения, что на 4 обращения (20,0 %) больше, чем за аналогичный период прошлого года.",
        "Из других органов (вышестоящих инстанций) в 1 квартале 2023 года получено 10 обращений.",
        "Анонимных обращений не поступало.",
        "По категориям заявителей: инвалиды — 1, пенсионеры — 1.",
        "На личном приеме у главы муниципального округа в 1 квартале 2023 года принято 2 человека.",
    ]:
        assert sentence in note
    assert not [line for line in note if "муниципального образования" in line]
    summary = _built(run, tmp_path, source, "analiticheskie-svedeniya")
    assert "в Шумерлинском муниципальном округе" in summary
    assert any(line.endswith("«О порядке рассмотрения обращений граждан Российской Федерации». В 1 квартале "
                             "2023 года главой муниципального округа принято 2 человека.") for line in summary)


def test_rural_settlement_with_more_oral_than_written_appeals(run, tmp_path):
    source = REPORTS / "merkulovskoe-sp" / "2023-Q2.yaml"
    note = _built(run, tmp_path, source, "poyasnitelnaya-zapiska")
    assert note[:4] == ["ПОЯСНИТЕЛЬНАЯ ЗАПИСКА", "к отчету о работе с обращениями граждан в Меркуловском сельском "
                        "поселении за 2 квартал 2023 г.", "",
                        "В администрацию Меркуловского сельского поселения во 2 квартале 2023 года поступило 2 "
                        "письменных обращения."]
    assert "Кроме того, во 2 квартале 2023 года поступило 28 устных обращений." in note
    summary = _built(run, tmp_path, source, "analiticheskie-svedeniya")
    assert "В администрацию Меркуловского сельского поселения во 2 квартале 2023 года поступило 2 письменных " \
           "обращения. Кроме того, поступило 28 устных обращений." in summary


def test_partial_previous_year_compares_only_what_it_gives(run, tmp_path):
    source = REPORTS / "ibresinsky-raion" / "2020-Q3.yaml"
    note = _built(run, tmp_path, source, "poyasnitelnaya-zapiska")
    for sentence in [
        # no written appeals of the 3rd quarter of 2019 in the source: no comparison
        "В администрацию муниципального образования Ибресинский район в 3 квартале 2020 года поступило 32 "
        "письменных обращения.",
        "Из них 5 обращений (15,6 % от общего числа) получено из Администрации Главы Чувашской Республики, что на "
        "3 обращения (37,5 %) меньше, чем за аналогичный период прошлого года.",
        "Из Администрации Президента Российской Федерации в 3 квартале 2020 года получено 1 обращение.",
        "Кроме того, в 3 квартале 2020 года поступило 1 устное обращение, что на 22 обращения (95,7 %) меньше, "
        "чем за аналогичный период прошлого года.",
    ]:
        assert sentence in note
    form = _built(run, tmp_path, source, "tablica")
    assert "из Администрации Главы Чувашской Республики | 5 (15,6 %) | 8 | −3 (−37,5 %)" in form
    assert "Письменных обращений поступило всего | 32 | — | —" in form


def test_last_years_parts_are_checked_against_last_years_whole(run, tmp_path):
    folder = tmp_path / "serebryanye-prudy"
    shutil.copytree(REPORTS / "serebryanye-prudy", folder)
    source = folder / "2023.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("    on_time: 1434", "    on_time: 1436"), encoding="utf-8")
    line = 1 + text.splitlines().index("    on_time: 1434         # больше, чем 1235 этого года: сверяется "
                                       "со своим годом (1435)")
    result = run("check", source)
    assert result.exit_code == 1
    assert result.stderr == (f"{source}:{line}:14: «Рассмотрено в установленный срок» (1436) больше, чем «Письменных "
                             "обращений поступило всего» (1435): часть не может быть больше целого\n")


def test_a_key_of_another_section_is_sent_there(run, tmp_path):
    source = tmp_path / "x" / "2023.yaml"
    source.parent.mkdir()
    source.write_text("period: 2023\nmunicipality:\n  name: X\nwritten:\n  total: 5\n  oral: 3\n"
                      "previous:\n  written:\n    electronic: 1\n", encoding="utf-8")
    result = run("check", source)
    assert result.exit_code == 1
    assert result.stderr == (f"{source}:6:3: неизвестный ключ «oral» в этом разделе; «Устные обращения "
                             "(из всех поступивших)» — в разделе appeals: (appeals.oral)\n")


def test_one_total_is_required(run, tmp_path):
    source = tmp_path / "x" / "2023.yaml"
    source.parent.mkdir()
    source.write_text("period: 2023\nmunicipality:\n  name: X\nappeals:\n  oral: 3\n", encoding="utf-8")
    result = run("check", source)
    assert result.exit_code == 1
    assert result.stderr == (f"{source}:4:1: не заполнено обязательное поле «total» (Обращений поступило всего "
                             "(письменных, в форме электронного документа, устных)); или written.total "
                             "(Письменных обращений поступило всего)\n")


@pytest.mark.parametrize("name, kind, form, head, of, inside, head_by", [
    ("Кавказский район", "район", None, None, "муниципального образования Кавказский район",
     "в муниципальном образовании Кавказский район", "главой муниципального образования"),
    # in print before the legal kinds: the official wording stays unless name_form asks otherwise
    ("Пограничный муниципальный округ", "муниципальный округ", None, None,
     "муниципального образования Пограничный муниципальный округ",
     "в муниципальном образовании Пограничный муниципальный округ", "главой муниципального образования"),
    ("Шумерлинский муниципальный округ", "муниципальный округ", "whole", None, "Шумерлинского муниципального округа",
     "в Шумерлинском муниципальном округе", "главой муниципального округа"),
    ("Меркуловское сельское поселение", "сельское поселение", None, None, "Меркуловского сельского поселения",
     "в Меркуловском сельском поселении", "главой сельского поселения"),
    ("Ибресинский район", "муниципальный район", None, "глава администрации района",
     "муниципального образования Ибресинский район", "в муниципальном образовании Ибресинский район",
     "главой администрации района"),
    ("МО «Мелекесский район»", "муниципальный район", None, None, "МО «Мелекесский район»",
     "в МО «Мелекесский район»", "главой муниципального района"),
])
def test_the_municipality_and_its_head_are_named_by_their_kind(name, kind, form, head, of, inside, head_by):
    named = names(name, kind, form, head, "")
    assert (named.of, named.inside, named.head_by) == (of, inside, head_by)


def test_the_bundled_table_names_every_subjects_body():
    assert len({id(entry) for entry in table().values()}) == 89
    assert body_genitive(None, "Краснодарский край") == "администрации Краснодарского края"  # the examples' text
    assert body_genitive(None, "Ульяновская область") == "Правительства Ульяновской области"
    assert body_genitive(None, "Чувашская Республика") == "Администрации Главы Чувашской Республики"
    assert body_genitive("Администрация Губернатора Московской области", "Московская область") == \
        "Администрации Губернатора Московской области"
    assert body_genitive(None, "Нигдейская область") == "администрации Нигдейской области"
    assert body_genitive(None, None) == "администрации субъекта Российской Федерации"


def test_the_form_and_template_vars_name_the_new_figures(run):
    listed = run("template", "vars").stdout.splitlines()
    for line in ["appeals.total — Обращений поступило всего (письменных, в форме электронного документа, устных)",
                 "appeals.oral — Устные обращения (из всех поступивших)",
                 "written.from_other — Из них получено из других органов (вышестоящих инстанций)",
                 "words.of — Муниципальное образование в родительном падеже, после «администрации»: «муниципального "
                 "образования Кавказский район», «Шумерлинского муниципального округа» (пример: муниципального "
                 "образования Кавказский район)"]:
        assert line in listed


def test_the_form_names_the_body_of_the_files_region(data_dir):
    shutil.copytree(REPORTS / "ibresinsky-raion", data_dir / "ibresinsky-raion")
    page = create_app(data_dir).test_client().get("/ibresinsky-raion/2020-Q3").get_data(as_text=True)
    assert '<span class="label">Из них получено из Администрации Главы Чувашской Республики</span>' in page


def test_the_summary_names_a_report_without_written_appeals(run, tmp_path):
    # Курчатовский район gives written appeals only: not every one counts all forms, so the summary
    # counts written appeals and Рудня, which gives all forms only, is left out.
    data = tmp_path / "data"
    shutil.copytree(REPORTS / "sovetsky-raion", data / "sovetsky-raion")
    (data / "kurchatov").mkdir()
    (data / "kurchatov" / "2021.yaml").write_text("period: 2021\nmunicipality:\n  name: Курчатовский район\n"
                                                  "written:\n  total: 100\n", encoding="utf-8")
    (data / "rudnya").mkdir()
    (data / "rudnya" / "2021.yaml").write_text("period: 2021\nmunicipality:\n  name: Руднянский район\n"
                                               "appeals:\n  total: 395\n", encoding="utf-8")
    result = run("summary", data, "--period", "2021", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{data / 'rudnya' / '2021.yaml'}:1:1: нет written.total (письменных обращений): сводка считает " \
           "письменные обращения, а в файле только appeals.total — в сводку не вошло" in result.stderr.splitlines()
    assert (tmp_path / "out" / "svodka-2021.docx").is_file()


@pytest.mark.parametrize("source", FILES, ids=[path.parent.name for path in FILES])
def test_the_form_gives_back_what_the_file_holds(source):
    # Whatever a file holds, the form shows and sends back (previous: stays in the file, not in the form).
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    sent = form.parse(form_fields(data)) | {"period": str(data["period"])}
    from_form = load_text(source, yaml.safe_dump(sent, allow_unicode=True)).report
    assert from_form == load(source).report.model_copy(update={"previous": None})


def test_shares_of_all_appeals_when_the_report_counts_them_so(run, tmp_path):
    # Рудня: 100 of 395 appeals in electronic form — 25,3 %, the report's own figure.
    note = _built(run, tmp_path, REPORTS / "rudnyansky-raion" / "2023.yaml", "poyasnitelnaya-zapiska")
    assert note[3:6] == [
        "В администрацию муниципального образования Руднянский район в 2023 году поступило 395 обращений граждан.",
        "Из них 74 обращения (18,7 % от общего числа) получено из Администрации Смоленской области.",
        "В форме электронного документа поступило 100 обращений (25,3 % от общего числа)."]


def test_settlements_share_all_appeals():
    # Мелекесский район, сентябрь 2018: «от жителей МО «Новомайнское городское поселение» - 7 обращений
    # (33,3% от общего количества обращений)» of 21 written and oral appeals.
    report = Report.model_validate({"period": "2018", "municipality": {"name": "МО «Мелекесский район»"},
                                    "appeals": {"total": 21}, "written": {"total": 19},
                                    "settlements": [{"name": "МО «Новомайнское городское поселение»", "count": 7}]})
    figure = compare(report, None)["settlements"][0]["count"]
    assert (figure.value, figure.whole, round(figure.share, 1)) == (7, 21, 33.3)


def test_the_written_chart_names_the_regions_body():
    figures = {"written": {"total": Figure(24, 20), "from_region": Figure(5, 8)}}
    drawn = chart(load_specs()["written"], figures, Period(2020, "Q3"),
                  words={"region_body": "Администрации Главы Чувашской Республики"})
    assert drawn is not None and drawn.categories == ["Всего", "Из Администрации Главы Чувашской Республики"]
    only = chart(load_specs()["written"], {"written": {"from_region": Figure(5, 8)}}, Period(2020, "Q3"),
                 words={"region_body": "Администрации Главы Чувашской Республики"})
    assert only is not None and only.title == "Письменные обращения из Администрации Главы Чувашской Республики"


def test_monthly_district_report_with_topics_by_appeals(run, tmp_path):
    source = REPORTS / "terengulsky-raion" / "2023-08.yaml"
    note = _built(run, tmp_path, source, "poyasnitelnaya-zapiska")
    for sentence in [
        "В администрацию муниципального образования Тереньгульский район в августе 2023 года поступило 35 обращений "
        "граждан.",  # the report: «В августе 2023 года в администрацию района поступило 35 обращений.»
        "Из них 4 обращения (11,4 % от общего числа) получено из Правительства Ульяновской области.",
        "Поступило 4 коллективных обращения (11,4 % от общего числа). Темы коллективных обращений: установка "
        "детской площадки; благоустройство, обустройство и ремонт дорог.",
        "Поступило 1 повторное обращение (2,9 % от общего числа). Темы повторных обращений: установка детской "
        "площадки.",
        " | Всего обращений | 35 | ",  # no year back: no columns of dashes
        "На личном приеме у главы администрации района в августе 2023 года принято 13 человек.",
    ]:
        assert sentence in note
    summary = _built(run, tmp_path, source, "analiticheskie-svedeniya")
    assert "Анализ тематики обращений показал, что жителей муниципального образования Тереньгульский район в августе " \
           "2023 года в основном волновали вопросы жилищно-коммунальной сферы. Удельный вес таких обращений в общем " \
           "количестве поступивших обращений составил 45,7 %." in summary  # 16 of 35
    form = _built(run, tmp_path, source, "tablica")
    assert "из других органов (вышестоящих инстанций) | 0" in form  # «Вышестоящие инстанции- 0»; no dashes


def test_a_body_the_table_is_not_sure_of_is_a_warning(run, tmp_path):
    source = tmp_path / "barnaul" / "2023.yaml"
    source.parent.mkdir()
    text = ("period: 2023\nmunicipality:\n  name: город Барнаул\n  region: Алтайский край\nwritten:\n  total: 10\n"
            "  from_region: 2\nprevious:\n  written:\n    total: 9\nsignature:\n  position: [Глава города]\n"
            "  name: А.Б. Иванов\n")
    source.write_text(text, encoding="utf-8")
    result = run("check", source)
    assert (result.exit_code, result.stdout) == (0, "ok\n")
    assert (f"{source}:4:11: предупреждение: орган субъекта взят из встроенной таблицы — «Правительство "
            "Алтайского края» — и не проверен по документам региона: если ваши отчеты называют его иначе, впишите "
            "его в municipality.region_body") in result.stderr.splitlines()
    source.write_text(text.replace("  region: Алтайский край\n", "  region: Алтайский край\n  region_body: "
                                   "Правительство Алтайского края\n"), encoding="utf-8")
    assert "region_body" not in run("check", source).stderr


def test_last_years_file_and_block_together(run, tmp_path):
    # Last year's file lacks the oral appeals; the block of this year's file gives them: each figure is
    # compared with the value known for it, the file's where both give one.
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "2022.yaml").write_text("period: 2022\nmunicipality:\n  name: Ибресинский район\nwritten:\n"
                                      "  total: 9\n", encoding="utf-8")
    source = folder / "2023.yaml"
    source.write_text("period: 2023\nmunicipality:\n  name: Ибресинский район\nwritten:\n  total: 10\n"
                      "appeals:\n  oral: 3\nprevious:\n  written:\n    total: 8\n  appeals:\n    oral: 2\n"
                      "signature:\n  position: [Глава района]\n  name: А.Б. Иванов\n",
                      encoding="utf-8")
    result = run("check", source)
    assert (result.exit_code, result.stdout) == (0, "ok\n")
    assert (f"{source}:8:1: предупреждение: цифры блока previous:, которые есть и в файле 2022.yaml, берутся из "
            "файла: written.total") in result.stderr.splitlines()
    note = plain(build(run, source, tmp_path / "z.docx")).splitlines()
    assert "В администрацию муниципального образования Ибресинский район в 2023 году поступило 10 письменных " \
           "обращений, что на 1 обращение (11,1 %) больше, чем за прошлый год." in note
    assert "Кроме того, в 2023 году поступило 3 устных обращения, что на 1 обращение (50,0 %) больше, чем за " \
           "прошлый год." in note


def test_the_form_marks_the_whole_a_message_names():
    # A part of «written.total|appeals.total»: the form puts the message under the whole the file gave.
    data = {"appeals": {"total": 10}, "written": {"electronic": 12}}
    ((loc, message),) = [found for found in inconsistencies(data) if found[0] == ("written", "electronic")]
    assert whole_named("written.total|appeals.total", loc, message) == ("appeals", "total")
    data = {"appeals": {"total": 20}, "written": {"total": 10, "electronic": 12}}
    ((loc, message),) = inconsistencies(data)
    assert whole_named("written.total|appeals.total", loc, message) == ("written", "total")
