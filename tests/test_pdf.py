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
    "В 1 полугодии 2021 года положительно рассмотрено 126 обращений (42,7 % от поступивших).",
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
    assert pages(tmp_path / "note.pdf") == 3  # tables split under their head, charts only as tall as needed
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
