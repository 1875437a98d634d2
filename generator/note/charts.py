"""A note's charts: declared in charts/*.yaml (ChartSpec), fed from the compared report.

What a chart shows is decided here; how it is drawn, in render/drawing.py.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.core.compare import Compared, figure_at
from generator.core.fields import field_at
from generator.core.period import Period
from generator.render import drawing
from generator.store.load import load_model
from generator.store.resources import CHARTS_DIR


class ChartFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(title="Поле файла с цифрами: written.total, hotline.calls, …")
    label: str = Field(title="Подпись под столбцами")

    @field_validator("field")
    @classmethod
    def _known(cls, value: str) -> str:
        if field_at(value) is None:
            raise ValueError(f"в файле с цифрами нет поля «{value}» (см. zapiska schema)")
        return value


class ChartSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(title="Заголовок диаграммы")
    kind: Literal["compare", "topics", "history"] = Field(
        title="Вид: compare — прошлый и отчетный год, topics — разделы, history — первая цифра по годам")
    figures: list[ChartFigure] = Field(default_factory=list, title="Цифры (для compare)")
    colors: list[str] = Field(min_length=1, title="Цвета столбцов")
    width_cm: float = Field(default=15, gt=0, le=17, title="Ширина в документе, см")


def load_specs(directory: Path | None = None) -> dict[str, ChartSpec]:
    """Every chart spec of the folder (charts/ by default), by file name without .yaml
    (the template's charts.<name>)."""
    paths = sorted((directory or CHARTS_DIR).glob("*.yaml"))
    return {path.stem: load_model(path, ChartSpec) for path in paths}


# A label's words that depend on the report: «Из {region_body}» → «Из Правительства Ульяновской области».
WORDS = {"region_body": "администрации региона"}


def _bars(spec: ChartSpec, figures: Compared, period: Period,
          words: dict[str, str] | None = None) -> tuple[list[str], list[list[int]], list[str]] | None:
    """Labels, one row of values per series, series names; None when nothing to draw."""
    if spec.kind == "topics":
        topics = figures["topics"]
        if not any(t["count"] for t in topics):  # no topics, or every one at 0: nothing to show
            return None
        return [t["name"] for t in topics], [[t["count"].value for t in topics]], [period.title]
    said = {**WORDS, **(words or {})}
    found = [(_said(f.label, said), figure_at(figures, f.field)) for f in spec.figures]
    found = [(label, fig) for label, fig in found if fig is not None]
    if not found:
        return None
    current = [fig.value for _, fig in found]
    labels = [label for label, _ in found]
    if all(fig.previous is not None for _, fig in found):
        return labels, [[fig.previous for _, fig in found], current], [period.previous.title, period.title]
    return labels, [current], [period.title]


def _said(label: str, words: dict[str, str]) -> str:
    for key, value in words.items():
        label = label.replace("{" + key + "}", value)
    return label


def draw(spec: ChartSpec, figures: Compared, period: Period, history: dict[str, Any] | None = None,
         style: Path = drawing.STYLE, words: dict[str, str] | None = None) -> bytes | None:
    """The chart as PNG bytes, or None when the report has none of its figures: `figures` is the
    compared report, `history` each count over the years (for a chart of kind history), `words`
    what the labels' {region_body} says."""
    if spec.kind == "history":
        return _history(spec, history or {})
    bars = _bars(spec, figures, period, words)
    if bars is None:
        return None
    labels, series, names = bars
    # Topics have long names: horizontal bars keep them readable.
    return drawing.bars(spec.title, labels, series, names, spec.colors, spec.width_cm,
                        horizontal=spec.kind == "topics", style=style)


def _history(spec: ChartSpec, histories: dict[str, Any]) -> bytes | None:
    """A note's dynamics chart (charts/dynamics.yaml, kind history): the first figure of the spec
    over the years the municipality's folder holds (`histories`, each count as a History); None
    with fewer than two years."""
    points = figure_at(histories, spec.figures[0].field) if spec.figures else None
    if points is None or points.years < 2:
        return None
    return drawing.years(spec.title, [str(point.period.year) for point in points.points],
                         [point.value for point in points.points], spec.colors, spec.width_cm)
