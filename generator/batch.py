"""Build the reports of every municipality for a period, unattended (cron, systemd timer).

Each folder of the data directory that holds <period>.yaml is one job. A broken
file fails only its own job. A report whose input, previous-period file, template,
chart specs and tool version are unchanged since the last run is skipped (a
manifest of hashes in the output folder); a lock keeps two runs from writing one
folder at once. With -j N reports are rendered in worker processes (matplotlib is
not thread-safe), with -j 1 in this one. Workers are spawned, as on Windows
and macOS, on every OS alike. The run ends with a summary table of the key figures for the
regional overview.
"""
from __future__ import annotations

import csv
import hashlib
import json
import multiprocessing
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import __version__
from generator.core.compare import compare, figure_at
from generator.core.errors import Problem, ZapiskaError, os_message
from generator.core.fields import field_title, marked_figures
from generator.core.period import Period
from generator.note.build import build
from generator.region.write import for_batch
from generator.render.pdf import soffice, to_pdfs
from generator.render.templates import resolve_template
from generator.store import draft, resources
from generator.store.files import read_regular, remove_temporaries, write_atomically
from generator.store.folder import OUTPUT_MARK, DataFolder
from generator.store.load import Loaded, load
from generator.store.load import paths as earlier_paths
from generator.wording.numbers import number

MAX_OUTPUT = 256 << 20  # a built document or PDF is far smaller; more is not ours to hash
MANIFEST = OUTPUT_MARK  # output name -> hash of what the report was built from and of what it wrote
LOCK = ".zapiska.lock"
CHUNK = 20  # notes whose PDFs one LibreOffice start makes: its start-up is most of a conversion

BUILT, SKIPPED, FAILED = "built", "skipped", "failed"
STATUS_TITLES = {BUILT: "собран", SKIPPED: "без изменений", FAILED: "ошибка"}
MISSING_TITLE = "нет файла за период"

# The figures of the summary table, as the model declares them; column titles come from the model too.
KEY_FIGURES = marked_figures("summary")


def period_of(text: str, today: date | None = None) -> Period:
    """The period asked for; "auto" is the last half-year that has ended by today."""
    if text == "auto":
        return Period.last_half_year(today or date.today())
    return Period.parse(text)


@dataclass
class Job:
    """One report to build: the loaded input, its template and the files to write."""

    loaded: Loaded
    template: Path
    outputs: list[Path]  # the .docx, then the .pdf when asked for
    key: str


@dataclass
class Outcome:
    source: Path
    status: str
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the errors; for a built report its warnings
    loaded: Loaded | None = None

    @property
    def municipality(self) -> str:
        return self.source.parent.name


@dataclass
class Summary:
    period: Period
    outcomes: list[Outcome]  # by municipality folder
    missing: list[str]  # folders without a file for the period
    table: Path
    seconds: float
    region: tuple[list[Path], list[Problem]] = ([], [])  # the region's summary: its files, its problems

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)


Progress = Callable[[Outcome, int, int], None]  # an outcome, how many are done, how many in all


