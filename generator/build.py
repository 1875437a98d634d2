"""One build of one report: its template, the .docx and, when asked, the PDF beside it.

`zapiska build`, the batch and the web form's downloads all come through here, so a
document is made one way whichever door a user comes in by.
"""
from __future__ import annotations

from pathlib import Path

from .errors import ExportError
from .load import Loaded
from .pdf import soffice, to_pdf
from .render import render, resolve_template


def build(loaded: Loaded, out: Path, template: Path | str | None = None, pdf: bool = False) -> list[Path]:
    """Write the report filled into `template` (by default the one resolve_template finds) to
    `out`, and the PDF beside it when asked; the files written, the .docx first."""
    if pdf:
        soffice()  # before the work: without LibreOffice there is no point in building
    docx = render(loaded, resolve_template(loaded, template), out)
    return [docx, to_pdf(docx)] if pdf else [docx]


def can_pdf() -> bool:
    """Whether a PDF can be made here (LibreOffice is installed)."""
    try:
        soffice()
    except ExportError:
        return False
    return True
