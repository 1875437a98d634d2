"""Periods and their Russian phrasings."""
from __future__ import annotations

from datetime import date

import pytest

from generator.period import Period, PeriodError


@pytest.mark.parametrize("text, title, za, v, v_words", [
    ("2021-H1", "1 полугодие 2021 г.", "за 1 полугодие 2021 года", "в 1 полугодии 2021 года",
     "в первом полугодии 2021 года"),
    ("2021-H2", "2 полугодие 2021 г.", "за 2 полугодие 2021 года", "во 2 полугодии 2021 года",
     "во втором полугодии 2021 года"),
    ("2021-Q3", "3 квартал 2021 г.", "за 3 квартал 2021 года", "в 3 квартале 2021 года",
     "в третьем квартале 2021 года"),
    ("2021-9M", "9 месяцев 2021 г.", "за 9 месяцев 2021 года", "за 9 месяцев 2021 года",
     "за девять месяцев 2021 года"),
    ("2021", "2021 г.", "за 2021 год", "в 2021 году", "в 2021 году"),
])
def test_phrasings(text, title, za, v, v_words):
    period = Period.parse(text)
    assert str(period) == text
    assert (period.title, period.za, period.v, period.v_words) == (title, za, v, v_words)


def test_previous_is_the_same_period_a_year_back():
    assert str(Period.parse("2021-H1").previous) == "2020-H1"
    assert Period.parse("2021-H1").previous.year_short == "2020 г."


@pytest.mark.parametrize("today, expected", [
    (date(2026, 11, 23), "2026-H1"), (date(2026, 7, 1), "2026-H1"),
    (date(2026, 6, 30), "2025-H2"), (date(2026, 1, 10), "2025-H2"),
])
def test_last_half_year(today, expected):
    assert str(Period.last_half_year(today)) == expected


@pytest.mark.parametrize("text", ["2021-H3", "21-H1", "2021H1", "2021-H1 x", ""])
def test_bad_period(text):
    with pytest.raises(PeriodError, match="ожидается 2021-H1, 2021-H2, 2021-Q3, 2021-9M или 2021"):
        Period.parse(text)


def test_lower_case_is_understood():
    assert str(Period.parse(" 2021-h1 ")) == "2021-H1"
