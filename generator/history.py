"""Dynamics over the years for a note: when a municipality's folder holds the same period of
earlier years (2017-H1.yaml … 2021-H1.yaml), each figure's history and the comparison with
the year before last (федеральные обзоры сравнивают с двумя предыдущими годами).

Reading the earlier files is the only I/O here; the history itself is pure computation.
An earlier year's file with errors is left out of the history: its own note reports them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .compare import Figure, compare
from .period import Period

YEARS = 5  # the reporting year and up to four before it


@dataclass(frozen=True)
class Point:
    period: Period
    value: int


@dataclass(frozen=True)
class History:
    """One count over the same period of several years, oldest first; only years that have it."""

    points: tuple[Point, ...]

    @property
    def years(self) -> int:
        return len(self.points)

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def change(self) -> Figure | None:
        """The last value against the first: the change over the whole span."""
        if len(self.points) < 2:
            return None
        return Figure(self.points[-1].value, self.points[0].value)


TITLES = {
    "points": "Значения по годам, от раннего к позднему: у каждого period и value",
    "years": "Сколько лет есть в истории",
    "first": "Самое раннее значение (period и value)",
    "change": "Последнее значение против самого раннего — как у числа: | change, | delta",
}


def paths(source: Path, period: Period, years: int = YEARS) -> list[Path]:
    """The files of the same period two to `years` - 1 years back, beside `source`, that exist."""
    candidates = [source.parent / f"{Period(period.year - back, period.kind)}.yaml" for back in range(2, years)]
    return [path for path in candidates if path.is_file()]


def earlier(source: Path, period: Period, years: int = YEARS) -> dict[Period, Any]:
    """The figures of the same period two to `years` - 1 years back that can be read."""
    from . import fastread
    from .errors import ZapiskaError
    from .load import load_model
    from .model import Report

    found = {}
    for path in paths(source, period, years):
        report = fastread.read(path)
        if report is None:
            try:
                report = load_model(path, Report)
            except ZapiskaError:
                continue
        found[Period.parse(path.stem)] = report
    return found


def histories(by_year: dict[Period, Any]) -> dict[str, Any]:
    """Every count of the model's sections as a History over `by_year` (period → figures)."""
    ordered = sorted((period, figures) for period, figures in by_year.items() if figures is not None)
    if not ordered:
        return {}
    return _walk(type(ordered[-1][1]), [(period, figures) for period, figures in ordered])


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


def context(report: Any, previous: Any, period: Period, older: dict[Period, Any]) -> dict[str, Any]:
    """What a note's template gets: history (each count over the years), before_last (every count
    against the same period two years back, as Figures) and has_before_last."""
    from .model import Figures

    years = {period: report, period.previous: previous, **older}
    back_two = older.get(Period(period.year - 2, period.kind))
    before_last = compare(report, back_two)
    for hidden in ("previous", "template"):
        before_last.pop(hidden, None)
    sections = {name: value for name, value in histories(years).items() if name in Figures.model_fields}
    return {"history": sections, "before_last": before_last, "has_before_last": back_two is not None}


EXTRAS = {
    "history": "Каждое число за тот же период прежних лет (до пяти лет, если в папке есть их файлы): "
               "{% for p in history.written.total.points %}{{ p.period.year }}: {{ p.value }}{% endfor %}",
    "before_last": "Каждое число в сравнении с тем же периодом позапрошлого года — как у числа: "
                   "{{ before_last.written.total | compared }}",
    "has_before_last": "Есть ли цифры за тот же период позапрошлого года (да/нет)",
}


def nodes(node: Any, sections: Any, figure: dict[str, Any], period: Any) -> dict[str, Any]:
    """What `zapiska template vars` and `template check` know of these names: `node` is their
    Node class, `sections(leaf)` the model's count sections with `leaf` at each count."""
    point = node("Значение одного года", {"period": period, "value": node("Число", leaf=True)})
    fields = {"points": node(TITLES["points"], item=point), "years": node(TITLES["years"], leaf=True),
              "first": node(TITLES["first"], point.children), "change": node(TITLES["change"], figure)}
    return {"history": node(EXTRAS["history"], sections(fields)),
            "before_last": node(EXTRAS["before_last"], sections(figure)),
            "has_before_last": node(EXTRAS["has_before_last"], leaf=True)}
