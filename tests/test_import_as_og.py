"""`zapiska import` of the federal АС ОГ export («Мастер обзоров») without a map, of a month, and
the figures registers hold beyond written appeals (oral, anonymous, applicants' categories)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import NB, ROOT, plain
from generator.register.appeals import recognise
from generator.register.table import read
from generator.register.tally import tally

AS_OG = ROOT / "tests" / "fixtures" / "as-og" / "reestr-as-og-2023-08.csv"


def _municipality(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "novy-raion"
    folder.mkdir(parents=True)
    return folder


def _figures(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_as_og_columns_are_recognised_without_a_map():
    table = read(AS_OG)
    assert table.columns == {"number": 0, "date": 1, "code": 2, "question": 3, "form": 4, "repeat": 5,
                             "measures": 7}
    assert table.first_line == 2


@pytest.mark.parametrize("text, form", [
    ("письмо", "written"), ("ЗУ", "written"), ("ПП", "written"), ("факс", "written"), ("телеграмма", "written"),
    ("интернет", "electronic"), ("ЛП", "oral"), ("Устно", "oral"), ("устное", "oral"), ("личный прием", "oral"),
])
def test_the_kinds_of_letters(text, form):
    assert recognise("form", text, {}) == form


def test_a_month_of_the_as_og_export_is_imported(run, tmp_path: Path):
    folder = _municipality(tmp_path)
    result = run("import", AS_OG, folder)  # no --period: the register holds no whole half-year, only August
    assert result.exit_code == 0, result.output
    output = plain(result.output)
    assert ("предупреждение: период не указан: взят 2023-08 (август 2023 г.) — последний завершившийся месяц, "
            "который реестр охватывает целиком (полугодия целиком в нем нет); другой период: --period") in output
    assert ("предупреждение: за август 2022 г. реестр неполон — файл 2022-08.yaml не меняется") in output
    assert f"2023-08.yaml (август 2023{NB}г.: обращений 7, вопросов 8)" in result.output
    data = _figures(folder / "2023-08.yaml")
    assert data["period"] == "2023-08"
    written = {key: value for key, value in data["written"].items() if value is not None}
    assert written == {"total": 7, "electronic": 2, "repeat": 1}  # ЛП and «Устно» are oral; no collective column
    assert {key: value for key, value in data["outcomes"].items() if value is not None} == {"measures_taken": 3}
    assert data["questions_total"] == 8
    assert [(topic["code"], topic["count"], [(s["name"], s["count"]) for s in topic["subtopics"]])
            for topic in data["topics"]] == [
        ("0001", 1, [("работа органов местного самоуправления", 1)]),
        ("0002", 1, [("назначение пенсии", 1)]),
        ("0003", 2, [("дороги", 2)]),
        ("0004", 1, [("правоохранительная деятельность", 1)]),
        ("0005", 3, [("комплексное благоустройство", 3)]),  # the code of five blocks among them
    ]
    assert not (folder / "2022-08.yaml").exists()
    assert data["appeals"] == {"total": 9, "oral": 2}


def test_the_as_og_export_counts_oral_appeals():
    table = read(AS_OG)
    from generator.register.appeals import read_appeals

    figures = tally(read_appeals(table).appeals, set(table.columns))
    assert figures["appeals"] == {"total": 9, "oral": 2}
    assert figures["written"] == {"total": 7, "electronic": 2, "repeat": 1}
    assert figures["outcomes"] == {"measures_taken": 3}


HEADER = "Рег. №;Дата регистрации;Форма обращения;Анонимное;Категория заявителя;Код вопроса\n"
ROWS = ("1;01.08.2023;письменное;нет;Пенсионеры;0005\n"
        "2;02.08.2023;электронное;да;;0003\n"
        "3;03.08.2023;устное;нет;инвалиды;0002\n"
        "4;10.08.2023;письменное;нет;инвалиды;0002\n"
        "5;20.08.2023;Личный прием;нет;Многодетные семьи;0005\n"
        "6;31.08.2023;письменное;нет;Инвалиды;0005\n")


def _counted(tmp_path: Path) -> dict:
    register = tmp_path / "реестр.csv"
    register.write_text(HEADER + ROWS, encoding="cp1251")
    from generator.register.appeals import read_appeals

    table = read(register)
    return tally(read_appeals(table).appeals, set(table.columns))


def test_oral_anonymous_and_applicants_are_counted(tmp_path: Path):
    figures = _counted(tmp_path)
    assert figures["appeals"] == {"total": 6, "oral": 2}
    assert figures["written"] == {"total": 4, "electronic": 1, "anonymous": 1}
    assert figures["applicants"] == [{"name": "инвалиды", "count": 2}, {"name": "пенсионеры", "count": 1}]


def test_all_forms_anonymous_and_applicants_reach_the_file(run, tmp_path: Path):
    register = tmp_path / "реестр.csv"
    register.write_text(HEADER + ROWS, encoding="cp1251")
    folder = _municipality(tmp_path)
    result = run("import", register, folder, "--period", "2023-08")
    assert result.exit_code == 0, result.output
    data = _figures(folder / "2023-08.yaml")
    assert data["written"]["total"] == 4 and data["written"]["electronic"] == 1
    assert data["written"]["anonymous"] == 1
    assert data["appeals"]["total"] == 6 and data["appeals"]["oral"] == 2
    assert [(a["name"], a["count"]) for a in data["applicants"]] == [("инвалиды", 2), ("пенсионеры", 1)]
