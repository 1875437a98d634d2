"""The standard figures of appeals reporting (municipality kind and region, channels, ССТУ
outcomes, deadlines, receptions, settlements): the data contract and how a document prints them."""
from __future__ import annotations

import re
import zipfile

import pytest

from conftest import ROOT, docx_text
from generator.model import KINDS, Spec, fields


def test_kind_outside_the_list_is_named_with_the_choices(run, example):
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("  name: Кавказский район", "  name: Кавказский район\n  kind: районн"),
                       encoding="utf-8")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == (f"{example}:10:9: вид муниципального образования «районн» не из списка: "
                             f"{', '.join(KINDS)}\n")


def test_every_kind_is_accepted(run, example):
    text = example.read_text(encoding="utf-8")
    for kind in KINDS:
        example.write_text(text.replace("  name: Кавказский район", f"  name: Кавказский район\n  kind: {kind}"),
                           encoding="utf-8")
        assert run("check", example).stdout == "ok\n"


def _set_region(example, lines: str) -> None:
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("  region: Краснодарский край", lines), encoding="utf-8")


@pytest.mark.parametrize("lines, body", [
    ("  region: Тверская область", "администрации Тверской области"),
    ("  region: город Москва\n  region_genitive: города Москвы", "администрации города Москвы"),
    ("", "администрации субъекта Российской Федерации"),
])
def test_the_region_comes_from_the_data(run, example, tmp_path, lines, body):
    _set_region(example, lines)
    result = run("build", example, "-o", tmp_path / "z.docx")
    assert result.exit_code == 0, result.stderr
    text = docx_text(tmp_path / "z.docx")
    assert f"Из {body} в 1 полугодии 2021 года получено 140 обращений" in text
    assert f"На многоканальный круглосуточный телефон {body} за отчетный период" in text
    assert "Краснодар" not in text


REGION = re.compile(r"Краснодар|Кубан|\bкра[яюе]\b")


def _titles(specs: tuple[Spec, ...]) -> list[str]:
    return [title for spec in specs for title in (spec.title, *_titles(spec.children))]


def test_no_region_is_written_into_the_titles_the_code_or_the_bundled_templates():
    # A title may name a region only in its example, after the colon.
    assert [title for title in _titles(fields()) if REGION.search(title.split(": ")[0])] == []
    sources = [path for path in (ROOT / "generator").rglob("*") if path.suffix in (".py", ".html", ".js")]
    for path in [*sources, *(ROOT / "scripts").glob("*.py")]:
        if path.name != "model.py":  # the titles, checked above
            assert not REGION.search(path.read_text("utf-8")), path
    for path in (ROOT / "templates").glob("*.docx"):
        with zipfile.ZipFile(path) as docx:
            assert not REGION.search(docx.read("word/document.xml").decode("utf-8")), path
