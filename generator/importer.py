"""`zapiska import`: a register of appeals -> the period's figures in data/<municipality>/<period>.yaml.

The steps: read the register (register.py), put its rows together as appeals (appeals.py),
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
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .appeals import Appeal, Register, RowProblem, read_appeals
from .errors import ConflictError, Problem, ZapiskaError
from .files import write_atomically
from .model import Spec, field_at, in_file_order, visible
from .period import Period
from .register import read
from .register_map import FILE_NAME, RegisterMap, load_map
from .scaffold import COMMENT_COLUMN, SLUG, blank
from .tally import tally
from .web.store import Store, dump

_MONTHS = {"": (1, 12), "H1": (1, 6), "H2": (7, 12), "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12),
           "9M": (1, 9)}
SLACK = datetime.timedelta(days=31)  # a register "covers" a period that it starts and ends within a month of
SHOWN_PROBLEMS = 50
QUESTIONS = {"questions_total", "count"}  # figures that count questions (a topic's count); the rest, appeals
NOT_FIGURES = ("municipality", "signature", "executor", "template")  # what a new file takes from an earlier one


def bounds(period: Period) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a period."""
    first, last = _MONTHS[period.kind]
    end = datetime.date(period.year + (last == 12), last % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(period.year, first, 1), end


def covers(first: datetime.date, last: datetime.date, period: Period) -> bool:
    start, end = bounds(period)
    return first <= start + SLACK and last >= end - SLACK


def default_period(first: datetime.date, last: datetime.date, today: datetime.date) -> Period:
    """The last half-year that has ended by today and that the register covers."""
    period = Period.last_half_year(today)
    while bounds(period)[1] >= first:
        if covers(first, last, period):
            return period
        period = Period(period.year - (period.kind == "H1"), "H2" if period.kind == "H1" else "H1")
    raise ZapiskaError(f"в реестре нет завершившегося полугодия целиком (даты с {first:%d.%m.%Y} по "
                       f"{last:%d.%m.%Y}): укажите период, например --period "
                       f"{last.year}-H{1 if last.month <= 6 else 2}")


Item = tuple[str, str]  # a list element in a change's location: its code (or name) and its name


@dataclass
class Change:
    loc: tuple[str | Item, ...]  # ("written", "total"), ("topics", ("0005", "ЖКХ"), "count")
    old: Any
    new: Any

    @property
    def field(self) -> str:
        """As the file has it: «written.total», «topics[0005].subtopics[газификация].count»."""
        return "".join(f"[{part[0]}]" if isinstance(part, tuple) else f".{part}" for part in self.loc).lstrip(".")

    @property
    def title(self) -> str:
        """In the department's words: «Письменные обращения › из них в форме электронного документа»,
        «Тематика вопросов по разделам классификатора › «Жилищно-коммунальная сфера» › «газификация»»."""
        return " › ".join(self.pieces)

    @property
    def pieces(self) -> list[str]:
        pieces: list[str] = []
        path = ""
        for i, part in enumerate(self.loc):
            if isinstance(part, tuple):
                pieces.append(f"«{part[1]}»")
                continue
            item_next = i + 1 < len(self.loc) and isinstance(self.loc[i + 1], tuple)
            path += f"{'.' if path else ''}{part}{'[]' if item_next else ''}"
            if pieces and (item_next or isinstance(self.loc[i - 1], tuple) and part == "count"):
                continue  # an element's count is the element; a list inside an element is its name's
            spec = field_at(path)
            label = (spec.label if spec is not None else part).split(" (")[0]  # without its hint
            pieces.append(label if not pieces else label[:1].lower() + label[1:])
        return pieces


@dataclass
class FilePlan:
    """One file as it will be written."""

    path: Path
    period: Period
    doc: CommentedMap
    digest: str  # of the file as read ("" when there was none): a change meanwhile stops the write
    appeals: int
    questions: int | None
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class Plan:
    register: Path
    files: list[FilePlan]
    notes: list[Problem]  # skipped bad rows, a period not covered, a previous year not written


def plan(register: Path, folder: Path, period: str | None = None, map_path: Path | None = None,
         skip_bad_rows: bool = False, today: datetime.date | None = None) -> Plan:
    """Everything `zapiska import` would write, without writing it."""
    if not folder.is_dir() or not SLUG.fullmatch(folder.name):
        raise ZapiskaError(f"нет папки муниципального образования «{folder}» (имя — латинские буквы, цифры, "
                           "«-» и «_», например data/kavkazsky-raion): проверьте путь или создайте ее "
                           "командой zapiska init")
    mapping = _mapping(folder, map_path)
    with _no_cyclic_collector():
        table = read(register, {name: field for name, field in mapping.columns.items()}, mapping.sheet)
        found = read_appeals(table, mapping.values.model_dump())
    if not found.appeals:
        raise ZapiskaError([Problem(None, 0, 0, f"{register.name}: в реестре нет ни одного обращения")]
                           + _messages(found, found.problems))
    first = min(appeal.date for appeal in found.appeals)
    last = max(appeal.date for appeal in found.appeals)
    notes: list[Problem] = []
    chosen = Period.parse(period) if period else default_period(first, last, today or datetime.date.today())
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
    store = Store(folder.parent)
    files = []
    for each in periods:
        start, end = bounds(each)
        appeals = [a for a in found.appeals if start <= a.date <= end and id(a) not in bad]
        if not appeals:
            raise ZapiskaError(f"в реестре нет обращений за {each.title} (даты в нем с {first:%d.%m.%Y} по "
                               f"{last:%d.%m.%Y})")
        files.append(_file_plan(store, folder, each, tally(appeals, found.fields)))
        uncoded = [q.line for a in appeals if a.written for q in a.questions if q.section is None]
        if uncoded and "code" in found.fields:
            notes.append(_note(f"{found.table.where(uncoded, 'code')}: {len(uncoded)} вопросов за {each.title} "
                               "без кода классификатора: они учтены в числе вопросов всего (questions_total), "
                               "но ни в одном разделе тематики"))
    return Plan(register, files, notes)


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
    return load_map(path)


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


# --- the period's file ---------------------------------------------------------

def _file_plan(store: Store, folder: Path, period: Period, figures: dict[str, Any]) -> FilePlan:
    path = folder / f"{period}.yaml"
    snapshot = store.read(path)
    doc = snapshot.doc if snapshot.doc is not None else _new_file(store, folder, period)
    written = figures["written"]["total"]
    result = FilePlan(path, period, doc, snapshot.digest, written, figures.get("questions_total"))
    _merge(doc, figures, _ROOT(), "", result)
    return result


def _new_file(store: Store, folder: Path, period: Period) -> CommentedMap:
    """The blank of `zapiska init`, with the municipality, signature and executor of the latest
    earlier file of the folder (they are not figures: the same every period)."""
    doc = YAML().load(blank(str(period)))
    earlier = [p for p in store.periods(folder.name) if p != period]
    if earlier:
        source = store.read(folder / f"{earlier[0]}.yaml").doc
        for key in NOT_FIGURES:
            if source is not None and key in source:
                _put(doc, key, deepcopy(source[key]), _ROOT())
    return doc


def _ROOT() -> tuple[Spec, ...]:  # noqa: N802 - the report's fields in the order of the file
    return in_file_order(visible())


def _spec(specs: tuple[Spec, ...], key: str) -> Spec:
    return next(spec for spec in specs if spec.key == key)


def _put(target: CommentedMap, key: str, value: Any, specs: tuple[Spec, ...]) -> None:
    """Set target[key]; a new key goes after the keys that precede it in the model."""
    if key in target:
        target[key] = value
        return
    order = [spec.key for spec in specs]
    before = order[:order.index(key)] if key in order else order
    position = max((i + 1 for i, existing in enumerate(target) if existing in before), default=0)
    target.insert(position, key, value)


def _comment(path: str, key: str) -> str:
    spec = field_at(path)
    title = (spec.label if spec is not None else key).split(" (")[0]
    unit = "вопросы" if key in QUESTIONS and not path.startswith(("settlements", "topics.subtopics")) else "обращения"
    return f"{title[0].lower()}{title[1:]} (считаются {unit}; из реестра)"


def _merge(target: CommentedMap, figures: dict[str, Any], specs: tuple[Spec, ...], path: str, result: FilePlan,
           label: tuple[str | Item, ...] = ()) -> None:
    for key, value in figures.items():
        here = f"{path}.{key}" if path else key
        shown = (*label, key)
        if isinstance(value, dict):
            node = target.get(key)
            if not isinstance(node, CommentedMap):
                node = CommentedMap()
                _put(target, key, node, specs)
            _merge(node, value, _spec(specs, key).children, here, result, shown)
        elif isinstance(value, list):
            _merge_list(target, key, value, specs, here, result, shown)
        else:
            _set(target, key, value, specs, here, result, shown)


def _set(target: CommentedMap, key: str, value: Any, specs: tuple[Spec, ...], path: str, result: FilePlan,
         label: tuple[str | Item, ...]) -> None:
    old = target.get(key)
    if old == value:
        result.unchanged += 1
        return
    result.changes.append(Change(label, old, value))
    fresh = key not in target
    _put(target, key, value, specs)
    if fresh and isinstance(value, int):
        target.yaml_add_eol_comment(_comment(path, key), key, column=COMMENT_COLUMN)


# Lists are matched item by item: topics by code (or name), subtopics and settlements by name.
_MATCH = {"topics": "code", "subtopics": "name", "settlements": "name"}


def _key(item: Any, by: str) -> str:
    value = item.get(by) if isinstance(item, dict) else None
    if value is None and by == "code" and isinstance(item, dict):
        value = item.get("name")  # a topic typed without its code
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _merge_list(target: CommentedMap, key: str, items: list[dict[str, Any]], specs: tuple[Spec, ...], path: str,
                result: FilePlan, label: tuple[str | Item, ...]) -> None:
    """Existing items keep their place and own fields (in_text, remark): their counts are updated;
    items the register does not have are removed (a topic's count becomes 0); new ones are added."""
    inner = _spec(specs, key).children
    by = _MATCH[key]
    node = target.get(key)
    if not isinstance(node, CommentedSeq) or _blank(node):
        node = CommentedSeq()  # not the blank items of `zapiska init` (nor their comments)
    counted = {_key(item, by): item for item in items}
    for item in list(node):
        if not isinstance(item, dict) or _blank(item):
            node.remove(item)
    for item in list(node):
        name = _key(item, by)
        shown = (*label, _item(item, by))
        if name in counted:
            _merge(item, _without(counted.pop(name), by), inner, path, result, shown)
        elif key == "topics":
            _set(item, "count", 0, inner, f"{path}.count", result, (*shown, "count"))
            if item.get("subtopics"):
                _merge_list(item, "subtopics", [], inner, f"{path}.subtopics", result, (*shown, "subtopics"))
        else:
            result.changes.append(Change((*shown, "count"), item.get("count"), None))
            node.remove(item)
    for item in counted.values():
        fresh = CommentedMap((k, v) for k, v in item.items() if k in (by, "name"))  # shown in the label
        _merge(fresh, _without(item, by), inner, path, result, (*label, _item(item, by)))
        node.append(fresh)
    if node or key in target:
        _put(target, key, node, specs)


def _item(item: Any, by: str) -> Item:
    key = str(item.get(by) or item.get("name"))
    return key, str(item.get("name") or key)


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return value is None or value == ""


def _without(item: dict[str, Any], by: str) -> dict[str, Any]:
    """An item's figures without its matching key (kept as the clerk wrote it) and name."""
    return {k: v for k, v in item.items() if k not in (by, "name")}


# --- writing ----------------------------------------------------------------

def apply(plan: Plan) -> list[Path]:
    """Write the plan's files (each atomically); ConflictError when a file changed since the plan."""
    store = Store(plan.files[0].path.parent.parent)
    for file in plan.files:
        now = store.read(file.path).digest
        if now != file.digest:
            raise ConflictError([Problem(file.path, 0, 0, "файл изменился после подсчета: ничего не записано, "
                                                          "запустите импорт еще раз")])
    written = []
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
