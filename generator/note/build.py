"""One build of one report: its template, the .docx and, when asked, the PDF beside it.

`zapiska build`, the batch and the web form's downloads all come through here, so a
document is made one way whichever door a user comes in by.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.core.errors import ExportError, Problem, ZapiskaError
from generator.note import charts
from generator.note.context import report_context
from generator.render.fill import fill_template, save_document, stamp
from generator.render.pdf import soffice, to_pdf
from generator.render.templates import resolve_template, unsigned
from generator.store.load import Loaded, load


def build(loaded: Loaded, out: Path, template: Path | str | None = None, pdf: bool = False) -> list[Path]:
    """Write the report filled into `template` (by default the one resolve_template finds) to
    `out`, and the PDF beside it when asked; the files written, the .docx first."""
    if pdf:
        soffice()  # before the work: without LibreOffice there is no point in building
    docx = render(loaded, resolve_template(loaded, template), out)
    return [docx, to_pdf(docx)] if pdf else [docx]


def check(path: Path | str) -> list[Problem]:
    """What `zapiska check` checks: the file and last year's, and that its template is there (a
    `template:` that is not there would fail the build); the warnings (a note its template would
    print unsigned among them), or InputError/TemplateError."""
    loaded = load(path)
    unsigned_note = unsigned(loaded, resolve_template(loaded))
    return loaded.warnings + ([unsigned_note] if unsigned_note else [])


def can_pdf() -> bool:
    """Whether a PDF can be made here (LibreOffice is installed)."""
    try:
        soffice()
    except ExportError:
        return False
    return True


def fill(loaded: Loaded, template: Path) -> Any:
    """The template filled with the report, in memory (a docxtpl document)."""
    context = report_context(loaded)
    document = fill_template(template, context.mapping(), charts.load_specs(),
                             lambda spec: charts.chart(spec, context.figures, context.period, context.history,
                                                          words={"region_body": context.words.region_body}),
                             charts.CHARTS_DIR)
    stamp(document, f"Администрация муниципального образования {loaded.report.municipality.name}")
    return document


def render(loaded: Loaded, template: Path, out: Path) -> Path:
    """Fill `template` with the report and write `out` atomically."""
    _check_output(loaded, template, out)
    save_document(fill(loaded, template), out)
    return out


def _check_output(loaded: Loaded, template: Path, out: Path) -> None:
    """A slip in -o must not destroy what the document is made from."""
    if out.suffix.lower() != ".docx":
        raise ZapiskaError([Problem(out, 0, 0, "документ Word должен называться *.docx")])
    sources = {path.resolve() for path in (loaded.path, loaded.previous_path, template)}
    if out.resolve() in sources:
        raise ZapiskaError([Problem(out, 0, 0, "сюда нельзя писать документ: это файл, из которого он "
                                               "собирается (данные или шаблон); укажите другое имя")])
