"""What a tired clerk or a strange editor puts into a data file: each case ends in a located
Russian message (exit 1, no traceback) or is kept exactly as typed — never silently changed."""
import shutil
from pathlib import Path

import pytest

from conftest import GORYACHIY_KLYUCH, edit
from generator.context import report_context
from generator.load import load


@pytest.fixture
def gk(tmp_path: Path) -> Path:
    """A writable copy of the Горячий Ключ folder (it has an act with a date and a number)."""
    return Path(shutil.copytree(GORYACHIY_KLYUCH.parent, tmp_path / "goryachiy-klyuch")) / GORYACHIY_KLYUCH.name


def check(run, path: Path):
    result = run("check", path)
    assert "Traceback" not in result.output
    return result


LOCATED = [
    # (old, new, column of the value or None, message)
    ("date: 2017-12-25", "date: 2017-02-30", 11, "такой даты нет: «2017-02-30»"),
    ("date: 2017-12-25", "date: 2017-13-01", 11, "такой даты нет: «2017-13-01»"),
    ("number: \"2814\"", "number: !!int abc", 13, "значение не подходит к тегу !!int"),
    ("number: \"2814\"", "number: !!bool maybe", 13, "значение не подходит к тегу !!bool"),
    ("date: 2017-12-25", "date: !!timestamp foo", 11, "значение не подходит к тегу !!timestamp"),
    ("total: 873", "total: " + "9" * 5000, None, "слишком большое число (5000 цифр)"),
    ("\nwritten:", "\n? [a, b]\n: 1\nwritten:", None, "сложные ключи (? [..]) не поддерживаются"),
    ("name: город Горячий Ключ", 'name: "город\\uD800 Горячий Ключ"', 9, "недопустимый невидимый символ (код 0xd800)"),
    ("name: город Горячий Ключ", 'name: "город\\x01 Горячий Ключ"', 9, "недопустимый невидимый символ (код 0x1)"),
    ("name: город Горячий Ключ", 'name: "город\\uFFFF"', 9, "недопустимый невидимый символ (код 0xffff)"),
]


@pytest.mark.parametrize("old, new, column, message", LOCATED, ids=[case[1][:30] for case in LOCATED])
def test_located_message_not_a_traceback(run, gk, tmp_path, old, new, column, message):
    edit(gk, old, new)
    lines = gk.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if new.strip().splitlines()[0] in text)
    result = check(run, gk)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.startswith(f"{gk}:{f'{line}:{column}' if column else ''}")
    build = run("build", gk, "-o", tmp_path / "out.docx")
    assert build.exit_code == 1 and message in build.stderr and not (tmp_path / "out.docx").exists()


def test_an_impossible_date_in_last_years_file_names_that_file(run, gk):
    previous = gk.parent / "2020-H1.yaml"
    edit(previous, "questions_total: 952", "questions_total: 2017-02-30")
    result = check(run, gk)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{previous}:") and "«2017-02-30»" in result.stderr


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
    edit(gk, old, new)
    assert check(run, gk).exit_code == 0
    assert value(load(gk).report) == expected


def test_unquoted_codes_still_meet_last_years_quoted_ones(gk):
    for code in ("0001", "0002", "0003", "0004", "0005"):
        edit(gk, f'code: "{code}"', f"code: {code}")
    topics = report_context(load(gk)).figures["topics"]
    kept = report_context(load(GORYACHIY_KLYUCH)).figures["topics"]
    assert [topic["count"].previous for topic in topics] == [t["count"].previous for t in kept]
    assert all(topic["count"].previous is not None for topic in topics)


def test_a_count_is_still_strict(run, gk):
    edit(gk, "total: 873", "total: yes")
    result = check(run, gk)
    assert result.exit_code == 1 and "ожидается целое число, а указано True" in result.stderr
