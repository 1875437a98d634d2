"""Which template a report is filled into: -t, the file's `template:`, the folder's own
template.docx, the bundled default; and a new template copied from one of them.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from generator.core.errors import Problem, TemplateError
from generator.store.files import write_atomically
from generator.store.load import Loaded
from generator.store.resources import TEMPLATES_DIR

DEFAULT_TEMPLATE = "poyasnitelnaya-zapiska"
FOLDER_TEMPLATE = "template.docx"  # a municipality's own template beside its data


def resolve_template(loaded: Loaded, override: Path | str | None = None) -> Path:
    """-t wins; then the data's `template:` (a name in templates/ or a path beside the data);
    then the folder's own template.docx; then the default template."""
    if override is not None:
        candidates = [Path(override)]
    elif loaded.report.template:
        candidates = _named(loaded.report.template, loaded.path.parent)
    else:
        candidates = [loaded.path.parent / FOLDER_TEMPLATE, TEMPLATES_DIR / f"{DEFAULT_TEMPLATE}.docx"]
    return _first_file(candidates, loaded.path)


def unsigned(loaded: Loaded, template: Path) -> Problem | None:
    """A warning when the template prints a signature and the report has none: a note goes out
    signed (ГОСТ Р 7.0.97-2016), and `check` is where a clerk learns it would not be."""
    if loaded.report.signature is not None or not prints_signature(template):
        return None
    return Problem(loaded.path, 1, 1, "нет подписи (блок signature: — должность и фамилия): документ выйдет "
                                      "неподписанным", warning=True)


def prints_signature(template: Path) -> bool:
    """Whether the template's body prints a signature (a template without one needs none); a
    template that does not open is the build's to report."""
    try:
        with zipfile.ZipFile(template) as archive:
            return b"signature" in archive.read("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def find_template(name: str) -> Path:
    """A template given as a path or as a name in templates/ (with or without .docx)."""
    return _first_file(_named(name, Path.cwd()), None)


def new_template(destination: Path, source: str | None = None) -> Path:
    """Copy a template (a name in templates/ or a path) to `destination` (.docx added if
    missing); an existing file is never overwritten."""
    origin = find_template(source or DEFAULT_TEMPLATE)
    path = destination if destination.suffix.lower() == ".docx" else destination.with_name(destination.name + ".docx")
    write_atomically(path, lambda temporary: shutil.copyfile(origin, temporary), overwrite=False)
    return path


def _named(name: str, base: Path) -> list[Path]:
    return [base / name, TEMPLATES_DIR / name, TEMPLATES_DIR / f"{name}.docx"]


def _first_file(candidates: list[Path], asked_in: Path | None) -> Path:
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(candidate) for candidate in dict.fromkeys(candidates))
    raise TemplateError([Problem(asked_in, 0, 0, f"шаблон не найден; искали: {looked}")])
