"""The data folder, data/<municipality>/<period>.yaml: the one place that says which folders are
municipalities, which files are periods, and what a municipality is called. `batch`, `summary`,
`import`, `init` and the web form all ask here, so they never disagree about a folder.

A municipality's folder is a real folder (not a link) whose name is letters of any alphabet,
digits, «-» and «_», starting with a letter or digit: a clerk may well name it «Новый-район».
The region summary's signature and executor are in a file of the root, svodka.yaml (a file is
never taken for a municipality).
A folder holding a batch's manifest is an output folder (`batch data -o data/out`), not a
municipality. A period file is a regular file named as its period prints (2021-H1.yaml).
"""
from __future__ import annotations

import re
from pathlib import Path

from generator.core.errors import ZapiskaError
from generator.core.period import Period, PeriodError
from generator.store.quick import name

NAME = re.compile(r"[^\W_][\w-]{0,63}")
NAME_RULE = "буквы, цифры, «-» и «_», без пробелов, например kavkazsky-raion"
OUTPUT_MARK = ".zapiska-manifest.json"  # what `zapiska batch` leaves in its output folder
SUMMARY_FILE = "svodka.yaml"  # the region summary's signature and executor, in the data folder's root


class UnknownName(ZapiskaError):
    """A municipality or period that is not (or cannot be) in the data folder."""


def is_municipality(folder: Path) -> bool:
    """Whether `folder`, a folder inside the data folder, holds a municipality's files."""
    return (NAME.fullmatch(folder.name) is not None and folder.is_dir() and not folder.is_symlink()
            and not (folder / OUTPUT_MARK).exists())


def period_of(path: Path) -> Period | None:
    """The period a file holds figures for, by its name; None for any other file."""
    if path.suffix != ".yaml":
        return None
    try:
        period = Period.parse(path.stem)
    except PeriodError:
        return None
    return period if str(period) == path.stem else None


class DataFolder:
    """data/: its municipalities, their periods and files, for every command and the web form."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def municipalities(self) -> list[str]:
        """The municipalities' folder names, sorted; ZapiskaError when the folder is missing."""
        if not self.root.is_dir():
            raise ZapiskaError(f"папка с данными {self.root} не найдена")
        return sorted(path.name for path in self.root.iterdir() if is_municipality(path))

    def folder(self, municipality: str) -> Path:
        """The municipality's folder for a name typed or sent by a request; UnknownName for a name
        that is not one of the data folder's municipalities (a path, a link, «..»)."""
        folder = self.root / municipality
        if NAME.fullmatch(municipality) is None or not is_municipality(folder):
            raise UnknownName(f"нет муниципального образования «{municipality}» в папке {self.root}")
        return folder

    def periods(self, municipality: str) -> list[Period]:
        """The periods that have a file (a regular file, not a link), newest first."""
        found = [period_of(path) for path in self.folder(municipality).iterdir()
                 if path.is_file() and not path.is_symlink()]
        return sorted((period for period in found if period is not None), reverse=True)

    def file(self, municipality: str, period: Period) -> Path:
        """data/<municipality>/<period>.yaml (it may not exist yet)."""
        return self.folder(municipality) / f"{period}.yaml"

    def summary_file(self) -> Path:
        """data/svodka.yaml: who signs the region's summary (it may not exist)."""
        return self.root / SUMMARY_FILE

    def title(self, municipality: str) -> str:
        """The municipality's name from its newest file that names it (by the periods' ends: 2021-H2
        after 2021-Q3; a renamed municipality goes by its new name); the folder's name while no
        file has one."""
        for period in self.periods(municipality):
            found = name(self.file(municipality, period))
            if found:
                return found
        return municipality
