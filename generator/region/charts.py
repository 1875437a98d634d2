"""The region summary's charts: declared in charts/svodka/*.yaml (RegionChart), fed from its
context; drawn by render/drawing.py.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from generator.region.compute import MunicipalityRow, YearTotal
from generator.render import drawing
from generator.store.load import load_model
from generator.store.resources import CHARTS_DIR
from generator.wording.numbers import rounded

REGION_CHARTS = CHARTS_DIR / "svodka"


class RegionChart(BaseModel):
    """A chart of the summary: charts/svodka/<name>.yaml, in the template charts.<name>."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(title="Заголовок диаграммы")
    kind: Literal["rates", "years"] = Field(
        title="Вид: rates — муниципальные образования по обращениям на 1000 жителей, "
              "years — письменные обращения по региону за несколько лет")
    limit: int = Field(default=50, ge=1, le=200, title="Сколько муниципальных образований показать (для rates)")
    colors: list[str] = Field(min_length=1, title="Цвета столбцов")
    width_cm: float = Field(default=16, gt=0, le=17, title="Ширина в документе, см")


def load_specs(directory: Path = REGION_CHARTS) -> dict[str, RegionChart]:
    return {path.stem: load_model(path, RegionChart) for path in sorted(directory.glob("*.yaml"))}


def draw(spec: RegionChart, by_rate: Sequence[MunicipalityRow], totals: Sequence[YearTotal]) -> bytes | None:
    """A summary chart (RegionChart): `by_rate` the municipalities' rows by rate, `totals`
    the region's same period over the years; None when there is nothing."""
    if spec.kind == "rates":
        shown = by_rate[:spec.limit]
        return drawing.rates(spec.title, [row.name for row in shown], [float(rounded(row.rate, 1)) for row in shown],
                     spec.colors, spec.width_cm)
    if len(totals) < 2:
        return None  # one year is no dynamics
    return drawing.years(spec.title, [str(point.period.year) for point in totals], [point.written for point in totals],
                 spec.colors, spec.width_cm)
