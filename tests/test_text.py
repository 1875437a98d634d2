"""The Russian wording layer: exact strings, NBSP where it belongs."""
import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NB
from generator.authoring.catalogue import filters
from generator.core.compare import Figure
from generator.wording.comparisons import change, change_percent, compared, delta, more_less, times
from generator.wording.filters import FILTERS, jinja_filters
from generator.wording.grammar import agree, inflect
from generator.wording.numbers import cell, date, number, percent, thousands
from generator.wording.typography import lowercase, typograph

# --- numbers -----------------------------------------------------------------

@pytest.mark.parametrize("value, precision, expected", [
    (0, 0, "0"),
    (295, 0, "295"),
    (2907, 0, "2907"),            # four digits are not grouped
    (11600, 0, f"11{NB}600"),
    (1234567, 0, f"1{NB}234{NB}567"),
    (42.71, 1, "42,7"),
    (-5, 0, "-5"),
    (-0.04, 1, "0,0"),            # no "-0,0"
    (0.5, 0, "1"),                # half-up, not banker's (round(0.5) == 0)
    (2.5, 0, "3"),
    (2.675, 2, "2,68"),           # the float 2.675 is 2.67499…; we round what was typed
    (Figure(11600, 3), 0, f"11{NB}600"),
])
def test_number(value, precision, expected):
    assert number(value, precision) == expected


@pytest.mark.parametrize("value, precision, expected", [
    (36.8257, 1, f"36,8{NB}%"),
    (36.85, 1, f"36,9{NB}%"),
    (172 / 467 * 100, 1, f"36,8{NB}%"),
    (182 / 322 * 100, 1, f"56,5{NB}%"),
    (100, 0, f"100{NB}%"),
    (100.0, 1, f"100,0{NB}%"),    # always exactly `precision` decimals
    (-23.81, 1, f"-23,8{NB}%"),
    (0, 1, f"0,0{NB}%"),
    (0.04, 1, f"менее 0,1{NB}%"),  # never "0,0 %" for something that is there
    (0.05, 1, f"0,1{NB}%"),
    (0.4, 0, f"менее 1{NB}%"),
])
def test_percent(value, precision, expected):
    assert percent(value, precision) == expected


@pytest.mark.parametrize("value, expected", [
    (11600, f"11,6{NB}тыс."),
    (25, "25"),                     # thousands only from 10 000
    (2907, "2907"),
    (9999, "9999"),
    (10000, f"10{NB}тыс."),         # no ",0"
    (999949, f"999,9{NB}тыс."),
    (999950, f"1{NB}млн"),          # not "1000,0 тыс."
    (1000000, f"1{NB}млн"),
    (1500000, f"1,5{NB}млн"),
])
def test_thousands(value, expected):
    assert thousands(value) == expected


def test_no_share_prints_nothing():
    # A share of a zero or unknown whole is None: no share, not a crash.
    assert percent(Figure(0, None, 0).share) == ""


@pytest.mark.parametrize("value, expected", [
    (None, "\u2014"), (0, "0"), (295, "295"), (9876, "9876"), (12345, f"12{NB}345"),
])
def test_cell(value, expected):
    # A cell writes four digits as the text and the charts do (issue 21, class 11): 9876, never 9 876.
    assert cell(value) == expected


def test_number_rejects_non_numbers():
    with pytest.raises(TypeError, match="ожидалось число"):
        number("295")
    with pytest.raises(TypeError):
        number(None)


# --- agreement ---------------------------------------------------------------

