"""The CLI as a shell: Russian help, fast start-up, init and schema."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import EXAMPLE, ROOT, commands
from generator.cli.commands import main


def loaded_modules(*args: str) -> set[str]:
    code = ("import sys; from generator.cli import main\n"
            f"try: main({list(args)!r})\nexcept SystemExit: pass\n"
            "print(' '.join(sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("args", [["--help"], ["check", str(EXAMPLE)], ["template", "--help"]])
def test_help_and_check_do_not_load_heavy_modules(args):
    heavy = {"matplotlib", "docxtpl", "docx", "pymorphy3"}
    assert not heavy & loaded_modules(*args)


def test_every_command_has_russian_help(run):
    for words, command in commands(main):
        result = run(*words, "--help")
        assert result.exit_code == 0
        assert "Использование:" in result.stdout
        # click's English placeholders are replaced by Russian ones
        english = {"OPTIONS", "PATH", "FILE", "TEXT", "INTEGER", "Usage", "Options"}
        assert not english & set(re.findall(r"\w+", result.stdout)), words
        assert any("а" <= ch <= "я" for ch in (command.help or "")), words


@pytest.mark.parametrize("args, message", [
    (["build"], "Ошибка: не указан аргумент ФАЙЛ"),
    (["bild"], "Ошибка: нет такого параметра или команды: bild; возможно, имелось в виду build"),
    (["build", "--templat", "x", "y"],
     "Ошибка: нет такого параметра или команды: --templat; возможно, имелось в виду --template"),
])
def test_usage_error_in_russian_exits_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message


def test_init_writes_a_commented_blank_file(run, tmp_path):
    result = run("init", "novy-raion", "2021-H1", "--data", tmp_path)
    path = tmp_path / "novy-raion" / "2021-H1.yaml"
    assert result.exit_code == 0 and result.stdout.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert "period: 2021-H1" in text
    assert "  total:                            # Письменных обращений поступило всего" in text
    # The blank file is checkable: it asks for the required sections, it does not crash.
    check = run("check", path)
    assert check.exit_code == 1
    assert "не заполнено обязательное поле «municipality» (Муниципальное образование)" in check.stderr


def test_init_never_overwrites(run, tmp_path):
    made = tmp_path / "novy-raion" / "2021-H1.yaml"
    assert run("init", "novy-raion", "2021-H1", "--data", tmp_path).stdout == f"{made}\n"
    made.write_text("# заполнено\n", encoding="utf-8")
    result = run("init", "novy-raion", "2021-H1", "--data", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"{made}:0:0: такой файл уже есть: программа его не перезаписывает, укажите другое имя\n"
    assert made.read_text(encoding="utf-8") == "# заполнено\n"


def test_init_bad_period(run, tmp_path):
    result = run("init", "novy-raion", "2021-H5", "--data", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("неизвестный период «2021-H5»: ожидается 2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 "
                             "или месяц 2021-08\n")


def test_schema_has_russian_titles(run):
    schema = json.loads(run("schema").stdout)
    assert schema["properties"]["period"]["title"] == "Отчетный период"
    assert schema["$defs"]["Written"]["properties"]["total"]["title"] == "Письменных обращений поступило всего"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("name", ["a/b", "../x", ".skrytaya", "два слова", ""])
def test_init_refuses_a_bad_folder_name(run, tmp_path, name):
    result = run("init", name, "2021-H1", "--data", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (f"имя папки муниципального образования «{name}»: буквы, цифры, «-» и «_», "
                             "без пробелов, например kavkazsky-raion\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, message", [
    (["build", "--pdf=3", "x"], "Ошибка: параметр --pdf пишется без значения"),
    (["serve", "--port", "99999"], "Ошибка: недопустимое значение --port: 99999 — вне пределов от 0 до 65535."),
])
def test_more_usage_errors_in_russian(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
