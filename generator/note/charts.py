"""A note's charts: declared in charts/*.yaml (ChartSpec), fed from the compared report.

What a chart shows is decided here (a render.chartdata.ChartData); it is written as a native Word
chart by render/wordchart.py, or drawn as a picture by render/drawing.py.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.core.compare import Compared, figure_at
from generator.core.fields import field_at
from generator.core.period import Period
from generator.render.chartdata import ChartData, worth_drawing
from generator.store.load import load_model
from generator.store.resources import CHARTS_DIR


class ChartFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(title="Поле файла с цифрами: written.total, hotline.calls, …")
    label: str = Field(title="Подпись под столбцами")
    title: str | None = Field(default=None, title="Как назвать эту цифру в заголовке, если других цифр "
                                                   "диаграммы в отчете нет (по умолчанию — подпись)")

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
    width_cm: float = Field(default=15, gt=0, le=16, title="Ширина в документе, см")
    picture: bool = Field(default=False, title="Картинкой, а не диаграммой Word (если офисный пакет "
                                               "не умеет изменять диаграммы)")


def load_specs(directory: Path | None = None) -> dict[str, ChartSpec]:
    """Every chart spec of the folder (charts/ by default), by file name without .yaml
    (the template's charts.<name>)."""
    paths = sorted((directory or CHARTS_DIR).glob("*.yaml"))
    return {path.stem: load_model(path, ChartSpec) for path in paths}


# A label's or title's words that depend on the report: «Из {region_body}» → «Из Правительства Ульяновской области».
WORDS = {"region_body": "администрации региона"}


def _said(text: str, words: dict[str, str]) -> str:
    for key, value in words.items():
        text = text.replace("{" + key + "}", value)
    return text


def _bars(spec: ChartSpec, figures: Compared, period: Period) -> tuple[list[str], list[list[int]], list[str]] | None:
    """Labels, one row of values per series, series names; None when nothing to draw. A figure
    missing from the report, or at zero in both periods, has no bar."""
    if spec.kind == "topics":
        topics = figures["topics"]
        if not any(t["count"] for t in topics):  # no topics, or every one at 0: nothing to show
            return None
        return [t["name"] for t in topics], [[t["count"].value for t in topics]], [period.title]
    found = [(_said(f.label, WORDS), figure_at(figures, f.field)) for f in spec.figures]  # chart() said them first
    found = [(label, fig) for label, fig in found if fig is not None and (fig.value or fig.previous)]
    if not found:
        return None
    current = [fig.value for _, fig in found]
    labels = [label for label, _ in found]
    if all(fig.previous is not None for _, fig in found):
        return labels, [[fig.previous or 0 for _, fig in found], current], [period.previous.title, period.title]
    return labels, [current], [period.title]


def title(spec: ChartSpec, shown: list[str]) -> str:
    """The spec's title when every figure is shown; else the shown figures' own names, so that a
    chart «Звонки и личные приемы» with receptions only is titled «Личные приемы»."""
    if not spec.figures or len(shown) == len(spec.figures):
        return spec.title
    names = [f.title or f.label for f in spec.figures if f.label in shown]
    names = names[:1] + [_lower(name) for name in names[1:]]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " и " + names[-1]


def _lower(name: str) -> str:
    """A name inside a title: lower case first letter, unless it is an abbreviation (ОНФ, ПОС)."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def worded(spec: ChartSpec, words: dict[str, str] | None = None) -> ChartSpec:
    """The spec with its figures' labels and titles in the report's words (WORDS where it gives none)."""
    said = {**WORDS, **(words or {})}
    return spec.model_copy(update={"figures": [
        f.model_copy(update={"label": _said(f.label, said), "title": _said(f.title, said) if f.title else f.title})
        for f in spec.figures]})


def chart(spec: ChartSpec, figures: Compared, period: Period, history: dict[str, Any] | None = None,
          words: dict[str, str] | None = None) -> ChartData | None:
    """What the chart shows, or None when the report has nothing worth a chart: `figures` is the
    compared report, `history` each count over the years (for a chart of kind history), `words`
    what the labels' {region_body} says."""
    spec = worded(spec, words)
    if spec.kind == "history":
        return _history(spec, history or {})
    bars = _bars(spec, figures, period)
    if bars is None:
        return None
    labels, values, names = bars
    series: list[tuple[str, list[int] | list[float]]] = list(zip(names, values))
    if not worth_drawing(series):
        return None
    return ChartData(spec.kind, title(spec, labels), labels, series, spec.colors, spec.width_cm, spec.picture)


def _history(spec: ChartSpec, histories: dict[str, Any]) -> ChartData | None:
    """A note's dynamics chart (charts/dynamics.yaml, kind history): the first figure of the spec
    over the years the municipality's folder holds (`histories`, each count as a History); None
    with fewer than two years."""
    points = figure_at(histories, spec.figures[0].field) if spec.figures else None
    if points is None or points.years < 2:
        return None
    series: list[tuple[str, list[int] | list[float]]] = [(spec.figures[0].label, [p.value for p in points.points])]
    if not worth_drawing(series):
        return None
    return ChartData("history", spec.title, [str(point.period.year) for point in points.points], series,
                     spec.colors, spec.width_cm, spec.picture)
