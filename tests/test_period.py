"""Periods and their Russian phrasings."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import NB
from generator.core.period import Period, PeriodError, months


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
    ("2023-08", f"август 2023{NB}г.", "за август 2023 года", "в августе 2023 года", "в августе 2023 года"),
    ("2023-01", f"январь 2023{NB}г.", "за январь 2023 года", "в январе 2023 года", "в январе 2023 года"),
    ("2023-05", f"май 2023{NB}г.", "за май 2023 года", "в мае 2023 года", "в мае 2023 года"),
    ("2023-12", f"декабрь 2023{NB}г.", "за декабрь 2023 года", "в декабре 2023 года", "в декабре 2023 года"),
])
def test_phrasings(text, title, za, v, v_words):
    period = Period.parse(text)
    assert str(period) == text
    assert (period.title, period.za, period.v, period.v_words) == (title, za, v, v_words)


def test_previous_is_the_same_period_a_year_back():
    assert str(Period.parse("2021-H1").previous) == "2020-H1"
    assert Period.parse("2021-H1").previous.year_short == f"2020{NB}г."
    month = Period.parse("2023-08")
    assert (str(month.previous), month.previous.title, month.previous.v) == (
        "2022-08", f"август 2022{NB}г.", "в августе 2022 года")
    assert (month.year, month.kind, month.year_short, month.is_month) == (2023, "08", f"2023{NB}г.", True)
    assert not Period.parse("2023-Q3").is_month and not Period.parse("2023").is_month


@pytest.mark.parametrize("number, nominative, prepositional", [
    (1, "январь", "январе"), (2, "февраль", "феврале"), (3, "март", "марте"), (4, "апрель", "апреле"),
    (5, "май", "мае"), (6, "июнь", "июне"), (7, "июль", "июле"), (8, "август", "августе"),
    (9, "сентябрь", "сентябре"), (10, "октябрь", "октябре"), (11, "ноябрь", "ноябре"), (12, "декабрь", "декабре"),
])
def test_every_month_is_phrased(number, nominative, prepositional):
    period = Period.parse(f"2024-{number:02}")
    assert (period.za, period.v, period.since, period.since_year) == (
        f"за {nominative} 2024 года", f"в {prepositional} 2024 года", f"чем в {prepositional} прошлого года",
        f"чем в {prepositional} 2023 года")
    assert months(period) == (number, number)


@pytest.mark.parametrize("text, since, since_year", [
    ("2021-H1", "чем за аналогичный период прошлого года", "чем за аналогичный период 2020 года"),
    ("2021", "чем за прошлый год", "чем за 2020 год"),  # a year has no "аналогичный период"
    ("2023-08", "чем в августе прошлого года", "чем в августе 2022 года"),
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


@pytest.mark.parametrize("today, expected", [
    (date(2023, 9, 1), "2023-08"), (date(2023, 9, 30), "2023-08"), (date(2024, 1, 10), "2023-12"),
    (date(2024, 2, 29), "2024-01"),
])
def test_last_month(today, expected):
    assert str(Period.last_month(today)) == expected


@pytest.mark.parametrize("text", ["2021-H3", "21-H1", "2021H1", "2021-H1 x", "", "2023-123", "2023-M8", "2023/08"])
def test_bad_period(text):
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    assert str(error.value) == (f"неизвестный период «{text}»: ожидается 2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 "
                                "или месяц 2021-08")


@pytest.mark.parametrize("text, number", [("2023-13", 13), ("2023-00", 0), ("2023-0", 0), ("2023-99", 99)])
def test_no_such_month(text, number):
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    assert str(error.value) == (f"неизвестный период «{text}» (месяца {number} нет): ожидается 2021-H1, 2021-H2, "
                                "2021-Q3, 2021-9M, 2021 или месяц 2021-08")


def test_lower_case_is_understood():
    assert str(Period.parse(" 2021-h1 ")) == "2021-H1"


def test_a_month_of_one_digit_is_understood():
    assert str(Period.parse("2023-8")) == "2023-08"  # printed (and named in files) with two digits


def test_periods_are_ordered_by_their_end():
    names = ["2021-Q3", "2020", "2021-H1", "2021-9M", "2021", "2021-Q1", "2021-H2", "2021-Q4", "2021-Q2"]
    assert [str(p) for p in sorted(map(Period.parse, names), reverse=True)] == [
        "2021", "2021-H2", "2021-Q4", "2021-9M", "2021-Q3", "2021-H1", "2021-Q2", "2021-Q1", "2020"]


def test_a_month_ends_before_the_longer_periods_that_end_with_it():
    names = ["2021-Q3", "2021-09", "2021", "2021-12", "2021-H2", "2021-Q4", "2021-9M", "2021-08", "2021-11",
             "2020-12", "2021-01", "2021-Q1", "2021-03"]
    assert [str(p) for p in sorted(map(Period.parse, names))] == [
        "2020-12", "2021-01", "2021-03", "2021-Q1", "2021-08", "2021-09", "2021-Q3", "2021-9M", "2021-11",
        "2021-12", "2021-Q4", "2021-H2", "2021"]


@pytest.mark.parametrize("text, expected", [("2021-Q3", (7, 9)), ("2021-9M", (1, 9)), ("2021", (1, 12)),
                                            ("2021-H2", (7, 12)), ("2023-08", (8, 8))])
def test_months_of_a_period(text, expected):
    assert months(Period.parse(text)) == expected
