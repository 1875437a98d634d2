"""Comparisons with the same period of the previous year (АППГ) and shares.

Pure computation: no I/O, no rounding, no formatting (that is the text layer's job).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One count of the report with what it is compared to.

    value     -- this period's count
    previous  -- the same period a year back, or None when unknown
    whole     -- the count this one is a part of (for shares), or None
    """

    value: int
    previous: int | None = None
    whole: int | None = None

    @property
    def diff(self) -> int | None:
        """Signed difference with the previous period."""
        return None if self.previous is None else self.value - self.previous

    @property
    def percent(self) -> float | None:
        """Signed change relative to the previous value, in percent; None when the
        previous value is unknown or zero (a change from nothing has no percentage)."""
        if not self.previous:
            return None
        return (self.value - self.previous) * 100 / self.previous

    @property
    def direction(self) -> str | None:
        """'up', 'down', 'same', or None when there is nothing to compare with."""
        if self.diff is None:
            return None
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"

    @property
    def share(self) -> float | None:
        """Share of the whole, in percent; None when there is no whole or it is zero."""
        if not self.whole:
            return None
        return self.value * 100 / self.whole

    def __int__(self) -> int:
        return self.value
