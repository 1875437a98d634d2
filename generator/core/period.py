"""Reporting periods (2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021) and their Russian phrasings."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from generator.core.errors import ZapiskaError

_PATTERN = re.compile(r"^((?:19|2\d)\d\d)(?:-(H[12]|Q[1-4]|9M))?$")  # years 1900-2999: 0001 is a slip

NBSP = "\u00a0"  # "1 полугодие", "2021 г.": a number never parts from its word at a line end

# kind -> (nominative, "in" with the number, "in" in words); nine months are "за", not "в".
_NAMES = {
    "H1": (f"1{NBSP}полугодие", f"в 1{NBSP}полугодии", "в первом полугодии"),
    "H2": (f"2{NBSP}полугодие", f"во 2{NBSP}полугодии", "во втором полугодии"),
    "Q1": (f"1{NBSP}квартал", f"в 1{NBSP}квартале", "в первом квартале"),
    "Q2": (f"2{NBSP}квартал", f"во 2{NBSP}квартале", "во втором квартале"),
    "Q3": (f"3{NBSP}квартал", f"в 3{NBSP}квартале", "в третьем квартале"),
    "Q4": (f"4{NBSP}квартал", f"в 4{NBSP}квартале", "в четвертом квартале"),
    "9M": (f"9{NBSP}месяцев", f"за 9{NBSP}месяцев", "за девять месяцев"),
}

PERIOD_EXAMPLES = "2021-H1, 2021-H2, 2021-Q3, 2021-9M или 2021"

# kind -> (last month, months covered): periods are ordered by their end, the shorter first
# when two end together (2021-Q4, 2021-H2, 2021).
_SPANS = {"Q1": (3, 3), "Q2": (6, 3), "H1": (6, 6), "Q3": (9, 3), "9M": (9, 9), "Q4": (12, 3), "H2": (12, 6),
          "": (12, 12)}


class PeriodError(ZapiskaError, ValueError):
    """A period name that is not one of ours: a user's error (exit 1) and, for pydantic, a ValueError."""


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A reporting period. The fields' titles and the properties' docstrings are what a template's
    author reads in `zapiska template vars` (in Russian)."""

    year: int = field(metadata={"title": "Год числом"})
    kind: str = field(default="", metadata={"title": "Вид периода: H1, H2, Q1…Q4, 9M, пусто для года"})

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.year, *_SPANS[self.kind]) < (other.year, *_SPANS[other.kind])

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PATTERN.match(str(text).strip().upper())  # "2021-h1" is meant as 2021-H1
        if not match:
            raise PeriodError(f"неизвестный период «{text}»: ожидается {PERIOD_EXAMPLES}")
        return cls(int(match.group(1)), match.group(2) or "")

    @classmethod
    def from_words(cls, text: str) -> Period:
        """A period typed in Russian words or as a code (see code_from_words); PeriodError if neither."""
        return cls.parse(code_from_words(text))

    @classmethod
    def last_half_year(cls, today: date) -> Period:
        """The last half-year that has ended by `today`."""
        if today.month >= 7:
            return cls(today.year, "H1")
        return cls(today.year - 1, "H2")

    def __str__(self) -> str:
        return f"{self.year}-{self.kind}" if self.kind else str(self.year)

    # Phrasings used by the templates.
    @property
    def title(self) -> str:
        """Период в именительном падеже; для года — «2021 г.»"""
        return f"{_NAMES[self.kind][0]} {self.year_short}" if self.kind else self.year_short

    @property
    def za(self) -> str:
        """«за …»; для года — «за 2021 год»"""
        return f"за {_NAMES[self.kind][0]} {self.year} года" if self.kind else f"за {self.year} год"

    @property
    def v(self) -> str:
        """«в …» (но «за 9 месяцев …»); для года — «в 2021 году»"""
        return f"{_NAMES[self.kind][1]} {self.year} года" if self.kind else f"в {self.year} году"

    @property
    def v_words(self) -> str:
        """«в …», номер словом; для года — «в 2021 году»"""
        return f"{_NAMES[self.kind][2]} {self.year} года" if self.kind else f"в {self.year} году"

    @property
    def year_short(self) -> str:
        """Год с «г.»"""
        return f"{self.year}{NBSP}г."

    @property
    def since(self) -> str:
        """Сравнение с прошлым годом для compared: «чем за аналогичный период прошлого года»,
        для годового отчета — «чем за прошлый год»"""
        return "чем за аналогичный период прошлого года" if self.kind else "чем за прошлый год"

    @property
    def since_year(self) -> str:
        """То же с годом: «чем за аналогичный период 2020 года», «чем за 2020 год»"""
        return f"чем за аналогичный период {self.year - 1} года" if self.kind else f"чем за {self.year - 1} год"

    @property
    def previous(self) -> Period:
        """Тот же период годом раньше (АППГ), с теми же полями"""
        return Period(self.year - 1, self.kind)


# --- a period typed in Russian words («1 полугодие 2026 г.», «август 2026») ---------------

_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_ORDINALS = {"1": 1, "i": 1, "перв": 1, "2": 2, "ii": 2, "втор": 2, "3": 3, "iii": 3, "трет": 3,
             "4": 4, "iv": 4, "четверт": 4, "9": 9, "девят": 9}
_PARTS = {"полугод": ("H", 2), "квартал": ("Q", 4)}
WORDS_EXAMPLES = "«1 полугодие 2026», «3 квартал 2026», «9 месяцев 2026», «2026 год» или «август 2026»"


def _ordinal(words: list[str]) -> int | None:
    found = [n for word in words for stem, n in _ORDINALS.items() if word == stem or
             (not stem.isascii() and word.startswith(stem))]
    return found[0] if len(found) == 1 else None


def _month(words: list[str]) -> int | None:
    for word in words:
        for number, stem in enumerate(_MONTHS, 1):
            # «май», «мая», «мае» but not «марта»: a two-letter stem needs the whole word
            if word.startswith(stem) and (len(stem) > 2 or len(word) == 3):
                return number
    return None


def code_from_words(text: str) -> str:
    """The code of a period typed in words: «1 полугодие 2026 г.» → 2026-H1, «3 квартал 2026» →
    2026-Q3, «9 месяцев 2026» → 2026-9M, «2026 год» → 2026, «август 2026 г.» → 2026-08. A code
    itself (2026-H1) is returned as it is; PeriodError when the words name no period."""
    plain = str(text).replace(NBSP, " ").replace("ё", "е").strip().lower()
    if _PATTERN.match(plain.upper()) or re.fullmatch(r"\d{4}-\d\d", plain):
        return plain.upper()
    years = re.findall(r"(?<!\d)((?:19|2\d)\d\d)(?!\d)", plain)
    words = [w for w in re.split(r"[^\w]+", re.sub(r"(?<!\d)(?:19|2\d)\d\d(?!\d)", " ", plain)) if w]
    words = [w for w in words if w not in ("за", "в", "во", "г", "гг", "года", "год", "году")]
    error = PeriodError(f"не удалось понять период «{text}»: напишите, например, {WORDS_EXAMPLES}")
    if len(years) != 1:
        raise error
    year, ordinal = years[0], _ordinal(words)
    kind = next((kind for stem, kind in _PARTS.items() if any(w.startswith(stem) for w in words)), None)
    if kind is not None:
        if ordinal is None or ordinal > kind[1]:
            raise error
        return f"{year}-{kind[0]}{ordinal}"
    if any(w.startswith("месяц") for w in words):
        if ordinal != 9:
            raise error
        return f"{year}-9M"
    month = _month(words)
    if month is not None and len(words) == 1:
        return f"{year}-{month:02d}"
    if words:
        raise error
    return year
