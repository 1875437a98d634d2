"""Build the default .docx templates from the texts below (developers only).

The department edits the resulting .docx files in Word; this script exists so that
the defaults have a readable, reviewable source. Run: .venv/bin/python scripts/make_templates.py
Layout per ГОСТ Р 7.0.97-2016: Times New Roman 14, indent 1,25 cm, justified,
single spacing, margins 20 mm (left 30 mm), page numbers from the second page,
top centre; signature block with the position left and the name right.
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from generator.region.write import SUMMARY_CATEGORY

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FONT = "Times New Roman"

# A paragraph: plain text is a justified body paragraph with a first-line indent;
# ("center", text) and ("center-bold", text) are headings; ("chart", name) a chart;
# ("lead", text) a body paragraph kept on the same page as the table or chart after it.


def _field(paragraph, code: str) -> None:
    """A Word field such as PAGE inside a paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# The named styles of every bundled template (style id: Russian name, based on, settings). The
# department changes the look by changing a style in Word; paragraphs carry no formatting of their
# own. Settings: size (pt), bold, align, indent (first line, cm), left (indent, cm), keep (with next).
STYLES = {
    "ZBody": ("Текст документа", "Normal", dict(align="justify", indent=1.25)),
    "ZLead": ("Текст перед таблицей или диаграммой", "ZBody", dict(keep=True)),
    "ZTitle": ("Заголовок документа", "Normal", dict(align="center", bold=True, keep=True)),
    "ZSubtitle": ("Подзаголовок документа", "Normal", dict(align="center", keep=True)),
    "ZChart": ("Диаграмма", "Normal", dict(align="center")),
    "ZTable": ("Текст таблицы", "Normal", dict(size=12, align="left")),
    "ZTableNumber": ("Число в таблице", "ZTable", dict(align="right")),
    "ZTableHead": ("Заголовок таблицы", "ZTable", dict(align="center", bold=True)),
    "ZTableGroup": ("Группа строк таблицы", "ZTable", dict(bold=True)),
    "ZTableSub": ("Подпункт таблицы", "ZTable", dict(left=0.5)),
    "ZTableSmall": ("Текст широкой таблицы", "ZTable", dict(size=10)),
    "ZTableSmallNumber": ("Число в широкой таблице", "ZTableSmall", dict(align="right")),
    "ZTableSmallHead": ("Заголовок широкой таблицы", "ZTableSmall", dict(align="center", bold=True)),
    "ZSignature": ("Подпись: должность", "Normal", dict(align="left")),
    "ZSignatureName": ("Подпись: инициалы и фамилия", "Normal", dict(align="right")),
    "ZExecutor": ("Исполнитель", "Normal", dict(size=10, align="left")),
}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# Styles a department may want that no bundled paragraph uses: kept (restyled), the rest removed.
KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Heading1", "Heading2",
               "Header", "Footer"}
LANG = "ru-RU"


def _defaults(doc: Document) -> None:
    """Times New Roman 14 and Russian for every run (spelling, hyphenation), single spacing."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = run.find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for tag in ("w:sz", "w:szCs"):
        run.find(qn(tag)).set(qn("w:val"), "28")
    lang = run.find(qn("w:lang"))
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    settings = doc.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), LANG)
    settings.find(qn("w:decimalSymbol")).set(qn("w:val"), ",")
    settings.find(qn("w:listSeparator")).set(qn("w:val"), ";")


def _style(doc: Document, style_id: str, name: str, base: str, size=None, bold=None, align=None, indent=None,
           left=None, keep=None) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = next(s for s in doc.styles if s.style_id == base)
    style.next_paragraph_style = style
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.alignment = ALIGN[align] if align else None
    fmt.first_line_indent = Cm(indent) if indent is not None else None
    fmt.left_indent = Cm(left) if left is not None else None
    fmt.keep_with_next = keep
    style.font.size = Pt(size) if size else None
    style.font.bold = bold


def _restyle_builtins(doc: Document) -> None:
    """Normal: the page's font without indents; headings black, the text's font and size (Word's
    are blue Calibri Light); the header centred for the page number."""
    normal = doc.styles["Normal"]
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name, align in (("Heading 1", "center"), ("Heading 2", "left")):
        heading = doc.styles[name]
        heading.font.name, heading.font.size, heading.font.bold = FONT, Pt(14), True
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            heading.element.rPr.rFonts.attrib.pop(qn(theme), None)
        fmt = heading.paragraph_format
        fmt.space_before, fmt.space_after, fmt.alignment = Pt(0), Pt(0), ALIGN[align]
        fmt.keep_with_next = True
    doc.styles["Header"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def new_document() -> Document:
    doc = Document()
    _defaults(doc)
    _restyle_builtins(doc)
    for style_id, (name, base, settings) in STYLES.items():
        _style(doc, style_id, name, base, **settings)
    total = doc.styles.add_style("Итоговая строка таблицы", WD_STYLE_TYPE.CHARACTER)
    total.element.set(qn("w:styleId"), "ZTotal")
    total.font.bold = True
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = Cm(3.0)
    section.right_margin = section.top_margin = section.bottom_margin = Cm(2.0)
    # Page numbers from the second page on, at the top centre.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    _field(header, "PAGE")
    page = doc.styles.add_style("Номер страницы", WD_STYLE_TYPE.CHARACTER)
    page.element.set(qn("w:styleId"), "ZPageNumber")
    header.runs[0].style = page
    return doc


def _unused_styles_removed(doc: Document) -> None:
    """Of python-docx's 164 styles only those the document uses (and their bases) stay, and the
    few kept for the department (headings, header, footer)."""
    used = set(KEPT_STYLES)
    for part in doc.part.package.parts:
        if part.content_type.endswith((".main+xml", ".header+xml", ".footer+xml")) and hasattr(part, "element"):
            used |= set(part.element.xpath(".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val"))
    styles = {style.get(qn("w:styleId")): style for style in doc.styles.element.findall(qn("w:style"))}
    for style_id in list(used):
        while style_id in styles:
            used.add(style_id)
            base = styles[style_id].find(qn("w:basedOn"))
            style_id = base.get(qn("w:val")) if base is not None else None
    for style_id, style in styles.items():
        if style_id not in used:
            doc.styles.element.remove(style)
        else:
            for link in style.findall(qn("w:link")):  # a link to a removed character style
                if link.get(qn("w:val")) not in used:
                    style.remove(link)


def _package_cleaned(doc: Document) -> None:
    """No blank thumbnail, no second copy of python-docx's styles (Word 2010's stylesWithEffects),
    no properties of python-docx's own template (its author, its 2013 date): build sets them."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid) if hasattr(doc.part, "drop_rel") else doc.part.rels.pop(rid)
    props = doc.core_properties
    props.author = props.last_modified_by = props.title = props.subject = props.keywords = props.comments = ""
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    props.language = LANG


