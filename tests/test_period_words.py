"""A period typed in Russian words, as a clerk writes it on the form's start page."""
from __future__ import annotations

import pytest

from generator.core.period import Period, PeriodError, code_from_words

NB = "\u00a0"


@pytest.mark.parametrize(("text", "code"), [
    ("1 полугодие 2026 г.", "2026-H1"),
    (f"за 1{NB}полугодие 2021 года", "2021-H1"),
    ("второе полугодие 2025", "2025-H2"),
    ("II полугодие 2025", "2025-H2"),
    ("3 квартал 2026", "2026-Q3"),
    ("IV квартал 2020 г.", "2020-Q4"),
    ("9 месяцев 2026", "2026-9M"),
    ("девять месяцев 2026 г.", "2026-9M"),
    ("2026 год", "2026"),
    ("2026", "2026"),
    ("август 2026 г.", "2026-08"),
    ("Май 2024", "2024-05"),
    ("в марте 2024 года", "2024-03"),
    ("2021-h1", "2021-H1"),
])
def test_words_become_the_period_code(text, code):
    assert code_from_words(text) == code


@pytest.mark.parametrize("text", ["5 квартал 2026", "7 месяцев 2026", "полугодие 2026", "1 полугодие",
                                  "1 полугодие 2025 и 2026", "отчет", "сентябрь октябрь 2026"])
def test_words_that_name_no_period_say_how_to_write_one(text):
    with pytest.raises(PeriodError) as error:
        code_from_words(text)
    assert str(error.value) == (f"не удалось понять период «{text}»: напишите, например, «1 полугодие 2026», "
                                "«3 квартал 2026», «9 месяцев 2026», «2026 год» или «август 2026»")


def test_from_words_is_the_period():
    assert Period.from_words("1 полугодие 2026 г.") == Period(2026, "H1")
    assert Period.from_words("2026-9M") == Period(2026, "9M")
    assert Period.from_words("2026 год").title == f"2026{NB}г."
    assert Period.from_words("август 2026 г.") == Period(2026, "08")
    assert Period.from_words("2023-8") == Period(2023, "08")
