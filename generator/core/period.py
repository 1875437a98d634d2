"""Reporting periods (2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021, months 2023-08) and their Russian phrasings."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from generator.core.errors import ZapiskaError

_PATTERN = re.compile(r"^((?:19|2\d)\d\d)(?:-(H[12]|Q[1-4]|9M|\d{1,2}))?$")  # years 1900-2999: 0001 is a slip

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

# Months by number: nominative («за август»), genitive («31 августа»), prepositional («в августе»).
MONTHS = {
    1: ("январь", "января", "январе"), 2: ("февраль", "февраля", "феврале"), 3: ("март", "марта", "марте"),
    4: ("апрель", "апреля", "апреле"), 5: ("май", "мая", "мае"), 6: ("июнь", "июня", "июне"),
    7: ("июль", "июля", "июле"), 8: ("август", "августа", "августе"), 9: ("сентябрь", "сентября", "сентябре"),
    10: ("октябрь", "октября", "октябре"), 11: ("ноябрь", "ноября", "ноябре"),
    12: ("декабрь", "декабря", "декабре"),
}
_NAMES.update({f"{number:02}": (nominative, f"в {prepositional}", f"в {prepositional}")
               for number, (nominative, _, prepositional) in MONTHS.items()})

PERIOD_EXAMPLES = "2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 или месяц 2021-08"

# kind -> (last month, months covered): periods are ordered by their end, the shorter first
# when two end together (2021-Q4, 2021-H2, 2021).
_SPANS = {"Q1": (3, 3), "Q2": (6, 3), "H1": (6, 6), "Q3": (9, 3), "9M": (9, 9), "Q4": (12, 3), "H2": (12, 6),
          "": (12, 12), **{f"{month:02}": (month, 1) for month in MONTHS}}


def months(period: Period) -> tuple[int, int]:
    """The first and the last month of a period: 2021-Q3 -> (7, 9), 2023-08 -> (8, 8)."""
    last, count = _SPANS[period.kind]
    return last - count + 1, last


class PeriodError(ZapiskaError, ValueError):
    """A period name that is not one of ours: a user's error (exit 1) and, for pydantic, a ValueError."""


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A reporting period. The fields' titles and the properties' docstrings are what a template's
    author reads in `zapiska template vars` (in Russian)."""

    year: int = field(metadata={"title": "Год числом"})
    kind: str = field(default="", metadata={"title": "Вид периода: H1, H2, Q1…Q4, 9M, месяц 01…12, пусто для года"})

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.year, *_SPANS[self.kind]) < (other.year, *_SPANS[other.kind])

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PATTERN.match(str(text).strip().upper())  # "2021-h1" is meant as 2021-H1
        kind = match.group(2) or "" if match else ""
        if kind.isdigit():  # a month; "2023-8" is meant as 2023-08
            kind = f"{int(kind):02}"
        if not match or kind not in _SPANS:
            month = f" (месяца {int(kind)} нет)" if kind.isdigit() else ""
            raise PeriodError(f"неизвестный период «{text}»{month}: ожидается {PERIOD_EXAMPLES}")
        return cls(int(match.group(1)), kind)

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

    @classmethod
    def last_month(cls, today: date) -> Period:
        """The last month that has ended by `today`."""
        if today.month == 1:
            return cls(today.year - 1, "12")
        return cls(today.year, f"{today.month - 1:02}")

    @property
    def is_month(self) -> bool:
        """Месяц ли это (2023-08)"""
        return self.kind.isdigit()

    def __str__(self) -> str:
        return f"{self.year}-{self.kind}" if self.kind else str(self.year)

    # Phrasings used by the templates.
    @property
    def title(self) -> str:
        """Период в именительном падеже; для года — «2021 г.», для месяца — «август 2023 г.»"""
        return f"{_NAMES[self.kind][0]} {self.year_short}" if self.kind else self.year_short

    @property
    def za(self) -> str:
        """«за …»; для года — «за 2021 год», для месяца — «за август 2023 года»"""
        return f"за {_NAMES[self.kind][0]} {self.year} года" if self.kind else f"за {self.year} год"

    @property
    def v(self) -> str:
        """«в …» (но «за 9 месяцев …»); для года — «в 2021 году», для месяца — «в августе 2023 года»"""
        return f"{_NAMES[self.kind][1]} {self.year} года" if self.kind else f"в {self.year} году"

    @property
    def v_words(self) -> str:
        """«в …», номер словом; для года — «в 2021 году», для месяца — «в августе 2023 года»"""
        return f"{_NAMES[self.kind][2]} {self.year} года" if self.kind else f"в {self.year} году"

    @property
    def year_short(self) -> str:
        """Год с «г.»"""
        return f"{self.year}{NBSP}г."

    @property
    def since(self) -> str:
        """Сравнение с прошлым годом для compared: «чем за аналогичный период прошлого года»,
        для годового отчета — «чем за прошлый год», для месяца — «чем в августе прошлого года»"""
        if self.is_month:
            return f"чем {_NAMES[self.kind][1]} прошлого года"
        return "чем за аналогичный период прошлого года" if self.kind else "чем за прошлый год"

    @property
    def since_year(self) -> str:
        """То же с годом: «чем за аналогичный период 2020 года», «чем за 2020 год», «чем в августе 2022 года»"""
        if self.is_month:
            return f"чем {_NAMES[self.kind][1]} {self.year - 1} года"
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
