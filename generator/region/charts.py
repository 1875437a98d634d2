"""The region summary's charts: declared in charts/svodka/*.yaml (RegionChart), fed from its
context; written as native Word charts (render/wordchart.py) or drawn as pictures (render/drawing.py).
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.region.compute import MunicipalityRow, YearTotal
from generator.render.chartdata import ChartData, worth_drawing
from generator.store.load import load_model
from generator.store.resources import CHARTS_DIR
from generator.wording.numbers import rounded

REGION_CHARTS = CHARTS_DIR / "svodka"


class RegionChart(BaseModel):
    """A chart of the summary: charts/svodka/<name>.yaml, in the template charts.<name>."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(title="Заголовок диаграммы")
    title_all_forms: str | None = Field(default=None, title=(
        "Заголовок, когда сводка считает обращения всех форм, а не письменные (без него — title)"))
    kind: Literal["rates", "years"] = Field(
        title="Вид: rates — муниципальные образования по обращениям на 1000 жителей, "
              "years — письменные обращения по региону за несколько лет")
    limit: int = Field(default=50, ge=1, le=200, title="Сколько муниципальных образований показать (для rates)")
    colors: list[str] = Field(min_length=1, title="Цвета столбцов")
    width_cm: float = Field(default=16, gt=0, le=16, title="Ширина в документе, см")
    picture: bool = Field(default=False, title="Картинкой, а не диаграммой Word (если офисный пакет "
                                               "не умеет изменять диаграммы)")


def load_specs(directory: Path = REGION_CHARTS) -> dict[str, RegionChart]:
    return {path.stem: load_model(path, RegionChart) for path in sorted(directory.glob("*.yaml"))}


def chart(spec: RegionChart, by_rate: Sequence[MunicipalityRow], totals: Sequence[YearTotal],
          period: str = "", all_forms: bool = False) -> ChartData | None:
    """What a summary chart (RegionChart) shows: `by_rate` the municipalities' rows by rate,
    `totals` the region's same period over the years, `period` the series' name, under the title
    of what the summary counts (`all_forms`); None when there is nothing worth a chart (one year
    is no dynamics)."""
    title = spec.title_all_forms if all_forms and spec.title_all_forms else spec.title
    if spec.kind == "rates":
        shown = by_rate[:spec.limit]
        names = [row.name for row in shown]
        series: list[tuple[str, list[int] | list[float]]] = [(period, [float(rounded(row.rate, 1)) for row in shown])]
        data = ChartData("rates", title, names, series, spec.colors, spec.width_cm, spec.picture)
    else:
        series = [(period, [point.written for point in totals])]
        data = ChartData("years", title, [str(point.period.year) for point in totals], series,
                         spec.colors, spec.width_cm, spec.picture)
    return data if worth_drawing(data.series) else None