def add(doc: Document, item) -> None:
    kind, text = item if isinstance(item, tuple) else ("body", item)
    style = {"center": "ZSubtitle", "center-bold": "ZTitle", "chart": "ZChart", "lead": "ZLead"}.get(kind, "ZBody")
    if kind == "center" and not text:
        style = "ZBody"  # a blank line after a table: kept with nothing
    if kind == "chart":
        text = "{{ charts.%s }}" % text
    paragraph = doc.add_paragraph(style=_named(doc, style))
    paragraph.add_run(text)


def _named(doc: Document, style_id: str):
    return next(style for style in doc.styles if style.style_id == style_id)


def _widths(table, widths: tuple[float, ...]) -> None:
    """Column widths in the grid (LibreOffice follows it) and in each cell (Word does); the table
    fits the 16 cm text block."""
    assert round(sum(widths), 2) <= 16.0, widths
    table.autofit = False
    for c, width in enumerate(widths):
        table.columns[c].width = Cm(width)
        for cell in table.columns[c].cells:
            cell.width = Cm(width)


def grid(doc: Document, rows: list[tuple[str, list[str]]], widths: tuple[float, ...], text_column: int) -> None:
    """A table in 12 pt: rows are (kind, cells) with kind "head" (bold, repeated on each page),
    "group" (bold, one cell across the table), "tag" (a {%tr %} row), "row" or "sub" (a row whose
    first cell is indented); the text column is left-aligned, the figures right-aligned."""
    table = doc.add_table(rows=len(rows), cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, (kind, values) in enumerate(rows):
        # A row never splits across pages; the head repeats on each page.
        row_properties = table.rows[r]._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:tblHeader" if kind == "head" else "w:cantSplit"))
        if kind in ("group", "tag"):
            table.cell(r, 0).merge(table.cell(r, len(widths) - 1))
        for c, value in enumerate(values):
            if kind == "head":
                style = "ZTableHead"
            elif kind in ("group", "tag"):
                style = "ZTableGroup" if kind == "group" else "ZTable"
            elif c == text_column:
                style = "ZTableSub" if kind == "sub" else "ZTable"
            elif c < text_column:  # a code, not a number
                style = "ZTable"
            else:
                style = "ZTableNumber"
            paragraph = table.cell(r, c).paragraphs[0]
            paragraph.style = _named(doc, style)
            paragraph.add_run(value)
    _widths(table, widths)


def topics_table(doc: Document) -> None:
    """Topics by the sections of the classifier, this period and last, filled by a row loop; with no
    previous year, this period and the shares only (no column of dashes)."""
    # the whole the topics' shares are taken of (topics_counted); it may be absent when every topic count is 0
    whole = ("tag", ["{%tr set whole = ((appeals.total if appeals and appeals.total is not none else written.total) "
                     "if topics_counted == 'appeals' else questions_total) %}"])
    rows = [
        ("head", ["Код", "Раздел классификатора", "{{ period.previous.title }}", "{{ period.title }}", "Изменение"]),
        whole,
        ("tag", ["{%tr for t in topics %}"]),
        ("row", ["{{ t.code }}", "{{ t.name }}", "{{ t.count.previous | cell }}", "{{ t.count | cell }}",
                 "{{ t.count | delta }}"]),
        ("tag", ["{%tr endfor %}"]),
        ("tag", ["{%tr if whole is not none %}"]),  # no total of questions given: no row of dashes
        ("row", ["", "Всего " + UNITS, "{{ whole.previous | cell }}", "{{ whole | cell }}", "{{ whole | delta }}"]),
        ("tag", ["{%tr endif %}"]),
    ]
    alone = [
        ("head", ["Код", "Раздел классификатора", "{{ period.title }}", "Доля"]),
        whole,
        ("tag", ["{%tr for t in topics %}"]),
        ("row", ["{{ t.code }}", "{{ t.name }}", "{{ t.count | cell }}",
                 "{{ t.count.share | percent if t.count.share is not none and t.count.value else '' }}"]),
        ("tag", ["{%tr endfor %}"]),
        ("tag", ["{%tr if whole is not none %}"]),
        ("row", ["", "Всего " + UNITS, "{{ whole | cell }}", ""]),
        ("tag", ["{%tr endif %}"]),
    ]
    add(doc, ("tag", "{%p if topics | selectattr('count') | list %}"))
    add(doc, ("tag", "{%p if has_previous %}"))
    grid(doc, rows, (1.4, 5.6, 2.7, 2.7, 3.6), text_column=1)
    add(doc, ("tag", "{%p else %}"))
    grid(doc, alone, (1.4, 9.8, 2.7, 2.1), text_column=1)
    add(doc, ("tag", "{%p endif %}"))
    add(doc, ("center", ""))  # a blank line between the table and the text after it
    add(doc, ("tag", "{%p endif %}"))


def _guard(path: str) -> str:
    """The condition under which a figure at a dotted path is filled: "hotline.calls" →
    "hotline and hotline.calls is not none" (a section left out is None)."""
    section, _, _ = path.rpartition(".")
    return f"({section} and {path} is not none)" if section and section != "written" else f"{path} is not none"


def _figure_row(kind: str, label: str, path: str) -> tuple[str, list[str]]:
    # cell: a dash where last year's figure is unknown, thousands grouped alike down the column
    # no share beside a zero: «0 (0,0 %)» says nothing twice
    return (kind, [label, "{{ %s | cell }}{%% if %s.share is not none and %s.value %%} ({{ %s.share | percent }})"
                   "{%% endif %%}" % (path, path, path, path), "{{ %s.previous | cell }}" % path, "{{ %s | delta }}" % path])


def figures_table(doc: Document) -> None:
    """Every filled figure as a row: this period, АППГ, the change; grouped as FIGURE_GROUPS.
    A group's head shows when any of its figures is filled. With no previous year, this period only."""
    add(doc, ("tag", "{%p if has_previous %}"))
    grid(doc, _figure_rows(True), (6.8, 3.0, 3.0, 3.2), text_column=0)
    add(doc, ("tag", "{%p else %}"))
    grid(doc, _figure_rows(False), (10.0, 6.0), text_column=0)
    add(doc, ("tag", "{%p endif %}"))


def _figure_rows(previous: bool) -> list[tuple[str, list[str]]]:
    head = ["Показатель", "{{ period.title }}"] + (["{{ period.previous.title }} (АППГ)", "+/− (%)"] if previous else [])
    rows = [("head", head)]
    for group, items in FIGURE_GROUPS:
        filled = [loop.split(" in ")[1] if loop else _guard(path) for _, path, loop in items]
        rows += [("tag", ["{%tr if " + " or ".join(filled) + " %}"]), ("group", [group])]
        for (label, path, loop), condition in zip(items, filled):
            kind = "sub" if loop or label[:1].islower() else "row"
            opening = "{%tr for " + loop + " %}" if loop else "{%tr if " + condition + " %}"
            row = _figure_row(kind, label, path)
            rows += [("tag", [opening]), row if previous else (row[0], row[1][:2]),
                     ("tag", ["{%tr endfor %}" if loop else "{%tr endif %}"])]
        rows.append(("tag", ["{%tr endif %}"]))
    return rows


def signature(doc: Document) -> None:
    """Position on the left (line by line), name flush with the right margin at the level of the
    last line; left out when the data has no signature."""
    add(doc, ("tag", "{%p if signature %}"))
    add(doc, ("center", ""))
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    for i, text in enumerate(("{%p for line in signature.position %}", "{{ line }}", "{%p endfor %}")):
        lines = left.paragraphs[0] if i == 0 else left.add_paragraph()
        lines.style = _named(doc, "ZSignature")
        lines.add_run(text)
    right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    name = right.paragraphs[0]
    name.style = _named(doc, "ZSignatureName")
    name.add_run("{{ signature.name | nbsp }}")
    _widths(table, (10.5, 5.5))
    add(doc, ("tag", "{%p endif %}"))


def executor(doc: Document) -> None:
    """«Исполнитель: …, тел. …» at the bottom left of the last page, in a smaller font: a frame
    anchored to the bottom of the text block (Word and LibreOffice both place it there)."""
    add(doc, ("tag", "{%p if executor %}"))
    paragraph = doc.add_paragraph(style=_named(doc, "ZExecutor"))
    # On the paragraph, not in its style: LibreOffice ignores a frame a style defines.
    frame = OxmlElement("w:framePr")
    for key, value in (("w:wrap", "around"), ("w:vAnchor", "margin"), ("w:hAnchor", "margin"),
                       ("w:xAlign", "left"), ("w:yAlign", "bottom")):
        frame.set(qn(key), value)
    paragraph._p.get_or_add_pPr().insert(1, frame)  # after pStyle: the schema's order
    paragraph.add_run("Исполнитель: {{ executor.name }}{% if executor.phone %}, тел. {{ executor.phone }}{% endif %}")
    add(doc, ("tag", "{%p endif %}"))


def build(name: str, paragraphs: list, closing: bool = True, category: str = "") -> Path:
    doc = new_document()
    _package_cleaned(doc)
    doc.core_properties.category = category  # «сводка»: template check fills it with the region's figures
    for item in paragraphs:
        if callable(item):
            item(doc)
        elif isinstance(item, tuple) and item[0] == "table":
            summary_grid(doc, *item[1:])
        else:
            add(doc, item)
    if closing:
        signature(doc)
        executor(doc)
    _unused_styles_removed(doc)
    path = TEMPLATES / f"{name}.docx"
    doc.save(path)
    return path


# The ССТУ.РФ outcomes the note lists after the supported ones, with their names in the text.
OUTCOMES = {"explained": "разъяснено", "not_supported": "не поддержано", "answered": "дан ответ автору",
            "forwarded": "направлено по компетенции", "unanswered": "оставлено без ответа автору",
            "in_progress": "находится на рассмотрении"}
TOPIC = "{{ t.in_text or (t.name | case('gent') | lowercase) }}"
# «района», «муниципального округа», «города» from municipality.kind; without it the neutral wording.
KIND = "{{ (municipality.kind or 'муниципальное образование') | case('gent') }}"
# The region in the genitive: «Тверской области» from municipality.region, unless the data overrides it.
REGION = ("{{ municipality.region_genitive or (municipality.region | case('gent') if municipality.region "
          "else 'субъекта Российской Федерации') }}")
# Who forwards appeals, in the genitive: region_body, else the region's body by the bundled table.
BODY = "{{ words.region_body }}"
# The report's own word for what its topics count.
UNITS = "{{ 'обращений' if topics_counted == 'appeals' else 'вопросов' }}"
# A topic's count with its share («166 (37,8 % от всех вопросов)»), or with its noun when the file
# gives no whole to take a share of («166 вопросов»).
TOPIC_COUNT = ("{% if t.count.share is not none %}{{ t.count }} ({{ t.count.share | percent }} от всех " + UNITS
               + "){% else %}{{ t.count | agree('обращение' if topics_counted == 'appeals' else 'вопрос') }}"
               "{% endif %}")


def appg(path: str) -> str:
    """« (АППГ — 10)» after a figure whose last year's value is known."""
    return "{% if " + path + ".previous is not none %} (АППГ — {{ " + path + ".previous }}){% endif %}"


# The lead sentence: all forms with their split when the report counts them so, else the written ones.
LEAD = (
    "В администрацию {{ words.of }} {{ period.v }} {% if appeals and appeals.total is not none %}"
    "{% if appeals.total %}{{ appeals.total | agree('обращение', verb='поступило') }} граждан"
    "{% set split = [(written.total, 'письменное'), (appeals.oral, 'устное')] | selectattr(0, 'ne', none) | list %}"
    "{% for f, word in split %}{{ ': ' if loop.first else ' и ' }}{{ f | agree(word) }}"
    "{% if f.previous is not none %} (АППГ — {{ f.previous }}){% endif %}{% endfor %}"
    "{{ appeals.total | compared('обращение', period.since) }}{% else %}обращений не поступало"
    "{% if appeals.total.previous %} ({{ period.previous.v }} — {{ appeals.total.previous | agree('обращение') }}){% endif %}{% endif %}"
    "{% elif written.total %}{{ written.total | agree('письменное обращение', verb='поступило') }}")

# Paragraphs the note and the analytic summary share (issue 21, class 13: the summary says what it has).
ORIGIN = [
    ("tag", "{%p if written.from_region %}"),
    # the count before the source, never «Из них из …» (issue 21, class 10); its share says of what
    "Из них {{ written.from_region | agree('обращение') }}{% if written.from_region.share is not none %} "
    "({{ written.from_region.share | percent }} от общего числа){% endif %} получено из " + BODY +
    "{{ written.from_region | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
]
ELECTRONIC = [
    ("tag", "{%p if written.electronic %}"),
    "В форме электронного документа поступило {{ written.electronic | agree('обращение') }} "
    "{% if written.electronic.share is not none %}({{ written.electronic.share | percent }} от общего числа){% endif %}"
    "{{ written.electronic | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
]
COLLECTIVE = [
    ("tag", "{%p if written.collective %}"),
    # a share says of what: «(11,4 % от общего числа)»
    "Поступило {{ written.collective | agree('коллективное обращение') }} "
    "{% if written.collective.share is not none %}({{ written.collective.share | percent }} от общего числа){% endif %}"
    "{{ written.collective | compared('обращение', period.since) }}."
    "{% if written.collective_about %} Темы коллективных обращений: {{ written.collective_about | typograph }}"
    "{{ '' if written.collective_about.endswith('.') else '.' }}{% endif %}",
    ("tag", "{%p endif %}"),
]
REPEAT = [
    ("tag", "{%p if written.repeat %}"),
    "Поступило {{ written.repeat | agree('повторное обращение') }} "
    "{% if written.repeat.share is not none %}({{ written.repeat.share | percent }} от общего числа){% endif %}"
    "{{ written.repeat | compared('обращение', period.since) }}."
    "{% if written.repeat_about %} Темы повторных обращений: {{ written.repeat_about | typograph }}"
    "{{ '' if written.repeat_about.endswith('.') else '.' }}{% endif %}",
    ("tag", "{%p endif %}"),
]
SETTLEMENTS = [
    ("tag", "{%p if settlements_by_count and settlements_by_count[0].count %}"),
    ("tag", "{%p set first = settlements_by_count[0].count.value %}"),
    # Every settlement that shares the first place is named; the rest follow.
    "Наибольшее количество обращений поступило от жителей "
    "{% for s in settlements_by_count | selectattr('count.value', 'equalto', first) %}"
    "{{ ' и ' if loop.last and not loop.first else ', ' if not loop.first }}"
    "{{ s.genitive or (s.name | case('gent')) }} — {{ s.count }}{% if s.count.share is not none %} "
    "({{ s.count.share | percent }}{{ ' от общего числа' if loop.first }}){% endif %}"
    "{{ s.count | compared('обращение', period.since) }}{% endfor %}."
    "{% set rest = settlements_by_count | selectattr('count.value', 'lessthan', first) | selectattr('count') | list %}"
    "{% for s in rest %}{{ (' Далее следуют: ' if rest | length > 1 else ' Далее следует ') if loop.first else ', ' }}"
    "{{ s.name }} — {{ s.count }}"
    "{% if s.count.share is not none %} ({{ s.count.share | percent }}){% endif %}{{ '.' if loop.last }}{% endfor %}",
    ("tag", "{%p endif %}"),
]
SUPPORTED = [
    ("tag", "{%p if outcomes and outcomes.supported %}"),
    "{{ period.v | capfirst }} положительно {{ outcomes.supported | agree('обращение', verb='рассмотрено') }} "
    "({{ outcomes.supported.share | percent }} от поступивших){{ outcomes.supported | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
]
OUTCOME_LIST = [
    ("tag", "{%p if outcomes and (" + " or ".join("outcomes." + key for key in OUTCOMES) + ") %}"),
    "По результатам рассмотрения{% for label, f in [" + ", ".join(
        f"('«{label}»', outcomes.{key})" for key, label in OUTCOMES.items()) + "] if f %}"
    "{{ ':' if loop.first else ',' }} {{ label }} — {{ f }} ({{ f.share | percent }}{{ ' от общего числа' if loop.first }}"
    "{% if f.previous is not none %}; АППГ — {{ f.previous }}{% endif %}){% endfor %}.",
    ("tag", "{%p endif %}"),
]
ON_TIME = [
    ("tag", "{%p if deadlines and deadlines.on_time %}"),
    "В установленный срок рассмотрено {{ deadlines.on_time | agree('обращение') }} "
    "{% if deadlines.on_time.share is not none %}({{ deadlines.on_time.share | percent }} от общего числа){% endif %}"
    "{{ deadlines.on_time | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
]
OVERDUE = [
    ("tag", "{%p if deadlines and deadlines.overdue is not none %}"),
    "{% if deadlines.overdue.value %}С нарушением срока рассмотрено {{ deadlines.overdue | agree('обращение') }}"
    "{{ deadlines.overdue | compared('обращение', period.since) }}.{% else %}Нарушений сроков рассмотрения обращений не допущено.{% endif %}",
    ("tag", "{%p endif %}"),
]

POYASNITELNAYA_ZAPISKA = [
    ("center-bold", "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА"),
    ("center", "к отчету о работе с обращениями граждан {{ words.inside }} за {{ period.title }}"),
    ("center", ""),
    LEAD + "{{ written.total | compared('обращение', period.since) }}{% else %}письменных обращений не поступало"
    "{% if written.total.previous %} ({{ period.previous.v }} — {{ written.total.previous | agree('обращение') }})"
    "{% endif %}{% endif %}.",
    *ORIGIN,
    ("tag", "{%p if written.from_president %}"),
    "Из Администрации Президента Российской Федерации {{ period.v }} получено "
    "{{ written.from_president | agree('обращение') }}{{ written.from_president | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if written.from_other %}"),
    "Из других органов (вышестоящих инстанций) {{ period.v }} получено {{ written.from_other | agree('обращение') }}"
    "{{ written.from_other | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if appeals and appeals.oral and appeals.total is none %}"),
    "Кроме того, {{ period.v }} {{ appeals.oral | agree('устное обращение', verb='поступило') }}"
    "{{ appeals.oral | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
    *ELECTRONIC,
    *COLLECTIVE,
    *REPEAT,
    ("tag", "{%p if written.anonymous is not none %}"),
    "{% if written.anonymous %}Поступило {{ written.anonymous | agree('анонимное обращение') }}"
    "{{ written.anonymous | compared('обращение', period.since) }}.{% else %}Анонимных обращений не поступало.{% endif %}",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if applicants | selectattr('count') | list %}"),
    "По категориям заявителей{% for a in applicants if a.count %}{{ ':' if loop.first else ',' }} {{ a.name }} — "
    "{{ a.count }}" + appg("a.count") + "{% endfor %}.",
    ("tag", "{%p endif %}"),
    # A ranking names only settlements with appeals; a share only where the total is known and not 0.
    *SETTLEMENTS,
    ("tag", "{%p if charts.written %}"),
    ("chart", "written"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if written.control_percent %}"),
    "С целью повышения качества рассмотрения обращений "
    "{{ written.control_percent | agree('процент', verb='контролировалось') }} поручений. Промежуточная "
    "информация находилась на дополнительном контроле и контроле полного исполнения поручений.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if outcomes and outcomes.considered %}"),
    "Всего {{ period.v }} {{ outcomes.considered | agree('обращение', verb='рассмотрено') }}"
    "{{ outcomes.considered | compared('обращение', period.since) }}.{% if outcomes.withdrawn %} Отозвано заявителями — "
    "{{ outcomes.withdrawn }}" + appg("outcomes.withdrawn") + ".{% endif %}",
    ("tag", "{%p endif %}"),
    *SUPPORTED,
    ("tag", "{%p if outcomes and outcomes.measures_taken %}"),
    "Меры приняты по {{ outcomes.measures_taken | agree('обращение', 'datv') }}"
    "{{ outcomes.measures_taken | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
    *OUTCOME_LIST,
    ("tag", "{%p if topics | selectattr('count') | list %}"),
    ("lead", "Поступившие обращения можно разбить по тематикам следующим образом:"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if charts.topics %}"),
    ("chart", "topics"),
    ("tag", "{%p endif %}"),
    topics_table,
    ("tag", "{%p for t in topics_by_count if t.count %}"),
    # the largest subtopics first; those with no appeals are not named
    ("tag", "{%p set subtopics = t.subtopics | selectattr('count') | sort(attribute='count.value', reverse=true) "
            "| list %}"),
    ("tag", "{%p if subtopics %}"),
    # «связано со спилом», «связано с благоустройством»: the preposition agrees with the first subtopic
    "Основное количество {{ 'обращений по вопросам' if topics_counted == 'appeals' else 'вопросов' }} "
    + TOPIC + ", " + TOPIC_COUNT + ", связано "
    "{% for s in subtopics %}{% set text = s.in_text or (s.name | case('ablt')) %}"
    "{{ text | preposition('с') if loop.first else text }} ({{ s.count | agree('обращение') }})"
    "{% if not loop.last %}, {% endif %}{% endfor %}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if t.remark %}"),
    "По вопросам " + TOPIC + " — " + TOPIC_COUNT + " — "
    "{{ t.remark | typograph }}",
    ("tag", "{%p elif not subtopics %}"),
    # a topic with neither subtopics nor a remark still gets its count and share (class 13)
    "По вопросам " + TOPIC + " — {{ t.count | agree('обращение' if topics_counted == 'appeals' else 'вопрос') }}"
    "{% if t.count.share is not none %} ({{ t.count.share | percent }} от всех " + UNITS + "){% endif %}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if receptions and receptions.management %}"),
    "На личных приемах руководством администрации {{ words.of }} "
    "{{ receptions.management | agree('человек', verb='принято') }}"
    "{{ receptions.management | compared('человек', period.since) }}{% if receptions.head %}; "
    "{{ words.head_by }} {{ receptions.head | agree('человек', verb='принято') }}"
    "{{ receptions.head | compared('человек', period.since) }}{% endif %}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.head and not receptions.management %}"),
    "На личном приеме у {{ words.head_of }} {{ period.v }} {{ receptions.head | agree('человек', verb='принято') }}"
    "{{ receptions.head | compared('человек', period.since) }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.other | selectattr('count') | list %}"),
    "Другие формы приема граждан{% for c in receptions.other if c.count %}{{ ':' if loop.first else ';' }} "
    "{{ c.name }} — {{ c.count | agree('человек') }}" + appg("c.count") + "{% endfor %}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.deputies %}"),
    "Заместителями главы {{ receptions.deputies | agree('человек', verb='принято') }}"
    "{{ receptions.deputies | compared('человек', period.since) }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.national_day %}"),
    "Число граждан, принятых в Общероссийский день приема граждан 12 декабря, — {{ receptions.national_day }}"
    "{{ receptions.national_day | compared('человек', period.since) }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if multichannel_phone %}"),
    "На многоканальный круглосуточный телефон " + BODY + " за отчетный период "
    "{{ multichannel_phone | agree('обращение', verb='поступило') }}{{ multichannel_phone | compared('обращение', period.since_year) }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.department %}"),
    "Сотрудниками отдела по работе с обращениями граждан {{ period.v }} "
    "{{ receptions.department | agree('человек', verb='принято') }}.{% if receptions.most_active %} Чаще других обращались жители "
    "{{ receptions.most_active_genitive or (receptions.most_active | case('gent')) }}.{% endif %}",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if hotline %}"),
    "{{ period.v | capfirst }} {% if hotline.calls %}по телефону «горячей линии» "
    "{{ hotline.calls | agree('звонок', verb='принято') }}{{ hotline.calls | compared('звонок', period.since_year) }}"
    "{% else %}звонков на телефон «горячей линии» не поступало{% if hotline.calls.previous %} "
    "({{ period.previous.v }} — {{ hotline.calls.previous | agree('звонок') }}){% endif %}{% endif %}."
    "{% if hotline.remark %} {{ hotline.remark | typograph }}{% endif %}",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if charts.channels %}"),
    ("chart", "channels"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.field %}"),
    "{{ receptions.field | typograph }}",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if receptions and receptions.field_count %}"),
    "Число выездных приемов {{ period.v }} — {{ receptions.field_count }}"
    "{{ receptions.field_count | compared('прием', period.since) }}.",
    ("tag", "{%p endif %}"),
    "Для повышения исполнительской дисциплины, эффективности работы с обращениями отделом по работе с обращениями "
    "граждан осуществлялся контроль качества и сроков рассмотрения обращений, запросов граждан.",
    *ON_TIME,
    ("tag", "{%p if deadlines and deadlines.extended %}"),
    "Срок рассмотрения продлен по {{ deadlines.extended | agree('обращение', 'datv') }}"
    "{{ deadlines.extended | compared('обращение', period.since) }}.",
    ("tag", "{%p endif %}"),
    *OVERDUE,
    ("tag", "{%p if violations %}"),
    "{% if violations.cases %}{{ period.v | capfirst }} нарушены законные интересы граждан в "
    "{{ violations.cases | agree('случай', 'loct', words=True) }}{% if violations.punished %} (к дисциплинарной "
    "ответственности {{ violations.punished | agree('человек', verb='привлечено') }}){% endif %}."
    "{% if violations.measures %} К {{ 'виновному' if violations.punished | int == 1 else 'виновным' }} в нарушении "
    "прав граждан приняты меры дисциплинарной ответственности {{ violations.measures }}.{% endif %}"
    # The deadlines' own sentence above speaks of the deadlines when their figure is known.
    "{% else %}{{ period.v | capfirst }} нарушений законных интересов граждан"
    "{% if not (deadlines and deadlines.overdue is not none) %} и сроков рассмотрения обращений{% endif %} "
    "не допущено.{% endif %}",
    ("tag", "{%p endif %}"),
    # A municipality's own work with the public (ТОС, квартальные, help to settlements) is its
    # remarks; without them the note says only what holds for every municipality.
    ("tag", "{%p if not remarks %}"),
    "Работа с обращениями граждан является важнейшим элементом комплексной работы органов местного "
    "самоуправления, направленной на формирование условий для реализации принципа открытости власти.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p for remark in remarks %}"),
    "{{ remark | typograph }}",
    ("tag", "{%p endfor %}"),
    ("tag", "{%p if receptions and receptions.video %}"),
    "{{ period.za | capfirst }} в режиме видеосвязи с применением АРМ органов исполнительной власти "
    + REGION + " {{ receptions.video | agree('человек', verb='принято') }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if onf %}"),
    "{% if onf | int == 1 %}Обращение, поступившее через систему ОНФ «Помощь», рассмотрено своевременно, ему "
    "присвоены статус и категория.{% else %}Обращения, поступившие через систему ОНФ «Помощь» "
    "({{ onf | agree('обращение') }}), рассмотрены своевременно, им присвоены статус и категории.{% endif %}",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if pos %}"),
    "Через Платформу обратной связи (ПОС) {{ pos | agree('обращение', verb='поступило') }}; "
    "{% if pos | int == 1 %}оно отработано, заявителю даны подробные разъяснения по поднятым вопросам"
    "{% else %}они отработаны, заявителям даны подробные разъяснения по поднимаемым вопросам{% endif %}.",
    ("tag", "{%p endif %}"),
    "Принимая во внимание требования, предъявляемые действующим законодательством к рассмотрению обращений "
    "и запросов граждан, администрация будет и впредь направлять свои усилия на совершенствование форм "
    "и методов работы с населением.",
]

