"""The region's summary computed from every municipality's figures: totals with the change
against last year, appeals per 1000 inhabitants, ranks, leaders, topics, the years' totals.

Pure computation: no I/O and no wording. Rates are kept exact; ranks compare them the way
the documents print them (one decimal, half-up, the text layer's rounding), so that two
municipalities shown with the same rate share a place.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.core.compare import Figure
from generator.core.fields import marked_figures
from generator.core.period import Period
from generator.wording.grammar import inflect
from generator.wording.numbers import rounded

PER = 1000  # appeals per this many inhabitants
RATE_PRECISION = 1
TOP = 5  # how many municipalities the sentence about the highest rates names

# The region's totals: the figures a regional department adds up, as the model marks them.
TOTALS = marked_figures("total")

# What the summary counts and ranks by, and how its text names it: written appeals when every
# municipality gives them, else all forms when every one gives those (measure()).
WRITTEN = "written.total"
ALL_FORMS = "appeals.total"
MEASURE_WORDS = {WRITTEN: "письменных обращений", ALL_FORMS: "обращений всех форм (письменных и устных)"}


def measure(reports: Iterable[Any]) -> str:
    """The count every municipality is ranked by: written appeals when every report gives them,
    else appeals of all forms when every report gives those, else written appeals (and those
    without them are left out of the summary)."""
    reports = list(reports)
    if all(value_at(report, WRITTEN) is not None for report in reports):
        return WRITTEN
    if all(value_at(report, ALL_FORMS) is not None for report in reports):
        return ALL_FORMS
    return WRITTEN


@dataclass(frozen=True)
class Entry:
    """One municipality's figures as the summary takes them: this period, a year back (or
    None) and earlier years of the same period (for the years' totals)."""

    folder: str
    report: Any  # model.Report
    previous: Any = None  # model.Figures or None
    earlier: dict[Period, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MunicipalityRow:
    """One line of the municipalities' table (titles: what `zapiska template vars --svodka` prints)."""

    folder: str = field(metadata={"title": "Папка с данными"})
    name: str = field(metadata={"title": "Название"})
    kind: str | None = field(metadata={"title": "Вид"})
    population: int | None = field(metadata={"title": "Численность населения"})
    written: Figure | None = field(metadata={
        "title": "Письменные обращения (число с .previous, .diff, .percent; пусто, если файл считает только "
                 "обращения всех форм)"})
    count: Figure = field(metadata={
        "title": "Обращения, которые считает сводка (measure): письменные или всех форм — число с .previous, "
                 ".diff, .percent"})
    rate: float | None = field(metadata={"title": "Обращений на 1000 жителей (пусто без численности)"})
    rate_previous: float | None = field(metadata={"title": "То же год назад (при той же численности)"})
    rank: int | None = field(metadata={
        "title": "Место по обращениям на 1000 жителей (при равных значениях — одно место)"})
    own_genitive: str | None = field(default=None, metadata={"title": "Родительный падеж из данных"})

    @property
    def genitive(self) -> str:
        """Название в родительном падеже: «от жителей …»"""
        return self.own_genitive or inflect(self.name, "gent")


@dataclass(frozen=True)
class YearTotal:
    """The region's appeals as the summary counts them (written, or all forms) in one year's same
    period, and how many municipalities the sum covers (an older year may lack some files)."""

    period: Period = field(metadata={"title": "Период"})
    written: int = field(metadata={
        "title": "Обращений, которые считает сводка (measure: письменных или всех форм), по вошедшим "
                 "муниципальным образованиям"})
    municipalities: int = field(metadata={"title": "Сколько муниципальных образований вошло"})


@dataclass(frozen=True)
class TopicTotal:
    """A section of the classifier summed over the region."""

    code: str | None = field(metadata={"title": "Код раздела тематического классификатора: 0001 … 0005"})
    name: str = field(metadata={"title": "Раздел тематического классификатора"})
    count: Figure = field(metadata={"title": "Вопросов по разделу (с прошлым годом и долей от всех вопросов)"})


def value_at(figures: Any, path: str) -> int | None:
    """The count at a dotted path ("written.total") of a report or of last year's figures;
    None when the figures, the section or the count are absent."""
    for part in path.split("."):
        figures = getattr(figures, part, None)
    return figures if isinstance(figures, int) and not isinstance(figures, bool) else None


def rate(count: int | None, population: int | None) -> float | None:
    """Appeals per 1000 inhabitants: count / population × 1000; None when either is unknown or
    the population is zero."""
    if count is None or not population:
        return None
    return count * PER / population


def ranks(values: Sequence[float | None]) -> list[int | None]:
    """Places by value, highest first, as printed (one decimal, half-up): equal printed values
    share a place and the next place is skipped (1, 2, 2, 4); None has no place."""
    shown = [None if value is None else rounded(value, RATE_PRECISION) for value in values]
    known = sorted((value for value in shown if value is not None), reverse=True)
    first: dict[Any, int] = {}
    for place, value in enumerate(known, 1):
        first.setdefault(value, place)
    return [None if value is None else first[value] for value in shown]


def rows(entries: Iterable[Entry], path: str = WRITTEN) -> list[MunicipalityRow]:
    """The table's rows in the order of the entries, with rates and ranks by the count at `path`
    (the summary's measure)."""
    entries = list(entries)
    # collect.py keeps only the municipalities that have the measure
    counts = [Figure(value_at(e.report, path) or 0, value_at(e.previous, path)) for e in entries]
    written = [None if e.report.written.total is None else Figure(e.report.written.total,
                                                                  value_at(e.previous, WRITTEN)) for e in entries]
    populations = [e.report.municipality.population for e in entries]
    rates = [rate(fig.value, population) for fig, population in zip(counts, populations)]
    places = ranks(rates)
    return [MunicipalityRow(e.folder, e.report.municipality.name, e.report.municipality.kind, population, own, fig,
                            value, rate(fig.previous, population), place, e.report.municipality.genitive)
            for e, own, fig, population, value, place in zip(entries, written, counts, populations, rates, places)]


def by_rate(table: Iterable[MunicipalityRow]) -> list[MunicipalityRow]:
    """Rows with a rate, highest first (ties by name)."""
    return sorted((row for row in table if row.rate is not None), key=lambda row: (row.rank, row.name))


def growth(table: Iterable[MunicipalityRow]) -> list[MunicipalityRow]:
    """Rows whose appeals (the summary's measure) grew, the largest growth in numbers first."""
    grown = [row for row in table if row.count.diff is not None and row.count.diff > 0]
    return sorted(grown, key=lambda row: (-(row.count.diff or 0), row.name))


def decline(table: Iterable[MunicipalityRow]) -> list[MunicipalityRow]:
    """Rows whose appeals (the summary's measure) fell, the largest fall first."""
    fallen = [row for row in table if row.count.diff is not None and row.count.diff < 0]
    return sorted(fallen, key=lambda row: (row.count.diff, row.name))


def tied(items: Sequence[Any], key: Any) -> list[Any]:
    """The items of a sorted list that share the first one's key: every one in the first place."""
    return [item for item in items if key(item) == key(items[0])] if items else []


def totals(entries: Sequence[Entry], paths: Iterable[str] = TOTALS) -> dict[str, Any]:
    """The region's sum of each figure as nested dicts like compare()'s ("written" → "total" →
    Figure). A figure no municipality has is left out; last year's sum is None unless every
    municipality that has the figure has last year's value too (like is compared with like:
    `comparable` gives the sum over those that have both)."""
    result: dict[str, Any] = {}
    for path in paths:
        pairs = [(v, value_at(e.previous, path)) for e in entries if (v := value_at(e.report, path)) is not None]
        if not pairs:
            continue
        before = [b for _, b in pairs if b is not None]
        figure = Figure(sum(v for v, _ in pairs), sum(before) if before and len(before) == len(pairs) else None)
        *sections, name = path.split(".")
        target = result
        for section in sections:
            target = target.setdefault(section, {})
        target[name] = figure
    return result


def comparable(entries: Sequence[Entry], path: str = WRITTEN) -> tuple[Figure | None, list[Entry]]:
    """The figure summed over the municipalities that have both years, and those entries; None
    when none has both."""
    both = [e for e in entries if value_at(e.report, path) is not None and value_at(e.previous, path) is not None]
    if not both:
        return None, []
    return Figure(sum(value_at(e.report, path) or 0 for e in both),
                  sum(value_at(e.previous, path) or 0 for e in both)), both


def population(entries: Iterable[Entry]) -> int | None:
    """The inhabitants of the municipalities that give their population; None when none does."""
    known = [e.report.municipality.population for e in entries if e.report.municipality.population]
    return sum(known) if known else None


def region_rate(entries: Sequence[Entry], path: str = WRITTEN) -> float | None:
    """The region's appeals (the count at `path`) per 1000 inhabitants, over the municipalities
    with a population."""
    counted = [e for e in entries if e.report.municipality.population]
    return rate(sum(value_at(e.report, path) or 0 for e in counted), population(counted)) if counted else None


def topics_given(entries: Sequence[Entry]) -> list[Entry]:
    """The municipalities whose topics count questions: the region's topics are summed of those.
    A report that counts topics by appeals (topics_counted: appeals) would add appeals to questions."""
    return [entry for entry in entries if entry.report.topics and entry.report.topics_counted != "appeals"]


def topics(entries: Sequence[Entry]) -> list[TopicTotal]:
    """The sections of the classifier summed over the region, by code: each count a Figure with
    last year's sum (only when every municipality that gives topics gave them last year too) and,
    as its whole, the region's questions of the municipalities that give topics (topics_given)."""
    sums: dict[str, list] = {}
    whole = 0
    given = topics_given(entries)
    like = all(getattr(entry.previous, "topics", None) for entry in given)
    for entry in given:
        whole += entry.report.questions_total or sum(topic.count for topic in entry.report.topics)
        earlier = {_topic_key(t): t.count for t in getattr(entry.previous, "topics", None) or []}
        for topic in entry.report.topics:
            key = _topic_key(topic)
            item = sums.setdefault(key, [topic.code, topic.name, 0, None])
            item[2] += topic.count
            if like and key in earlier:
                item[3] = (item[3] or 0) + earlier[key]
    return [TopicTotal(code, name, Figure(count, before, whole or None))
            for code, name, count, before in sorted(sums.values(), key=lambda item: (item[0] or "9999", item[1]))]


def _topic_key(topic: Any) -> str:
    return topic.code or topic.name


def years(entries: Sequence[Entry], period: Period, count: int = 5, path: str = WRITTEN) -> list[YearTotal]:
    """The region's appeals (the count at `path`) in the same period of up to `count` years, oldest
    first; years no municipality has figures for are left out."""
    result = []
    for back in range(count - 1, -1, -1):
        year = Period(period.year - back, period.kind)
        values = [_count_in(entry, year, period, path) for entry in entries]
        known = [value for value in values if value is not None]
        if known:
            result.append(YearTotal(year, sum(known), len(known)))
    return result


def history(entry: Entry, period: Period, periods: Iterable[Period], path: str = WRITTEN) -> list[int | None]:
    """The municipality's appeals (the count at `path`) in each of `periods` (None where unknown)."""
    return [_count_in(entry, year, period, path) for year in periods]


def _count_in(entry: Entry, year: Period, period: Period, path: str) -> int | None:
    if year == period:
        return value_at(entry.report, path)
    if year == period.previous:
        return value_at(entry.previous, path)
    return value_at(entry.earlier.get(year), path)