def run(data_dir: Path, period: Period, out_dir: Path, workers: int = 1, pdf: bool = False,
        force: bool = False, progress: Progress = lambda outcome, done, total: None) -> Summary:
    """Build every municipality's report for `period`; never stops at a broken one."""
    started = time.monotonic()
    sources, missing = _sources(data_dir, period, out_dir)
    if pdf:
        soffice()  # no LibreOffice: say so once, not once per municipality
    outcomes: list[Outcome] = []

    def finish(outcome: Outcome) -> None:
        outcomes.append(outcome)
        progress(outcome, len(outcomes), len(sources))

    with _locked(out_dir):
        remove_temporaries(out_dir)  # a killed run's half-written files
        manifest = _read_manifest(out_dir / MANIFEST)
        tool = _tool_digest()
        jobs = []
        for source in sources:
            try:
                loaded = load(source)
                template = resolve_template(loaded)
            except ZapiskaError as exc:
                finish(Outcome(source, FAILED, problems=exc.problems))
                continue
            except Exception as exc:  # one file must never stop the others, even through a bug
                finish(Outcome(source, FAILED, problems=[_internal(source, exc)]))
                continue
            outputs = [out_dir / loaded.output_name(suffix) for suffix in ([".docx", ".pdf"] if pdf else [".docx"])]
            earlier = earlier_paths(source, loaded.period)  # the dynamics a template may show
            key = _digest(tool, *(_read(path) for path in (source, loaded.previous_path, template, *earlier)))
            job = Job(loaded, template, outputs, key)
            if not force and manifest.get(outputs[0].name) == _recorded(key, outputs):
                finish(Outcome(source, SKIPPED, outputs, loaded=loaded))
            else:
                jobs.append(job)
        try:
            for job, problems in _execute(jobs, workers):
                if problems:
                    manifest.pop(job.outputs[0].name, None)
                    finish(Outcome(job.loaded.path, FAILED, problems=problems, loaded=job.loaded))
                else:
                    manifest[job.outputs[0].name] = _recorded(job.key, job.outputs)
                    finish(Outcome(job.loaded.path, BUILT, job.outputs, job.loaded.warnings, job.loaded))
        finally:
            text = json.dumps(manifest, indent=1, sort_keys=True)
            write_atomically(out_dir / MANIFEST, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))
        outcomes.sort(key=lambda outcome: outcome.municipality)
        table = write_table(out_dir / f"svodka-{period}.csv", period, outcomes, missing)
        region = for_batch(data_dir, period, out_dir, pdf, tool)
    return Summary(period, outcomes, missing, table, time.monotonic() - started, region)


def _sources(data_dir: Path, period: Period, out_dir: Path) -> tuple[list[Path], list[str]]:
    """The input files for the period, and the municipality folders that have none (the output
    folder is none, even inside the data folder before its first run has marked it)."""
    data = DataFolder(data_dir)
    output = out_dir.resolve()
    folders = [data_dir / name for name in data.municipalities() if (data_dir / name).resolve() != output]
    sources = [folder / f"{period}.yaml" for folder in folders if (folder / f"{period}.yaml").is_file()]
    if not sources:
        raise ZapiskaError(f"в {data_dir} нет ни одной папки муниципального образования с файлом "
                           f"{period}.yaml (создать его: zapiska init МУНИЦИПАЛИТЕТ {period})")
    return sources, [folder.name for folder in folders if folder / f"{period}.yaml" not in sources]


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock; refuse at once if another run holds it. The lock is the
    operating system's (flock, or Windows' own), so a killed run never leaves the folder locked."""
    from filelock import FileLock, Timeout  # only a batch locks: other commands never load it

    lock = FileLock(out_dir / LOCK)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire(blocking=False)
    except Timeout:
        raise ZapiskaError(f"в папку {out_dir} уже пишет другой запуск zapiska batch: "
                           "дождитесь его окончания и запустите снова") from None
    except OSError as exc:
        raise ZapiskaError([Problem(out_dir, 0, 0, f"не удалось писать в папку: {os_message(exc)}")]) from None
    try:
        yield
    finally:
        lock.release()


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or damaged: everything is built again
    return manifest if isinstance(manifest, dict) else {}


def _read(path: Path) -> bytes | None:
    """An output's bytes for its hash; None for one that is missing or not a regular file."""
    try:
        return read_regular(path, MAX_OUTPUT)
    except OSError:
        return None


def _tool_digest() -> bytes:
    """One hash of the tool: its version, its code, the chart specs and their style. A change
    to any of them rebuilds every report, even an update that kept the version number."""
    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py")) + sorted(path for path in resources.CHARTS_DIR.iterdir() if path.is_file())
    return _digest(__version__.encode(), *(f"{path.name}\0".encode() + path.read_bytes()
                                           for path in files)).encode()


def _recorded(key: str, outputs: list[Path]) -> str:
    """The inputs' hash with the outputs' own: a damaged or deleted document is built again."""
    return _digest(key.encode(), *(_read(path) for path in outputs))


