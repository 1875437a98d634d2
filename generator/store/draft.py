"""A period's file saved from the form with errors, on the clerk's explicit «Сохранить как
черновик»: a sidecar `.2021-H1.draft` beside `2021-H1.yaml` holds the number of errors and the
digest of the file it was saved with, so that the form's start page, `zapiska check` and the
batch's table say «черновик с ошибками: N». A save without errors removes it; a file changed
since (corrected in an editor, imported into) is no longer that draft, and the mark is ignored.
Kept outside the model: the file itself stays the clerk's.
"""
from __future__ import annotations

from pathlib import Path

from generator.store.files import read_regular, write_atomically
from generator.store.roundtrip import digest
from generator.wording.numbers import number


def marker(path: Path) -> Path:
    """The draft's sidecar for data/<municipality>/<period>.yaml: a hidden file beside it."""
    return path.with_name(f".{path.stem}.draft")


def mark(path: Path, errors: int) -> None:
    """Mark the file at `path`, as it is now, as a draft with `errors` errors."""
    content = f"{errors} {digest(path.read_bytes())}\n"
    write_atomically(marker(path), lambda temporary: Path(temporary).write_text(content, encoding="utf-8"))


def unmark(path: Path) -> None:
    marker(path).unlink(missing_ok=True)


def errors(path: Path) -> int | None:
    """The number of errors the file was saved with as a draft; None when it is not a draft (no
    mark, or the file changed since it was marked)."""
    sidecar = marker(path)
    if sidecar.is_symlink() or not sidecar.is_file():
        return None
    try:
        count, saved = read_regular(sidecar, 1 << 10, follow=False).decode("utf-8").split()
        current = digest(read_regular(path, follow=False))  # a pipe or a device is never waited on
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return int(count) if count.isdigit() and len(count) < 7 and saved == current else None


def title(path: Path) -> str | None:
    """«черновик с ошибками: 2» for a draft (the words of every place that shows it), else None."""
    count = errors(path)
    return None if count is None else f"черновик с ошибками: {number(count)}"
