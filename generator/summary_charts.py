"""Charts of series: municipalities by appeals per 1000 inhabitants (the summary) and one
count over the same period of several years (the summary's region, a note's dynamics).

The same matplotlib style as the notes' charts (charts/style.mplstyle) and the same rules:
Agg through a bare Figure, no metadata, byte-identical PNGs for the same figures.
"""
from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from . import text
from .charts import png, styled
from .region import Row, YearTotal

BAR_CM = 0.4  # height of one municipality's bar with the gap below it


def rates(title: str, names: Sequence[str], values: Sequence[float], colors: Sequence[str],
          width_cm: float) -> bytes | None:
    """Horizontal bars, the highest rate on top, each with its value (one decimal)."""
    if not values:
        return None
    from matplotlib.figure import Figure

    with styled():
        height = max(4.0, 1.8 + BAR_CM * len(values))
        fig = Figure(figsize=(width_cm / 2.54, height / 2.54))
        ax = fig.subplots()
        positions = list(range(len(values)))
        drawn = ax.barh(positions, values, 0.7, color=colors[0])
        ax.bar_label(drawn, labels=[text.number(value, 1) for value in values], padding=2, fontsize=9)
        ax.set_yticks(positions, [textwrap.shorten(name, 34, placeholder="…") for name in names], fontsize=9)
        ax.set_ylim(len(values) - 0.5, -0.5)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.1)
        ax.set_title(title)
        return png(ax)


def years(title: str, labels: Sequence[str], values: Sequence[int], colors: Sequence[str],
          width_cm: float) -> bytes | None:
    """One bar a year, the last (the reporting period) in the second color when there is one."""
    if not values:
        return None
    from matplotlib.figure import Figure

    with styled():
        fig = Figure(figsize=(width_cm / 2.54, width_cm / 2.54 * 0.5))
        ax = fig.subplots()
        shades = [colors[0]] * (len(values) - 1) + [colors[-1]]
        drawn = ax.bar(range(len(values)), values, 0.6, color=shades)
        ax.bar_label(drawn, labels=[text.number(value) for value in values], padding=2)
        ax.set_xticks(range(len(values)), list(labels))
        ax.margins(y=0.15)
        ax.set_title(title)
        return png(ax)


def draw(spec: Any, by_rate: Sequence[Row], totals: Sequence[YearTotal]) -> bytes | None:
    """A summary chart (summary.ChartSpec): `by_rate` the municipalities' rows by rate, `totals`
    the region's same period over the years; None when there is nothing."""
    if spec.kind == "rates":
        shown = by_rate[:spec.limit]
        return rates(spec.title, [row.name for row in shown], [float(text.rounded(row.rate, 1)) for row in shown],
                     spec.colors, spec.width_cm)
    if len(totals) < 2:
        return None  # one year is no dynamics
    return years(spec.title, [str(point.period.year) for point in totals], [point.written for point in totals],
                 spec.colors, spec.width_cm)


def history(spec: Any, histories: dict[str, Any]) -> bytes | None:
    """A note's dynamics chart (charts/dynamics.yaml, kind history): the first figure of the spec
    over the years the municipality's folder holds (`histories`, each count as a History); None
    with fewer than two years."""
    from .compare import figure_at

    points = figure_at(histories, spec.figures[0].field) if spec.figures else None
    if points is None or points.years < 2:
        return None
    return years(spec.title, [str(point.period.year) for point in points.points],
                 [point.value for point in points.points], spec.colors, spec.width_cm)
