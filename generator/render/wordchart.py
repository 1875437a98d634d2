"""Native (editable) Word charts: a DrawingML chart part (word/charts/chartN.xml) with its data in
an embedded workbook (word/embeddings/Microsoft_Excel_SheetN.xlsx), so «Изменить данные» in Word
and LibreOffice opens real numbers.

The chartSpace XML comes from python-pptx's chart writer (the c: namespace is the same in Word
and PowerPoint) and is styled through python-pptx's chart object model, which inserts every
element in its schema position: Word refuses a chart with a misplaced element, where LibreOffice
is forgiving, so hand-written XML would pass our LibreOffice tests and fail at the department.
lxml adds the few things that model has no property for (c:lang, square corners, no border,
fonts on every run, the link to the workbook). The workbook is written with XlsxWriter, with a
fixed date: the same data gives the same bytes.
"""
from __future__ import annotations

import io
import math
from datetime import datetime, timezone
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Cm
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.util import Pt
from xlsxwriter import Workbook

from generator.render.chartdata import ChartData, Values

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

FONT = "Times New Roman"  # when the document's own style names none
LANG = "ru-RU"
SIZE_PT, TITLE_PT = 10, 11
NBSP = "\u00a0"
# Counts the Russian way, as wording.numbers prints them: 2907, 21 172, 1 234 567 (no-break
# spaces, four digits not grouped). Literal quoted spaces, not "#,##0": "," prints the viewer's
# own group separator, "21,172" in an English Word. A bare U+00A0 is not a legal Excel literal.
COUNT_FORMAT = f'[>=1000000]#"{NBSP}"###"{NBSP}"##0;[>=10000]#"{NBSP}"##0;0'
# Rates with one decimal: [$-419] marks the format Russian, and LibreOffice prints «30,0».
RATE_FORMAT = "[$-419]0.0"
RATE_AXIS_FORMAT = "[$-419]General"  # 0, 5, 10 on the axis; the labels keep their decimal
WORKBOOK_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)  # fixed: same data, same bytes
MAX_HEIGHT_CM = 21.0  # a page's text block is 25,7 cm: a chart of 50 municipalities fits one, with room to spare
DOCPR_BASE = 9000  # drawing ids beyond the body's (docxtpl renumbers those), unique in headers too
# The workbook's one sheet, named as a Russian Excel names a new one; python-pptx's writer refers to
# «Sheet1», so its references are renamed to match (a reference to a missing sheet breaks «Изменить данные»).
SHEET = "Лист1"
PPTX_SHEET = "Sheet1!"


def counts(series: list[tuple[str, Values]]) -> bool:
    return all(isinstance(v, int) for _, values in series for v in values)


def number_format(series: list[tuple[str, Values]]) -> str:
    return COUNT_FORMAT if counts(series) else RATE_FORMAT


