"""PDF through LibreOffice: the real conversion read back with poppler, and its failures."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, plain
from generator.core.errors import ExportError
from generator.render import pdf
from generator.render.pdf import to_pdf

NO_LIBREOFFICE = ("для PDF нужен LibreOffice, а он не найден: искали команду soffice в PATH и в {}. "
                  "Установите LibreOffice (libreoffice.org; в Debian и Astra Linux — sudo apt-get install "
                  "--no-install-recommends libreoffice-writer), укажите путь к soffice параметром --soffice "
                  "или в переменной ZAPISKA_SOFFICE, или соберите документ без --pdf\n")

# Sentences of the Кавказский район note that must survive the conversion.
KEY_SENTENCES = [
    "В администрацию муниципального образования Кавказский район в 1 полугодии 2021 года "
    "поступило 295 письменных обращений, что на 172 обращения (36,8 %) меньше, чем за аналогичный "
    "период прошлого года.",
    "В 1 полугодии 2021 года положительно рассмотрено 126 обращений (42,7 % от поступивших), что на 75 обращений "
    "(37,3 %) меньше, чем за аналогичный период прошлого года.",
    "О.М. Ляхов",
]


def pdf_text(path: Path) -> str:
    """The PDF's text with lines joined and non-breaking spaces as plain ones."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(plain(text).split())


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.mark.pdf
def test_build_pdf_holds_the_note(run, tmp_path):
    out = tmp_path / "note.docx"
    result = run("build", EXAMPLE, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out), str(tmp_path / "note.pdf")]
    # tables split under their head, charts only as tall as needed; the 4th page since the note says
    # every topic's share and compares receptions and supported appeals (issue 21, class 13)
    assert pages(tmp_path / "note.pdf") == 4
    text = pdf_text(tmp_path / "note.pdf")
    for sentence in KEY_SENTENCES:
        assert sentence in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.docx", "note.pdf"]  # no temporary left


@pytest.mark.slow
@pytest.mark.pdf
def test_batch_pdf_in_parallel(run, tmp_path):
    data = tmp_path / "data"
    for name in ("kavkazsky-raion", "second-raion"):
        shutil.copytree(EXAMPLE.parent, data / name)
    out = tmp_path / "out"
    result = run("batch", data, "--period", "2021-H1", "-o", out, "-j", "2", "--pdf")
    assert result.exit_code == 0, result.output
    for name in ("kavkazsky-raion", "second-raion"):
        assert KEY_SENTENCES[0] in pdf_text(out / f"{name}-2021-H1.pdf")
    # A PDF deleted since: that report is built again, the other one is skipped.
    (out / "second-raion-2021-H1.pdf").unlink()
    result = run("batch", data, "--period", "2021-H1", "-o", out, "--pdf")
    assert "Итог: собрано 1, без изменений 1, с ошибками 0" in result.stdout
    assert (out / "second-raion-2021-H1.pdf").is_file()


