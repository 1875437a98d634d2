"""Export a .docx to PDF through LibreOffice headless.

Every conversion gets its own LibreOffice profile in a temporary folder: two
conversions sharing a profile lock each other out (the second one silently does
nothing), and the batch converts in several processes at once. The PDF is written
atomically beside the .docx.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ExportError, Problem
from .files import write_atomically

TIMEOUT = 180  # seconds; a note converts in a few, a cold LibreOffice start takes a few more


def soffice() -> str:
    """The LibreOffice command, or ExportError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ExportError("для PDF нужен LibreOffice, а он не установлен (нет команды soffice): "
                          "установите его (sudo apt-get install --no-install-recommends libreoffice-writer) "
                          "или соберите документ без --pdf")
    return found


def to_pdf(docx: Path, pdf: Path | None = None, timeout: float = TIMEOUT) -> Path:
    """Convert `docx` to `pdf` (by default the same name with .pdf) and return its path."""
    pdf = pdf or docx.with_suffix(".pdf")
    command = soffice()
    with tempfile.TemporaryDirectory(prefix="zapiska-pdf-") as work:
        profile, outdir = Path(work, "profile"), Path(work, "out")
        args = [command, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
        # A session of its own: on timeout the whole LibreOffice process tree is killed.
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
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
