"""One error type tree: every problem a user can cause names its file, line and column."""
from __future__ import annotations

import errno
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path | str | None
    line: int  # 1-based; 0 when the whole file is meant
    column: int
    message: str
    warning: bool = False
    loc: tuple = ()  # the field at fault in the model, e.g. ("topics", 0, "count"); () if none

    def __str__(self) -> str:
        text = f"предупреждение: {self.message}" if self.warning else self.message
        if self.file is None:
            return text
        return f"{self.file}:{self.line}:{self.column}: {text}"


class ZapiskaError(Exception):
    """A failure caused by the user's input; the CLI prints it and exits 1, no traceback."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(None, 0, 0, problems)]
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class InputError(ZapiskaError):
    """The YAML input file is broken."""


class TemplateError(ZapiskaError):
    """The .docx template is broken or tries what the sandbox forbids."""


class ExportError(ZapiskaError):
    """PDF export failed (LibreOffice missing, timed out, …)."""


class ConflictError(ZapiskaError):
    """The file changed on disk after it was read: saving would overwrite someone's changes."""


# A library's English message -> Russian: (regex, format string or function of the groups).
Translations = Sequence[tuple[str, "str | Callable[..., str]"]]


def translate(message: str, table: Translations) -> str | None:
    """The Russian for the first pattern of `table` found in `message` (re.search, DOTALL;
    patterns anchor themselves with ^), or None when none matches."""
    for pattern, russian in table:
        match = re.search(pattern, message, re.DOTALL)
        if match:
            groups = match.groups()
            return russian(*groups) if callable(russian) else russian.format(*groups)
    return None


_OS_ERRORS = {
    errno.ENOENT: "нет такого файла или папки",
    errno.EACCES: "нет прав доступа",
    errno.EPERM: "нет прав доступа",
    errno.EISDIR: "это папка, а не файл",
    errno.ENOTDIR: "часть пути — файл, а не папка",
    errno.EEXIST: "такой файл уже есть",
    errno.ENOSPC: "на диске нет места",
    errno.EFBIG: "файл больше, чем позволяет диск или ограничение системы",
    errno.EROFS: "диск только для чтения",
    errno.ENAMETOOLONG: "слишком длинное имя",
    errno.EADDRINUSE: "адрес уже занят другой программой",
    errno.EADDRNOTAVAIL: "такого адреса у этого компьютера нет",
    errno.ELOOP: "это ссылка (symlink), а не файл: ссылки здесь не открываются",
}


class Refused(OSError):
    """A file the program will not read (not a regular file, too large); its text is Russian."""


def os_message(exc: OSError) -> str:
    """An operating-system error in Russian (the system's own text is in English)."""
    if isinstance(exc, Refused):
        return str(exc)
    return _OS_ERRORS.get(exc.errno or 0, f"ошибка системы: {exc.strerror or exc}")
