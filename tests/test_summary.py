"""zapiska summary: the region's table, rates, ranks and totals by hand-checked numbers,
read back from the .docx and the .xlsx; broken and missing files named."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import ROOT, docx_text, plain, with_figures
from generator.authoring.catalogue import members
from generator.core.period import Period
from generator.region import compute
from generator.region.collect import collect
from generator.region.compute import MunicipalityRow, TopicTotal, YearTotal
from generator.region.context import SummaryContext, context
from generator.store import quick
from generator.wording.numbers import rounded

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "summary"
PERIOD = Period(2021, "H1")


def test_rate_is_per_thousand_inhabitants():
    assert compute.rate(295, 114000) == pytest.approx(2.58772, abs=1e-5)  # 295 / 114 000 × 1000
    assert compute.rate(295, None) is None
    assert compute.rate(295, 0) is None
    assert compute.rate(None, 1000) is None


def test_ranks_compare_rates_as_printed_half_up():
    # 2,55 prints as 2,6 (half-up), like 2,6 and 2,64: three share the second place, the next is 5th.
    assert compute.ranks([2.64, 2.55, None, 2.6, 7.0, 1.0]) == [2, 2, None, 2, 1, 5]
    assert compute.ranks([0.05, 0.04]) == [1, 2]  # 0,1 against 0,0
    assert compute.ranks([]) == []


def test_collect_counts_the_clean_files_and_names_the_rest():
    collected = collect(FIXTURE, PERIOD)
    assert [e.folder for e in collected.entries] == ["gorod-armavir", "kavkazsky-raion", "tbilissky-raion"]
    assert collected.missing == ["Крымский район (krymsky-raion)"]
    assert collected.broken == ["Ейский район (eysky-raion)"]
    assert [str(p) for p in collected.problems] == [
        f"{FIXTURE / 'eysky-raion' / '2021-H1.yaml'}:6:10: количество не может быть отрицательным, а указано -5"]


def test_a_missing_municipality_is_named_from_its_latest_period_not_its_last_file_name(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    krymsky = tmp_path / "data" / "krymsky-raion"
    with_figures(krymsky / "2020-H1.yaml", {"period": "2020-Q3"}, to=krymsky / "2020-Q3.yaml")
    with_figures(krymsky / "2020-H1.yaml", {"period": "2020-H2", "municipality.name": "Крымский муниципальный округ"},
                 to=krymsky / "2020-H2.yaml")  # renamed by the end of the year; Q3 sorts after H2 by name
    assert collect(tmp_path / "data", PERIOD).missing == ["Крымский муниципальный округ (krymsky-raion)"]


def test_table_totals_topics_and_years_by_hand():
    values = context(collect(FIXTURE, PERIOD))
    rows = {row.name: row for row in values.municipalities}
    armavir, kavkazsky, tbilissky = rows["город Армавир"], rows["Кавказский район"], rows["Тбилисский район"]
    assert (armavir.written.value, armavir.written.previous, armavir.written.diff) == (600, 500, 100)
    assert armavir.written.percent == pytest.approx(20.0)
    assert armavir.rate == pytest.approx(3.19149, abs=1e-5) and armavir.rank == 1  # 600 / 188 000 × 1000
    assert kavkazsky.rate == pytest.approx(2.58772, abs=1e-5) and kavkazsky.rank == 2
    assert tbilissky.rate is None and tbilissky.rank is None  # no population
    assert tbilissky.written.previous == 100  # from the file's previous: block
    total = values.totals["written"]["total"]
    assert (total.value, total.previous) == (295 + 600 + 120, 467 + 500 + 100)
    assert total.percent == pytest.approx(-52 * 100 / 1067)
    assert values.rate == pytest.approx(895 / 302000 * 1000)  # only the municipalities with a population
    assert values.population == 302000
    assert values.totals["onf"] is None  # nobody gave it
    assert [row.name for row in values.top] == ["город Армавир", "Кавказский район"]
    assert [row.name for row in values.growth] == ["город Армавир", "Тбилисский район"]
    assert [row.name for row in values.decline] == ["Кавказский район"]
    topics = {t.code: t.count for t in values.topics}
    assert (topics["0005"].value, topics["0005"].whole) == (166 + 100, 425 + 200)
    assert topics["0005"].share == pytest.approx(42.56)
    assert topics["0001"].value == 35 + 50
    assert [(y.period.year, y.written, y.municipalities) for y in values.years] == [
        (2019, 400, 1), (2020, 1067, 3), (2021, 1015, 3)]
    assert values.without_population == ["Тбилисский район"]


def test_summary_command_writes_docx_and_xlsx(run, tmp_path):
    out = tmp_path / "out"
    result = run("summary", FIXTURE, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 1  # a broken file: built from the rest, and said so
    assert result.stdout == f"{out / 'svodka-2021-H1.docx'}\n{out / 'svodka-2021-H1.xlsx'}\n"
    assert "eysky-raion/2021-H1.yaml:6:10: количество не может быть отрицательным" in result.stderr
    assert "предупреждение: нет файла 2021-H1.yaml: Крымский район (krymsky-raion)" in result.stderr

    text = plain(docx_text(out / "svodka-2021-H1.docx"))
    assert ("В первом полугодии 2021 года в органы местного самоуправления 3 муниципальных образований "
            "Краснодарского края поступило 1015 письменных обращений, что на 52 обращения (4,9 %) меньше, "
            "чем за аналогичный период прошлого года. В расчете на 1000 жителей — 3,0 обращения.") in text
    assert ("Наибольшее количество обращений из расчета на 1000 жителей поступило от жителей "
            "города Армавира (3,2), Кавказского района (2,6).") in text
    assert ("Больше всего возросло число обращений от жителей города Армавира: 600 обращений, "
            "на 100 обращений (20,0 %) больше, чем за аналогичный период прошлого года.") in text
    # the documents name municipalities, not their folders (the warnings above do)
    assert "Не представили сведения за 1 полугодие 2021 года: Крымский район." in text
    assert "Не вошли в сводку из-за ошибок в файлах с цифрами: Ейский район." in text
    assert "1 | город Армавир | 500 | 600 | +100 (+20,0 %) | 3,2 | 1\n" in text
    assert "3 | Тбилисский район | 100 | 120 | +20 (+20,0 %) | — | —\n" in text
    assert " | Итого | 1067 | 1015 | −52 (−4,9 %) | 3,0 | \n" in text
    # город Армавир gave no topics last year: last year's column would compare one with two
    assert "0005 | Жилищно-коммунальная сфера | — | 266 | 42,6 %" in text
    assert text.count("[диаграмма]") == 2

    book = openpyxl.load_workbook(out / "svodka-2021-H1.xlsx")
    assert book.sheetnames == ["Муниципальные образования", "Показатели", "Тематика", "По годам"]
    sheet = book["Муниципальные образования"]
    assert sheet.freeze_panes == "C2"
    assert [c.value for c in sheet[1]][:4] == ["Место по обращениям на 1000 жителей", "Муниципальное образование",
                                               "Вид", "Численность населения, человек"]
    assert [c.value for c in sheet[2]] == [1, "город Армавир", "городской округ", 188000, 500, 600, 100, 20.0, 2.7, 3.2]
    assert [c.value for c in sheet[4]] == [None, "Тбилисский район", "район", None, 100, 120, 20, 20.0, None, None]
    assert [c.value for c in sheet[5]] == [None, "Итого", None, 302000, 1067, 1015, -52, -4.9, None, 3.0]
    assert sheet["A7"].value is None and sheet["B7"].value.startswith("Нет файла за период: Крымский район")
    assert width(sheet, 2) >= len("Тбилисский район") + 1  # the longest name fits
    years = book["По годам"]
    assert [plain(c.value) for c in years[1]] == ["Муниципальное образование",
                                                               "Письменных обращений, 1 полугодие 2019 г.",
                                                               "Письменных обращений, 1 полугодие 2020 г.",
                                           "Письменных обращений, 1 полугодие 2021 г."]
    assert [c.value for c in years[3]] == ["Кавказский район", 400, 467, 295]


def width(sheet, column: int) -> float:
    """A column's width (a spreadsheet stores equal neighbours as one range)."""
    return next(d.width for d in sheet.column_dimensions.values() if d.min <= column <= d.max)


