"""Headers and footers of a template are Jinja too: `template check` and `build` name a mistake
there as the header or footer it is in, never as a paragraph of the body."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from conftest import EXAMPLE, GORYACHIY_KLYUCH, write_template
from generator.render.diagnostics import FOOTNOTES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_parts(path: Path, header: str = "", footer: str = "", first_page_header: str = "") -> Path:
    """A one-paragraph template with this header and footer text; `first_page_header` goes into
    a second section, whose first page has a header of its own."""
    write_template(path, ["Поступило {{ written.total }}."])
    doc = Document(path)
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    if first_page_header:
        section = doc.add_section()
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        section.first_page_header.paragraphs[0].text = first_page_header
    doc.save(path)
    return path


def header_and_footer_text(path: Path) -> tuple[str, str]:
    section = Document(path).sections[0]
    return section.header.paragraphs[0].text, section.footer.paragraphs[0].text


MISTAKES = [  # (header, footer, what check says, what build says)
    ("Записка {{ perod.za }}", "",
     "верхний колонтитул: неизвестная переменная «perod.za»; возможно, имелось в виду «period.za» — "
     "в абзаце «Записка {{ perod.za }}»",
     "верхний колонтитул: неизвестная переменная или поле «perod» (список: zapiska template vars) — "
     "в абзаце «Записка {{ perod.za }}»"),
    ("", "Стр. {% if has_previous %}",
     "нижний колонтитул: ошибка в тегах шаблона: блок {% if %} не закрыт: нет {% endif %} — "
     "в абзаце «Стр. {% if has_previous %}»",
     "нижний колонтитул: ошибка в тегах шаблона: блок {% if %} не закрыт: нет {% endif %} — "
     "в абзаце «Стр. {% if has_previous %}»"),
    ("", "{{ period.__class__ }}",
     "нижний колонтитул: шаблону запрещено обращаться к внутренностям Python («__class__»): такие шаблоны "
     "не заполняются — в абзаце «{{ period.__class__ }}»",
     "нижний колонтитул: шаблону запрещено обращаться к внутренностям Python («__class__»): такие шаблоны "
     "не заполняются — в абзаце «{{ period.__class__ }}»"),
]


@pytest.mark.parametrize("header, footer, checked, built", MISTAKES)
def test_a_mistake_in_a_header_or_footer_is_named_there_by_check_and_build(run, tmp_path, header, footer,
                                                                           checked, built):
    path = with_parts(tmp_path / "t.docx", header, footer)
    result = run("template", "check", path)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"{path}:0:0: {checked}\n")
    out = tmp_path / "out.docx"
    result = run("build", EXAMPLE, "-t", path, "-o", out)
    assert (result.exit_code, result.stderr) == (1, f"{path}:0:0: {built}\n")
    assert not out.exists()


def test_check_reports_every_part_at_once(run, tmp_path):
    path = with_parts(tmp_path / "t.docx", "{{ writen.total }}", "{% endif %}")
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:0:0: нижний колонтитул: ошибка в тегах шаблона: лишний тег {{% endif %}}: блок, который он "
        "закрывает, не открыт — в абзаце «{% endif %}»",
        f"{path}:0:0: верхний колонтитул: неизвестная переменная «writen.total»; возможно, имелось в виду "
        "«written.total» — в абзаце «{{ writen.total }}»",
    ]


def test_a_header_of_a_later_section_names_its_section_and_page(run, tmp_path):
    path = with_parts(tmp_path / "t.docx", header="{{ period.title }}", first_page_header="{{ written.totl }}")
    where = f"{path}:0:0: верхний колонтитул первой страницы раздела 2: "
    checked = run("template", "check", path)
    assert (checked.exit_code, checked.stderr) == (1, where + "неизвестное поле «written.totl»; возможно, имелось "
                                                   "в виду «written.total» — в абзаце «{{ written.totl }}»\n")
    built = run("build", EXAMPLE, "-t", path, "-o", tmp_path / "out.docx")
    assert (built.exit_code, built.stderr) == (1, where + "неизвестная переменная или поле «totl» (список: zapiska "
                                               "template vars) — в абзаце «{{ written.totl }}»\n")


def test_good_header_and_footer_are_filled(run, tmp_path):
    path = with_parts(tmp_path / "t.docx", "Записка {{ period.za }}",
                      "Всего {{ written.total | agree('обращение') }}")
    result = run("template", "check", path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok\n", "")
    out = tmp_path / "out.docx"
    assert run("build", EXAMPLE, "-t", path, "-o", out).exit_code == 0
    assert header_and_footer_text(out) == ("Записка за 1\xa0полугодие 2021 года", "Всего 295 обращений")


def with_footnote(path: Path, text: str) -> Path:
    """A template whose footnotes part holds one footnote with `text` (as Word writes it, declaration first)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    write_template(path, ["Поступило {{ written.total }}."])
    doc = Document(path)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:footnotes xmlns:w="{W}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES, xml.encode(), doc.part.package)
    doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    doc.save(path)
    return path