@pytest.mark.parametrize("n, обращение, человек, звонок, сообщение", [
    (0, "0 обращений", "0 человек", "0 звонков", "0 сообщений"),
    (1, "1 обращение", "1 человек", "1 звонок", "1 сообщение"),
    (2, "2 обращения", "2 человека", "2 звонка", "2 сообщения"),
    (5, "5 обращений", "5 человек", "5 звонков", "5 сообщений"),
    (11, "11 обращений", "11 человек", "11 звонков", "11 сообщений"),
    (12, "12 обращений", "12 человек", "12 звонков", "12 сообщений"),
    (14, "14 обращений", "14 человек", "14 звонков", "14 сообщений"),
    (21, "21 обращение", "21 человек", "21 звонок", "21 сообщение"),
    (22, "22 обращения", "22 человека", "22 звонка", "22 сообщения"),
    (25, "25 обращений", "25 человек", "25 звонков", "25 сообщений"),
    (101, "101 обращение", "101 человек", "101 звонок", "101 сообщение"),
    (111, "111 обращений", "111 человек", "111 звонков", "111 сообщений"),
    (1001, "1001 обращение", "1001 человек", "1001 звонок", "1001 сообщение"),
    (11600, f"11{NB}600 обращений", f"11{NB}600 человек", f"11{NB}600 звонков",
     f"11{NB}600 сообщений"),
])
def test_agree_nominative(n, обращение, человек, звонок, сообщение):
    assert agree(n, "обращение") == обращение
    assert agree(n, "человек") == человек
    assert agree(n, "звонок") == звонок
    assert agree(n, "сообщение") == сообщение


@pytest.mark.parametrize("n, phrase, case, expected", [
    (295, "письменное обращение", "nomn", "295 письменных обращений"),
    (873, "письменное обращение", "nomn", "873 письменных обращения"),
    (21, "письменное обращение", "nomn", "21 письменное обращение"),
    (143, "человек", "nomn", "143 человека"),
    (287, "человек", "nomn", "287 человек"),
    (269, "звонок", "nomn", "269 звонков"),
    (964, "обращение", "nomn", "964 обращения"),
    (1200, "подписчик", "nomn", "1200 подписчиков"),
    (5, "год", "nomn", "5 лет"),                       # counting form, not "годов"
    (295, "обращение граждан", "nomn", "295 обращений граждан"),
    (3, "Письменное обращение", "nomn", "3 Письменных обращения"),
    # feminine nouns take a nominative plural adjective after 2–4
    (2, "письменная жалоба", "nomn", "2 письменные жалобы"),
    (5, "письменная жалоба", "nomn", "5 письменных жалоб"),
    # accusative ("на … больше") equals the nominative, except after a final 1
    (172, "обращение", "accs", "172 обращения"),
    (21, "жалоба", "accs", "21 жалобу"),
    (1, "человек", "accs", "1 человека"),
    # oblique cases: singular after a final 1, plural otherwise
    (2, "случай", "loct", "2 случаях"),
    (21, "случай", "loct", "21 случае"),
    (11, "случай", "loct", "11 случаях"),
    (5, "человек", "gent", "5 человек"),
    (5, "письменное обращение", "ablt", "5 письменными обращениями"),
    (2.5, "обращение", "nomn", "2,5 обращения"),
])
def test_agree(n, phrase, case, expected):
    assert agree(n, phrase, case) == expected


@pytest.mark.parametrize("n, phrase, case, expected", [
    (2, "случай", "loct", "двух случаях"),
    (1, "случай", "loct", "одном случае"),
    (2, "обращение", "nomn", "два обращения"),
    (2, "жалоба", "nomn", "две жалобы"),
    (1, "жалоба", "accs", "одну жалобу"),
    (1, "человек", "accs", "одного человека"),
    (3, "человек", "ablt", "тремя людьми"),
    (10, "звонок", "nomn", "десять звонков"),
    (11, "звонок", "nomn", "11 звонков"),             # above ten: digits
    (0, "обращение", "nomn", "0 обращений"),
])
def test_agree_words(n, phrase, case, expected):
    assert agree(n, phrase, case, words=True) == expected


@pytest.mark.parametrize("n, человек, обращение, жалоба, процент", [
    (1, "принят 1 человек", "поступило 1 обращение", "поступила 1 жалоба", "контролировался 1 процент"),
    (21, "принят 21 человек", "поступило 21 обращение", "поступила 21 жалоба",
     "контролировался 21 процент"),
    (101, "принят 101 человек", "поступило 101 обращение", "поступила 101 жалоба",
     "контролировался 101 процент"),
    (2, "принято 2 человека", "поступило 2 обращения", "поступило 2 жалобы", "контролировалось 2 процента"),
    (5, "принято 5 человек", "поступило 5 обращений", "поступило 5 жалоб", "контролировалось 5 процентов"),
    (11, "принято 11 человек", "поступило 11 обращений", "поступило 11 жалоб",
     "контролировалось 11 процентов"),
    (111, "принято 111 человек", "поступило 111 обращений", "поступило 111 жалоб",
     "контролировалось 111 процентов"),
])
def test_agree_with_predicate(n, человек, обращение, жалоба, процент):
    # After a final 1 (not 11) the predicate agrees with the noun; otherwise it is neuter.
    assert agree(n, "человек", verb="принято") == человек
    assert agree(n, "обращение", verb="поступило") == обращение
    assert agree(n, "жалоба", verb="поступило") == жалоба
    assert agree(n, "процент", verb="контролировалось") == процент


