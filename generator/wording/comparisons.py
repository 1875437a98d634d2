"""Comparisons with the same period of the previous year (АППГ) in words and in table cells:
«на 172 обращения (36,8 %) меньше», «в 2,3 раза больше», «−172 (−36,8 %)».
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from generator.core.compare import Figure
from generator.core.period import MONTHS
from generator.wording.grammar import agree, inflect
from generator.wording.numbers import DASH, cell, percent, rounded

_MONTH_GENITIVE = {prepositional: genitive for _, genitive, prepositional in MONTHS.values()}


def _figure(fig: Any) -> Figure:
    if isinstance(fig, Figure):
        return fig
    if hasattr(fig, "value") and hasattr(fig, "previous"):
        return Figure(fig.value, fig.previous, getattr(fig, "whole", None))
    raise TypeError(f"ожидалась цифра со значением прошлого года, получено: {fig!r}")


def change(fig: Any, noun: str = "обращение", precision: int = 1, in_times: bool = False) -> str:
    """"на 172 обращения (36,8 %) меньше" / "на 20 обращений (23,8 %) больше" /
    "на уровне прошлого года"; more than doubled: "в 2,3 раза больше (на 130
    обращений)"; from zero: "на 20 обращений больше" (no percentage); "" when the
    previous value is unknown. in_times=True says a fall to less than a half the same way:
    "в 8 раз меньше (на 350 обращений)"."""
    fig = _figure(fig)
    if fig.direction is None:
        return ""
    if fig.direction == "same":
        return "на уровне прошлого года"
    counted = agree(abs(fig.diff), noun, "accs")
    if _doubled(fig) or (in_times and _halved(fig)):
        return f"{times(fig, precision)} {more_less(fig)} (на {counted})"
    share = f" ({change_percent(fig, precision)})" if fig.percent is not None else ""
    return f"на {counted}{share} {more_less(fig)}"


def _doubled(fig: Figure) -> bool:
    # Official reviews say "в 2,3 раза больше" rather than "на 130,0 % больше".
    return fig.ratio is not None and fig.ratio > 2


def _halved(fig: Figure) -> bool:
    # The mirror of doubling: a fall to less than a half, not to zero (no «в … раз» of nothing).
    return fig.ratio is not None and 0 < fig.ratio < 0.5


def ratio(fig: Any, precision: int = 1) -> str:
    """This year's value against last year's in percent: "120,0 %" («что составляет 120,0 % к
    аналогичному периоду прошлого года»); "" when last year's value is unknown or zero."""
    value = _figure(fig).ratio
    return "" if value is None else percent(Decimal(repr(value)) * 100, precision)


def times(fig: Any, precision: int = 1) -> str:
    """"в 2,3 раза", "в 3 раза", "в 21 раз": how many times the larger of the two values
    exceeds the smaller; "" when one of them is zero or unknown."""
    ratio = _figure(fig).ratio
    if not ratio:
        return ""
    value = rounded(ratio if ratio >= 1 else 1 / ratio, precision)
    return "в " + agree(value.normalize() if value == value.to_integral_value() else value, "раз", "accs")


def compared(fig: Any, noun: str = "обращение",
             since: str = "чем за аналогичный период прошлого года", precision: int = 1,
             in_times: bool = False) -> str:
    """The clause after a sentence's figure: ", что на 172 обращения (36,8 %)
    меньше, чем за аналогичный период прошлого года"; equal: ", что на уровне
    аналогичного периода прошлого года"; "" when there is nothing to compare with
    (the comparison is left out, never invented)."""
    fig = _figure(fig)
    if fig.direction is None:
        return ""
    if fig.direction == "same":
        return f", что {_same(since)}"
    return f", что {change(fig, noun, precision, in_times)}, {since}"


def _same(since: str) -> str:
    # "чем за аналогичный период…" → "на уровне аналогичного периода…";
    # "чем в августе прошлого года" → "на уровне августа прошлого года";
    # "чем в 2020 году" → "столько же, сколько в 2020 году".
    if since.startswith("чем за "):
        rest = since[len("чем за "):]
        year, _, words = rest.partition(" ")
        if year.isdigit():  # "чем за 2020 год" → "на уровне 2020 года"
            return f"на уровне {year} {inflect(words, 'gent')}"
        return "на уровне " + inflect(rest, "gent")
    month, _, rest = since.removeprefix("чем в ").partition(" ")
    if since.startswith("чем в ") and month in _MONTH_GENITIVE:
        return f"на уровне {_MONTH_GENITIVE[month]} {rest}"
    if since.startswith("чем "):
        return "столько же, сколько " + since[len("чем "):]
    return "на уровне прошлого года"


def more_less(fig: Any) -> str:
    """"больше" / "меньше" / "столько же"; "" when the previous value is unknown."""
    return {"up": "больше", "down": "меньше", "same": "столько же", None: ""}[_figure(fig).direction]


def change_percent(fig: Any, precision: int = 1) -> str:
    """The magnitude of the change relative to АППГ: "47,6 %"; "" when there is
    none (previous value unknown or zero)."""
    value = _figure(fig).percent
    return "" if value is None else percent(abs(value), precision)


def delta(fig: Any, precision: int = 1) -> str:
    """Signed difference and percent change, compact for table cells, grouped as `cell`
    groups: "+1 234 (+16,7 %)"; "+130 (в 2,3 раза)"; a change below 0,05 % shows no
    percentage ("+1", never "+0,0 %"); a dash when unknown."""
    fig = _figure(fig)
    if fig.diff is None:
        return DASH

    def signed(text: str, value: float) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + text.lstrip("-")

    result = signed(cell(abs(fig.diff)), fig.diff)
    if _doubled(fig):
        result += f" ({times(fig, precision)})"
    elif fig.percent is not None and abs(rounded(fig.percent, precision)) == 100 and fig.value:
        result += f" ({times(fig, precision)})"  # 1 against 2 500 is not −100,0 %: «в 2500 раз»
    elif fig.percent is not None and rounded(fig.percent, precision):
        result += f" ({signed(percent(abs(fig.percent), precision), fig.percent)})"
    return result
