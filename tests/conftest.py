"""Shared helpers: the example data, a CLI runner, text read back from a .docx, and the web
form served from a copy of data/."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXAMPLE = DATA / "kavkazsky-raion" / "2021-H1.yaml"
GORYACHIY_KLYUCH = DATA / "goryachiy-klyuch" / "2021-H1.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


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
    """A small .docx template: a paragraph a line; consecutive lines "| a | b |" make a table."""
    doc = Document()
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


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a text file; fail when it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def images(path: Path) -> list[str]:
    """Names of the pictures stored in the .docx."""
    return [rel.target_ref for rel in Document(path).part.rels.values() if "image" in rel.reltype]


@pytest.fixture
def run():
    """Invoke the CLI: run("check", path) -> click Result (exit_code, stdout, stderr, output)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A writable copy of the Кавказский район folder; returns its 2021-H1.yaml."""
    folder = tmp_path / "kavkazsky-raion"
    shutil.copytree(EXAMPLE.parent, folder)
    return folder / EXAMPLE.name


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
