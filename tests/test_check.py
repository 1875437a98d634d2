"""zapiska check: every mistake a tired clerk makes gets FILE:LINE:COL and a Russian message."""
from __future__ import annotations

import pytest

from conftest import DROP, EXAMPLE, build, line_of, retype, with_figures

MISSING_MUNICIPALITY = "не заполнено обязательное поле «municipality» (Муниципальное образование)"


def test_good_file(run):
    result = run("check", EXAMPLE)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok\n", "")


@pytest.mark.parametrize("old, new, column, message", [
    ("total: 295", "total: 29,5", 10,
     "ожидается целое число, а указано «29,5»: количество пишется без запятой и точки"),
    ("total: 295", "total: 29.5", 10, "ожидается целое число, а указано дробное 29.5"),
    ("total: 295", "total: двести", 10, "ожидается целое число, а указано «двести»"),
    ("total: 295", 'total: "295"', 10, "ожидается целое число без кавычек и пробелов, а указано «295»"),
    ("management: 287", "management: -3", 15, "количество не может быть отрицательным, а указано -3"),
    ("from_region: 140", "from_regoin: 140", 3,
     "неизвестный ключ «from_regoin»; возможно, имелось в виду «from_region»"),
    ("period: 2021-H1", "period: 2021-H3", 9,
     "неизвестный период «2021-H3»: ожидается 2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 или месяц 2021-08"),
    ("supported: 126", "supported: 300", 14,
     "«Поддержано» — рассмотрено положительно (300) больше, чем «Письменных обращений поступило всего» (295): "
     "часть не может быть больше целого"),
    ("control_percent: 100", "control_percent: 120", 20, "значение не может быть больше 100, а указано 120"),
    ("signature:", "signatur:", 1, "неизвестный ключ «signatur»; возможно, имелось в виду «signature»"),
])
def test_mistake_is_located(run, example, old, new, column, message):
    line = retype(example, old, new)
    result = run("check", example)
    assert result.exit_code == 1
    assert f"{example}:{line}:{column}: {message}" in result.stderr.splitlines()
    assert result.stdout == ""


def test_missing_required_figure(run, example):
    with_figures(example, {"written.total": DROP})
    line = line_of(example, "written:")  # the section that lacks it
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{example}:{line}:1: не заполнено обязательное поле «total» (Письменных обращений поступило всего)"]


def test_missing_section(run, example):
    with_figures(example, {"municipality": DROP})
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == f"{example}:{line_of(example, 'period:')}:1: {MISSING_MUNICIPALITY}\n"


def test_every_problem_is_listed_at_once(run, example):
    typo = retype(example, "total: 295", "total: 29,5")
    negative = retype(example, "management: 287", "management: -3")
    result = run("check", example)
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines()] == [f"{example}:{typo}:10",
                                                                            f"{example}:{negative}:15"]


def test_error_in_previous_period_names_that_file(run, example):
    previous = example.parent / "2020-H1.yaml"
    line = retype(previous, "calls: 462", "calls: 46 2")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == (f"{previous}:{line}:10: ожидается целое число без кавычек и пробелов, "
                             "а указано «46 2»\n")


def test_missing_previous_period_is_a_warning(run, example):
    (example.parent / "2020-H1.yaml").unlink()
    result = run("check", example)
    assert result.exit_code == 0
    assert result.stdout == "ok\n"
    assert result.stderr == (f"{example}:1:1: предупреждение: нет данных за 2020-H1 (нет файла 2020-H1.yaml "
                             "и блока previous:) — сравнения с прошлым годом в текст не попадут\n")