def test_predicate_keeps_capitals_and_unknown_words():
    assert agree(1, "звонок", verb="Принято") == "Принят 1 звонок"
    assert agree(1, "звонок", verb="итого:") == "итого: 1 звонок"


def test_agree_accepts_figure():
    assert agree(Figure(295, 467), "письменное обращение") == "295 письменных обращений"


def test_unknown_case_is_named():
    with pytest.raises(ValueError, match="неизвестный падеж 'genitive'"):
        agree(5, "обращение", "genitive")


# --- cases -------------------------------------------------------------------

@pytest.mark.parametrize("phrase, case, expected", [
    ("Кавказский район", "gent", "Кавказского района"),
    ("город Горячий Ключ", "gent", "города Горячий Ключ"),
    ("Кропоткинское городское поселение", "gent", "Кропоткинского городского поселения"),
    ("комплексное благоустройство", "ablt", "комплексным благоустройством"),
    ("отлов безнадзорных животных", "ablt", "отловом безнадзорных животных"),
    ("перебои в водоснабжении", "ablt", "перебоями в водоснабжении"),
    ("газификация", "ablt", "газификацией"),
    ("капитальный ремонт домов", "ablt", "капитальным ремонтом домов"),
    ("Оборона, безопасность, законность", "gent", "Обороны, безопасности, законности"),
    ("Государство, общество, политика", "ablt", "Государством, обществом, политикой"),
    ("Усть-Лабинский район", "gent", "Усть-Лабинского района"),
    ("жилищно-коммунальная сфера", "gent", "жилищно-коммунальной сферы"),
    ("аналогичный период прошлого года", "gent", "аналогичного периода прошлого года"),
    ("рабочий поселок", "loct", "рабочем поселке"),     # adjective/noun homonym; no "ё" added
    ("Староминская", "gent", "Староминской"),          # an adjective standing alone
    ("Кавказский район", "accs", "Кавказский район"),
    ("«Горячий Ключ»", "gent", "«Горячий Ключ»"),      # a name in quotes is never changed
    ("Кавказский район", "род", "Кавказского района"),  # Russian case alias
    ("ПОС", "gent", "ПОС"),                             # indeclinable abbreviation
    ("2021 год", "gent", "2021 год"),                   # not a noun phrase: left as is
    # «каневской» is known only as a feminine case form of «каневский»
    ("Каневской район", "gent", "Каневского района"),
    ("Каневской район", "loct", "Каневском районе"),
    ("Каневской район", "accs", "Каневской район"),
    ("Крыловской район", "ablt", "Крыловским районом"),
    # a one-word name after «город», «станица» agrees; compound and -ово/-ино names stay
    ("город Армавир", "gent", "города Армавира"),
    ("город Москва", "gent", "города Москвы"),
    ("станица Кавказская", "gent", "станицы Кавказской"),
    ("поселок Октябрьский", "loct", "поселке Октябрьском"),
    ("город Сочи", "gent", "города Сочи"),
    ("город Иваново", "gent", "города Иваново"),
    ("город Славянск-на-Кубани", "gent", "города Славянска-на-Кубани"),  # Rosenthal § 197: the first part agrees
    # every conjunct of «X и Y»
    ("труд и занятость населения", "gent", "труда и занятости населения"),
    ("ремонт и содержание дорог", "ablt", "ремонтом и содержанием дорог"),
    ("социальная и материальная помощь", "gent", "социальной и материальной помощи"),
    ("перебои в водоснабжении и теплоснабжении", "ablt", "перебоями в водоснабжении и теплоснабжении"),
    ("Вопросы ЖКХ", "gent", "Вопросов ЖКХ"),
    # a participle clause after a comma agrees with the noun before it, «не» included
    ("обращения, не получившие ответа", "ablt", "обращениями, не получившими ответа"),
    ("обращения, не получившие ответа", "gent", "обращений, не получивших ответа"),
    ("не указано", "gent", "не указано"),
    ("", "gent", ""),
])
def test_inflect(phrase, case, expected):
    assert inflect(phrase, case) == expected


