"""Which template a report is filled into: -t, the file's `template:`, the folder's own
template.docx, the bundled default; and a new template copied from one of them.
"""
from __future__ import annotations

import shutil
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