NBSP = "\u00a0"  # after "№" and "ст.": the number never starts a line
LAW_59FZ = f"от 02.05.2006 №{NBSP}59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»"

ANALITICHESKIE_SVEDENIYA = [
    ("center-bold", "Аналитические сведения о работе с обращениями граждан"),
    ("center-bold", "{{ words.inside }}"),
    ("center-bold", "{{ period.v }}"),
    ("center", ""),
    "Работа с обращениями граждан ведется в соответствии с Конституцией Российской Федерации, "
    "Федеральным законом " + LAW_59FZ + ", {% if municipality.region_law %}"
    f"{{{{ municipality.region_law | replace('№ ', '№{NBSP}') }}}}, {{% endif %}}{{% if municipality.act %}}Порядком работы с обращениями граждан в администрации "
    "{{ words.of }} (утвержден {{ municipality.act.title }} от {{ municipality.act.date | date }} "
    f"№{NBSP}{{{{ municipality.act.number }}}}), {{% endif %}}методическими рекомендациями Администрации "
    "Президента Российской Федерации.",
    LEAD + "{% else %}письменных обращений не поступало{% endif %}.{% if appeals and appeals.oral and appeals.total "
    "is none %} Кроме того, {{ appeals.oral | agree('устное обращение', verb='поступило') }}.{% endif %}",
    *ORIGIN, *ELECTRONIC, *COLLECTIVE, *REPEAT, *SETTLEMENTS,
    ("tag", "{%p if hotline %}"),
    "Большое внимание уделяется обращениям, поступившим по телефону «горячей линии». Суть обращений оперативно "
    "передается соисполнителям для разрешения проблем в максимально сжатые сроки. {{ period.v | capfirst }} "
    "{% if hotline.calls %}по телефону «горячей линии» {{ hotline.calls | agree('сообщение', verb='принято') }}"
    "{{ hotline.calls | compared('сообщение', period.since) }}{% else %}сообщений на телефон «горячей линии» "
    "не поступало{% if hotline.calls.previous %} ({{ period.previous.v }} — "
    "{{ hotline.calls.previous | agree('сообщение') }}){% endif %}{% endif %}.",
    ("tag", "{%p endif %}"),
    f"Личный прием граждан организован и осуществляется в соответствии со ст.{NBSP}13 "
    "Федерального закона " + LAW_59FZ + ".{% if receptions and receptions.field %} "
    "{{ receptions.field | typograph }}{% endif %}"  # field receptions as the municipality words them
    "{% if receptions and receptions.management %} {{ period.v | capfirst }} должностными лицами администрации "
    "муниципального образования {{ receptions.management | agree('человек', verb='принято') }}"
    "{% if receptions.head %}, в том числе {{ words.head_by }} "
    "{{ receptions.head | agree('человек', verb='принято') }}{% endif %}.{% elif receptions and receptions.head %} "
    "{{ period.v | capfirst }} {{ words.head_by }} {{ receptions.head | agree('человек', verb='принято') }}.{% endif %}",
    ("tag", "{%p if written.virtual_reception %}"),
    "Для удобства граждан на официальном сайте администрации {{ words.of }} "
    "работает «Виртуальная приемная», куда {{ period.v }} "
    "{{ written.virtual_reception | agree('обращение', verb='поступило') }}.",
    ("tag", "{%p endif %}"),
    *SUPPORTED, *OUTCOME_LIST, *ON_TIME, *OVERDUE,
    ("tag", "{%p if main_topic and main_topic.count %}"),
    # Every section that shares the first place is named.
    ("tag", "{%p set leaders = topics_by_count | selectattr('count.value', 'equalto', main_topic.count.value) "
            "| list %}"),
    "Анализ тематики обращений показал, что жителей {{ words.of }} "
    "{{ period.v }} в основном волновали вопросы "
    "{% for t in leaders %}{{ ' и ' if loop.last and not loop.first else '; ' if not loop.first }}"
    "{{ t.in_text or (t.name | case('gent') | lowercase) }}{% endfor %}."
    "{% set unit = 'обращений' if topics_counted == 'appeals' else 'вопросов' %}"
    "{% if main_topic.count.share is not none %} Удельный вес {{ unit ~ ' каждого из этих разделов' "
    "if leaders | length > 1 else 'таких ' ~ unit }} в общем количестве поступивших {{ unit }} составил "
    "{{ main_topic.count.share | percent }}.{% endif %}",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if topics | selectattr('count') | list %}"),
    ("lead", "Вопросы по разделам тематического классификатора:"),
    ("tag", "{%p endif %}"),
    topics_table,
    ("tag", "{%p if social_networks %}"),
    "Администрация " + KIND + " представлена официальными аккаунтами во всех социальных сетях"
    "{% if social_networks.subscribers %} (количество подписчиков в официальном аккаунте"
    "{% if social_networks.platform %} {{ social_networks.platform }}{% endif %} — "
    "{{ social_networks.subscribers | thousands }}){% endif %}.{% if social_networks.remark %} "
    "{{ social_networks.remark | typograph }}{% endif %} На постоянной основе ведется работа с обращениями в социальных сетях. "
    "Активно работают официальные аккаунты администрации " + KIND + ", основной задачей которых является "
    "информирование граждан о деятельности администрации.",
    ("tag", "{%p endif %}"),
]