def test_footnotes_are_checked_and_named(run, tmp_path):
    path = with_footnote(tmp_path / "t.docx", "По данным {{ perod.za }}")
    checked = run("template", "check", path)
    assert (checked.exit_code, checked.stderr) == (1, f"{path}:0:0: сноски: неизвестная переменная «perod.za»; "
                                                   "возможно, имелось в виду «period.za» — в абзаце «По данным "
                                                   "{{ perod.za }}»\n")
    built = run("build", EXAMPLE, "-t", path, "-o", tmp_path / "out.docx")
    assert (built.exit_code, built.stderr) == (1, f"{path}:0:0: сноски: неизвестная переменная или поле «perod» "
                                               "(список: zapiska template vars) — в абзаце «По данным "
                                               "{{ perod.za }}»\n")


def test_a_good_footnote_is_filled(run, tmp_path):
    path = with_footnote(tmp_path / "t.docx", "Данные {{ period.za }}")
    assert run("template", "check", path).stdout == "ok\n"
    out = tmp_path / "out.docx"
    assert run("build", EXAMPLE, "-t", path, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as docx:
        assert "Данные за 1\xa0полугодие 2021 года" in docx.read("word/footnotes.xml").decode()


def test_a_mistake_in_the_document_properties_is_named_there(run, tmp_path):
    path = with_parts(tmp_path / "t.docx", footer="{{ period.za }}")
    doc = Document(path)
    doc.core_properties.title = "Записка {{ perod.za }}"
    doc.save(path)
    message = ("свойства документа (Файл → Сведения): неизвестная переменная или поле «perod» "
               "(список: zapiska template vars)")
    built = run("build", EXAMPLE, "-t", path, "-o", tmp_path / "out.docx")
    assert (built.exit_code, built.stderr) == (1, f"{path}:0:0: {message}\n")
    checked = run("template", "check", path)
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[0] == f"{path}:0:0: с цифрами из {EXAMPLE}: {message}"


def with_section_break(path: Path, lines: list[str], on: int, header: str = "Раздел 2 {{ period.za }}") -> Path:
    """A template of `lines` with a section break where Word puts it, on paragraph `on` (from 0):
    the paragraphs after it are section 2, landscape, with `header` for its own header."""
    write_template(path, lines)
    doc = Document(path)
    doc.add_section()  # python-docx ends section 1 on a new empty paragraph: move the break up onto `on`
    carrier = doc.paragraphs[-1]._p
    doc.paragraphs[on]._p.get_or_add_pPr().append(carrier.pPr.sectPr)
    carrier.getparent().remove(carrier)
    first, second = doc.sections
    first.header.paragraphs[0].text = "Раздел 1"
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = header
    second.orientation, second.page_width, second.page_height = WD_ORIENT.LANDSCAPE, first.page_height, first.page_width
    doc.save(path)
    return path


def sections_of(path: Path) -> list[tuple[str, str, list[str]]]:
    """Each section of a document: its header, its orientation and the text of its paragraphs."""
    doc = Document(path)
    texts: list[list[str]] = [[]]
    for paragraph in doc.paragraphs:
        if paragraph.text:
            texts[-1].append(paragraph.text)
        if paragraph._p.find(f"{{{W}}}pPr/{{{W}}}sectPr") is not None:
            texts.append([])
    return [(section.header.paragraphs[0].text, section.orientation.name, text)
            for section, text in zip(doc.sections, texts, strict=True)]


POS = ["Начало.", "{%p if pos %}", "ПОС: {{ pos }}.", "{%p else %}", "ПОС нет.", "{%p endif %}", "Конец."]
SECTIONS = [  # (the paragraph of POS the break is on, the data, the text of the two sections)
    (5, EXAMPLE, (["Начало.", "ПОС: 105."], ["Конец."])),
    (5, GORYACHIY_KLYUCH, (["Начало.", "ПОС нет."], ["Конец."])),
    (1, EXAMPLE, (["Начало."], ["ПОС: 105.", "Конец."])),
    (1, GORYACHIY_KLYUCH, (["Начало."], ["ПОС нет.", "Конец."])),
    (3, EXAMPLE, (["Начало.", "ПОС: 105."], ["Конец."])),
    (3, GORYACHIY_KLYUCH, (["Начало."], ["ПОС нет.", "Конец."])),
]


@pytest.mark.parametrize("on, data, texts", SECTIONS)
def test_a_section_break_on_a_p_tag_is_kept(run, tmp_path, on, data, texts):
    # docxtpl drops a {%p %} paragraph whole: the break is kept in an empty paragraph of its own,
    # on the side of the tag where it is whatever the condition.
    path = with_section_break(tmp_path / "t.docx", POS, on)
    assert run("template", "check", path).stdout == "ok\n"
    out = tmp_path / "out.docx"
    assert run("build", data, "-t", path, "-o", out).exit_code == 0
    assert sections_of(out) == [("Раздел 1", "PORTRAIT", texts[0]),
                                ("Раздел 2 за 1\xa0полугодие 2021 года", "LANDSCAPE", texts[1])]


def test_a_kept_section_break_shifts_no_paragraph_number(run, tmp_path):
    lines = ["{%p if pos %}", "ПОС: {{ pos }}.", "{%p endif %}", "Итог: {{ pos // 0 }}."]
    plain = write_template(tmp_path / "plain.docx", lines)
    failed = run("build", EXAMPLE, "-t", plain, "-o", tmp_path / "out.docx").stderr
    assert "в абзаце «Итог: {{ pos // 0 }}.»" in failed
    for on in (0, 2):  # before the opening tag, after the closing one
        path = with_section_break(tmp_path / f"t{on}.docx", lines, on)
        built = run("build", EXAMPLE, "-t", path, "-o", tmp_path / "out.docx")
        assert built.stderr == failed.replace(str(plain), str(path))


def test_a_footnote_is_filled_once_whatever_the_number_of_sections(run, tmp_path):
    # docxtpl fills the footnotes once a section: {_{, a literal {{, would be a tag the second time
    path = with_footnote(tmp_path / "t.docx", "Метка пишется так: {_{ written.total }_}")
    doc = Document(path)
    doc.add_section()
    doc.save(path)
    out = tmp_path / "out.docx"
    assert run("build", EXAMPLE, "-t", path, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as docx:
        assert "Метка пишется так: {{ written.total }}" in docx.read("word/footnotes.xml").decode()


def test_build_numbers_sections_as_check_does_when_a_section_break_sits_on_a_p_tag(run, tmp_path):
    # The header is in section 2 of the template, whatever sections the filled body has.
    path = with_section_break(tmp_path / "t.docx", ["{%p if has_previous %}", "Было {{ written.total.previous }}.",
                                                    "{%p endif %}", "Поступило {{ written.total }}."], 2,
                              header="{{ perod.za }}")
    where = f"{path}:0:0: верхний колонтитул раздела 2: "
    assert run("template", "check", path).stderr.startswith(where)
    built = run("build", EXAMPLE, "-t", path, "-o", tmp_path / "out.docx")
    assert (built.exit_code, built.stderr) == (1, where + "неизвестная переменная или поле «perod» (список: zapiska "
                                               "template vars) — в абзаце «{{ perod.za }}»\n")


def test_check_warns_of_a_section_break_a_condition_decides_on(run, tmp_path):
    path = with_section_break(tmp_path / "t.docx", POS, 2)
    checked = run("template", "check", path)
    assert (checked.exit_code, checked.stdout) == (0, "ok\n")
    assert checked.stderr == (
        f"{path}:2:1: предупреждение: разрыв раздела стоит в абзаце внутри условия {{% if %}}: когда условие не "
        "выполнится, абзац не попадет в документ вместе с разрывом, и раздел 1 сольется со следующим (возьмет его "
        "колонтитулы, ориентацию и поля страниц); если раздел нужен всегда, поставьте разрыв в отдельный пустой "
        "абзац после {%p endif %} — в абзаце «ПОС: {{ pos }}.{% else %}»\n")
    out = tmp_path / "out.docx"  # as warned: without ПОС the document has section 2 only
    assert run("build", GORYACHIY_KLYUCH, "-t", path, "-o", out).exit_code == 0
    assert sections_of(out) == [("Раздел 2 за 1\xa0полугодие 2021 года", "LANDSCAPE",
                                 ["Начало.", "ПОС нет.", "Конец."])]


def test_check_warns_of_a_section_break_a_loop_repeats(run, tmp_path):
    path = with_section_break(tmp_path / "t.docx", ["{%p for t in topics %}", "Тема {{ t.name }}.", "{%p endfor %}",
                                                    "Конец."], 1)
    checked = run("template", "check", path)
    assert (checked.exit_code, checked.stdout) == (0, "ok\n")
    assert checked.stderr == (
        f"{path}:1:1: предупреждение: разрыв раздела стоит в абзаце внутри цикла {{% for %}}: раздел 1 повторится "
        "столько раз, сколько проходов у цикла; если нужен один разрыв, поставьте его в отдельный пустой абзац после "
        "{%p endfor %} — в абзаце «Тема {{ t.name }}.{% endfor %}»\n")