def nice_step(top: float, ticks: int = 5) -> int:
    """An integer tick step of 1, 2 or 5 × 10^k giving about `ticks` gridlines up to `top`:
    counts never get 0,5 ticks."""
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def chart_xml(data: ChartData, font: str = FONT, workbook_rid: str = "rId1") -> bytes:
    """The chartSpace XML of `data`'s clustered bar chart; `workbook_rid` the chart part's
    relationship to its embedded workbook."""
    fmt = number_format(data.series)
    source = CategoryChartData(number_format=fmt)
    source.categories = data.categories
    for name, values in data.series:
        source.add_series(name, values)
    kind = XL_CHART_TYPE.BAR_CLUSTERED if data.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    space = parse_xml(ChartXmlWriter(kind, source).xml.encode("utf-8"))
    _on_sheet(space)
    chart = Chart(space, None)  # the part only serves to replace data, which is never done here
    chart.font.size = Pt(SIZE_PT)
    chart.has_title = True
    chart.chart_title.text_frame.text = data.title
    chart.chart_title.text_frame.paragraphs[0].font.size = Pt(TITLE_PT)
    chart.chart_title.text_frame.paragraphs[0].font.bold = True
    # The legend under the plot, outside it (no overlay): it never covers a bar or its label.
    chart.has_legend = len(data.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    _bars(chart, data, fmt)
    _value_axis(chart, data, fmt)
    return _finish(space, font, workbook_rid)


def _bars(chart: Chart, data: ChartData, fmt: str) -> None:
    """Bars with their values on them (in a white box, a gridline would strike them out), colored
    by series, or by point for a chart over years (the reporting one in the last color)."""
    plot = chart.plots[0]
    plot.vary_by_categories = False  # a missing c:varyColors reads as "a color per bar"
    plot.gap_width = 60 if data.horizontal else 80
    plot.overlap = 0
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = True
    labels.number_format, labels.number_format_is_linked = fmt, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(SIZE_PT)
    labels_xml = chart._chartSpace.find(f".//{{{C}}}barChart/{{{C}}}dLbls")
    labels_xml.find(f"{{{C}}}txPr").addprevious(etree.fromstring(
        f'<c:spPr xmlns:c="{C}" xmlns:a="{A}"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></c:spPr>'))
    last = len(data.categories) - 1
    for i, ser in enumerate(plot.series):
        _fill(ser.format.fill, data.colors[i % len(data.colors)])
        if data.highlight_last and len(data.colors) > 1:
            for point in range(len(data.categories)):
                _fill(ser.points[point].format.fill, data.colors[-1] if point == last else data.colors[0])


def _value_axis(chart: Chart, data: ChartData, fmt: str) -> None:
    """From zero; an integer step for counts (the top stays automatic, so edited data still fits)."""
    axis = chart.value_axis
    axis.minimum_scale = 0
    whole = counts(data.series)
    if whole:
        axis.major_unit = nice_step(max((v for _, values in data.series for v in values), default=0))
    axis.has_major_gridlines = True
    axis.tick_labels.number_format = fmt if whole else RATE_AXIS_FORMAT
    axis.tick_labels.number_format_is_linked = False
    if data.horizontal:
        # The first category on top (orientation maxMin); the value axis then crosses at the last
        # category to stay at the bottom. python-pptx's `crosses` writes the other axis's element.
        chart.category_axis.reverse_order = True
        axis._element.find(f"{{{C}}}crosses").set("val", "max")


def _on_sheet(space: Any) -> None:
    """The series' references (c:f: «Sheet1!$B$1», «Sheet1!$A$2:$A$45») to SHEET."""
    for formula in space.iter(f"{{{C}}}f"):
        if not formula.text.startswith(PPTX_SHEET):
            raise ValueError(f"unexpected chart reference {formula.text}")  # python-pptx changed its writer
        formula.text = f"{SHEET}!{formula.text.removeprefix(PPTX_SHEET)}"


def _fill(fill: Any, color: str) -> None:
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#").upper())


def _finish(space: Any, font: str, workbook_rid: str) -> bytes:
    """What python-pptx's model lacks: the language, square corners, no border, fonts, the data link."""
    date1904 = space.find(f"{{{C}}}date1904")
    date1904.addnext(etree.Element(f"{{{C}}}roundedCorners", val="0"))  # the schema's default is rounded
    date1904.addnext(etree.Element(f"{{{C}}}lang", val=LANG))
    for props in space.iter(f"{{{A}}}endParaRPr", f"{{{A}}}defRPr", f"{{{A}}}rPr"):
        props.set("lang", LANG)  # Russian spelling and hyphenation for every run
    space.find(f"{{{C}}}txPr").addprevious(etree.fromstring(
        f'<c:spPr xmlns:c="{C}" xmlns:a="{A}"><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'))
    # The font on every run property: LibreOffice does not pass the chart's default to the title.
    for props in space.iter(f"{{{A}}}defRPr", f"{{{A}}}rPr"):
        for slot in ("latin", "cs"):
            if props.find(f"{{{A}}}{slot}") is None:
                etree.SubElement(props, f"{{{A}}}{slot}", typeface=font)
    external = etree.SubElement(space, f"{{{C}}}externalData", {f"{{{R}}}id": workbook_rid})
    etree.SubElement(external, f"{{{C}}}autoUpdate", val="0")  # the data is embedded, not linked
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def workbook(data: ChartData) -> bytes:
    """The embedded .xlsx where the chart's XML looks for its data: categories in A2:A(n+1), each
    series' name in row 1 and its values below, on the sheet SHEET."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": WORKBOOK_DATE})  # XlsxWriter stamps "now" otherwise
    sheet = book.add_worksheet(SHEET)
    cell = book.add_format({"num_format": number_format(data.series)})
    sheet.set_column(0, 0, max((len(c) for c in data.categories), default=10) * 0.9)
    sheet.set_column(1, len(data.series), 20)
    sheet.write_column(1, 0, data.categories)
    for col, (name, values) in enumerate(data.series, start=1):
        sheet.write(0, col, name)
        sheet.write_column(1, col, values, cell)
    book.close()
    return buffer.getvalue()


def height_cm(data: ChartData) -> float:
    """Columns: 0,45 of the width. Bars: room for each bar and gap, the title, axis and legend, and
    no more: a taller chart than it needs takes its lead-in to the next page with it."""
    if not data.horizontal:
        return round(data.width_cm * 0.45, 2)
    bars = len(data.categories) * (0.3 * len(data.series) + 0.2)
    return round(min(MAX_HEIGHT_CM, max(4.5, 2.5 + bars + (0.8 if len(data.series) > 1 else 0))), 2)


def document_font(tpl: Any) -> str:
    """The font of the document's body text (its Normal style), for the chart's text."""
    try:
        return tpl.docx.styles["Normal"].font.name or FONT
    except KeyError:
        return FONT


class NativeChart:
    """A chart in a docxtpl context, used like docxtpl's InlineImage: {{ chart }} in a run.

    Rendering it (docxtpl calls str()) adds the chart part and its workbook to the part being
    rendered and returns the run with the chart inline; a template printing it twice gets two
    charts, each with its own workbook (Word does not let two charts share one).
    """

    def __init__(self, tpl: Any, data: ChartData):
        self.tpl, self.data = tpl, data

    def __str__(self) -> str:
        part = self.tpl.current_rendering_part  # the body, or a header or footer being rendered
        package = part.package
        name = package.next_partname("/word/charts/chart%d.xml")
        xlsx = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Sheet%d.xlsx"), CT.SML_SHEET,
                    workbook(self.data), package)
        chart = Part(name, CT.DML_CHART, chart_xml(self.data, document_font(self.tpl)), package)
        chart.rels.add_relationship(RT.PACKAGE, xlsx, "rId1")  # the id chart_xml refers to
        rid = part.relate_to(chart, RT.CHART)
        cx, cy = Cm(self.data.width_cm), Cm(height_cm(self.data))
        inline = (
            f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{WP}" xmlns:a="{A}" '
            f'xmlns:c="{C}" xmlns:r="{R}"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{DOCPR_BASE + name.idx}" name="Диаграмма {name.idx}"/>'
            f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{C}"><c:chart r:id="{rid}"/>'
            f"</a:graphicData></a:graphic></wp:inline>"
        )
        # Close docxtpl's run around {{ chart }}, the drawing in a run of its own, reopen.
        return f'</w:t></w:r><w:r><w:drawing>{inline}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    __html__ = __str__


def read_chart(blob: bytes) -> ChartData:
    """A chart part read back (its title, caches and colors): what the web form's preview draws."""
    space = etree.fromstring(blob)
    ns = {"c": C, "a": A}
    title = "".join(space.xpath("c:chart/c:title//a:t/text()", namespaces=ns))
    horizontal = space.xpath("string(.//c:barDir/@val)", namespaces=ns) == "bar"
    series: list[tuple[str, Values]] = []
    categories: list[str] = []
    colors: list[str] = []
    for ser in space.xpath(".//c:ser", namespaces=ns):
        name = "".join(ser.xpath("c:tx//c:v/text()", namespaces=ns))
        categories = [str(v) for v in ser.xpath("c:cat//c:pt/c:v/text()", namespaces=ns)]
        raw = [str(v) for v in ser.xpath("c:val//c:pt/c:v/text()", namespaces=ns)]
        values: Values = [int(v) for v in raw] if all(v.lstrip("-").isdigit() for v in raw) else [float(v) for v in raw]
        series.append((name, values))
        colors += [f"#{c}" for c in ser.xpath("c:spPr/a:solidFill/a:srgbClr/@val", namespaces=ns)]
    points = space.xpath(".//c:dPt/c:spPr/a:solidFill/a:srgbClr/@val", namespaces=ns)
    kind = "years" if points else "compare" if not horizontal else "topics" if counts(series) else "rates"
    if points:
        colors = [f"#{points[0]}", f"#{points[-1]}"]
    return ChartData(kind, title, categories, series, colors or ["#2e75b6"])
