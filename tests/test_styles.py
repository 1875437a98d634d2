"""The bundled templates and what is built from them: named styles and no direct formatting,
Russian by default, tables inside the text block, figures right-aligned, document properties."""
from __future__ import annotations

import datetime

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import EXAMPLE, ROOT, build

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
TEXT_BLOCK_CM = 16.0  # A4 21 cm less the margins of 3 and 2 cm


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_bundled_templates_are_styled_not_formatted(template):
    doc = Document(template)
    body = doc.element.body
    # A paragraph says only which style it has; a run at most which character style.
    assert body.xpath(".//w:pPr/*[not(self::w:pStyle) and not(self::w:sectPr)]") == []
    assert body.xpath(".//w:rPr/*[not(self::w:rStyle)]") == []
    assert all(p.style.style_id != "Normal" for p in doc.paragraphs)
    styles = {style.style_id: style for style in doc.styles}
    assert len(styles) < 30  # not python-docx's 164
    assert styles["ZTable"].font.size.pt == 12
    assert round(styles["ZBody"].paragraph_format.first_line_indent.cm, 2) == 1.25
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "ru-RU"
    assert doc.styles["Heading 1"].font.color.rgb == (0, 0, 0)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_tables_fit_the_text_block(template):
    for table in Document(template).tables:
        widths = table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")
        assert sum(int(w) for w in widths) / 567 <= TEXT_BLOCK_CM + 0.01, template.name


def test_a_built_note_uses_the_styles_and_carries_its_properties(run, tmp_path):
    out = tmp_path / "note.docx"
    build(run, EXAMPLE, out)
    doc = Document(out)
    by_style = {}
    for paragraph in doc.paragraphs:
        if paragraph.text.strip():
            by_style.setdefault(paragraph.style.name, paragraph.text)
    assert by_style["Заголовок документа"] == "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА"
    assert by_style["Текст документа"].startswith("В администрацию муниципального образования Кавказский район")
    topics = doc.tables[0]
    numbers = [cell.paragraphs[0] for cell in topics.rows[1].cells[2:]]
    assert [p.style.name for p in numbers] == ["Число в таблице"] * 3
    assert doc.styles["Число в таблице"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    props = doc.core_properties
    assert props.title == ("ПОЯСНИТЕЛЬНАЯ ЗАПИСКА к отчету о работе с обращениями граждан в муниципальном "
                           "образовании Кавказский район за 1 полугодие 2021 г.")
    assert props.author == "Администрация муниципального образования Кавказский район"
    assert props.created.date() == props.modified.date() == datetime.date.today()
    assert props.category == ""


def test_template_check_warns_of_a_template_in_another_language(run, tmp_path):
    template = tmp_path / "english.docx"
    doc = Document()
    doc.add_paragraph("{{ municipality.name }}")
    doc.save(template)
    checked = run("template", "check", template)
    assert (checked.exit_code, checked.stdout) == (0, "ok\n")
    assert checked.stderr == (
        f"{template}:0:0: предупреждение: текст шаблона размечен как написанный на языке en-US, а не на русском: "
        "Word проверит орфографию не по-русски и не расставит переносы; в Word: Главная → Стили → «Обычный» → "
        "Изменить → Формат → Язык → русский, «Использовать по умолчанию»\n")
