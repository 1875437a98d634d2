"""The bundled templates and what is built from them: named styles and no direct formatting,
Russian by default, tables inside the text block, figures right-aligned, document properties."""
from __future__ import annotations

import datetime
import shutil

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from conftest import EXAMPLE, ROOT, build, copy_of, pdf_pages

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
TEXT_BLOCK_CM = 16.0  # A4 21 cm less the margins of 3 and 2 cm


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_bundled_templates_are_styled_not_formatted(template):
    doc = Document(template)
    body = doc.element.body
    # A paragraph says only which style it has (and the executor's where its frame is: LibreOffice
    # ignores a frame a style defines); a run at most which character style.
    assert body.xpath(".//w:pPr/*[not(self::w:pStyle) and not(self::w:sectPr) and not(self::w:framePr)]") == []
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


EXECUTOR = "executor:\n  name: Иванова Мария Петровна\n  phone: 8 (86138) 2-00-00\n"


def _with_executor(example):
    example.write_text(example.read_text("utf-8") + EXECUTOR, "utf-8")
    return example


def test_executor_is_framed_at_the_bottom_left_in_a_smaller_font(run, tmp_path, example):
    out = tmp_path / "note.docx"
    text = build(run, _with_executor(example), out)
    assert text.rstrip().endswith("Исполнитель: Иванова Мария Петровна, тел. 8 (86138) 2-00-00")
    doc = Document(out)
    last = [p for p in doc.paragraphs if p.text.strip()][-1]
    assert last.style.name == "Исполнитель" and last.style.font.size.pt == 10
    frame = last._p.pPr.find(qn("w:framePr"))
    assert (frame.get(qn("w:yAlign")), frame.get(qn("w:xAlign")), frame.get(qn("w:vAnchor"))) == \
        ("bottom", "left", "margin")


def test_check_warns_of_a_note_without_signature(run, tmp_path, example):
    text = example.read_text("utf-8")
    start = text.index("signature:")
    end = text.index("\n", text.index("name:", start))
    example.write_text(text[:start] + text[end + 1:], "utf-8")
    checked = run("check", example)
    assert (checked.exit_code, checked.stdout) == (0, "ok\n")
    assert checked.stderr == (f"{example}:1:1: предупреждение: нет подписи (блок signature: — должность и "
                              "фамилия): документ выйдет неподписанным\n")


@pytest.mark.pdf
@pytest.mark.parametrize("name", ["kavkazsky-raion", "pogranichny-okrug"])
def test_in_the_pdf_pages_are_full_and_the_executor_is_at_the_bottom_left(run, tmp_path, example, name):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    source = _with_executor(example if name == "kavkazsky-raion" else copy_of(ROOT / "data" / name / "2024-H1.yaml",
                                                                             tmp_path))
    out = tmp_path / "note.docx"
    assert run("build", source, "-o", out, "--pdf").exit_code == 0
    pages = pdf_pages(out.with_suffix(".pdf"))
    for height, words in pages[:-1]:
        assert max(y for _, y, _ in words) > height * 0.75  # no page but the last a quarter blank
    height, words = pages[-1]
    executor = [(x, y) for x, y, word in words if word == "Исполнитель:"]
    assert len(executor) == 1
    x, y = executor[0]
    assert y > height - 72 * 2.5 / 2.54 and x < 72 * 3.5 / 2.54  # in the bottom margin's reach, at the left