def test_inflect_plural():
    assert inflect("обращение", "gent", plural=True) == "обращений"
    assert inflect("Кавказский район", "datv", plural=True) == "Кавказским районам"


# --- comparisons -------------------------------------------------------------

DOWN = Figure(295, 467)
UP = Figure(104, 84)
SAME = Figure(5, 5)
FROM_ZERO = Figure(20, 0)
UNKNOWN = Figure(5)
SINCE = "чем за аналогичный период прошлого года"


@pytest.mark.parametrize("fig, expected", [
    (DOWN, f"на 172 обращения (36,8{NB}%) меньше"),
    (UP, f"на 20 обращений (23,8{NB}%) больше"),
    (Figure(140, 322), f"на 182 обращения (56,5{NB}%) меньше"),
    (SAME, "на уровне прошлого года"),
    (FROM_ZERO, "на 20 обращений больше"),
    (UNKNOWN, ""),
])
def test_change(fig, expected):
    assert change(fig) == expected


def test_change_with_noun():
    assert change(Figure(287, 282), "человек") == f"на 5 человек (1,8{NB}%) больше"
    assert change(Figure(100, 121), "жалоба", precision=0) == f"на 21 жалобу (17{NB}%) меньше"


@pytest.mark.parametrize("fig, expected", [
    (DOWN, f", что на 172 обращения (36,8{NB}%) меньше, {SINCE}"),
    (UP, f", что на 20 обращений (23,8{NB}%) больше, {SINCE}"),
    (SAME, ", что на уровне аналогичного периода прошлого года"),
    (FROM_ZERO, f", что на 20 обращений больше, {SINCE}"),
    (UNKNOWN, ""),
])
def test_compared(fig, expected):
    assert compared(fig) == expected


def test_compared_other_since():
    assert compared(SAME, since="чем в 2020 году") == ", что столько же, сколько в 2020 году"
    assert compared(UP, "звонок", since="чем в 2020 году") == (
        f", что на 20 звонков (23,8{NB}%) больше, чем в 2020 году")


@pytest.mark.parametrize("since, same", [
    ("чем в августе прошлого года", "на уровне августа прошлого года"),
    ("чем в мае 2022 года", "на уровне мая 2022 года"),
    ("чем в январе прошлого года", "на уровне января прошлого года"),
])
def test_compared_with_a_month(since, same):
    assert compared(SAME, since=since) == f", что {same}"
    assert compared(UP, since=since) == f", что на 20 обращений (23,8{NB}%) больше, {since}"


@pytest.mark.parametrize("fig, word, pct", [
    (DOWN, "меньше", f"36,8{NB}%"),
    (UP, "больше", f"23,8{NB}%"),
    (Figure(62, 42), "больше", f"47,6{NB}%"),
    (SAME, "столько же", f"0,0{NB}%"),
    (FROM_ZERO, "больше", ""),
    (UNKNOWN, "", ""),
])
def test_more_less_and_change_percent(fig, word, pct):
    assert more_less(fig) == word
    assert change_percent(fig) == pct


@pytest.mark.parametrize("fig, expected", [
    (Figure(230, 100), "в 2,3 раза"),
    (Figure(300, 100), "в 3 раза"),
    (Figure(500, 100), "в 5 раз"),
    (Figure(2100, 100), "в 21 раз"),
    (Figure(100, 160), "в 1,6 раза"),  # fewer: with more_less, "в 1,6 раза меньше"
    (Figure(5, 0), ""),
    (Figure(0, 5), ""),
    (UNKNOWN, ""),
])
def test_times(fig, expected):
    assert times(fig) == expected