def test_nothing_to_count_writes_nothing(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "eysky-raion", data / "eysky-raion")
    result = run("summary", data, "--period", "2021-H1", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "сводку составить не из чего" in result.stderr
    assert not (tmp_path / "out").exists()


def test_krai_example_gives_a_table_of_44(run, tmp_path):
    result = run("summary", ROOT / "examples" / "krai", "--period", "2021-H1", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "svodka-2021-H1.xlsx")["Муниципальные образования"]
    names = [sheet.cell(row, 2).value for row in range(2, 46)]
    assert names[0] == "город Армавир" and "Щербиновский район" in names and len(set(names)) == 44
    assert sorted(sheet.cell(row, 1).value for row in range(2, 46))[:2] == [1, 2]


@pytest.mark.parametrize("body", [
    "period: 2021-H1\nperiod: 2021-H1\nmunicipality: {name: А}\nwritten: {total: 1}\n",  # a key twice
    "period: 2021-H1\nmunicipality: {name: А}\nwritten: {total: 0x1F}\n",  # not 31: a text, an error
    "period: 2021-H1\nmunicipality: &m {name: А}\nwritten: {total: 1}\nx: *m\n",  # an alias
    "period: 2021-H2\nmunicipality: {name: А}\nwritten: {total: 1}\n",  # period against the file's name
    "period: 2021-H1\nmunicipality: {name: А}\nwritten: {total: 1, from_region: 2}\n",  # part above the whole
])
def test_quick_reading_leaves_every_doubtful_file_to_the_located_one(tmp_path, body):
    path = tmp_path / "2021-H1.yaml"
    path.write_text(body, encoding="utf-8")
    assert quick.read(path) is None


def test_quick_reading_keeps_text_as_typed_like_the_located_one(tmp_path):
    from generator.store.load import load

    path = tmp_path / "2021-H1.yaml"
    path.write_text("period: 2021-H1\nmunicipality: {name: А}\nwritten: {total: 5}\nquestions_total: 3\n"
                    "topics:\n  - {code: 0001, name: 1e3, count: 3}\n", encoding="utf-8")
    report = quick.read(path)
    assert report is not None and report.topics[0].code == "0001" and report.topics[0].name == "1e3"
    assert report == load(path).report


def test_quick_reading_gives_the_same_report(tmp_path):
    from generator.store.load import load

    path = ROOT / "examples" / "krai" / "kavkazsky-raion" / "2021-H1.yaml"
    assert quick.read(path) == load(path).report
    assert compute.rate(1, 20000) == 0.05 and str(rounded(0.05, 1)) == str(Decimal("0.1"))


def test_batch_writes_the_summary_too_and_only_when_something_changed(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    out = tmp_path / "out"
    result = run("batch", data, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 1  # the broken file
    documents = [out / "svodka-2021-H1.docx", out / "svodka-2021-H1.xlsx"]
    assert f"Сводка по всем муниципальным образованиям: {documents[0]}, {documents[1]}\n" in result.stdout
    assert "3 | Тбилисский район | 100 | 120 |" in docx_text(documents[0])
    written = [path.stat().st_mtime_ns for path in documents]
    run("batch", data, "--period", "2021-H1", "-o", out)
    assert [path.stat().st_mtime_ns for path in documents] == written  # nothing changed, nothing rewritten
    with_figures(data / "tbilissky-raion" / "2021-H1.yaml", {"written.total": 130})
    run("batch", data, "--period", "2021-H1", "-o", out)
    assert "3 | Тбилисский район | 100 | 130 |" in docx_text(documents[0])


def test_the_summary_template_is_checked_against_the_summary(run, tmp_path):
    assert run("template", "check", ROOT / "templates" / "svodka.docx").stdout == "ok\n"
    from conftest import write_template

    broken = write_template(tmp_path / "svodka.docx", [
        "{% for r in municipalities %}{{ r.nme }}{% endfor %}", "{{ totals.written.total | change }}"])
    result = run("template", "check", "--svodka", broken)
    assert result.exit_code == 1
    assert "неизвестное поле «r.nme»; возможно, имелось в виду «r.name»" in result.stderr
    listed = run("template", "vars", "--svodka").stdout
    assert "municipalities[].genitive — Название в родительном падеже: «от жителей …»" in listed
    assert "top — Пять первых из by_rate" in listed
    assert "totals.written.total — " in listed and "rate — " in listed


def test_the_summarys_names_are_titled_where_they_are_declared(run):
    listed = dict(line.split(" — ", 1) for line in run("template", "vars", "--svodka").stdout.splitlines()
                  if " — " in line)
    for name in SummaryContext.names():
        assert listed[name.name].startswith(name.metadata["title"]), name.name
    for path, cls in (("municipalities[]", MunicipalityRow), ("years[]", YearTotal), ("topics[]", TopicTotal)):
        for key, node in members(cls).items():
            assert listed[f"{path}.{key}"].startswith(node.title), (cls, key)
    assert listed["totals.written.total"].startswith("Письменных обращений поступило всего")  # the model's title
    assert "totals.written.total" in listed and "totals.topics" not in listed  # the region's totals only


def test_the_summarys_rows_name_the_regions_body_as_its_files_do(run, tmp_path):
    out = tmp_path / "out"
    assert run("summary", ROOT / "data", "--period", "2021-H1", "-o", out).exit_code == 0
    rows = [line.title for line in context(collect(ROOT / "data", Period.parse("2021-H1"))).totals_list]
    assert "Из них получено из администрации Краснодарского края" in rows
    assert not any("высшего органа" in title for title in rows)
    sheet = openpyxl.load_workbook(out / "svodka-2021-H1.xlsx").worksheets[1]
    titles = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "Из них получено из администрации Краснодарского края" in titles
