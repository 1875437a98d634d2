"""`zapiska import`: a register of appeals -> the period's figures, merged into the YAML files."""
from __future__ import annotations

import datetime
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, plain
from generator.core.errors import ConflictError, ZapiskaError
from generator.core.period import Period
from generator.register.appeals import date_of, recognise, section_of
from generator.register.plan import apply, bounds, default_period, plan

SAMPLE = DATA / "kavkazsky-raion" / "reestr-2020-2021.xlsx"
HEADER = "Рег. №;Дата регистрации;Форма обращения;Откуда поступило;Вид обращения;Код вопроса;Вопрос;" \
         "Результат рассмотрения;Населенный пункт\n"


def _script():
    spec = importlib.util.spec_from_file_location("make_register", ROOT / "scripts" / "make_register.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the Кавказский район folder (with its register)."""
    copy = tmp_path / "data" / "kavkazsky-raion"
    shutil.copytree(DATA / "kavkazsky-raion", copy)
    return copy


def _figures(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _subset(committed: dict, imported: dict) -> list[str]:
    """Where a figure of the committed file differs in the imported one (names and codes included)."""
    differences = []
    for key, value in committed.items():
        if isinstance(value, dict):
            differences += [f"{key}.{d}" for d in _subset(value, imported.get(key) or {})]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            theirs = imported.get(key) or []
            for i, item in enumerate(value):
                differences += [f"{key}[{i}].{d}" for d in _subset(item, theirs[i] if i < len(theirs) else {})]
        elif imported.get(key) != value:
            differences.append(f"{key}: {value!r} != {imported.get(key)!r}")
    return differences


def test_the_sample_register_gives_the_committed_figures(run, folder: Path):
    result = run("import", str(folder / SAMPLE.name), str(folder))
    assert result.exit_code == 0, result.output
    for period in ("2020-H1", "2021-H1"):
        committed, imported = _figures(DATA / "kavkazsky-raion" / f"{period}.yaml"), _figures(folder / f"{period}.yaml")
        figures = ("written", "outcomes", "questions_total", "topics")
        assert _subset({k: committed[k] for k in figures}, imported) == []
        counted = ("deadlines", "settlements", "appeals")  # appeals: once the model has all forms together
        assert {k: v for k, v in imported.items() if k not in figures and k not in counted} \
            == {k: v for k, v in committed.items() if k not in figures}  # the rest as the clerk left it
    new = _figures(folder / "2021-H1.yaml")
    assert new["written"] == {"total": 295, "electronic": 121, "collective": 18, "repeat": 14, "from_president": 11,
                              "from_region": 140, "control_percent": 100}
    assert new["outcomes"] == {"supported": 126, "measures_taken": 58, "explained": 119, "not_supported": 23,
                               "answered": 6, "forwarded": 11, "unanswered": 2, "in_progress": 8}
    assert new["deadlines"] == {"on_time": 287, "overdue": 0, "extended": 7}
    assert sum(s["count"] for s in new["settlements"]) == 295
    assert new["settlements"][0]["name"] == "Кропоткинское городское поселение"
    assert run("check", str(folder / "2021-H1.yaml")).output == "ok\n"


def test_comments_and_free_texts_stay(run, folder: Path):
    before = (folder / "2021-H1.yaml").read_text(encoding="utf-8")
    run("import", str(SAMPLE), str(folder))
    after = (folder / "2021-H1.yaml").read_text(encoding="utf-8")
    assert "  total: 295                         # поступило всего\n" in after
    assert "# Проверка файла: zapiska check data/kavkazsky-raion/2021-H1.yaml" in after
    assert "    in_text: жилищно-коммунального хозяйства   # как раздел звучит после «вопросов …»" in after
    assert "  electronic: 121" in after and "(считаются обращения; из реестра)" in after
    assert "questions_total: 425                 # вопросов в обращениях всего" in after
    assert before.count("#") < after.count("#")


def test_the_table_of_changes_and_a_second_run(run, folder: Path):
    dry = run("import", str(SAMPLE), str(folder), "--dry-run")
    assert dry.exit_code == 0
    lines = plain(dry.output).splitlines()
    # The table speaks the department's words, a section heading its fields; the figures line up.
    written = lines.index("  Письменные обращения")
    topics = lines.index("  Тематика вопросов по разделам классификатора")
    assert re.fullmatch(r"    из них в форме электронного документа +— → 121", lines[written + 1])
    economy = next(i for i, line in enumerate(lines) if "«сельское хозяйство»" in line)
    assert re.fullmatch(r"    «Экономика» › «сельское хозяйство» +— → 28", lines[economy]) and economy > topics
    assert not any("written." in line or "topics[" in line for line in lines)
    assert "Пробный запуск: ничего не записано." in dry.output
    assert _figures(folder / "2021-H1.yaml") == _figures(DATA / "kavkazsky-raion" / "2021-H1.yaml")
    run("import", str(SAMPLE), str(folder))
    again = run("import", str(SAMPLE), str(folder))
    assert "2021-H1.yaml (1 полугодие 2021 г.: обращений 295, вопросов 425) — изменений 0" in plain(again.output)
    assert "Файлы уже содержат эти цифры." in again.output


def test_csv_as_russian_excel_saves_it_gives_the_same_figures(run, folder: Path, tmp_path: Path):
    script = _script()
    for encoding, name in (("cp1251", "reestr.csv"), ("utf-8-sig", "reestr-utf8.csv")):
        script.write_csv(tmp_path / name, script.rows(), encoding)
    run("import", str(SAMPLE), str(folder))
    from_xlsx = (folder / "2021-H1.yaml").read_text(encoding="utf-8")
    for name in ("reestr.csv", "reestr-utf8.csv"):
        result = run("import", str(tmp_path / name), str(folder))
        assert result.exit_code == 0, result.output
        assert "изменений 0" in result.output
        assert (folder / "2021-H1.yaml").read_text(encoding="utf-8") == from_xlsx


def _register(tmp_path: Path, rows: str, name: str = "реестр.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + rows, encoding="cp1251")
    return path


def _municipality(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "novy-raion"
    folder.mkdir(parents=True)
    return folder


ROWS = ("1-ОГ;15.01.2021;письменное;Администрация Краснодарского края;индивидуальное;0005.0005.0056.1149;"
        "Комплексное благоустройство;Рассмотрено. Поддержано;Новое\n"
        "1-ОГ;15.01.2021;письменное;Администрация Краснодарского края;индивидуальное;0003;Дороги;"
        "Рассмотрено. Разъяснено;Новое\n"
        "2-ОГ;2021-06-30;электронное;;коллективное;0005.0005.0056.1149;комплексное благоустройство;"
        "поддержано;Старое\n"
        "3-ОГ;44300;личный прием;;индивидуальное;0002;Пенсии;Разъяснено;Новое\n"
        ";;;;;;;;\n"
        "Итого;3;;;;;;;\n")


def test_a_small_register_counted_appeal_by_appeal(run, tmp_path: Path):
    folder = _municipality(tmp_path)
    result = run("import", str(_register(tmp_path, ROWS)), str(folder), "--period", "2021-H1")
    assert result.exit_code == 0, result.output
    data = _figures(folder / "2021-H1.yaml")
    assert data["period"] == "2021-H1"
    written = {key: value for key, value in data["written"].items() if value is not None}
    assert written == {"total": 2, "electronic": 1, "collective": 1, "repeat": 0, "from_president": 0,
                       "from_region": 1}  # the oral appeal (an Excel serial date) is not written
    assert data["outcomes"]["supported"] == 2 and data["outcomes"]["explained"] == 0
    assert data["questions_total"] == 3
    assert data["topics"] == [
        {"code": "0003", "name": "Экономика", "count": 1, "subtopics": [{"name": "дороги", "count": 1}]},
        {"code": "0005", "name": "Жилищно-коммунальная сфера", "count": 2,
         "subtopics": [{"name": "комплексное благоустройство", "count": 2}]}]
    assert data["settlements"] == [{"name": "Новое", "count": 1}, {"name": "Старое", "count": 1}]
    assert "за 1 полугодие 2020 г. реестр неполон — файл 2020-H1.yaml не меняется" in plain(result.output)
    assert not (folder / "2020-H1.yaml").exists()


def test_errors_are_listed_all_at_once_and_nothing_is_written(run, tmp_path: Path):
    folder = _municipality(tmp_path)
    rows = ROWS + ("4-ОГ;31.02.2021;письменное;;индивидуальное;0001;x;Разъяснено;Новое\n"
                   "5-ОГ;01.03.2021;голубиная почта;;индивидуальное;0001;x;Рассм.;Новое\n"
                   "6-ОГ;02.03.2021;письменное;;индивидуальное;0009;x;Рассм.;Новое\n")
    register = _register(tmp_path, rows)
    result = run("import", str(register), str(folder), "--period", "2021-H1")
    assert result.exit_code == 1
    assert "реестр.csv, строка 8, столбец «Дата регистрации»: не дата: «31.02.2021» (ожидается ДД.ММ.ГГГГ)" \
        in result.output
    assert ("реестр.csv, строки 9, 10, столбец «Результат рассмотрения»: неизвестное значение «Рассм.» — "
            "добавьте его в register-map.yaml (раздел values: result:)") in result.output
    assert "строка 10, столбец «Код вопроса»: не код раздела классификатора 0001–0005: «0009»" in result.output
    assert "ничего не записано" in result.output
    assert "Traceback" not in result.output
    assert list(folder.iterdir()) == []
    # «голубиная почта» is a written appeal by the post: not an error
    skipped = run("import", str(register), str(folder), "--period", "2021-H1", "--skip-bad-rows")
    assert skipped.exit_code == 0, skipped.output
    assert "предупреждение: пропущено: реестр.csv, строки 9, 10" in skipped.output
    assert "обращения с этими строками (2) не посчитаны" in skipped.output
    assert _figures(folder / "2021-H1.yaml")["written"]["total"] == 2


def test_a_register_without_the_needed_columns(run, tmp_path: Path):
    folder = _municipality(tmp_path)
    register = _register(tmp_path, "1;2\n", header="Номер;Дата регистрации;Рубрика\n")
    result = run("import", str(register), str(folder))
    assert result.exit_code == 1
    assert ("реестр.csv: не найдена строка заголовков со столбцами: регистрационный номер («Рег. №», "
            "«Регистрационный номер», «Номер обращения»); дата регистрации («Дата регистрации», «Дата рег.», "
            "«Дата поступления»); в строке 1 узнаны столбцы: «Дата регистрации» (дата регистрации). "
            "Назовите столбцы так или укажите их в register-map.yaml (раздел columns:)") in result.output


def test_the_map_file_names_columns_and_values(run, tmp_path: Path):
    folder = _municipality(tmp_path)
    header = "Номер;Дата док.;Рубрика;Итог\n"
    register = _register(tmp_path, "7;10.02.2021;0002;Рассм.\n8;11.02.2021;5;Исполнено\n", header=header)
    (folder / "register-map.yaml").write_text(
        "columns:\n  Номер: number\n  Дата док.: Дата регистрации\n  Рубрика: code\n  Итог: result\n"
        "values:\n  result:\n    Рассм.: explained\n    Исполнено: Рассмотрено. Поддержано\n", encoding="utf-8")
    result = run("import", str(register), str(folder), "--period", "2021-H1")
    assert result.exit_code == 0, result.output
    data = _figures(folder / "2021-H1.yaml")
    assert data["outcomes"]["explained"] == 1 and data["outcomes"]["supported"] == 1
    assert [t["code"] for t in data["topics"]] == ["0002", "0005"]


def test_a_wrong_map_file_is_located(run, tmp_path: Path):
    folder = _municipality(tmp_path)
    bad = tmp_path / "map.yaml"
    bad.write_text("columns:\n  Номер: номерок\nvalues:\n  result:\n    Рассм.: почти\n", encoding="utf-8")
    result = run("import", str(_register(tmp_path, ROWS)), str(folder), "--map", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:2:10: неизвестный столбец «номерок»; допустимо: number (регистрационный номер)" in result.output
    assert f"{bad}:5:13: неизвестное значение «почти»; допустимо: supported (поддержано)" in result.output


def test_a_new_period_file_takes_the_municipality_from_an_earlier_one(run, folder: Path, tmp_path: Path):
    (folder / "2021-H1.yaml").unlink()
    result = run("import", str(SAMPLE), str(folder), "--period", "2021-H1")
    assert result.exit_code == 0, result.output
    data = _figures(folder / "2021-H1.yaml")
    assert data["municipality"] == {"name": "Кавказский район"}
    assert data["signature"]["name"] == "О.М. Ляхов"
    assert data["written"]["total"] == 295
    assert "# Впишите цифры после двоеточий" in (folder / "2021-H1.yaml").read_text(encoding="utf-8")


def test_the_default_period_is_the_last_complete_half_year():
    d = datetime.date
    assert default_period(d(2020, 1, 9), d(2021, 6, 30), d(2026, 1, 1)) == Period(2021, "H1")
    assert default_period(d(2020, 1, 9), d(2021, 7, 20), d(2021, 7, 21)) == Period(2021, "H1")
    assert bounds(Period(2021, "9M")) == (d(2021, 1, 1), d(2021, 9, 30))
    assert bounds(Period(2021, "")) == (d(2021, 1, 1), d(2021, 12, 31))


def test_without_a_complete_half_year_the_default_is_the_last_complete_month():
    d = datetime.date
    assert default_period(d(2021, 1, 9), d(2021, 6, 20), d(2021, 6, 21)) == Period(2021, "05")
    assert default_period(d(2023, 8, 2), d(2023, 8, 30), d(2023, 9, 5)) == Period(2023, "08")
    assert default_period(d(2023, 8, 2), d(2023, 9, 4), d(2023, 9, 5)) == Period(2023, "08")  # September goes on
    assert default_period(d(2023, 11, 6), d(2024, 1, 9), d(2024, 1, 10)) == Period(2023, "12")
    with pytest.raises(ZapiskaError) as error:
        default_period(d(2023, 8, 12), d(2023, 8, 20), d(2023, 9, 5))
    assert str(error.value) == ("в реестре нет завершившегося полугодия или месяца целиком (даты с 12.08.2023 по "
                                "20.08.2023): укажите период, например --period 2023-08 или --period 2023-H2")
    assert bounds(Period(2023, "08")) == (d(2023, 8, 1), d(2023, 8, 31))
    assert bounds(Period(2024, "02")) == (d(2024, 2, 1), d(2024, 2, 29))
    assert bounds(Period(2023, "12")) == (d(2023, 12, 1), d(2023, 12, 31))


def test_a_file_changed_after_the_count_is_not_overwritten(folder: Path):
    planned = plan(SAMPLE, folder)
    (folder / "2021-H1.yaml").write_text((folder / "2021-H1.yaml").read_text(encoding="utf-8") + "\n",
                                         encoding="utf-8")
    with pytest.raises(ConflictError):
        apply(planned)
    assert "electronic" not in (folder / "2021-H1.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, value", [
    ("Рассмотрено. Поддержано", "supported"), ("РАССМОТРЕНО. НЕ ПОДДЕРЖАНО", "not_supported"),
    ("Поддержано, в т.ч. меры приняты", "measures_taken"), ("разъяснено", "explained"),
    ("Дан ответ автору", "answered"), ("Оставлено без ответа автору", "unanswered"),
    ("Направлено по компетенции", "forwarded"), ("", "in_progress"), ("Рассм.", None)])
def test_results_in_the_words_of_the_federal_portal(text: str, value: str | None):
    assert recognise("result", text, {}) == value


@pytest.mark.parametrize("field, text, value", [
    ("form", "Интернет-приемная", "electronic"), ("form", "e-mail", "electronic"), ("form", "ПОС", "electronic"),
    ("form", "Письмо по электронной почте", "electronic"), ("form", "Почта России", "written"),
    ("form", "Личный прием", "oral"), ("form", "на бересте", None),
    ("source", "Администрация Президента РФ", "president"), ("source", "Губернатор Тверской области", "region"),
    ("source", "Правительство Тверской области", "region"), ("source", "Прокуратура края", "other"),
    ("kind", "Коллективно-повторное", "collective_repeat"), ("kind", "ПОВТОРНОЕ", "repeat")])
def test_values_are_recognised(field: str, text: str, value: str | None):
    assert recognise(field, text, {}) == value


def test_dates_and_codes():
    d = datetime.date(2021, 3, 4)
    assert date_of("04.03.2021") == date_of("2021-03-04") == date_of("4.3.2021 10:15") == d
    assert date_of(44259.0) == date_of("44259") == date_of(datetime.datetime(2021, 3, 4, 9)) == d
    assert date_of("31.02.2021") is None and date_of("вчера") is None
    assert section_of("0005.0005.0056.1149") == section_of("5") == "0005"
    assert section_of("0006") is None and section_of("благоустройство") is None


def test_a_change_is_named_in_the_departments_words():
    from generator.register.merge import Change

    topic = Change(("topics", ("0005", "Жилищно-коммунальная сфера"), "subtopics", ("газ", "газ"), "count"), 1, 2)
    assert topic.field == "topics[0005].subtopics[газ].count"
    assert topic.title == "Тематика вопросов по разделам классификатора › «Жилищно-коммунальная сфера» › «газ»"
    assert Change(("topics", ("0005", "ЖКХ"), "count"), 3, 0).title == (
        "Тематика вопросов по разделам классификатора › «ЖКХ»")
    assert Change(("deadlines", "overdue"), None, 0).title == "Сроки рассмотрения › рассмотрено с нарушением срока"
    assert Change(("questions_total",), None, 425).title == "Вопросов в обращениях всего"
