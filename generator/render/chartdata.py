"""What a chart shows, whichever way it is drawn: a native Word chart (render/wordchart.py) or a
picture (render/drawing.py). note/charts.py and region/charts.py decide it; nothing here computes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

Values = list[int] | list[float]


@dataclass(frozen=True)
class ChartData:
    """A clustered bar chart: one group per category, one bar per series (named by its period).

    kind: compare (columns, periods side by side), topics and rates (horizontal bars), history and
    years (one series over years, the last — the reporting period — in the last color).
    """

    kind: str
    title: str
    categories: list[str]
    series: list[tuple[str, Values]]
    colors: list[str]
    width_cm: float = 15
    picture: bool = False  # a PNG instead of a native chart (an office suite that cannot edit charts)
    # the category labels a picture shows (shortened names); a native chart keeps them whole
    short: list[str] = field(default_factory=list)

    @property
    def horizontal(self) -> bool:
        return self.kind in ("topics", "rates")

    @property
    def highlight_last(self) -> bool:
        return self.kind in ("history", "years")


def worth_drawing(series: list[tuple[str, Values]]) -> bool:
    """A chart needs two values at least and one of them above zero: a single bar or a row of
    zeros says nothing the sentence before it has not said."""
    values = [value for _, values in series for value in values]
    return len(values) > 1 and any(values)