def _digest(*parts: bytes | None) -> str:
    """One hash of several parts, an absent part (None) distinct from an empty one."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"-" if part is None else hashlib.sha256(part).digest())
    return digest.hexdigest()


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    """The jobs in the groups a worker builds at once: one each without PDF; with PDF as many as
    share one LibreOffice start (up to CHUNK), spread over the workers."""
    if not any(len(job.outputs) > 1 for job in jobs):
        return [[job] for job in jobs]
    size = max(1, min(CHUNK, -(-len(jobs) // workers)))
    return [jobs[start:start + size] for start in range(0, len(jobs), size)]


def _execute(jobs: list[Job], workers: int) -> Iterator[tuple[Job, list[Problem]]]:
    """Each job with its problems, as the jobs finish."""
    chunks = _chunks(jobs, workers)
    if workers == 1 or len(chunks) < 2:
        for chunk in chunks:
            yield from zip(chunk, _build_many(chunk))
        return
    # spawn, the only start method Windows has: a worker imports what it needs itself.
    pool = ProcessPoolExecutor(min(workers, len(chunks)), mp_context=multiprocessing.get_context("spawn"))
    broken: list[Job] = []
    try:
        futures = {pool.submit(_build_many, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                yield from zip(futures[future], future.result())
            except BrokenProcessPool:  # a worker died: every unfinished job fails with it
                broken += futures[future]
    finally:
        pool.shutdown(cancel_futures=True)
    for job in broken:  # each alone now: the one that dies again is the one to blame
        yield job, _alone(job)


def _alone(job: Job) -> list[Problem]:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(_build_many, [job]).result()[0]
        except BrokenProcessPool:
            return [Problem(job.loaded.path, 0, 0, "процесс сборки аварийно завершился на этом файле "
                                                   "(не хватило памяти?); остальные записки собраны")]


def _build_many(jobs: list[Job]) -> list[list[Problem]]:
    """Render the reports (in a worker process), then their PDFs in one LibreOffice start; each
    job's problems, empty when built."""
    problems = [_build(job) for job in jobs]
    wanted = [i for i, job in enumerate(jobs) if not problems[i] and len(job.outputs) > 1]
    if wanted:
        try:
            converted: list[Any] = to_pdfs([jobs[i].outputs[0] for i in wanted])
        except ZapiskaError as exc:  # LibreOffice gone since the run began
            converted = [exc] * len(wanted)
        for i, result in zip(wanted, converted):
            if isinstance(result, ZapiskaError):
                problems[i] = result.problems
    return problems


def _build(job: Job) -> list[Problem]:
    """Render one report (its PDF is made with the others'); the problems, empty when built."""
    try:
        build(job.loaded, job.outputs[0], job.template)
    except ZapiskaError as exc:
        return exc.problems
    except Exception as exc:  # a bug met by one municipality's data must not stop the others
        return [_internal(job.loaded.path, exc)]
    return []


def _internal(source: Path, exc: Exception) -> Problem:
    return Problem(source, 0, 0, f"внутренняя ошибка программы ({type(exc).__name__}: {exc}); "
                                 f"подробности покажет zapiska build {source}")


_NUMBER = re.compile(r"[+-]?\d[\d\s]*(,\d+)?")


def _cell(value: object) -> object:
    """A text Excel would run as a formula (=HYPERLINK(…), @…, +7 …) is written with a leading
    apostrophe, so it shows as typed; numbers such as -36,8 stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_table(path: Path, period: Period, outcomes: list[Outcome], missing: list[str]) -> Path:
    """The key figures of every municipality, this period, the same one a year back and the
    change in percent, as CSV that Excel opens as is (UTF-8 with BOM, «;» between columns and
    a decimal comma, as in the Russian locale)."""
    header = ["Папка", "Муниципальное образование", "Состояние"]
    for name in KEY_FIGURES:
        title = field_title(name)
        header += [f"{title} — {period.title}", f"{title} — {period.previous.title}", f"{title} — изменение, %"]
    rows: list[list[Any]] = [[folder, "", MISSING_TITLE] for folder in missing]
    for outcome in outcomes:
        state = (outcome.status == FAILED and draft.title(outcome.source)) or STATUS_TITLES[outcome.status]
        row = [outcome.municipality, "", state]
        if outcome.loaded is not None:
            row[1] = outcome.loaded.report.municipality.name
            context = compare(outcome.loaded.report, outcome.loaded.previous)
            for name in KEY_FIGURES:
                figure = figure_at(context, name)
                row += ["", "", ""] if figure is None else [
                    figure.value, "" if figure.previous is None else figure.previous,
                    "" if figure.percent is None else number(figure.percent, 1)]
        rows.append(row)

    def save(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(header)
            writer.writerows([_cell(value) for value in row] for row in sorted(rows, key=lambda row: str(row[0])))

    write_atomically(path, save)
    return path
