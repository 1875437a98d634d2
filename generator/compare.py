"""Comparisons with the same period of the previous year (АППГ) and shares.

Pure computation: no I/O, no rounding, no formatting (that is the text layer's job).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Figure:
    """One count of the report with what it is compared to.

    value     -- this period's count
    previous  -- the same period a year back, or None when unknown
    whole     -- the count this one is a part of (for shares), or None
    """

    value: int
    previous: int | None = None
    whole: int | None = None

    @property
    def diff(self) -> int | None:
        """Signed difference with the previous period."""
        return None if self.previous is None else self.value - self.previous

    @property
    def percent(self) -> float | None:
        """Signed change relative to the previous value, in percent; None when the
        previous value is unknown or zero (a change from nothing has no percentage)."""
        if not self.previous:
            return None
        return (self.value - self.previous) * 100 / self.previous

    @property
    def direction(self) -> str | None:
        """'up', 'down', 'same', or None when there is nothing to compare with."""
        if self.diff is None:
            return None
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"

    @property
    def share(self) -> float | None:
        """Share of the whole, in percent; None when there is no whole or it is zero."""
        if not self.whole:
            return None
        return self.value * 100 / self.whole

    def __int__(self) -> int:
        return self.value


def _resolve(report: Any, path: str | None) -> int | None:
    """The integer at a dotted path of the report, or None."""
    if path is None:
        return None
    for part in path.split("."):
        report = getattr(report, part, None)
    return report if isinstance(report, int) else None


def _key(item: BaseModel) -> str:
    """How items of a list are matched between periods: topics by code, else by name."""
    return getattr(item, "code", None) or getattr(item, "name", "")


def _compare(current: BaseModel, previous: BaseModel | None, report: BaseModel) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, info in type(current).model_fields.items():
        value = getattr(current, name)
        before = getattr(previous, name, None) if previous is not None else None
        if isinstance(value, int):
            whole = (info.json_schema_extra or {}).get("whole") if isinstance(info.json_schema_extra, dict) else None
            result[name] = Figure(value, before if isinstance(before, int) else None, _resolve(report, whole))
        elif isinstance(value, BaseModel):
            result[name] = _compare(value, before, report)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            earlier = {_key(item): item for item in before or []}
            result[name] = [_compare(item, earlier.get(_key(item)), report) for item in value]
        else:
            result[name] = value
    return result


def compare(report: BaseModel, previous: BaseModel | None) -> dict[str, Any]:
    """The report as nested dicts in which every count is a Figure with its previous value
    (matched by field, topics by code) and its whole, where the model declares one."""
    return _compare(report, previous, report)


def figure_at(context: dict[str, Any], path: str) -> Any:
    """The entry at a dotted path of compare()'s result ("written.total"), or None when absent."""
    for part in path.split("."):
        context = context.get(part) if isinstance(context, dict) else None
    return context