@pytest.mark.parametrize("content, message", [
    ("written: [1\nperiod: 2021-H1\n", "2:7: не YAML: скобка [ или { не закрыта"),
    ("written:\n  total: 1\n total: 2\n", "3:2: не YAML: неверный отступ: ключ не на своем уровне"),
    ("- просто\n- список\n", "1:1: ожидается YAML-файл с разделами «ключ: значение» (образец: zapiska init)"),
    ("", "1:1: ожидается YAML-файл с разделами «ключ: значение» (образец: zapiska init)"),
    ("a: &x [1, 2]\nb: [*x, *x]\n", "2:5: не YAML: ссылки (*имя) не поддерживаются"),
    ("period: 2021-H1\nperiod: 2021-H1\n", "2:1: ключ «period» повторяется"),
    ("period: !!python/object/apply:os.system ['echo hi']\n",
     "1:9: не YAML: неизвестный тег !!python/object/apply:os.system (теги не поддерживаются)"),
])
def test_not_a_report_at_all(run, tmp_path, content, message):
    path = tmp_path / "2021-H1.yaml"
    path.write_text(content, encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:{message}\n"


def test_not_utf8(run, tmp_path):
    path = tmp_path / "2021-H1.yaml"
    path.write_bytes("period: 2021-H1\nmunicipality:\n  name: Кавказский район\n".encode("cp1251"))
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:1:1: файл не в кодировке UTF-8: сохраните его как UTF-8\n"


def test_file_not_found(run, tmp_path):
    result = run("check", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}:0:0: файл не найден\n"


def test_build_reports_the_same_problems(run, example, tmp_path):
    line = retype(example, "management: 287", "management: -3")
    result = run("build", example, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert result.stderr == f"{example}:{line}:15: количество не может быть отрицательным, а указано -3\n"
    assert not (tmp_path / "x.docx").exists()


def test_contradictions_are_listed_with_the_typing_mistakes(run, example):
    with_figures(example, {"receptions.head": 400})
    typo = retype(example, "total: 295", "total: 29,5")
    contradiction = line_of(example, "head: 400")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{example}:{typo}:10: ожидается целое число, а указано «29,5»: количество пишется без запятой и точки",
        f"{example}:{contradiction}:9: «Из них принято главой муниципального образования» (400) больше, чем "
        "«Принято граждан на личных приемах руководством администрации» (287): часть не может быть больше целого",
    ]


def test_leading_zero_is_a_decimal_not_octal(run, example, tmp_path):
    retype(example, "head: 143", "head: 010")
    assert run("check", example).exit_code == 0
    assert "главой муниципального образования принято 10 человек, что" in build(run, example, tmp_path / "n.docx")


@pytest.mark.parametrize("value", ["1:30", "0x1F", "1_000"])
def test_yaml_1_1_number_forms_are_not_counts(run, example, value):
    line = retype(example, "head: 143", f"head: {value}")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == f"{example}:{line}:9: ожидается целое число, а указано «{value}»\n"


def test_a_count_beyond_reason(run, example):
    line = retype(example, "total: 295", "total: 99999999999999999999")
    result = run("check", example)
    assert result.stderr == (f"{example}:{line}:10: значение не может быть больше 1000000000, "
                             "а указано 99999999999999999999\n")


def test_invisible_control_character(run, example):
    line = retype(example, "name: О.М. Ляхов", "name: О.М.\x0bЛяхов")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == (f"{example}:{line}:13: недопустимый невидимый символ (код 0xb): "
                             "удалите его, например перепечатав строку\n")


def test_deep_nesting_is_refused(run, tmp_path):
    path = tmp_path / "2021-H1.yaml"
    path.write_text("a: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    result = run("check", path)
    assert result.stderr == f"{path}:1:35: не YAML: слишком глубокая вложенность\n"


def test_topics_without_the_total_of_questions_are_a_warning(run, example):
    # Reports often give topics without the number of questions: printed without shares
    # (tests/test_unshared_topics.py reads them back).
    with_figures(example, {"questions_total": DROP})
    result = run("check", example)
    assert (result.exit_code, result.stdout) == (0, "ok\n")
    assert (f"{example}:{line_of(example, 'topics:')}:1: предупреждение: есть «Тематика вопросов по разделам "
            "классификатора», но не заполнено questions_total («Вопросов в обращениях всего (для долей тематик)»): "
            "доли в текст не попадут, только числа") in result.stderr.splitlines()


def test_subtopics_together_cannot_exceed_their_topic(run, example):
    with_figures(example, {"topics.4.subtopics.0.count": 127})
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{example}:{line_of(example, 'subtopics:')}:5: сумма «Самые частые вопросы раздела» (187) больше, чем "
        "«Количество вопросов по разделу» для «Жилищно-коммунальная сфера» (166): часть не может быть больше целого\n")


def test_period_must_match_the_file_name(run, example):
    line = retype(example, "period: 2021-H1", "period: 2022-H1")
    (example.parent / "2021-H1.yaml").rename(example.parent / "2021-H2.yaml")
    result = run("check", example.parent / "2021-H2.yaml")
    assert result.exit_code == 1
    assert f"2021-H2.yaml:{line}:9: период 2022-H1 не совпадает с именем файла 2021-H2.yaml: переименуйте " \
           "файл в 2022-H1.yaml или исправьте период" in result.stderr


def test_an_empty_name_is_not_a_name(run, example):
    with_figures(example, {"municipality.region": DROP, "municipality.kind": DROP, "municipality.name": "  "})
    result = run("check", example)
    assert result.exit_code == 1
    # Blank values count as absent, so the section with nothing else in it is missing as a whole.
    assert result.stderr == f"{example}:{line_of(example, 'municipality:')}:1: {MISSING_MUNICIPALITY}\n"


def test_a_list_item_that_is_not_a_section(run, example):
    line = retype(example, "topics:", "topics:\n  - Государство") + 1
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{example}:{line}:5: элемент 1 списка «topics» — раздел с вложенными ключами, а указано «Государство»"]
