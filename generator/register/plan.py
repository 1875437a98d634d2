"""`zapiska import`: a register of appeals -> the period's figures in data/<municipality>/<period>.yaml.

The steps: read the register (table.py), put its rows together as appeals (appeals.py),
choose the period, count (tally.py), merge the counted figures into the period's file and the
previous year's (round trip: comments, order and every other field stay), list the changes,
write each file atomically. Nothing is written when the register has errors, unless the clerk
asks to leave out the appeals of the bad rows.
"""
from __future__ import annotations

import contextlib
import datetime
import functools
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.errors import ConflictError, Problem, ZapiskaError
from generator.core.fields import field_title
from generator.core.period import Period, months
from generator.register.appeals import Appeal, Register, RowProblem, read_appeals
from generator.register.mapping import FILE_NAME, RegisterMap, load_map
from generator.register.merge import FilePlan, file_plan
from generator.register.table import read
from generator.register.tally import tally
from generator.store.files import locked, write_atomically
from generator.store.folder import NAME_RULE, DataFolder, is_municipality
from generator.store.roundtrip import RoundTrip, dump

SLACK = datetime.timedelta(days=31)  # a register "covers" a period that it starts and ends within a month of
MONTH_SLACK = datetime.timedelta(days=7)  # ... or, for a month, within a week of (appeals come on working days)
SHOWN_PROBLEMS = 50


def bounds(period: Period) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a period."""
    first, last = months(period)
    end = datetime.date(period.year + (last == 12), last % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(period.year, first, 1), end


def covers(first: datetime.date, last: datetime.date, period: Period) -> bool:
    start, end = bounds(period)
    slack = MONTH_SLACK if period.is_month else SLACK
    return first <= start + slack and last >= end - slack


def default_period(first: datetime.date, last: datetime.date, today: datetime.date) -> Period:
    """The last half-year that has ended by today and that the register covers; when it covers
    none, the last such month."""
    for period in (Period.last_half_year(today), Period.last_month(today)):
        while bounds(period)[1] >= first:
            if covers(first, last, period):
                return period
            period = _before(period)
    raise ZapiskaError(f"в реестре нет завершившегося полугодия или месяца целиком (даты с {first:%d.%m.%Y} по "
                       f"{last:%d.%m.%Y}): укажите период, например --period {last.year}-{last.month:02} "
                       f"или --period {last.year}-H{1 if last.month <= 6 else 2}")


def _before(period: Period) -> Period:
    """The half-year or the month just before."""
    if period.is_month:
        return Period.last_month(bounds(period)[0])
    return Period(period.year - (period.kind == "H1"), "H2" if period.kind == "H1" else "H1")


def _chosen(period: Period) -> Problem:
    what = ("последний завершившийся месяц, который реестр охватывает целиком (полугодия целиком в нем нет)"
            if period.is_month else "последнее завершившееся полугодие, которое реестр охватывает целиком")
    return _note(f"период не указан: взят {period} ({period.title}) — {what}; другой период: --period")


@dataclass
class Plan:
    register: Path
    files: list[FilePlan]
    notes: list[Problem]  # skipped bad rows, a period not covered, a previous year not written


def plan(register: Path, folder: Path, period: str | None = None, map_path: Path | None = None,
         skip_bad_rows: bool = False, today: datetime.date | None = None) -> Plan:
    """Everything `zapiska import` would write, without writing it."""
    if not is_municipality(folder):
        raise ZapiskaError(f"нет папки муниципального образования «{folder}» (имя — {NAME_RULE}; "
                           "например data/kavkazsky-raion): проверьте путь или создайте ее командой zapiska init")
    mapping = _mapping(folder, map_path)
    with _no_cyclic_collector():
        table = read(register, {name: field for name, field in mapping.columns.items()}, mapping.sheet)
        found = read_appeals(table, mapping.values.model_dump())
    if not found.appeals:
        raise ZapiskaError([Problem(None, 0, 0, f"{register.name}: в реестре нет ни одного обращения")]
                           + _messages(found, found.problems))
    first = min(appeal.date for appeal in found.appeals)
    last = max(appeal.date for appeal in found.appeals)
    chosen = Period.parse(period) if period else default_period(first, last, today or datetime.date.today())
    notes: list[Problem] = [] if period else [_chosen(chosen)]
    periods = [chosen]
    if not covers(first, last, chosen):
        notes.append(_note(f"реестр охватывает {chosen.title} не целиком (даты в нем с {first:%d.%m.%Y} по "
                           f"{last:%d.%m.%Y}): цифры могут быть неполными"))
    if covers(first, last, chosen.previous):
        periods.append(chosen.previous)
    else:
        notes.append(_note(f"за {chosen.previous.title} реестр неполон — файл {chosen.previous}.yaml не меняется"))
    problems = [p for p in found.problems if p.appeal is None or any(_within(p.appeal, q) for q in periods)]
    if problems and not skip_bad_rows:
        raise ZapiskaError(_messages(found, problems) + [Problem(None, 0, 0, (
            "ничего не записано. Исправьте реестр или register-map.yaml; или посчитайте без этих строк: "
            "--skip-bad-rows"))])
    bad = {id(p.appeal) for p in problems if p.appeal is not None}
    if problems:
        notes += [Problem(None, 0, 0, f"пропущено: {p.message}", warning=True) for p in _messages(found, problems)]
        notes.append(_note(f"обращения с этими строками ({len(bad)}) не посчитаны"))
    files, data = RoundTrip(follow=False), DataFolder(folder.parent)  # a data folder's files are never links
    plans = []
    for each in periods:
        start, end = bounds(each)
        appeals = [a for a in found.appeals if start <= a.date <= end and id(a) not in bad]
        if not appeals:
            raise ZapiskaError(f"в реестре нет обращений за {each.title} (даты в нем с {first:%d.%m.%Y} по "
                               f"{last:%d.%m.%Y})")
        plans.append(file_plan(files, data, folder, each, tally(appeals, found.fields)))
        uncoded = [q.line for a in appeals if a.written for q in a.questions if q.section is None]
        if uncoded and "code" in found.fields:
            notes.append(_note(f"{found.table.where(uncoded, 'code')}: {len(uncoded)} вопросов за {each.title} "
                               "без кода классификатора: они учтены в поле "
                               f"«{field_title('questions_total').split(' (')[0]}», но ни в одном разделе тематики"))
    return Plan(register, plans, notes)


@contextlib.contextmanager
def _no_cyclic_collector() -> Iterator[None]:
    """The collector off while a register is read: the 100 000 appeals it makes hold no cycles,
    and rescanning them again and again would take a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _note(message: str) -> Problem:
    return Problem(None, 0, 0, message, warning=True)


