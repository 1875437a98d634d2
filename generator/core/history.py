"""Dynamics over the years for a note: when a municipality's folder holds the same period of
earlier years (2017-H1.yaml … 2021-H1.yaml), each figure's history; the note's context also
compares with the year before last (федеральные обзоры сравнивают с двумя предыдущими годами).

Pure computation: the earlier years' files are read by store/load.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.core.compare import Figure
from generator.core.model import Figures
from generator.core.period import Period

YEARS = 5  # the reporting year and up to four before it


@dataclass(frozen=True)
class Point:
    """One year's value (titles as in compare.Figure: for `zapiska template vars`)."""

    period: Period = field(metadata={"title": "Период этого значения"})
    value: int = field(metadata={"title": "Число"})


@dataclass(frozen=True)
class History:
    """One count over the same period of several years, oldest first; only years that have it."""

    points: tuple[Point, ...] = field(metadata={
        "title": "Значения по годам, от раннего к позднему: у каждого period и value"})

    @property
    def years(self) -> int:
        """Сколько лет есть в истории"""
        return len(self.points)

    @property
    def first(self) -> Point | None:
        """Самое раннее значение (period и value)"""
        return self.points[0] if self.points else None

    @property
    def change(self) -> Figure | None:
        """Последнее значение против самого раннего — как у числа: | change, | delta"""
        if len(self.points) < 2:
            return None
        return Figure(self.points[-1].value, self.points[0].value)


def histories(by_year: dict[Period, Any]) -> dict[str, Any]:
    """Every count of the model's count sections as a History over `by_year` (period → figures)."""
    ordered = sorted((period, figures) for period, figures in by_year.items() if figures is not None)
    if not ordered:
        return {}
    sections = _walk(type(ordered[-1][1]), ordered)
    return {name: value for name, value in sections.items() if name in Figures.model_fields}


def _walk(model: type[BaseModel], years: list[tuple[Period, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in model.model_fields:
        values = [(period, getattr(figures, name, None)) for period, figures in years]
        sample = next((value for _, value in values if value is not None), None)
        if isinstance(sample, BaseModel):
            result[name] = _walk(type(sample), values)
        elif isinstance(sample, int) and not isinstance(sample, bool):
            result[name] = History(tuple(Point(period, value) for period, value in values
                                         if isinstance(value, int) and not isinstance(value, bool)))
    return result
