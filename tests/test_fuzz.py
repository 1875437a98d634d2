"""Property-based fuzzing over mutations of the example files (fixed seed, bounded budget):
whatever a file contains, `check` ends in `ok` or located messages, never a traceback; what
`check` accepts, `build` builds, with every paragraph the template renders and nothing written
on failure."""
from __future__ import annotations

import re
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from click.testing import CliRunner
from docx import Document
from docxtpl import DocxTemplate
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_hostile_files import HEADER, workbook

from conftest import DATA
from generator.cli.commands import main
from generator.core.errors import Problem, ZapiskaError
from generator.core.model import Report
from generator.note.build import build
from generator.register import extent, table
from generator.register.mapping import load_map
from generator.store import prescan, quick
from generator.store.load import load, load_model
from generator.store.reader import parse_file
from generator.store.roundtrip import RoundTrip, dump

pytestmark = pytest.mark.slow  # hundreds of generated files checked and built

# The current files of the examples, each beside its previous year's file.
EXAMPLES = sorted(path for path in DATA.glob("*/*.yaml")
                  if not (path.parent / f"{int(path.stem[:4]) + 1}{path.stem[4:]}.yaml").exists())

# What a tired clerk, another program or a hostile editor puts where a value belongs.
TOKENS = ["0001", "yes", "no", "on", ".nan", "-.inf", "28.10", "2017-02-30", "2021-13-01", "!!int abc",
          "!!bool maybe", "!!timestamp foo", '"\\uD800"', '"\\x01"', '"\\uFFFF"', "-5", "12,5", "1e3", "0x1F",
          "1_000", "~", "''", "[a", "{", "? [a, b]", "*alias", "&a x", "9" * 5000, "'=HYPERLINK(\"x\")'",
          "'{{ 7 * 7 }}'", "'{% for i in range(10**9) %}'", "'</w:t></w:r></w:p><w:p>'", "'<w:p'",
          "|\n  две\n  строки", ">-", "\"незакрытая", "2021-H1", "null", "[]", "{}", "- x"]
ODD_CHARACTERS = ["\t", "\x00", "\x1f", "\x7f", "\u2028", "\ufeff", "\ud800", ":", "#", "\"", "'", "{", "-", "\n"]


@st.composite
def mutated(draw: st.DrawFn, values_only: bool = False) -> tuple[Path, str]:
    """An example file (its own or its previous year's) with one to three mutations."""
    current = draw(st.sampled_from(EXAMPLES))
    path = current if values_only else draw(st.sampled_from([current, *current.parent.glob("*.yaml")]))
    lines = path.read_text(encoding="utf-8").splitlines()
    kinds = ["value"] if values_only else ["value", "delete", "duplicate", "truncate", "character", "indent"]
    for _ in range(draw(st.integers(1, 3))):
        kind, i = draw(st.sampled_from(kinds)), draw(st.integers(0, len(lines) - 1))
        if kind == "value" and ":" in lines[i]:
            value = draw(st.sampled_from(TOKENS) | st.text(max_size=12))
            lines[i] = lines[i].split(":", 1)[0] + ": " + value
        elif kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "truncate":
            lines = lines[:i] + [lines[i][:draw(st.integers(0, len(lines[i])))]]
        elif kind == "character":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(ODD_CHARACTERS) | st.characters()) + lines[i][at:]
        elif kind == "indent":
            lines[i] = "  " + lines[i] if draw(st.booleans()) else lines[i].lstrip()
    return path, "\n".join(lines) + "\n"


def copied(folder: Path, path: Path, text: str) -> Path:
    """The example's folder in `folder` with `path` replaced by `text`; the current file."""
    target = Path(shutil.copytree(path.parent, folder / path.parent.name))
    (target / path.name).write_bytes(text.encode("utf-8", "surrogatepass"))
    return next(target / current.name for current in EXAMPLES if current.parent == path.parent)


def located(problems: list[Problem], folder: Path) -> bool:
    return bool(problems) and all(Path(str(p.file)).is_relative_to(folder) and p.line >= 0 and p.column >= 0
                                  and p.message for p in problems)