def test_more_than_doubled_reads_in_times_with_the_difference():
    assert change(Figure(230, 100)) == "в 2,3 раза больше (на 130 обращений)"
    assert compared(Figure(230, 100), "звонок") == f", что в 2,3 раза больше (на 130 звонков), {SINCE}"
    assert change(Figure(200, 100)) == f"на 100 обращений (100,0{NB}%) больше"  # exactly twice: percent


def test_a_tiny_change_is_not_zero_percent():
    assert change(Figure(100001, 100000)) == f"на 1 обращение (менее 0,1{NB}%) больше"
    assert change(Figure(99999, 100000)) == f"на 1 обращение (менее 0,1{NB}%) меньше"


@pytest.mark.parametrize("fig, expected", [
    (DOWN, f"−172 (−36,8{NB}%)"),
    (Figure(100001, 100000), "+1"),                    # never "+0,0 %"
    (Figure(99999, 100000), "−1"),                     # never "−0,0 %"
    (Figure(230, 100), "+130 (в 2,3 раза)"),
    (Figure(12345, 9000), f"+3345 (+37,2{NB}%)"),   # four digits as in the text (issue 21, class 11)
    (SAME, "0"),
    (FROM_ZERO, "+20"),
    (UNKNOWN, "\u2014"),
])
def test_delta(fig, expected):
    assert delta(fig) == expected


def test_typograph():
    assert typograph("в 2020 г. и 2021 гг. — 11,6 тыс. (5 %), № 59-ФЗ, ст. 13, 2021 года") == (
        f"в 2020{NB}г. и 2021{NB}гг. — 11,6{NB}тыс. (5{NB}%), №{NB}59-ФЗ, ст.{NB}13, 2021 года")


def test_lowercase_keeps_abbreviations():
    assert lowercase("Жилищно-коммунальная сфера") == "жилищно-коммунальная сфера"
    assert lowercase("Вопросы ЖКХ и МФЦ") == "вопросы ЖКХ и МФЦ"


def test_comparisons_need_a_figure():
    with pytest.raises(TypeError, match="ожидалась цифра"):
        change(295)


# --- template filters --------------------------------------------------------

def test_filter_registry():
    assert set(FILTERS) == {"number", "percent", "thousands", "cell", "agree", "case", "change", "times",
                            "compared", "more_less", "change_percent", "capfirst", "nbsp", "delta", "date",
                            "lowercase", "typograph", "ratio", "preposition"}
    assert jinja_filters()["case"] is inflect
    for item in FILTERS.values():
        assert item.description and "\n" not in item.description
        assert item.example.startswith("{{") and item.example.endswith("}}")


def test_filter_examples_render():
    # The examples run in the templates' own environment against the bundled examples
    # (the first that has the figures: only Горячий Ключ has an act with a date).
    rendered = {item.name: item.result for item in filters()}
    assert rendered == {
        "number": f"11{NB}600",
        "percent": f"36,9{NB}%",
        "thousands": f"11,6{NB}тыс.",
        "agree": "поступило 295 письменных обращений",
        "case": "Кавказского района",
        "change": f"на 172 обращения (36,8{NB}%) меньше",
        "compared": f", что на 172 обращения (36,8{NB}%) меньше, {SINCE}",
        "more_less": "меньше",
        "change_percent": f"36,8{NB}%",
        "capfirst": "В первом полугодии 2021 года",
        "nbsp": f"О.М.{NB}Ляхов",
        "delta": f"−172 (−36,8{NB}%)",
        "date": "25.12.2017",
        "cell": "467",
        "lowercase": "вопросы ЖКХ",
        "times": "в 1,6 раза",
        "ratio": f"63,2{NB}%",  # 295 of 467
        "preposition": "со спилом деревьев",
        "typograph": f"Жители в период пандемии 2020{NB}г. больше обращались в телефонном режиме.",
    }


def test_date():
    assert date(datetime.date(2017, 12, 25)) == "25.12.2017"
    assert date(datetime.date(2021, 6, 1)) == "01.06.2021"
    with pytest.raises(TypeError, match="ожидалась дата"):
        date("2017-12-25")


def test_import_does_not_load_pymorphy3():
    code = "import generator.wording.grammar, generator.wording.filters, sys; assert 'pymorphy3' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
