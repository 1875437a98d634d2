"""Export a .docx to PDF through LibreOffice headless.

Every conversion gets its own LibreOffice profile in a temporary folder: two
conversions sharing a profile lock each other out (the second one silently does
nothing), and the batch converts in several processes at once. The PDF is written
atomically beside the .docx. A batch hands LibreOffice many documents in one start
(to_pdfs): its start-up, a second or more, is most of a note's conversion.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from generator.core.errors import ExportError, Problem
from generator.store.files import write_atomically

TIMEOUT = 180  # seconds; a note converts in a few, a cold LibreOffice start takes a few more
VARIABLE = "ZAPISKA_SOFFICE"  # where LibreOffice is, when it is not found by itself (--soffice sets it too)


def _places() -> list[str]:
    """Where LibreOffice's installers put it: Windows does not add it to PATH, nor does the
    libreoffice.org package for Linux (/opt), nor macOS."""
    windows = [os.environ.get(name, default) for name, default in
               (("ProgramFiles", r"C:\Program Files"), ("ProgramFiles(x86)", r"C:\Program Files (x86)"))]
    return ([str(Path(folder, "LibreOffice", "program", "soffice.exe")) for folder in windows]
            + ["/opt/libreoffice*/program/soffice", "/usr/lib/libreoffice/program/soffice",
               "/usr/lib64/libreoffice/program/soffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice"])


def soffice() -> str:
    """The LibreOffice program: ZAPISKA_SOFFICE, else the command on PATH, else a standard install
    place; or ExportError saying where it looked and how to fix it."""
    given = os.environ.get(VARIABLE)
    if given:
        if not Path(given).is_file():
            raise ExportError(f"LibreOffice не найден там, куда указывает --soffice или {VARIABLE}: {given}")
        return given
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for place in _places():
        matches = sorted(glob.glob(place), reverse=True)  # /opt/libreoffice25.8 before 7.6: the newest
        if matches and os.access(matches[0], os.X_OK):
            return matches[0]
    raise ExportError("для PDF нужен LibreOffice, а он не найден: искали команду soffice в PATH и в "
                      f"{', '.join(_places())}. Установите LibreOffice (libreoffice.org; в Debian и Astra Linux — "
                      "sudo apt-get install --no-install-recommends libreoffice-writer), укажите путь к soffice "
                      f"параметром --soffice или в переменной {VARIABLE}, или соберите документ без --pdf")


def _kill_tree(process: subprocess.Popen) -> None:
    """End LibreOffice and the soffice.bin it starts: left alive, it would keep the pipe open."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
    else:
        os.killpg(process.pid, signal.SIGKILL)  # its own session, started for it below


def _start(command: str, work: str, docxs: Sequence[Path]) -> tuple[subprocess.Popen, Path]:
    """LibreOffice converting `docxs` into a folder of `work`, with its own profile there; in a
    session of its own (POSIX), so that on a timeout its whole process tree is killed. What it
    says goes to a file: a pipe nobody reads while it works would stop it once full."""
    profile, outdir = Path(work, "profile"), Path(work, "out")
    args = [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docxs)]
    with open(Path(work, "said.txt"), "wb") as said:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=said, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return process, outdir


def _complete(pdf: Path) -> bool:
    """A PDF written to its end (one LibreOffice was killed while writing is not)."""
    try:
        with pdf.open("rb") as file:
            file.seek(max(0, pdf.stat().st_size - 1024))
            return b"%%EOF" in file.read()
    except OSError:
        return False


def to_pdfs(docxs: Sequence[Path], timeout: float = TIMEOUT) -> list[Path | ExportError]:
    """Convert every .docx (distinct names) to a PDF beside it with as few LibreOffice starts as
    can be: for each document its PDF or the ExportError that says why not. A document LibreOffice
    hangs on `timeout` seconds is stopped and blamed alone; it fails, the others go on in a new start."""
    command = soffice()
    results: dict[Path, Path | ExportError] = {}
    pending = list(docxs)
    while pending:
        with tempfile.TemporaryDirectory(prefix="zapiska-pdf-") as work:
            process, outdir = _start(command, work, pending)
            blamed = _watch(process, outdir, pending, timeout)
            for docx in pending:
                produced = outdir / f"{docx.stem}.pdf"
                if docx is not blamed and _complete(produced):
                    pdf = docx.with_suffix(".pdf")
                    write_atomically(pdf, lambda temporary: shutil.copyfile(produced, temporary))
                    results[docx] = pdf
        failed = next((docx for docx in pending if docx not in results), None)
        if failed is not None:
            results[failed] = _failure(failed, process, timeout if failed is blamed else None)
        pending = [docx for docx in pending if docx not in results]
    return [results[docx] for docx in docxs]


def _watch(process: subprocess.Popen, outdir: Path, docxs: Sequence[Path], timeout: float) -> Path | None:
    """Wait for LibreOffice to finish; when it has made no new PDF for `timeout` seconds, kill it
    and return the document it was on (the first without its PDF)."""
    made, since = 0, time.monotonic()
    while process.poll() is None:
        now = sum((outdir / f"{docx.stem}.pdf").exists() for docx in docxs)
        if now > made:
            made, since = now, time.monotonic()
        elif time.monotonic() - since > timeout:
            _kill_tree(process)
            process.wait()
            return next((docx for docx in docxs if not _complete(outdir / f"{docx.stem}.pdf")), docxs[-1])
        time.sleep(0.05)
    return None


def _failure(docx: Path, process: subprocess.Popen, timeout: float | None) -> ExportError:
    if timeout is not None:
        return ExportError([Problem(docx, 0, 0, f"LibreOffice не преобразовал документ в PDF за {timeout:g} с "
                                                "и был остановлен")])
    code = f" (код {process.returncode})" if process.returncode else ""
    return ExportError([Problem(docx, 0, 0, f"LibreOffice не смог преобразовать документ в PDF{code}")])


def to_pdf(docx: Path, pdf: Path | None = None, timeout: float = TIMEOUT) -> Path:
    """Convert `docx` to `pdf` (by default the same name with .pdf) and return its path."""
    pdf = pdf or docx.with_suffix(".pdf")
    command = soffice()
    with tempfile.TemporaryDirectory(prefix="zapiska-pdf-") as work:
        profile, outdir = Path(work, "profile"), Path(work, "out")
        args = [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), str(Path(docx).absolute())]
        # absolute: a document named -x.docx never reaches LibreOffice as an option
        # A session of its own (POSIX): on timeout the whole LibreOffice process tree is killed.
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(process)
            process.communicate()
            raise ExportError([Problem(docx, 0, 0, f"LibreOffice не преобразовал документ в PDF "
                                                   f"за {timeout:g} с и был остановлен")]) from None
        produced = outdir / f"{docx.stem}.pdf"
        if process.returncode != 0 or not produced.is_file():
            said = output.decode("utf-8", "replace").strip().splitlines()
            detail = f": {said[-1]}" if said else ""
            raise ExportError([Problem(docx, 0, 0, f"LibreOffice не смог преобразовать документ "
                                                   f"в PDF (код {process.returncode}){detail}")])
        write_atomically(pdf, lambda temporary: shutil.copyfile(produced, temporary))
    return pdf