def _within(appeal: Appeal, period: Period) -> bool:
    start, end = bounds(period)
    return start <= appeal.date <= end


def _mapping(folder: Path, map_path: Path | None) -> RegisterMap:
    path = map_path or folder / FILE_NAME
    if map_path is None and not path.exists():
        return RegisterMap()
    return load_map(path, follow=map_path is not None)  # the folder's own map is never a link


def _messages(found: Register, problems: list[RowProblem]) -> list[Problem]:
    """The problems, one message for the rows that share the column and the message."""
    groups: dict[tuple[str | None, str], list[int]] = {}
    for problem in problems:
        groups.setdefault((problem.field, problem.message), []).append(problem.line)
    messages = [Problem(None, 0, 0, f"{found.table.where(lines, field)}: {message}")
                for (field, message), lines in list(groups.items())[:SHOWN_PROBLEMS]]
    if len(groups) > SHOWN_PROBLEMS:
        messages.append(Problem(None, 0, 0, f"… и еще {len(groups) - SHOWN_PROBLEMS} ошибок другого вида"))
    return messages


# --- writing ----------------------------------------------------------------

def apply(plan: Plan) -> list[Path]:
    """Write the plan's files (each atomically); ConflictError when a file changed since the plan."""
    files = RoundTrip(follow=False)
    written = []
    with locked(plan.files[0].path.parent):  # the form's saves hold it too: no write between check and write
        for file in plan.files:
            now = files.read(file.path).digest
            if now != file.digest:
                raise ConflictError([Problem(file.path, 0, 0, "файл изменился после подсчета: ничего не записано, "
                                                              "запустите импорт еще раз")])
        for file in plan.files:
            if file.changes or not file.digest:
                content = dump(file.doc).encode("utf-8")
                write_atomically(file.path, functools.partial(_write_bytes, content))
                written.append(file.path)
    return written


def shown(value: Any) -> str:
    return "—" if value is None else str(value)


TITLE_WIDTH = 70  # longer titles push their own line's figures right, not every line's


def report_lines(plan: Plan) -> list[str]:
    """The table of changes, a file at a time: field, old → new."""
    lines = []
    for file in plan.files:
        questions = f", вопросов {file.questions}" if file.questions is not None else ""
        lines.append(f"{file.path} ({file.period.title}: обращений {file.appeals}{questions}) — "
                     f"изменений {len(file.changes)}, без изменений {file.unchanged}")
        rests = [" › ".join(change.pieces[1:]) for change in file.changes]
        width = min(max(map(len, rests), default=0), TITLE_WIDTH)
        head = None
        for change, rest in zip(file.changes, rests):
            figures = f"{shown(change.old)} → {shown(change.new)}"
            if not rest:  # a field of its own: no section to head
                lines.append(f"  {change.pieces[0].ljust(width + 2)}  {figures}")
                head = None
                continue
            if change.pieces[0] != head:
                head = change.pieces[0]
                lines.append(f"  {head}")
            lines.append(f"    {rest.ljust(width)}  {figures}")
    return lines


def _write_bytes(content: bytes, temporary: str) -> None:
    Path(temporary).write_bytes(content)