# The table form: (group, [(label, figure, loop)]); a figure with a loop is one row per item of a list.
# A label in lower case is a part of the row above it and is indented.
FIGURE_GROUPS = [
    ("Поступление обращений", [
        ("Обращений поступило всего (всех форм)", "appeals.total", ""),
        ("устных", "appeals.oral", ""),
        ("Письменных обращений поступило всего", "written.total", ""),
        ("в форме электронного документа", "written.electronic", ""),
        ("коллективных", "written.collective", ""),
        ("повторных", "written.repeat", ""),
        ("из Администрации Президента Российской Федерации", "written.from_president", ""),
        ("из " + BODY, "written.from_region", ""),
        ("из других органов (вышестоящих инстанций)", "written.from_other", ""),
        ("анонимных", "written.anonymous", ""),
        ("через «Виртуальную приемную» на сайте", "written.virtual_reception", ""),
        ("от жителей {{ s.genitive or (s.name | case('gent')) }}", "s.count", "s in settlements_by_count"),
        ("На многоканальный телефон " + BODY, "multichannel_phone", ""),
        ("{{ a.name | capfirst }}", "a.count", "a in applicants"),
        ("По телефону «горячей линии», звонков", "hotline.calls", ""),
        ("Через систему ОНФ «Помощь»", "onf", ""),
        ("Через Платформу обратной связи (ПОС)", "pos", ""),
    ]),
    ("Тематика вопросов", [
        ("Вопросов в обращениях всего", "questions_total", ""),
        ("{{ t.code ~ ' ' if t.code }}{{ t.name }}", "t.count", "t in topics"),
    ]),
    ("Результаты рассмотрения", [
        ("Рассмотрено обращений всего", "outcomes.considered", ""),
        ("«Поддержано»", "outcomes.supported", ""),
        ("в том числе «меры приняты»", "outcomes.measures_taken", ""),
        ("«Разъяснено»", "outcomes.explained", ""),
        ("«Не поддержано»", "outcomes.not_supported", ""),
        ("«Дан ответ автору»", "outcomes.answered", ""),
        ("«Направлено по компетенции»", "outcomes.forwarded", ""),
        ("«Оставлено без ответа автору»", "outcomes.unanswered", ""),
        ("«Находится на рассмотрении»", "outcomes.in_progress", ""),
        ("Отозвано заявителями", "outcomes.withdrawn", ""),
        ("Случаев нарушения законных интересов граждан", "violations.cases", ""),
    ]),
    ("Сроки рассмотрения", [
        ("Рассмотрено в установленный срок", "deadlines.on_time", ""),
        ("Срок рассмотрения продлен", "deadlines.extended", ""),
        ("Рассмотрено с нарушением срока", "deadlines.overdue", ""),
    ]),
    ("Личные приемы", [
        ("Принято граждан руководством администрации", "receptions.management", ""),
        ("в том числе главой", "receptions.head", ""),
        ("заместителями главы", "receptions.deputies", ""),
        ("Принято граждан отделом по работе с обращениями", "receptions.department", ""),
        ("Принято граждан в режиме видеосвязи", "receptions.video", ""),
        ("Проведено выездных приемов", "receptions.field_count", ""),
        ("Принято в Общероссийский день приема граждан", "receptions.national_day", ""),
        ("{{ c.name | capfirst }}", "c.count", "c in (receptions.other if receptions else [])"),
    ]),
]