FUZZ = settings(derandomize=True, database=None, deadline=timedelta(seconds=10),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@settings(FUZZ, max_examples=200)
@given(mutated())
def test_check_never_crashes(case):
    with tempfile.TemporaryDirectory() as folder:
        try:
            load(copied(Path(folder), *case))
        except ZapiskaError as exc:
            event("refused by check")
            assert located(exc.problems, Path(folder)), exc.problems


BUILD_XML = DocxTemplate.build_xml


def _paragraphs(xml: str) -> int:
    return len(re.findall(r"<w:p[\s>/]", xml))


@settings(FUZZ, max_examples=15)
@given(case=mutated(values_only=True))
def test_what_check_accepts_builds_whole(case):
    rendered: list[str] = []

    def spy(self, *args):  # the body's XML as Jinja rendered it, before docxtpl reads it back
        rendered.append(BUILD_XML(self, *args))
        return rendered[-1]

    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder, patch.object(DocxTemplate, "build_xml", spy):
        file, out = copied(Path(folder), *case), Path(folder) / "out" / "note.docx"
        if runner.invoke(main, ["check", str(file)], catch_exceptions=False).exit_code:
            event("refused by check")
            return
        event("built")
        result = runner.invoke(main, ["build", str(file), "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, f"check accepted the file, build refused it: {result.stderr}"
        body = Document(out).element.body
        assert len(body.findall(".//{*}p")) == _paragraphs(rendered[-1])


@settings(FUZZ, max_examples=6)
@given(case=mutated(values_only=True), token=st.sampled_from(TOKENS[20:]))
def test_a_failed_build_writes_nothing(case, token):
    # a template that puts the token where a value would go, raw: bad markup must fail whole
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out" / "note.docx"
        try:
            loaded = load(copied(Path(folder), *case))
        except ZapiskaError:
            event("refused by check")
            return
        template = Path(folder) / "t.docx"
        doc = Document()
        doc.add_paragraph("{{ municipality.name }}")
        doc.add_paragraph("{{ '%s' | safe }}" % token.replace("\\", "\\\\").replace("'", "\\'"))
        doc.add_paragraph("Конец")
        doc.save(template)
        try:
            build(loaded, out, template)
        except ZapiskaError:
            event("build refused")
            assert not out.parent.exists() or list(out.parent.iterdir()) == []
            return
        event("built")
        assert Document(out).paragraphs[-1].text == "Конец"


# --- every reader, one verdict -------------------------------------------------------

# What an attack or a text editor adds: references, merge keys, depth, a Tab before a comment.
HOSTILE = ["&k {a: 1}", "{<<: {a: 1}}", "[" * 40 + "]" * 40, "295\t# комментарий", "*k", "'a'\t# c", "a\tb",
           "&k 1", "{a: &k [1], b: *k}", "- &x a\n- *x"]
PRESCAN = (prescan.DEPTH, prescan.ALIAS, prescan.ANCHOR, prescan.MERGE)


def verdict(call) -> list[str] | None:
    try:
        call()
    except ZapiskaError as exc:
        return sorted(map(str, exc.problems))
    return None


@st.composite
def hostile(draw: st.DrawFn) -> str:
    """An example file with one to three mutations and, often, one of the HOSTILE values."""
    path, text = draw(mutated())
    lines = text.splitlines()
    if draw(st.booleans()):
        i = draw(st.integers(0, len(lines) - 1))
        if ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + draw(st.sampled_from(HOSTILE))
    return "\n".join(lines) + "\n"


@settings(FUZZ, max_examples=150)
@given(hostile())
def test_every_reader_gives_the_same_verdict(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2021-H1.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        read = verdict(lambda: parse_file(path))
        quick_report = quick.read(path)
        if quick_report is not None:  # the quick path accepts only what the located one accepts
            event("quick")
            assert read is None and load_model(path, Report) == quick_report
        if read is not None and any(p.endswith(PRESCAN) for p in read):
            event("refused before composing")
            assert quick_report is None and quick.name(path) is None
            assert verdict(lambda: RoundTrip().read(path)) == read
            assert verdict(lambda: load_map(path)) == read
            return
        if read is None:
            try:
                report = load_model(path, Report)
            except ZapiskaError:
                return
            event("written back")
            # the round-trip writer: a file check accepts, a save writes back as the same report
            written = Path(folder) / "written" / path.name
            written.parent.mkdir()
            written.write_text(dump(RoundTrip().read(path).doc), encoding="utf-8")
            assert load_model(written, Report) == report


@settings(FUZZ, max_examples=60)
@given(cells=st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)), min_size=1, max_size=4),
       csv=st.binary(max_size=400))
def test_the_register_reader_reads_or_refuses(cells, csv):
    with tempfile.TemporaryDirectory() as folder, patch.object(extent, "MAX_CELLS", 20_000):
        rows = "".join(f'<row r="{r}"><c r="{extent._letters(c)}{r}"><v>{i}</v></c></row>'  # noqa: SLF001
                       for i, (r, c) in enumerate(sorted(cells)))
        for name, content in (("r.xlsx", workbook(HEADER + rows)), ("r.csv", csv)):
            path = Path(folder) / name
            path.write_bytes(content)
            try:
                found = table.read(path)
            except ZapiskaError as exc:
                event(f"{name}: refused")
                assert all(str(p).startswith(name) or "не найдена строка заголовков" in str(p) for p in exc.problems)
                continue
            event(f"{name}: read")
            assert isinstance(found.rows, list)
