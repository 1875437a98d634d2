"""Charts declared in charts/*.yaml, drawn with matplotlib into PNG bytes.

The same context gives byte-identical PNGs: a fixed style and font (DejaVu Sans,
shipped with matplotlib, has Cyrillic) and no timestamp or version in the file.
matplotlib is imported here only: commands that draw nothing never load it.
"""
from __future__ import annotations

import io
import textwrap
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import resources
from .compare import Compared, figure_at
from .load import load_model
from .model import field_at
from .period import Period

CHARTS_DIR = resources.CHARTS
STYLE = "style.mplstyle"


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


def _bars(spec: ChartSpec, figures: Compared, period: Period) -> tuple[list[str], list[list[int]], list[str]] | None:
    """Labels, one row of values per series, series names; None when nothing to draw."""
    if spec.kind == "topics":
        topics = figures["topics"]
        if not any(t["count"] for t in topics):  # no topics, or every one at 0: nothing to show
            return None
        return [t["name"] for t in topics], [[t["count"].value for t in topics]], [period.title]
    found = [(f.label, figure_at(figures, f.field)) for f in spec.figures]
    found = [(label, fig) for label, fig in found if fig is not None]
    if not found:
        return None
    current = [fig.value for _, fig in found]
    labels = [label for label, _ in found]
    if all(fig.previous is not None for _, fig in found):
        return labels, [[fig.previous for _, fig in found], current], [period.previous.title, period.title]
    return labels, [current], [period.title]


def draw(spec: ChartSpec, figures: Compared, period: Period, history: dict[str, Any] | None = None,
         style: Path = CHARTS_DIR / STYLE) -> bytes | None:
    """The chart as PNG bytes, or None when the report has none of its figures: `figures` is the
    compared report, `history` each count over the years (for a chart of kind history)."""
    if spec.kind == "history":
        from . import summary_charts

        return summary_charts.history(spec, history or {})
    bars = _bars(spec, figures, period)
    if bars is None:
        return None
    # A bare Figure, not pyplot: no global registry of figures to close, and pyplot's
    # import (backend switching and the rest) is some 50 ms of a one-second build.
    from matplotlib.figure import Figure

    labels, series, names = bars
    with styled(style):
        fig = Figure(figsize=(spec.width_cm / 2.54, spec.width_cm / 2.54 * 0.55))
        ax = fig.subplots()
        # Topics have long names: horizontal bars keep them readable.
        horizontal = spec.kind == "topics"
        width = 0.8 / len(series)
        positions = range(len(labels))
        for i, (values, name) in enumerate(zip(series, names)):
            offset = [p + (i - (len(series) - 1) / 2) * width for p in positions]
            color = spec.colors[i % len(spec.colors)]
            if horizontal:
                drawn = ax.barh(offset, values, width, label=name, color=color)
            else:
                drawn = ax.bar(offset, values, width, label=name, color=color)
            ax.bar_label(drawn, padding=2)
        ticks = [textwrap.fill(label, 22 if horizontal else 16) for label in labels]
        if horizontal:
            ax.set_yticks(list(positions), ticks)
            ax.invert_yaxis()
            ax.grid(axis="x")
            ax.grid(axis="y", visible=False)
            ax.margins(x=0.12)
        else:
            ax.set_xticks(list(positions), ticks)
            ax.margins(y=0.15)
        ax.set_title(spec.title)
        if len(series) > 1:
            ax.legend()
        return png(ax)


def styled(style: Path = CHARTS_DIR / STYLE) -> AbstractContextManager[Any]:
    """matplotlib's settings from the style file while a chart is drawn. Not matplotlib.style:
    importing it reads every style matplotlib ships, and a chart uses none of them."""
    import matplotlib

    return matplotlib.rc_context(matplotlib.rc_params_from_file(str(style), use_default_template=False))


def png(ax: Any) -> bytes:
    """The chart of `ax` (the only axes of its figure) as PNG bytes, drawn once.

    The axes are first placed so that their tick labels, title and bar labels fit the figure with
    the style's savefig.pad_inches around them. savefig's bbox_inches="tight" gets the same with a
    whole extra draw, and a layout engine makes savefig draw twice as well; here the text is
    measured on the renderer savefig then draws with, so nothing is laid out twice.
    Call it inside the style's context.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    renderer = FigureCanvasAgg(fig).get_renderer()  # savefig reuses it: same size and dpi
    pad = matplotlib.rcParams["savefig.pad_inches"] * fig.dpi
    width, height = fig.bbox.width, fig.bbox.height
    # A title wider than the figure goes on as many lines as it needs.
    title, room = ax.title.get_text(), width - 2 * pad
    wide = ax.title.get_window_extent(renderer).width
    if wide > room:
        ax.title.set_text(textwrap.fill(title, max(1, int(len(title) * room / wide))))
    # The axis labels, the title's height and the bar labels; not the title's width (it is centered
    # over the axes wherever they end up, below), nor the bars and the legend, which stay inside.
    inner = ax.get_window_extent(renderer)
    outer = ax.get_tightbbox(renderer, for_layout_only=True, bbox_extra_artists=ax.texts)
    left, right = inner.x0 - outer.x0 + pad, outer.x1 - inner.x1 + pad
    bottom, top = inner.y0 - outer.y0 + pad, outer.y1 - inner.y1 + pad
    # Labels longer than the figure can hold still leave the bars a fifth of it.
    across, up = max(width - left - right, width / 5), max(height - bottom - top, height / 5)
    ax.set_position([left / width, bottom / height, across / width, up / height])
    # A title wider than the axes (long names to their left) moves aside to stay in the figure.
    half = ax.title.get_window_extent(renderer).width / 2
    center = min(max(left + across / 2, pad + half), width - pad - half)
    ax.title.set_x((center - left) / across)
    buffer = io.BytesIO()
    # zlib's level 3, not PNG's usual 6: a third less time for 8 % more bytes (about 3 KB a chart).
    fig.savefig(buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    return buffer.getvalue()
