"""docs/templates.md: every recipe, done the way the department is told to, gives the text
the docs promise. The templates, data and results are read from the docs themselves."""
from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from conftest import DATA, ROOT, build, chart_parts, plain, write_template
from generator.note import charts

DOCS = ROOT / "docs" / "templates.md"
# <!-- recipe NAME: ROLE [ARGUMENT] --> right before a fenced block
_BLOCK = re.compile(r"<!-- recipe ([\w-]+): (\w+)(?: (\S+))? -->\n```\w*\n(.*?)```", re.DOTALL)
BLOCKS = [(name, role, argument, body) for name, role, argument, body in _BLOCK.findall(DOCS.read_text("utf-8"))]


def blocks(name: str, role: str) -> list[tuple[str, str]]:
    found = [(argument, body) for n, r, argument, body in BLOCKS if (n, r) == (name, role)]
    assert found, f"docs/templates.md: нет блока {role} в рецепте {name}"
    return found


def block(name: str, role: str) -> tuple[str, str]:
    (found,) = blocks(name, role)
    return found


def data(folder: str) -> Path:
    return DATA / folder / "2021-H1.yaml"


def built_with(run, source: Path, template: Path, out: Path) -> str:
    """The document built with the template, as the docs show it (a non-breaking space looks like
    any other)."""
    return plain(build(run, source, out, "-t", template))


def assert_checks(run, template: Path) -> None:
    result = run("template", "check", template)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok\n", "")


def paragraph_with(doc, text: str):
    (found,) = [p for p in doc.paragraphs if text in p.text]
    return found


def test_every_recipe_has_a_test():
    assert {name for name, *_ in BLOCKS} == {
        "sentence", "section", "conditional", "zero-one", "table", "signature", "signature-line", "chart", "check"}


def test_recipe_sentence(run, tmp_path):
    (source, before), (_, after) = block("sentence", "before"), block("sentence", "after")
    template = tmp_path / "template.docx"
    run("template", "new", template, "--from", source)
    doc = Document(template)
    (run_,) = [r for p in doc.paragraphs for r in p.runs if before.strip() in r.text]
    run_.text = run_.text.replace(before.strip(), after.strip())
    doc.save(template)
    assert_checks(run, template)
    folder, expected = block("sentence", "result")
    assert expected in built_with(run, data(folder), template, tmp_path / "out.docx")


def test_recipe_section(run, tmp_path):
    source, added = block("section", "add")
    _, removed = block("section", "remove")
    template = tmp_path / "template.docx"
    run("template", "new", template, "--from", source)
    doc = Document(template)
    # Add: Enter at the end of the paragraph on written appeals, then type the new one.
    anchor = paragraph_with(doc, "{{ written.total")
    new = copy.deepcopy(anchor._p)
    anchor._p.addnext(new)
    for run_ in new.findall(".//{*}r")[1:]:
        new.remove(run_)
    new.find(".//{*}t").text = added.strip()
    # Remove: the paragraph together with its {%p if %} and {%p endif %}.
    lines = removed.strip().splitlines()
    texts = [p.text for p in doc.paragraphs]
    start = next(i for i in range(len(texts)) if texts[i:i + len(lines)] == lines)
    for paragraph in doc.paragraphs[start:start + len(lines)]:
        paragraph._p.getparent().remove(paragraph._p)
    doc.save(template)
    assert_checks(run, template)
    folder, expected = block("section", "result")
    text = built_with(run, data(folder), template, tmp_path / "out.docx")
    assert expected in text
    assert "Виртуальная приемная" not in text


@pytest.mark.parametrize("name", ["conditional", "zero-one", "table", "signature-line"])
def test_recipes_with_a_template(run, tmp_path, name):
    _, lines = block(name, "template")
    template = write_template(tmp_path / "template.docx", lines.strip().splitlines())
    assert_checks(run, template)
    for folder, expected in blocks(name, "result"):
        assert built_with(run, data(folder), template, tmp_path / f"{folder}.docx") == expected


def test_recipe_signature(run, tmp_path):
    folder, yaml = block("signature", "data")
    copied = tmp_path / folder
    shutil.copytree(DATA / folder, copied)
    source = copied / "2021-H1.yaml"
    source.write_text(source.read_text("utf-8") + "\n" + yaml, "utf-8")
    _, expected = block("signature", "result")
    assert plain(build(run, source, tmp_path / "out.docx")).endswith(expected)


def test_recipe_chart(run, tmp_path, monkeypatch):
    folder = tmp_path / "charts"
    shutil.copytree(charts.CHARTS_DIR, folder)
    name, spec = block("chart", "chart")
    (folder / f"{name}.yaml").write_text(spec, "utf-8")
    monkeypatch.setattr(charts, "CHARTS_DIR", folder)
    _, lines = block("chart", "template")
    template = write_template(tmp_path / "template.docx", lines.strip().splitlines())
    assert_checks(run, template)
    listed = run("template", "vars").stdout.splitlines()
    assert ("charts.obrashcheniya — Диаграмма «Письменные обращения и «горячая линия»» "
            "(charts/obrashcheniya.yaml); пусто, если цифр нет") in listed
    data_folder, expected = block("chart", "result")
    out = tmp_path / "out.docx"
    assert built_with(run, data(data_folder), template, out) == expected
    assert len(chart_parts(out)) == 1


def test_recipe_check(run, tmp_path, monkeypatch):
    _, lines = block("check", "template")
    name, expected = block("check", "check")
    monkeypatch.chdir(tmp_path)
    write_template(tmp_path / name, lines.strip().splitlines())
    result = run("template", "check", name)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected)
