"""Shared helpers: the example data and a builder of its variants, a CLI runner, text read back
from a .docx, and the web form served from a copy of data/."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from generator.cli.commands import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXAMPLE = DATA / "kavkazsky-raion" / "2021-H1.yaml"
GORYACHIY_KLYUCH = DATA / "goryachiy-klyuch" / "2021-H1.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"
NB = "\u00a0"  # the non-breaking space the documents keep between a number and its word


def plain(text: str) -> str:
    """Text with its non-breaking spaces as plain ones, for comparing with a seed document."""
    return text.replace(NB, " ")


def docx_text(path: Path) -> str:
    """The document's text in reading order: paragraphs ("[диаграмма]" for a picture), and
    table rows as cells joined by " | "."""
    doc = Document(path)
    lines = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            drawn = any(e.tag.endswith("}drawing") for e in block.iter())
            lines.append("[диаграмма]" if drawn and not text else text)
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [c for c in row if c.tag.endswith("}tc")]
                    lines.append(" | ".join(
                        "\n".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                  for p in c if p.tag.endswith("}p"))
                        for c in cells))
    return "\n".join(lines).strip() + "\n"


def _cells(row: str) -> list[str]:
    """"| a | {{ x | f }} |" -> ["a", "{{ x | f }}"]: a bar followed by the end of a tag (before
    any new tag opens) is a filter, not a border between cells."""
    return [cell.strip() for cell in re.split(r"\|(?![^{]*[}%]\})", row.strip()[1:-1])]


def write_template(path: Path, lines: list[str]) -> Path:
    """A small .docx template: a paragraph a line; consecutive lines "| a | b |" make a table.
    Marked Russian, as Word on a Russian system marks it (template check warns of another language)."""
    doc = Document()
    doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").set(
        qn("w:val"), "ru-RU")
    rows: list[list[str]] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            rows.append(_cells(line))
            continue
        if rows:
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
            rows = []
        if line:
            doc.add_paragraph(line)
    doc.save(path)
    return path


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of a text file that holds `text`."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def retype(path: Path, old: str, new: str) -> int:
    """Retype text in a file as a clerk would (a typo, a wrong key, broken YAML): replace the first
    `old`, failing when it is not there; return the 1-based line where it began."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


DROP = object()  # with_figures: remove the key


def with_figures(path: Path, changes: dict[str, object], to: Path | None = None) -> Path:
    """The data file with some fields set by their path ("written.total", "topics.4.subtopics.0.count";
    missing sections are made) or removed (DROP), written to `to` (by default over itself)."""
    yaml = YAML()  # round trip: the file's comments, quotes, order and indents stay
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long texts are not rewrapped
    data = yaml.load(path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        *parents, last = [int(step) if step.isdigit() else step for step in dotted.split(".")]
        node = data
        for step in parents:
            if not isinstance(step, int) and step not in node:
                node[step] = CommentedMap()
            node = node[step]
        if value is DROP:
            del node[last]
        else:
            node[last] = value
    target = to or path
    with target.open("w", encoding="utf-8") as file:
        yaml.dump(data, file)
    return target


def images(path: Path) -> list[str]:
    """Names of the pictures stored in the .docx."""
    return [rel.target_ref for rel in Document(path).part.rels.values() if "image" in rel.reltype]


def pdf_pages(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page of the PDF (pdftotext -bbox): its height, and its words with their left edge and
    bottom."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page[1])
        pages.append((float(page[0]), [(float(x), float(y), w) for x, y, w in words]))
    return pages


def chart_parts(path: Path) -> list[str]:
    """Names of the native charts the document's body shows (word/charts/chartN.xml)."""
    return [rel.target_ref for rel in Document(path).part.rels.values() if rel.reltype.endswith("/chart")]


def build(run, source: Path, out: Path, *options: object) -> str:
    """`zapiska build SOURCE -o OUT [options]` that must succeed: the document's text."""
    result = run("build", source, "-o", out, *options)
    assert result.exit_code == 0, result.output
    return docx_text(out)


@pytest.fixture
def run():
    """Invoke the CLI: run("check", path) -> click Result (exit_code, stdout, stderr, output)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def copy_of(source: Path, into: Path) -> Path:
    """A writable copy of the data file's folder (last year's file beside it) in `into`: the
    copied file."""
    folder = Path(shutil.copytree(source.parent, into / source.parent.name))
    return folder / source.name


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A writable copy of the Кавказский район folder; returns its 2021-H1.yaml."""
    return copy_of(EXAMPLE, tmp_path)


@pytest.fixture
def gk(tmp_path: Path) -> Path:
    """A writable copy of the Горячий Ключ folder (an act with a date and a number, its template
    named in the data); returns its 2021-H1.yaml."""
    return copy_of(GORYACHIY_KLYUCH, tmp_path)


def form_fields(data, prefix=""):
    """A file's data as the browser sends the form: {"topics.0.count": "35", …}."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in form_fields(value, f"{prefix}{key}.").items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in form_fields(value, f"{prefix}{i}.").items()}
    return {prefix[:-1]: "" if data is None else str(data)}


def digest_of(client, url: str = "/kavkazsky-raion/2021-H1") -> str:
    """The version of the file the form page was made from (its hidden _digest field)."""
    page = client.get(url).get_data(as_text=True)
    return page.split('name="_digest" value="', 1)[1].split('"', 1)[0]


def pytest_collection_modifyitems(config, items):
    """A test marked pdf needs LibreOffice: without soffice it is skipped, not failed."""
    if shutil.which("soffice") is None:
        for item in items:
            if item.get_closest_marker("pdf"):
                item.add_marker(pytest.mark.skip(reason="LibreOffice не установлен"))


def pytest_addoption(parser):
    parser.addoption("--screenshot", default=None, metavar="PNG",
                     help="also save the browser test's screenshot of the filled form here "
                          "(docs/web-form.png)")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ that a test may change."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


@pytest.fixture
def client(data_dir: Path):
    """The web form over the copy of data/, through Flask's test client."""
    from generator.web.app import create_app

    app = create_app(data_dir)
    app.testing = True
    client = app.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as the form's own page sends it
    return client


@pytest.fixture
def served(data_dir: Path):
    """`zapiska serve` on a free localhost port (--port 0) over the copy of data/: its base URL."""
    command = [str(Path(sys.executable).parent / "zapiska"), "serve", "--data", str(data_dir), "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()  # "Форма: http://127.0.0.1:PORT/ (остановить: Ctrl+C)"
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, f"zapiska serve не запустилась: {line}{server.stderr.read() if server.poll() is not None else ''}"
        yield match.group(0)
    finally:
        server.terminate()
        server.wait(timeout=10)


def commands(group, path=()):
    """Every command with the words that call it, those inside groups (zapiska template check) too."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


FORM = "/kavkazsky-raion/2021-H1"  # the sample's form in the web form


def comments(text):
    """The comments of a YAML text, in order."""
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


def two_municipalities(tmp_path: Path) -> Path:
    """A data folder with two copies of the Кавказский район folder, a-raion and b-raion."""
    data = tmp_path / "data"
    for name in ("a-raion", "b-raion"):
        shutil.copytree(EXAMPLE.parent, data / name)
    return data
