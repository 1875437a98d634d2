"""Bar charts drawn with matplotlib into PNG bytes (the web form's preview, a spec's picture).

The same context gives byte-identical PNGs: a fixed style and font (DejaVu Sans, shipped with
matplotlib, has Cyrillic), Agg through a bare Figure, no timestamp or version in the file.
matplotlib is imported here only: commands that draw nothing never load it.
"""
from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from generator.render.chartdata import ChartData
from generator.store.resources import CHARTS_DIR
from generator.wording.numbers import number

STYLE = CHARTS_DIR / "style.mplstyle"
BAR_CM = 0.4  # height of one municipality's bar with the gap below it


def picture(data: ChartData, style: Path = STYLE) -> bytes:
    """`data`'s chart as a PNG: the web form's preview, a spec's `picture: true`."""
    if data.kind == "rates":
        return rates(data.title, data.categories, [float(v) for v in data.series[0][1]], data.colors, data.width_cm)
    if data.kind in ("history", "years"):
        return years(data.title, data.categories, [int(v) for v in data.series[0][1]], data.colors, data.width_cm)
    return bars(data.title, data.categories, [list(values) for _, values in data.series],
                [name for name, _ in data.series], data.colors, data.width_cm, data.horizontal, style)


def bars(title: str, labels: list[str], series: Sequence[Sequence[float]], names: list[str], colors: Sequence[str],
         width_cm: float, horizontal: bool = False, style: Path = STYLE) -> bytes:
    """Clustered bars: one group per label, one bar per series (named in the legend when there
    are several), each with its value; horizontal bars for long labels."""
    # A bare Figure, not pyplot: no global registry of figures to close, and pyplot's
    # import (backend switching and the rest) is some 50 ms of a one-second build.
    from matplotlib.figure import Figure

    with styled(style):
        fig = Figure(figsize=(width_cm / 2.54, width_cm / 2.54 * 0.55))
        ax = fig.subplots()
        width = 0.8 / len(series)
        positions = range(len(labels))
        for i, (values, name) in enumerate(zip(series, names)):
            offset = [p + (i - (len(series) - 1) / 2) * width for p in positions]
            color = colors[i % len(colors)]
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
        ax.set_title(title)
        if len(series) > 1:
            ax.legend()
        return png(ax)


def styled(style: Path = STYLE) -> AbstractContextManager[Any]:
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


def rates(title: str, names: Sequence[str], values: Sequence[float], colors: Sequence[str],
          width_cm: float) -> bytes:
    """Horizontal bars, the highest rate on top, each with its value (one decimal)."""
    from matplotlib.figure import Figure

    with styled():
        height = max(4.0, 1.8 + BAR_CM * len(values))
        fig = Figure(figsize=(width_cm / 2.54, height / 2.54))
        ax = fig.subplots()
        positions = list(range(len(values)))
        drawn = ax.barh(positions, values, 0.7, color=colors[0])
        ax.bar_label(drawn, labels=[number(value, 1) for value in values], padding=2, fontsize=9)
        ax.set_yticks(positions, [textwrap.shorten(name, 34, placeholder="…") for name in names], fontsize=9)
        ax.set_ylim(len(values) - 0.5, -0.5)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.1)
        ax.set_title(title)
        return png(ax)


def years(title: str, labels: Sequence[str], values: Sequence[int], colors: Sequence[str],
          width_cm: float) -> bytes:
    """One bar a year, the last (the reporting period) in the second color when there is one."""
    from matplotlib.figure import Figure

    with styled():
        fig = Figure(figsize=(width_cm / 2.54, width_cm / 2.54 * 0.5))
        ax = fig.subplots()
        shades = [colors[0]] * (len(values) - 1) + [colors[-1]]
        drawn = ax.bar(range(len(values)), values, 0.6, color=shades)
        ax.bar_label(drawn, labels=[number(value) for value in values], padding=2)
        ax.set_xticks(range(len(values)), list(labels))
        ax.margins(y=0.15)
        ax.set_title(title)
        return png(ax)