@pytest.mark.parametrize("command", ["build", "batch"])
def test_missing_libreoffice_is_a_clear_message(run, tmp_path, monkeypatch, example, command):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    places = [str(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"),
              str(tmp_path / "opt" / "libreoffice*" / "program" / "soffice")]
    monkeypatch.setattr(pdf, "_places", lambda: places)
    args = [example, "-o", tmp_path / "note.docx"] if command == "build" else \
        [example.parent.parent, "--period", "2021-H1", "-o", tmp_path / "out"]
    result = run(command, *args, "--pdf")
    assert result.exit_code == 1
    assert result.stderr == NO_LIBREOFFICE.format(", ".join(places))
    assert not list(tmp_path.rglob("*.docx"))  # nothing built for nothing


def fake_soffice(tmp_path: Path, monkeypatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def test_hung_libreoffice_is_stopped(tmp_path, monkeypatch):
    # LibreOffice's launcher runs soffice.bin as a child: both must go, or the pipe stays open.
    fake_soffice(tmp_path, monkeypatch, "sleep 30 & wait")
    started = time.monotonic()
    with pytest.raises(ExportError) as caught:
        to_pdf(tmp_path / "note.docx", timeout=1)
    assert time.monotonic() - started < 10
    assert str(caught.value) == f"{tmp_path / 'note.docx'}:0:0: LibreOffice не преобразовал документ в PDF " \
                                "за 1 с и был остановлен"
    assert not (tmp_path / "note.pdf").exists()


def test_failed_conversion_says_what_libreoffice_said(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded'; exit 1")
    with pytest.raises(ExportError) as caught:
        to_pdf(tmp_path / "note.docx")
    assert str(caught.value) == f"{tmp_path / 'note.docx'}:0:0: LibreOffice не смог преобразовать документ " \
                                "в PDF (код 1): Error: source file could not be loaded"


def test_the_standard_install_places_are_searched(tmp_path, monkeypatch):
    # The Windows installer and the libreoffice.org package for Linux put soffice off PATH.
    program = tmp_path / "opt" / "libreoffice25.2" / "program"
    program.mkdir(parents=True)
    (program / "soffice").write_text("#!/bin/sh\n", encoding="utf-8")
    (program / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "_places", lambda: [str(tmp_path / "nowhere"), str(tmp_path / "opt" / "libreoffice*"
                                                                                  / "program" / "soffice")])
    assert pdf.soffice() == str(program / "soffice")


def test_soffice_option_and_variable_point_at_libreoffice(run, tmp_path, monkeypatch, example):
    # A fake LibreOffice that writes a "PDF" where it is told to: proof that this one was run.
    program = tmp_path / "LibreOffice" / "soffice"
    program.parent.mkdir()
    program.write_text('#!/bin/sh\nfor a; do [ "$prev" = --outdir ] && out=$a; prev=$a; done\n'
                       '/bin/mkdir -p "$out"; echo fake > "$out/note.pdf"\n', encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv(pdf.VARIABLE, "")  # unset, and restored after the option has set it
    result = run("build", example, "-o", tmp_path / "note.docx", "--pdf", "--soffice", program)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "note.pdf").read_text(encoding="utf-8") == "fake\n"

    monkeypatch.setenv(pdf.VARIABLE, str(tmp_path / "nety"))
    result = run("build", example, "-o", tmp_path / "note.docx", "--pdf")
    assert result.exit_code == 1
    assert result.stderr == ("LibreOffice не найден там, куда указывает --soffice или ZAPISKA_SOFFICE: "
                             f"{tmp_path / 'nety'}\n")


# A fake LibreOffice that "converts" each .docx of its command line in turn (a document named
# *hang* hangs it), and counts its starts.
COUNTING_SOFFICE = """for a; do [ "$prev" = --outdir ] && out=$a; prev=$a; done
/bin/mkdir -p "$out"; echo start >> "{starts}"
for a; do case "$a" in *.docx) n=$(basename "$a" .docx)
  case "$n" in *hang*) sleep 30 & wait;; esac
  printf '%%PDF-fake\\n%%%%EOF\\n' > "$out/$n.pdf";; esac; done"""


def _documents(folder: Path, *names: str) -> list[Path]:
    for name in names:
        (folder / f"{name}.docx").write_bytes(b"docx")
    return [folder / f"{name}.docx" for name in names]


def test_many_documents_take_one_libreoffice_start(tmp_path, monkeypatch):
    starts = tmp_path / "starts"
    fake_soffice(tmp_path, monkeypatch, COUNTING_SOFFICE.format(starts=starts))
    docxs = _documents(tmp_path, "a", "b", "c")
    assert pdf.to_pdfs(docxs) == [tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"]
    assert starts.read_text().count("start") == 1
    assert (tmp_path / "b.pdf").read_bytes() == b"%PDF-fake\n%%EOF\n"


def test_a_document_libreoffice_hangs_on_is_stopped_and_blamed_alone(tmp_path, monkeypatch):
    starts = tmp_path / "starts"
    fake_soffice(tmp_path, monkeypatch, COUNTING_SOFFICE.format(starts=starts))
    docxs = _documents(tmp_path, "a", "b-hang", "c")
    started = time.monotonic()
    first, hung, last = pdf.to_pdfs(docxs, timeout=1)
    assert time.monotonic() - started < 10
    assert (first, last) == (tmp_path / "a.pdf", tmp_path / "c.pdf")
    assert str(hung) == f"{docxs[1]}:0:0: LibreOffice не преобразовал документ в PDF за 1 с и был остановлен"
    assert not (tmp_path / "b-hang.pdf").exists()
    assert starts.read_text().count("start") == 2  # the rest went on in a new start


def test_batch_hands_libreoffice_its_notes_at_once(run, tmp_path, monkeypatch):
    starts = tmp_path / "starts"
    fake_soffice(tmp_path, monkeypatch, COUNTING_SOFFICE.format(starts=starts))
    data = tmp_path / "data"
    for name in ("a-raion", "b-raion", "c-raion"):
        shutil.copytree(EXAMPLE.parent, data / name)
    result = run("batch", data, "--period", "2021-H1", "-o", tmp_path / "out", "--pdf")
    assert "Итог: собрано 3, без изменений 0, с ошибками 0" in result.stdout, result.output
    assert sorted(path.name for path in (tmp_path / "out").glob("*.pdf")) == [
        "a-raion-2021-H1.pdf", "b-raion-2021-H1.pdf", "c-raion-2021-H1.pdf", "svodka-2021-H1.pdf"]
    assert starts.read_text().count("start") == 2  # the three notes, then the region's summary


@pytest.mark.pdf
def test_libreoffice_converts_a_list_in_one_start(run, tmp_path):
    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    for out in (first, second):
        assert run("build", EXAMPLE, "-o", out).exit_code == 0
    assert pdf.to_pdfs([first, second]) == [tmp_path / "first.pdf", tmp_path / "second.pdf"]
    for converted in (tmp_path / "first.pdf", tmp_path / "second.pdf"):
        assert KEY_SENTENCES[0] in pdf_text(converted)
