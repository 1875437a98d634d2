"""Export a .docx to PDF through LibreOffice headless.

Every conversion gets its own LibreOffice profile in a temporary folder: two
conversions sharing a profile lock each other out (the second one silently does
nothing), and the batch converts in several processes at once. The PDF is written
atomically beside the .docx.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
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
