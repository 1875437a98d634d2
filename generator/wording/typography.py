"""Typography of text in a sentence: capitals, non-breaking spaces, lower case but abbreviations."""
from __future__ import annotations

import re
from typing import Any

from generator.core.period import NBSP


def capfirst(value: Any) -> str:
    """Unlike Jinja's capitalize, keeps the rest: "в 1 полугодии" → "В 1 полугодии"."""
    value = str(value)
    return value[:1].upper() + value[1:]


def nbsp(value: Any) -> str:
    return str(value).replace(" ", NBSP)


# "2020 г.", "11,6 тыс.", "36,8 %", "№ 59-ФЗ", "ст. 13": a number never parts from its unit at a line end.
_UNIT_SPACE = re.compile(r"(\d) (?=(?:гг?|тыс|млн|млрд)\.?(?!\w)|%)|(№|ст\.) (?=\d)")


def typograph(value: Any) -> str:
    """Free text typed by a clerk, with the non-breaking spaces the generated text has."""
    return _UNIT_SPACE.sub(lambda m: (m[1] or m[2]) + NBSP, str(value))


def lowercase(value: Any) -> str:
    """"Жилищно-коммунальная сфера" → "жилищно-коммунальная сфера", "Вопросы ЖКХ" → "вопросы ЖКХ"."""
    return re.sub(r"\w+", lambda m: m[0] if len(m[0]) > 1 and m[0].isupper() else m[0].lower(), str(value))
