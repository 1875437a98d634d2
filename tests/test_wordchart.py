"""Native Word charts: each chart of a built document is a chart part with its data in an embedded
workbook, in Russian, with the figures of the data; a picture only where the spec asks for one."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from conftest import EXAMPLE, build, chart_parts, images, plain
from generator.core.compare import Figure
from generator.core.period import Period
from generator.note import charts
from generator.render.chartdata import ChartData
from generator.render.wordchart import COUNT_FORMAT, chart_xml, nice_step, read_chart

C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
     "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
NB = "\u00a0"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet(blob: bytes) -> list[tuple]:
    return [tuple(row) for row in load_workbook(io.BytesIO(blob)).active.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    from click.testing import CliRunner

    from generator.cli import main

    out = tmp_path_factory.mktemp("note") / "note.docx"
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_each_chart_is_a_chart_part_with_its_workbook_holding_the_figures(note):
    files = parts(note)
    assert chart_parts(note) == ["charts/chart1.xml", "charts/chart2.xml", "charts/chart3.xml"]
    assert images(note) == []
    assert sheet(files["word/embeddings/Microsoft_Excel_Sheet1.xlsx"]) == [
        (None, f"1{NB}полугодие 2020{NB}г.", f"1{NB}полугодие 2021{NB}г."),
        ("Всего", 467, 295), ("Из администрации Краснодарского края", 322, 140)]  # the region's body by the data
    assert sheet(files["word/embeddings/Microsoft_Excel_Sheet3.xlsx"]) == [
        (None, f"1{NB}полугодие 2020{NB}г.", f"1{NB}полугодие 2021{NB}г."),
        ("«Горячая линия»", 462, 269), ("Многоканальный телефон региона", 84, 104), ("Личные приемы", 301, 287)]
    for number in (1, 2, 3):
        rels = files[f"word/charts/_rels/chart{number}.xml.rels"].decode()
        assert f'Target="../embeddings/Microsoft_Excel_Sheet{number}.xlsx"' in rels
    assert 'ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"' in \
        files["[Content_Types].xml"].decode()
    body = etree.fromstring(files["word/document.xml"])
    ids = body.xpath("//wp:docPr/@id", namespaces={"wp": WP})
    assert len(ids) == 3 and len(set(ids)) == 3  # Word refuses a document whose drawings share an id
    topics = etree.fromstring(files["word/charts/chart2.xml"])
    assert topics.xpath("string(c:chart/c:title//a:t)", namespaces=C) == "Тематика вопросов"
    assert topics.xpath(".//c:val//c:v/text()", namespaces=C) == ["35", "42", "150", "32", "166"]


def test_a_chart_is_russian_from_zero_with_whole_ticks_in_the_document_s_font(note):
    space = etree.fromstring(parts(note)["word/charts/chart1.xml"])
    assert space.xpath("string(c:lang/@val)", namespaces=C) == "ru-RU"
    assert space.xpath("string(.//c:valAx/c:scaling/c:min/@val)", namespaces=C) == "0.0"
    assert space.xpath("string(.//c:valAx/c:majorUnit/@val)", namespaces=C) == "100.0"
    assert space.xpath("string(.//c:dLbls/c:numFmt/@formatCode)", namespaces=C) == COUNT_FORMAT
    assert set(space.xpath(".//a:latin/@typeface", namespaces=C)) == {"Times New Roman"}
    assert space.xpath("string(.//c:legend/c:legendPos/@val)", namespaces=C) == "b"
    assert space.xpath("string(.//c:legend/c:overlay/@val)", namespaces=C) == "0"
    assert [nice_step(top) for top in (0, 4, 9, 467, 21172)] == [1, 1, 2, 100, 5000]


def test_title_says_what_the_chart_shows_and_nothing_is_drawn_for_zeros_or_one_value():
    spec, period = charts.load_specs()["channels"], Period(2021, "H1")
    only = {"receptions": {"management": Figure(287, 301)}}
    assert charts.chart(spec, only, period).title == "Личные приемы"
    two = {"hotline": {"calls": Figure(269, 462)}, "receptions": {"management": Figure(287, 301)}}
    assert charts.chart(spec, two, period).title == "Звонки на «горячую линию» и личные приемы"
    zeros = {"hotline": {"calls": Figure(0, 0)}, "receptions": {"management": Figure(0, 0)}}
    assert charts.chart(spec, zeros, period) is None
    assert charts.chart(spec, {"receptions": {"management": Figure(5)}}, period) is None  # a single bar


def test_a_chart_read_back_is_what_was_written():
    data = ChartData("compare", "Т", ["А", "Б"], [("2020", [1, 2]), ("2021", [3, 4])], ["#000000", "#ffffff"])
    back = read_chart(chart_xml(data))
    assert (back.title, back.categories, back.series, back.horizontal) == ("Т", ["А", "Б"], data.series, False)
    topics = ChartData("topics", "Т", ["А", "Б"], [("2021", [5, 7])], ["#000000"])
    assert read_chart(chart_xml(topics)).kind == "topics"  # counts: drawn without decimals
    rates = ChartData("rates", "Т", ["А", "Б"], [("2021", [5.5, 7.0])], ["#000000"])
    assert read_chart(chart_xml(rates)).kind == "rates"


def test_picture_true_puts_a_picture_instead(run, tmp_path, monkeypatch, example):
    folder = tmp_path / "charts"
    shutil.copytree(charts.CHARTS_DIR, folder)
    spec = folder / "written.yaml"
    spec.write_text(spec.read_text("utf-8") + "picture: true\n", "utf-8")
    monkeypatch.setattr(charts, "CHARTS_DIR", folder)
    out = tmp_path / "note.docx"
    build(run, example, out)
    assert len(images(out)) == 1 and len(chart_parts(out)) == 2


def test_all_zero_written_leaves_no_empty_chart():
    # «письменных обращений не поступало»: no chart after it with ticks down to −0,06
    spec, period = charts.load_specs()["written"], Period(2021, "H1")
    assert charts.chart(spec, {"written": {"total": Figure(0, 0), "from_region": Figure(0, 0)}}, period) is None
    shown = charts.chart(spec, {"written": {"total": Figure(3, 0), "from_region": Figure(0, 0)}}, period)
    assert (shown.title, shown.categories) == ("Письменные обращения", ["Всего"])


@pytest.mark.pdf
def test_libreoffice_prints_the_chart_s_titles_and_labels_as_text(note, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    from generator.render.pdf import to_pdf

    pdf = to_pdf(note, tmp_path / "note.pdf")
    text = " ".join(plain(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                         text=True, check=True).stdout).split())
    for shown in ("Письменные обращения", "Тематика вопросов", "Звонки и личные приемы",
                  "Из администрации Краснодарского края", "Многоканальный телефон", "1 полугодие 2020 г.",
                  "467", "322", "166", "462"):
        assert shown in text, shown


def _cells(book, formula: str) -> list:
    """The values a chart's reference («Лист1!$A$2:$A$4») points to in the workbook."""
    name, _, area = formula.partition("!")
    cells = book[name][area.replace("$", "")]
    return [c.value for row in cells for c in row] if isinstance(cells, tuple) else [cells.value]


def test_the_chart_s_references_point_to_the_workbook_s_sheet_and_its_figures(note):
    files = parts(note)
    for number in (1, 2, 3):
        book = load_workbook(io.BytesIO(files[f"word/embeddings/Microsoft_Excel_Sheet{number}.xlsx"]))
        assert book.sheetnames == ["Лист1"]
        space = etree.fromstring(files[f"word/charts/chart{number}.xml"])
        formulas = space.xpath(".//c:f", namespaces=C)
        assert formulas and all(f.text.startswith("Лист1!$") for f in formulas)
        for ref in formulas:
            cached = ref.xpath("following-sibling::*[1]//c:pt/c:v/text()", namespaces=C)
            cells = _cells(book, ref.text)
            assert [str(v) for v in cells] == cached, ref.text
