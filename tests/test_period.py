"""Periods and their Russian phrasings."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import NB
from generator.core.period import Period, PeriodError


@pytest.mark.parametrize("text, title, za, v, v_words", [
    ("2021-H1", f"1{NB}полугодие 2021{NB}г.", f"за 1{NB}полугодие 2021 года", f"в 1{NB}полугодии 2021 года",
     "в первом полугодии 2021 года"),
    ("2021-H2", f"2{NB}полугодие 2021{NB}г.", f"за 2{NB}полугодие 2021 года", f"во 2{NB}полугодии 2021 года",
     "во втором полугодии 2021 года"),
    ("2021-Q3", f"3{NB}квартал 2021{NB}г.", f"за 3{NB}квартал 2021 года", f"в 3{NB}квартале 2021 года",
     "в третьем квартале 2021 года"),
    ("2021-9M", f"9{NB}месяцев 2021{NB}г.", f"за 9{NB}месяцев 2021 года", f"за 9{NB}месяцев 2021 года",
     "за девять месяцев 2021 года"),
    ("2021", f"2021{NB}г.", "за 2021 год", "в 2021 году", "в 2021 году"),
])
def test_phrasings(text, title, za, v, v_words):
    period = Period.parse(text)
    assert str(period) == text
    assert (period.title, period.za, period.v, period.v_words) == (title, za, v, v_words)


def test_previous_is_the_same_period_a_year_back():
    assert str(Period.parse("2021-H1").previous) == "2020-H1"
    assert Period.parse("2021-H1").previous.year_short == f"2020{NB}г."


@pytest.mark.parametrize("text, since, since_year", [
    ("2021-H1", "чем за аналогичный период прошлого года", "чем за аналогичный период 2020 года"),
    ("2021", "чем за прошлый год", "чем за 2020 год"),  # a year has no "аналогичный период"
])
def test_since(text, since, since_year):
    period = Period.parse(text)
    assert (period.since, period.since_year) == (since, since_year)


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


def test_periods_are_ordered_by_their_end():
    names = ["2021-Q3", "2020", "2021-H1", "2021-9M", "2021", "2021-Q1", "2021-H2", "2021-Q4", "2021-Q2"]
    assert [str(p) for p in sorted(map(Period.parse, names), reverse=True)] == [
        "2021", "2021-H2", "2021-Q4", "2021-9M", "2021-Q3", "2021-H1", "2021-Q2", "2021-Q1", "2020"]
