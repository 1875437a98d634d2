"""What a tired clerk or a strange editor puts into a data file: each case ends in a located
Russian message (exit 1, no traceback) or is kept exactly as typed — never silently changed."""
from pathlib import Path

import pytest

from conftest import GORYACHIY_KLYUCH, line_of, retype
from generator.note.context import report_context
from generator.store.load import load

NO_DATE = " (месяц от 1 до 12, день — не больше, чем дней в месяце)"
INVISIBLE, IN_A_VALUE = "недопустимый невидимый символ", " в значении: Word его не сохранит; удалите его"


def check(run, path: Path):
    result = run("check", path)
    assert "Traceback" not in result.output
    return result


LOCATED = [
    # (old, new, column of the value, message)
    ("date: 2017-12-25", "date: 2017-02-30", 11, f"такой даты нет: «2017-02-30»{NO_DATE}"),
    ("date: 2017-12-25", "date: 2017-13-01", 11, f"такой даты нет: «2017-13-01»{NO_DATE}"),
    ("number: \"2814\"", "number: !!int abc", 13, "не YAML: значение не подходит к тегу !!int: уберите тег"),
    ("number: \"2814\"", "number: !!bool maybe", 13, "не YAML: значение не подходит к тегу !!bool: уберите тег"),
    ("date: 2017-12-25", "date: !!timestamp foo", 11, "не YAML: значение не подходит к тегу !!timestamp: уберите тег"),
    ("total: 873", "total: " + "9" * 5000, 10, "слишком большое число (5000 цифр)"),
    ("\nwritten:", "\n? [a, b]\n: 1\nwritten:", 3, "сложные ключи (? [..]) не поддерживаются: ключ — одно слово"),
    ("name: город Горячий Ключ", 'name: "город\\uD800 Горячий Ключ"', 9, f"{INVISIBLE} (код 0xd800){IN_A_VALUE}"),
    ("name: город Горячий Ключ", 'name: "город\\x01 Горячий Ключ"', 9, f"{INVISIBLE} (код 0x1){IN_A_VALUE}"),
    ("name: город Горячий Ключ", 'name: "город\\uFFFF"', 9, f"{INVISIBLE} (код 0xffff){IN_A_VALUE}"),
]


@pytest.mark.parametrize("old, new, column, message", LOCATED, ids=[case[1][:30] for case in LOCATED])
def test_located_message_not_a_traceback(run, gk, tmp_path, old, new, column, message):
    retype(gk, old, new)
    line = line_of(gk, new.strip().splitlines()[0])
    result = check(run, gk)
    assert result.exit_code == 1
    assert result.stderr == f"{gk}:{line}:{column}: {message}\n"
    build = run("build", gk, "-o", tmp_path / "out.docx")
    assert build.exit_code == 1 and message in build.stderr and not (tmp_path / "out.docx").exists()


def test_an_impossible_date_in_last_years_file_names_that_file(run, gk):
    previous = gk.parent / "2020-H1.yaml"
    line = retype(previous, "questions_total: 952", "questions_total: 2017-02-30")
    result = check(run, gk)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{previous}:{line}:18: ожидается целое число, а указано «2017-02-30»\n")


KEPT = [
    # a text field keeps the text as typed, whatever YAML would make of it unquoted
    ("number: \"2814\"", "number: 28.10", lambda r: r.municipality.act.number, "28.10"),
    ("number: \"2814\"", "number: 0x1F", lambda r: r.municipality.act.number, "0x1F"),
    ("name: город Горячий Ключ", "name: .nan", lambda r: r.municipality.name, ".nan"),
    ("name: город Горячий Ключ", "name: yes", lambda r: r.municipality.name, "yes"),
    ("name: город Горячий Ключ", "name: 2021-13-01", lambda r: r.municipality.name, "2021-13-01"),
    ("name: город Горячий Ключ", "name: 1_000", lambda r: r.municipality.name, "1_000"),
    ("- code: \"0001\"", "- code: 0001", lambda r: r.topics[0].code, "0001"),
]


@pytest.mark.parametrize("old, new, value, expected", KEPT, ids=[case[1] for case in KEPT])
def test_text_stays_as_typed(run, gk, old, new, value, expected):
    retype(gk, old, new)
    assert check(run, gk).exit_code == 0
    assert value(load(gk).report) == expected


def test_unquoted_codes_still_meet_last_years_quoted_ones(gk):
    for code in ("0001", "0002", "0003", "0004", "0005"):
        retype(gk, f'code: "{code}"', f"code: {code}")
    topics = report_context(load(gk)).figures["topics"]
    kept = report_context(load(GORYACHIY_KLYUCH)).figures["topics"]
    assert [topic["count"].previous for topic in topics] == [t["count"].previous for t in kept]
    assert all(topic["count"].previous is not None for topic in topics)


def test_a_count_is_still_strict(run, gk):
    line = retype(gk, "total: 873", "total: yes")
    result = check(run, gk)
    assert result.exit_code == 1
    assert result.stderr == f"{gk}:{line}:10: ожидается целое число, а указано True\n"
