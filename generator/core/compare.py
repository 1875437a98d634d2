"""Comparisons with the same period of the previous year (АППГ) and shares.

Pure computation: no I/O, no rounding, no formatting (that is the text layer's job).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.core.fields import Location, count_at, fields, whole_at


@dataclass(frozen=True)
class Figure:
    """One count of the report with what it is compared to.

    Each field's title and each property's docstring is what a template's author reads in
    `zapiska template vars` (in Russian), so they say what the value is to them.
    """

    value: int = field(metadata={"title": "Само число"})
    previous: int | None = field(default=None, metadata={
        "title": "То же число за тот же период прошлого года (пусто, если неизвестно)"})
    whole: int | None = field(default=None, metadata={
        "title": "Целое, долю которого составляет число (для тематик — вопросов всего)"})

    @property
    def diff(self) -> int | None:
        """Разница с прошлым годом со знаком"""
        return None if self.previous is None else self.value - self.previous

    @property
    def percent(self) -> float | None:
        """Изменение к прошлому году в процентах со знаком, для печати — через | change_percent
        (пусто, если прошлого значения нет или оно 0)"""
        if not self.previous:  # a change from nothing has no percentage
            return None
        return (self.value - self.previous) * 100 / self.previous

    @property
    def ratio(self) -> float | None:
        """Во сколько раз число больше прошлогоднего, для печати — через | times
        (пусто, если прошлого значения нет или оно 0)"""
        if not self.previous:
            return None
        return self.value / self.previous

    @property
    def direction(self) -> str | None:
        """Направление изменения: up, down, same (пусто, если сравнивать не с чем)"""
        if self.diff is None:
            return None
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"

    @property
    def share(self) -> float | None:
        """Доля от целого в процентах, для печати — через | percent (пусто, если целое 0 или неизвестно)"""
        if not self.whole:
            return None
        return self.value * 100 / self.whole

    def __int__(self) -> int:
        return self.value

    def __bool__(self) -> bool:
        # "{% if hotline.calls %}" in a template asks whether there is something to report.
        return self.value != 0


# compare()'s result: the model's fields by key, a count as a Figure, a section as a Compared,
# a list of rows as a list of them, anything else as it is.
Compared = dict[str, Any]


def _key(item: BaseModel) -> str:
    """How items of a list are matched between periods: topics by code, else by name."""
    return str(getattr(item, "code", None) or getattr(item, "name", ""))


def _compare(current: BaseModel, previous: BaseModel | None, report: BaseModel, loc: Location) -> Compared:
    result: Compared = {}
    for spec in fields(type(current)):
        value = getattr(current, spec.key)
        before = getattr(previous, spec.key, None) if previous is not None else None
        here = loc + (spec.key,)
        if spec.kind == "count" and value is not None:
            of = spec.share or spec.whole
            whole = count_at(report, whole_at(of, here, report)) if of else None
            result[spec.key] = Figure(value, before, whole)
        elif spec.kind == "section" and value is not None:
            result[spec.key] = _compare(value, before, report, here)
        elif spec.kind == "rows":
            earlier = {_key(item): item for item in before or []}
            result[spec.key] = [_compare(item, earlier.get(_key(item)), report, here + (i,))
                                for i, item in enumerate(value)]
        else:
            result[spec.key] = value
    return result


def compare(report: BaseModel, previous: BaseModel | None) -> Compared:
    """The report as nested dicts in which every count is a Figure with its previous value
    (matched by field, topics by code) and its whole, where the model declares one."""
    return _compare(report, previous, report, ())


def figure_at(figures: Compared, path: str) -> Any:
    """The entry at a dotted path of compare()'s result ("written.total"), or None when absent."""
    node: Any = figures
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node
