"""A period's file saved from the form with errors, on the clerk's explicit «Сохранить как
черновик»: a sidecar `.2021-H1.draft` beside `2021-H1.yaml` holds the number of errors, so that
the form's start page, `zapiska check` and the batch's table say «черновик с ошибками: N».
A save without errors removes it. Kept outside the model: the file itself stays the clerk's.
"""
from __future__ import annotations

from pathlib import Path

from generator.store.files import write_atomically
from generator.wording.numbers import number


def marker(path: Path) -> Path:
    """The draft's sidecar for data/<municipality>/<period>.yaml: a hidden file beside it."""
    return path.with_name(f".{path.stem}.draft")


def mark(path: Path, errors: int) -> None:
    """Mark the file at `path` as a draft with `errors` errors."""
    write_atomically(marker(path), lambda temporary: Path(temporary).write_text(f"{errors}\n", encoding="utf-8"))


def unmark(path: Path) -> None:
    marker(path).unlink(missing_ok=True)


def errors(path: Path) -> int | None:
    """The number of errors the file was saved with as a draft; None when it is not a draft."""
    sidecar = marker(path)
    if sidecar.is_symlink() or not sidecar.is_file():
        return None
    try:
        text = sidecar.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return 0
    return int(text) if text.isdigit() and len(text) < 7 else 0


def title(path: Path) -> str | None:
    """«черновик с ошибками: 2» for a draft (the words of every place that shows it), else None."""
    count = errors(path)
    if count is None:
        return None
    return f"черновик с ошибками: {number(count)}" if count else "черновик с ошибками"
