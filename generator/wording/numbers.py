"""Numbers the Russian way: thousands with a non-breaking space, the decimal comma, percents,
short large numbers, table cells, dates.

Pure functions, no I/O. The compare layer computes; the wording only formats, so all rounding
happens here (half-up, as a clerk rounds by hand — never banker's).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.core.compare import Figure
from generator.core.period import NBSP

DASH = "\u2014"


def decimal(value: Any) -> Decimal:
    """Any count the templates may pass (int, float, Decimal, Figure) as a Decimal."""
    if isinstance(value, Figure) or (hasattr(value, "value") and hasattr(value, "previous")):
        value = value.value
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"ожидалось число, получено: {value!r}")
    # repr() of a float is its shortest exact spelling: 36.85 stays 36.85, so
    # half-up gives 36,9 (Decimal(36.85) would be 36.8499… and round down).
    result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"ожидалось конечное число, получено: {value!r}")
    return result


def _round(value: Decimal, precision: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def rounded(value: Any, precision: int = 0) -> Decimal:
    """The value rounded the way the documents print it (half-up): what a rank compares."""
    return _round(decimal(value), precision)


def number(value: Any, precision: int = 0, group_from: int = 5) -> str:
    """295 → "295", 2907 → "2907", 11600 → "11 600" (NBSP), 42.71 (1) → "42,7".

    Numbers of four digits are not grouped in running text (Russian typographic
    practice); from `group_from` digits on, thousands are separated by a
    non-breaking space. Rounding is half-up; the sign is a plain hyphen-minus.
    """
    value = _round(decimal(value), precision)
    sign = "-" if value < 0 else ""  # "-0,0" would read as a real change
    digits = f"{abs(value):f}"
    whole, _, fraction = digits.partition(".")
    if len(whole) >= group_from:
        head = len(whole) % 3 or 3
        whole = NBSP.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    return sign + whole + ("," + fraction if fraction else "")


def percent(value: Any, precision: int = 1) -> str:
    """A value already in percent: 36.8257 → "36,8 %" (NBSP before "%").

    Always exactly `precision` decimals (100.0 → "100,0 %", with precision=0 →
    "100 %"): predictable columns beat clever trimming. A value that would
    print as zero but is not reads "менее 0,1 %", one that would print as 100 but is not reads
    "более 99,9 %" (above 100: "более 100,0 %"); None (a share of a zero or
    unknown whole) prints nothing. Negative values keep their sign; pass abs()
    where a magnitude is meant.
    """
    if value is None:
        return ""
    amount = decimal(value)
    shown = _round(amount, precision)
    if amount and not shown:
        return f"менее {number(Decimal(1).scaleb(-precision), precision)}{NBSP}%"
    if abs(shown) == 100 and abs(amount) != 100:
        # 1 999 of 2 000 is not all of them: the mirror of «менее 0,1 %».
        # Below zero the words swap: −99,96 is «менее −99,9 %».
        edge = Decimal(100) - Decimal(1).scaleb(-precision) if abs(amount) < 100 else Decimal(100)
        word = "более" if amount > 0 else "менее"
        return f"{word} {number(edge if amount > 0 else -edge, precision)}{NBSP}%"
    return f"{number(amount, precision)}{NBSP}%"


_LARGE_UNITS = ((Decimal(1000), "тыс."), (Decimal(10**6), "млн"), (Decimal(10**9), "млрд"))


def thousands(value: Any, precision: int = 1) -> str:
    """11600 → "11,6 тыс.", 1000000 → "1 млн", 2907 → "2907": below 10 000 a number
    is short enough as it is. A whole result drops its ",0" ("10 тыс.")."""
    amount = decimal(value)
    if abs(amount) < 10000:
        return number(amount)
    for divisor, unit in _LARGE_UNITS:
        scaled = _round(amount / divisor, precision)
        if abs(scaled) < 1000:
            break  # 999 950 is "1 млн", not "1000 тыс."
    shown = number(scaled, precision if scaled != scaled.to_integral_value() else 0)
    return f"{shown}{NBSP}{unit}"


def cell(value: Any, precision: int = 0) -> str:
    """A table's number as the text prints it: one rule for four digits in a whole document
    (9876 in the text, its table and its chart; 12 345 grouped everywhere). A dash says
    "no figure" where an empty cell would look forgotten."""
    return DASH if value is None else number(value, precision)


def date(value: Any) -> str:
    """datetime.date(2017, 12, 25) → "25.12.2017" (ГОСТ Р 7.0.97: ДД.ММ.ГГГГ)."""
    if not hasattr(value, "strftime"):
        raise TypeError(f"ожидалась дата, получено: {value!r}")
    return value.strftime("%d.%m.%Y")
