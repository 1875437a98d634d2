"""The data folder as the web form sees it: names from a request, the files behind them.

Names from a request are checked strictly (store/folder.py) and never leave the folder. Files
are read and written with the round trip (store/roundtrip.py), so the clerk's comments and key
order survive a save; a save is atomic and is refused when the file changed since the form was
loaded.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.core.errors import ConflictError, Problem
from generator.core.period import Period, PeriodError
from generator.store.files import locked, write_atomically
from generator.store.folder import DataFolder, UnknownName
from generator.store.roundtrip import RoundTrip, Snapshot, digest, dump, merge
from generator.store.scaffold import blank
from generator.web.form import FIELDS

NAME_BYTES = 200  # file systems take 255 bytes in a name; a register's name is shown, not kept
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def upload_name(filename: str) -> str:
    """A name for an uploaded file inside a temporary folder: the last part of what the browser
    sent, without control characters (NUL), never «..», short enough for any file system; the
    extension kept, as the register's reader goes by it."""
    name = _CONTROL.sub("", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot and 0 < len(suffix) <= 5 else (name, "")
    stem = stem.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore").strip(" .")
    return (stem or "реестр") + suffix


class Store:
    """data/<municipality>/<period>.yaml files, for requests."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.data = DataFolder(self.root)
        self.files = RoundTrip(follow=False)  # docs/web.md: the form opens no links

    def path(self, municipality: str, period: str) -> Path:
        """data/<municipality>/<period>.yaml for names from a request; UnknownName for anything else."""
        folder = self.data.folder(municipality)
        try:
            parsed = Period.parse(period)
        except PeriodError as exc:
            raise UnknownName(str(exc)) from None
        if str(parsed) != period:
            raise UnknownName(f"период записывается так: {parsed}")
        path = folder / f"{parsed}.yaml"
        for read in (path, folder / f"{parsed.previous}.yaml"):  # the previous year's file is read too
            if read.is_symlink() or (read.exists() and not read.is_file()):
                raise UnknownName(f"{read.name} в папке {municipality} — ссылка или папка, а не файл: "
                                  "форма такие не открывает")
        return path

    def read(self, path: Path) -> Snapshot:
        return self.files.read(path)

    def pattern(self, path: Path) -> Snapshot | None:
        """The file a new period takes its structure from: the same period a year back, else the
        latest earlier one; None when the folder has none."""
        period = Period.parse(path.stem)
        earlier = [p for p in self.data.periods(path.parent.name) if p < period]
        if not earlier:
            return None
        source = period.previous if period.previous in earlier else earlier[0]
        return self.read(path.parent / f"{source}.yaml")

    def merged(self, snapshot: Snapshot, data: dict[str, Any]) -> CommentedMap:
        """The file with the form's data put in: the form's fields replaced, added or removed,
        everything else (comments, template:, previous:) as it was. A new file starts as the
        commented blank of `zapiska init`."""
        doc = snapshot.doc if snapshot.doc is not None else self.files.parse(blank(snapshot.path.stem))
        merge(doc, data, FIELDS)
        return doc

    def save(self, path: Path, data: dict[str, Any], loaded_digest: str) -> str:
        """Write the form's data into the file; the new digest. Refused with ConflictError when
        the file is not the one the form was loaded from."""
        with locked(path.parent):  # across processes: a second `zapiska serve` over the same folder too
            snapshot = self.read(path)
            if snapshot.digest != loaded_digest:
                raise ConflictError([Problem(None, 0, 0, (
                    f"файл {path.name} изменился после того, как вы открыли форму (его сохранил кто-то "
                    "другой или он исправлен в редакторе). Ваши изменения не сохранены, они остались в форме: "
                    "откройте эту страницу в новой вкладке, перенесите их туда и сохраните еще раз."))])
            content = dump(self.merged(snapshot, data)).encode("utf-8")
            if digest(content) != snapshot.digest:
                write_atomically(path, lambda temporary: Path(temporary).write_bytes(content))
            return digest(content)