TABLICA = [
    ("center-bold", "Сведения о работе с обращениями граждан"),
    ("center-bold", "{{ words.inside }}"),
    ("center-bold", "{{ period.za }}"),
    ("center", ""),
    figures_table,
]

def summary_grid(doc: Document, rows: list[list[str]], widths: tuple[float, ...], size: int = 12,
         left: int = 1) -> None:
    """A table of the region's summary: the first row is the head (repeated on every page),
    rows of "{%tr … %}" tags drive the loops, the names' column `left` is left-aligned, the figures
    right-aligned; `size` 10 for a wide table (its own styles), else the tables' 12 pt."""
    table = doc.add_table(rows=len(rows), cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    prefix = "ZTableSmall" if size <= 10 else "ZTable"
    for r, values in enumerate(rows):
        row_properties = table.rows[r]._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:tblHeader" if r == 0 else "w:cantSplit"))
        total = values[left] == "Итого"
        for c, value in enumerate(values):
            paragraph = table.cell(r, c).paragraphs[0]
            if r == 0:
                style = prefix + "Head" if prefix == "ZTableSmall" else "ZTableHead"
            elif c == left or c == 0 and left != 0 and not value.startswith("{{ loop"):
                style = prefix
            else:
                style = prefix + "Number"
            paragraph.style = _named(doc, style)
            run = paragraph.add_run(value)
            if total:
                run.style = _named(doc, "ZTotal")
    _widths(table, widths)
    add(doc, ("center", ""))


def _loop(opening: str, columns: int) -> list[str]:
    return [opening] + [""] * (columns - 1)


DASH = "'—'"
MUNICIPALITIES_TABLE = [
    # «1 полугодие 2020 г.», not «2020 г.»: a half-year is not the year
    ["№", "Муниципальное образование", "{{ period.previous.title }}", "{{ period.title }}", "Изменение",
     "На 1000 жителей", "Место"],
    _loop("{%tr for r in municipalities %}", 7),
    ["{{ loop.index }}", "{{ r.name }}", "{{ r.count.previous | cell }}", "{{ r.count | cell }}",
     "{{ r.count | delta }}",
     "{{ r.rate | number(1) if r.rate is not none else " + DASH + " }}",
     "{{ r.rank or " + DASH + " }}"],
    _loop("{%tr endfor %}", 7),
    ["", "Итого", "{{ total.previous | cell }}", "{{ total | cell }}",
     "{{ total | delta }}", "{{ rate | number(1) if rate is not none else " + DASH + " }}", ""],
]
TOTALS_TABLE = [
    ["Показатель", "{{ period.previous.title }}", "{{ period.title }}", "Изменение"],
    _loop("{%tr for t in totals_list %}", 4),
    ["{{ t.title }}", "{{ t.figure.previous | cell }}", "{{ t.figure | cell }}", "{{ t.figure | delta }}"],
    _loop("{%tr endfor %}", 4),
]
REGION_TOPICS_TABLE = [
    ["Код", "Раздел классификатора", "{{ period.previous.title }}", "{{ period.title }}", "Доля"],
    _loop("{%tr for t in topics %}", 5),
    ["{{ t.code }}", "{{ t.name }}", "{{ t.count.previous | cell }}", "{{ t.count | cell }}",
     "{{ t.count.share | percent if t.count.share is not none else '' }}"],
    _loop("{%tr endfor %}", 5),
]
THE_REGION = "{% if region.name %} {{ region.genitive }}{% endif %}"

SVODKA = [
    ("center-bold", "СВОДНАЯ ИНФОРМАЦИЯ"),
    ("center", "о работе с обращениями граждан в органах местного самоуправления муниципальных образований"
               + THE_REGION + " {{ period.za }}"),
    ("center", ""),
    # One municipality is named, not counted; a zero is «не поступало»; a rate only when there is one.
    "{{ period.v_words | capfirst }} в органы местного самоуправления "
    "{% if counted == 1 %}{{ municipalities[0].genitive }}{% else %}"
    "{{ counted | agree('муниципальное образование', 'gent') }}" + THE_REGION + "{% endif %} "
    # The count the summary ranks by (measure): written appeals, or all forms when only those are given.
    "{% if total %}поступило {% if all_forms %}{{ total | agree('обращение') }} всех форм (письменных и устных)"
    "{% else %}{{ total | agree('письменное обращение') }}{% endif %}"
    "{{ total | compared('обращение', period.since) }}{% else %}{{ measure }} не поступало"
    "{% if total.previous %} ({{ period.previous.v }} — "
    "{{ total.previous | agree('обращение') }}){% endif %}{% endif %}.{% if like_for_like %} По {{ like_for_like_count | agree('муниципальное образование', 'datv') }}"
    " с цифрами за оба года — {{ like_for_like | agree('обращение') }}"
    "{{ like_for_like | compared('обращение', period.since) }}; в сравнение не вошли (нет цифр за "
    "{{ period.previous.title }}): {{ without_previous | join(', ') }}.{% endif %}"
    "{% if rate %} В расчете на 1000 жителей — {{ rate | number(1) if rate >= 0.05 else 'менее 0,1' }} обращения."
    "{% endif %}",
    ("tag", "{%p if top and by_rate | length > 1 %}"),  # «наибольшее» only among several
    "Наибольшее количество обращений из расчета на 1000 жителей поступило от жителей "
    "{% for r in top %}{{ r.genitive }} ({{ r.rate | number(1) }}){% if not loop.last %}, "
    "{% endif %}{% endfor %}.",
    ("tag", "{%p endif %}"),
    # «Больше всего» only among several; all that share the first place are named.
    ("tag", "{%p if growth and counted > 1 %}"),
    "{{ 'Число обращений возросло только' if growth | length == 1 else 'Больше всего возросло число обращений' }}"
    " от жителей {% for r in growth_first %}{{ '; так же возросло число обращений от жителей ' if not loop.first }}"
    "{{ r.genitive }}: {{ r.count | agree('обращение') }}, {{ r.count | change }}"
    "{{ ', ' ~ period.since if loop.first }}{% endfor %}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if decline and counted > 1 %}"),
    "{{ 'Число обращений сократилось только' if decline | length == 1 else 'Больше всего сократилось число "
    "обращений' }} от жителей {% for r in decline_first %}"
    "{{ '; так же сократилось число обращений от жителей ' if not loop.first }}"
    "{{ r.genitive }}: {% if r.count.value %}{{ r.count | agree('обращение') }}, {{ r.count | change }}"
    "{{ ', ' ~ period.since if loop.first }}{% else %}обращений не поступало ({{ period.previous.v }} — "
    "{{ r.count.previous | agree('обращение') }}){% endif %}{% endfor %}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if missing %}"),
    "Не представили сведения {{ period.za }}: {{ missing | join(', ') }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if broken %}"),
    "Не вошли в сводку из-за ошибок в файлах с цифрами: {{ broken | join(', ') }}.",
    ("tag", "{%p endif %}"),
    ("lead", "Основные показатели работы с обращениями по всем муниципальным образованиям:"),
    ("table", TOTALS_TABLE, (6.6, 2.9, 2.9, 3.6), 11, 0),  # «1 полугодие» fits on a line
    # The charts go where the pages before them are the same for any number of municipalities:
    # after the totals, which end near the end of page 1. The rates, up to a page tall, left most
    # of a page empty above it after the tables of municipalities or topics (by their length), and
    # the years' chart, a third of a page, left that much after the municipalities' table.
    ("tag", "{%p if charts.rates %}"),
    ("chart", "rates"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if charts.years %}"),
    ("chart", "years"),
    ("tag", "{%p endif %}"),
    ("lead", "{{ 'Обращения всех форм (письменные и устные)' if all_forms else 'Письменные обращения' }} "
             "по муниципальным образованиям {{ period.za }} в сравнении "
             "{{ 'с аналогичным периодом прошлого года' if period.kind else 'с прошлым годом' }}:"),
    # «1 полугодие 2020 г.» heads: «полугодие» fits on its line in 2,4 cm
    ("table", MUNICIPALITIES_TABLE, (0.8, 4.0, 2.4, 2.4, 2.7, 1.8, 1.6), 10),
    ("tag", "{%p if without_population %}"),
    "Численность населения не указана, обращения на 1000 жителей не рассчитаны: "
    "{{ without_population | join(', ') }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if without_previous %}"),
    "Нет цифр за {{ period.previous.title }}: {{ without_previous | join(', ') }}.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if topics %}"),
    # Topics of some municipalities are not the region's: say whose they are.
    ("tag", "{%p if topics_from | length < counted %}"),
    "Тематика вопросов указана в сведениях {{ topics_from | length }} из {{ counted }} муниципальных образований "
    "({{ topics_from | join(', ') }}); разделы ниже — по {{ 'его' if topics_from | length == 1 else 'их' }} данным.",
    ("tag", "{%p endif %}"),
    ("tag", "{%p if main_topics %}"),
    # Sections that share the first place are all named: «по 21 вопросу», «по 22 вопроса».
    ("tag", "{%p set n = main_topic.count.value %}"),
    "Больше всего вопросов в обращениях касалось {{ 'разделов' if main_topics | length > 1 else 'раздела' }} "
    "{% for t in main_topics %}{{ ' и ' if loop.last and not loop.first else ', ' if not loop.first }}"
    "«{{ t.name }}»{% endfor %} — {% if main_topics | length > 1 %}по {{ main_topic.count | agree('вопрос', "
    "'datv' if n % 10 == 1 and n % 100 != 11 else 'accs') }}{% else %}{{ main_topic.count | agree('вопрос') }}"
    "{% endif %}{% if main_topic.count.share is not none %} ({{ 'по ' if main_topics | length > 1 }}"
    "{{ main_topic.count.share | percent }} от всех вопросов){% endif %}.",
    ("tag", "{%p endif %}"),
    ("lead", "Вопросы по разделам тематического классификатора:"),
    ("table", REGION_TOPICS_TABLE, (1.4, 6.4, 2.8, 2.8, 2.6), 11),
    ("tag", "{%p endif %}"),
]

if __name__ == "__main__":
    print(build("poyasnitelnaya-zapiska", POYASNITELNAYA_ZAPISKA))
    print(build("analiticheskie-svedeniya", ANALITICHESKIE_SVEDENIYA))
    print(build("tablica", TABLICA))
    print(build("svodka", SVODKA, category=SUMMARY_CATEGORY))  # signed, with its executor (data/svodka.yaml)
    sys.exit(0)
