"""The region's figures gathered from the data folder: every municipality's file for the period,
a year back and the same period of earlier years. A broken file is reported with its lines and
columns and left out; a municipality without a file for the period is named.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import Problem, ZapiskaError
from generator.core.history import YEARS
from generator.core.model import SummarySigning
from generator.core.period import Period
from generator.region.compute import ALL_FORMS, WRITTEN, Entry, measure, value_at
from generator.store import quick
from generator.store.folder import DataFolder
from generator.store.load import earlier, load, load_model

# Cities and city okrugs first, then districts and municipal okrugs, as regional lists go.
KIND_ORDER = {"городской округ": 0, "городской округ с внутригородским делением": 0, "город": 0,
              "муниципальный округ": 1, "округ": 1, "муниципальный район": 1, "район": 1, "поселение": 2,
              "городское поселение": 2, "сельское поселение": 2, "внутригородской район": 2,
              "внутригородское муниципальное образование": 2}


@dataclass
class Collected:
    """What the data folder holds for the period."""

    period: Period
    entries: list[Entry]  # counted municipalities, in the table's order
    missing: list[str]  # municipalities without a file for the period (name, else folder)
    broken: list[str]  # municipalities whose files have errors (name, else folder)
    problems: list[Problem] = field(default_factory=list)  # the errors, then the warnings
    # the same, as the documents name them: no folder names in the text
    missing_names: list[str] = field(default_factory=list)
    broken_names: list[str] = field(default_factory=list)
    signing: SummarySigning = field(default_factory=SummarySigning)  # data/svodka.yaml's, if any
    measure: str = WRITTEN  # what every municipality is ranked by: compute.WRITTEN or compute.ALL_FORMS


def collect(data_dir: Path, period: Period, years: int = YEARS) -> Collected:
    """Every municipality folder's figures for `period`, a year back and up to `years` back."""
    data = DataFolder(data_dir)
    folders = [data_dir / name for name in data.municipalities()]
    result = Collected(period, [], [], [], signing=read_signing(data))
    warnings: list[Problem] = []
    paths: dict[str, Path] = {}
    for folder in folders:
        if not (folder / f"{period}.yaml").is_file():
            result.missing.append(_named(data, folder))
            result.missing_names.append(_name(data, folder))
            continue
        entry, problems = _entry(folder, period, years)
        if entry is None:
            result.broken.append(_named(data, folder))
            result.broken_names.append(_name(data, folder))
            result.problems += problems
        else:
            result.entries.append(entry)
            paths[entry.folder] = folder / f"{period}.yaml"
            warnings += problems
    result.measure = measure(entry.report for entry in result.entries)
    _leave_out_unmeasured(result, data, paths)
    if not result.entries:
        raise ZapiskaError(result.problems + [Problem(None, 0, 0, (
            f"в {data_dir} нет ни одного файла {period}.yaml без ошибок: сводку составить не из чего"))])
    result.entries.sort(key=lambda e: (KIND_ORDER.get(e.report.municipality.kind or "", 3),
                                       e.report.municipality.name))
    _one_region(result.entries, data_dir)
    result.problems += warnings
    return result


def _leave_out_unmeasured(result: Collected, data: DataFolder, paths: dict[str, Path]) -> None:
    """Municipalities without the summary's measure (written appeals, when some count all forms
    only) are named with their file and left out: ranked by another count they would mislead."""
    for entry in list(result.entries):
        if value_at(entry.report, result.measure) is not None:
            continue
        folder = paths[entry.folder].parent
        result.entries.remove(entry)
        result.broken.append(_named(data, folder))
        result.broken_names.append(_name(data, folder))
        result.problems.append(Problem(paths[entry.folder], 1, 1, (
            f"нет {WRITTEN} (письменных обращений): сводка считает письменные обращения, а в файле только "
            f"{ALL_FORMS} — в сводку не вошло")))


def read_signing(data: DataFolder) -> SummarySigning:
    """Who signs the summary and who prepared it (data/svodka.yaml); nobody without the file. Its
    errors, located, stop the summary: a summary signed wrongly is not one to send."""
    path = data.summary_file()
    if not path.exists() and not path.is_symlink():
        return SummarySigning()
    return load_model(path, SummarySigning, follow=False)


def _one_region(entries: list[Entry], data_dir: Path) -> None:
    """A summary is of one region: municipalities of several are refused, each region named with
    its municipalities, rather than counted as the region most of them name."""
    regions: dict[str, list[str]] = {}
    for entry in entries:
        if entry.report.municipality.region:
            regions.setdefault(entry.report.municipality.region, []).append(entry.report.municipality.name)
    if len(regions) > 1:
        named = "; ".join(f"{region} — {', '.join(names)}" for region, names in regions.items())
        raise ZapiskaError([Problem(None, 0, 0, (
            f"в {data_dir} муниципальные образования разных субъектов ({named}): сводка составляется по одному "
            "субъекту — разложите папки муниципальных образований по папкам данных субъектов или исправьте "
            "municipality.region в файлах"))])


def _entry(folder: Path, period: Period, years: int) -> tuple[Entry | None, list[Problem]]:
    """The municipality's figures, or None and the errors that keep it out of the summary."""
    path, before = folder / f"{period}.yaml", folder / f"{period.previous}.yaml"
    report = quick.read(path)
    previous = None
    if report is not None:
        previous = quick.read(before) if before.exists() else report.previous
        if before.exists() and previous is None:
            report = None  # last year's file has a problem: load() names it
    if report is None:
        try:
            loaded = load(path)
        except ZapiskaError as exc:
            return None, exc.problems
        report, previous = loaded.report, loaded.previous
    older, warnings = earlier(path, period, years)
    return Entry(folder.name, report, previous, older), warnings


def _name(data: DataFolder, folder: Path) -> str:
    """The municipality's name for a document; «папка …» while no file names it."""
    title = data.title(folder.name)
    return title if title != folder.name else f"папка {folder.name}"


def _named(data: DataFolder, folder: Path) -> str:
    """The municipality's name with its folder's, for the lists of who is missing or broken."""
    title = data.title(folder.name)
    return f"{title} ({folder.name})" if title != folder.name else title
