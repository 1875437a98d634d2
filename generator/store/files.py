"""Reading input files safely and writing output files atomically: a reader gets a regular
file within its size limit or a Russian reason (never a hang on a pipe or a device); readers of
an output see the old file or the new one, never half of one."""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.core.errors import ConflictError, Problem, Refused, ZapiskaError, os_message

NEW_FILE_MODE = 0o644  # what mkstemp's 0600 becomes for a file that did not exist
MAX_YAML = 1 << 20  # a figure file is a few kilobytes; 1 MB is hundreds of pages of text
MAX_REGISTER = 64 << 20  # a register of 100 000 appeals as CSV is some 40 MB
CHUNK = 1 << 20
NOT_REGULAR = "это не обычный файл (именованный канал, устройство или ссылка на них): такие программа не читает"


def read_regular(path: Path | str, limit: int = MAX_YAML, follow: bool = True) -> bytes:
    """The bytes of a regular file no larger than `limit`. The file is checked on the open
    descriptor, so a pipe, a device or a link to one (named *.yaml or not) is refused at once
    and never read; with follow=False a symbolic link itself is refused (ELOOP). Raises OSError:
    FileNotFoundError and the like, Refused with a Russian reason."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        if not hasattr(os, "O_NOFOLLOW") and os.path.islink(path):  # Windows: checked before the open
            raise OSError(errno.ELOOP, "symbolic link", str(path))
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise Refused(NOT_REGULAR)
        chunks, size = [], 0
        while chunk := os.read(handle, CHUNK):  # counted while read: a file may grow after fstat
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise Refused(f"размер больше {_megabytes(limit)} (такие большие файлы программа не читает)")
        return b"".join(chunks)
    finally:
        os.close(handle)


def _megabytes(size: int) -> str:
    return f"{size >> 20}\u00a0МБ" if size >= 1 << 20 else f"{size >> 10}\u00a0КБ"


FOLDER_LOCK = ".zapiska-save.lock"  # in a municipality's folder: held while one of its files is written
LOCK_WAIT = 20.0  # seconds: a save or an import takes well under one


@contextmanager
def locked(folder: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the lock of a municipality's folder across processes (two `zapiska serve` over one
    shared folder, `import`, the form): the check of a file's version and its write are one step.
    The lock is the operating system's, so a killed process never leaves it held."""
    from filelock import FileLock, Timeout  # only saves lock: check and build never load it

    lock = FileLock(folder / FOLDER_LOCK, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise ConflictError([Problem(folder, 0, 0, "файлы этой папки сейчас записывает другая программа: "
                                                   "повторите через минуту")]) from None
    except OSError as exc:
        raise ZapiskaError([Problem(folder, 0, 0, f"не удалось записать в папку: {os_message(exc)}")]) from None
    try:
        yield
    finally:
        lock.release()


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # what mkstemp names below: .NAME.XXXXXXXX.tmp


def remove_temporaries(folder: Path) -> list[str]:
    """Remove the temporary files write_atomically left in `folder` when its process was killed
    (SIGKILL, the OOM killer, a power cut): only files of its own pattern; the names removed.
    Call it only while holding the folder's lock (batch's), so no write in progress is touched."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
                removed.append(entry.name)
            except OSError:
                pass  # someone else's file, or already gone
    return removed


def write_atomically(out: Path, save: Callable[[str], Any], overwrite: bool = True) -> None:
    """Call save(temporary path) beside `out`, then put it in place. A replaced file keeps its
    permissions; with overwrite=False an existing `out` is refused, never replaced."""
    temporary = None
    exists = ZapiskaError([Problem(out, 0, 0, "такой файл уже есть: программа его не перезаписывает, "
                                              "укажите другое имя")])
    try:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file stands where a folder of the path should be
            raise NotADirectoryError(errno.ENOTDIR, "") from None
        if not overwrite and out.exists():
            raise exists
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(handle)
        save(temporary)
        os.chmod(temporary, stat.S_IMODE(out.stat().st_mode) if out.exists() else NEW_FILE_MODE)
        if overwrite:
            os.replace(temporary, out)
        else:
            try:
                _put_new(temporary, out)
            except FileExistsError:
                raise exists from None
    except OSError as exc:
        raise ZapiskaError([Problem(out, 0, 0, f"не удалось записать файл: {_why(out, exc)}")]) from None
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)


def _put_new(temporary: str, out: Path) -> None:
    """Put the finished file at `out` unless a file is there, even one that appeared meanwhile."""
    try:
        os.link(temporary, out)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # FAT, some network shares: no hard links there
    with open(temporary, "rb") as source, open(out, "xb") as target:  # "x": refuses an existing file
        try:
            shutil.copyfileobj(source, target)
        except OSError:
            target.close()
            out.unlink()  # ours, just created: no half-written file stays
            raise


def _why(out: Path, exc: OSError) -> str:
    """The reason in Russian; a file another program holds open (Windows refuses to replace it)
    says which program to close."""
    word_owner = any(out.with_name("~$" + out.name[cut:]).exists() for cut in (0, 1, 2))
    if isinstance(exc, PermissionError) and out.exists() and (os.name == "nt" or word_owner):
        if out.suffix.lower() == ".docx":
            return "документ открыт в Word: закройте документ в Word и повторите"
        return "файл открыт в другой программе: закройте его там и повторите"
    return os_message(exc)
