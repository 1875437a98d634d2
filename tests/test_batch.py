"""zapiska batch: every municipality of a folder, a broken one never stops the others."""
from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock

from conftest import EXAMPLE, NB, build, docx_text, line_of, with_figures, write_template
from generator.batch import period_of
from generator.core.period import Period

SUMMARY = "Итог: собрано {}, без изменений {}, с ошибками {}; "


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Three municipalities: the example, a variant without last year's file, and a broken one."""
    data = tmp_path / "data"
    for name in ("kavkazsky-raion", "tbilissky-raion", "broken-raion"):
        shutil.copytree(EXAMPLE.parent, data / name)
    with_figures(data / "tbilissky-raion" / "2021-H1.yaml", {"municipality.name": "Тбилисский район",
                                                              "written.total": 310})
    (data / "tbilissky-raion" / "2020-H1.yaml").unlink()
    with_figures(data / "broken-raion" / "2021-H1.yaml", {"written.total": -5})
    (data / "no-data-raion").mkdir()  # a municipality that has not sent its figures yet
    return data


def batch(run, data: Path, out: Path, *options: str):
    return run("batch", data, "--period", "2021-H1", "-o", out, *options)


def test_broken_file_fails_alone(run, data, tmp_path):
    out = tmp_path / "out"
    result = batch(run, data, out)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.docx")) == ["kavkazsky-raion-2021-H1.docx", "svodka-2021-H1.docx",
                                                          "tbilissky-raion-2021-H1.docx"]
    broken = data / "broken-raion" / "2021-H1.yaml"
    assert f"{broken}:{line_of(broken, 'total: -5')}:10: количество не может быть отрицательным, " \
           "а указано -5\n" in result.stderr
    assert "предупреждение: нет файла 2021-H1.yaml в папках: no-data-raion" in result.stderr
    assert "[1/3] broken-raion — ошибка\n" in result.stdout
    assert f"kavkazsky-raion — собран: {out / 'kavkazsky-raion-2021-H1.docx'}\n" in result.stdout
    assert SUMMARY.format(2, 0, 1) in result.stdout
    text = docx_text(out / "tbilissky-raion-2021-H1.docx")
    assert "муниципального образования Тбилисский район" in text
    assert "поступило 310 письменных обращений." in text  # no last year's file: no comparison
    assert "предупреждение: нет данных за 2020-H1" in result.stderr


def test_unchanged_reports_are_skipped(run, data, tmp_path):
    out = tmp_path / "out"
    batch(run, data, out)
    built = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    result = batch(run, data, out)
    assert result.exit_code == 1  # the broken file is still broken
    assert SUMMARY.format(0, 2, 1) in result.stdout
    assert "kavkazsky-raion — без изменений\n" in result.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")} == built


@pytest.mark.parametrize("change", ["input", "previous", "template", "deleted output"])
def test_a_change_rebuilds_only_its_report(run, data, tmp_path, change):
    out = tmp_path / "out"
    own_template = data / "kavkazsky-raion" / "template.docx"
    write_template(own_template, ["Записка: {{ municipality.name }}"])
    batch(run, data, out)
    if change == "input":
        with_figures(data / "kavkazsky-raion" / "2021-H1.yaml", {"hotline.calls": 270})
    elif change == "previous":
        with_figures(data / "kavkazsky-raion" / "2020-H1.yaml", {"written.total": 468})
    elif change == "template":
        write_template(own_template, ["Сведения: {{ municipality.name }}"])
    else:
        (out / "kavkazsky-raion-2021-H1.docx").unlink()
    result = batch(run, data, out)
    assert "kavkazsky-raion — собран" in result.stdout
    assert SUMMARY.format(1, 1, 1) in result.stdout
    if change == "template":
        assert docx_text(out / "kavkazsky-raion-2021-H1.docx") == "Сведения: Кавказский район\n"


def test_a_new_version_rebuilds_everything(run, data, tmp_path, monkeypatch):
    out = tmp_path / "out"
    batch(run, data, out)
    monkeypatch.setattr("generator.batch.__version__", "99.0")
    assert SUMMARY.format(2, 0, 1) in batch(run, data, out).stdout


def test_fixed_file_is_built_on_the_next_run(run, data, tmp_path):
    out = tmp_path / "out"
    batch(run, data, out)
    with_figures(data / "broken-raion" / "2021-H1.yaml", {"written.total": 295})
    result = batch(run, data, out)
    assert result.exit_code == 0
    assert SUMMARY.format(1, 2, 0) in result.stdout


def test_force_rebuilds_everything(run, data, tmp_path):
    out = tmp_path / "out"
    batch(run, data, out)
    result = batch(run, data, out, "--force")
    assert SUMMARY.format(2, 0, 1) in result.stdout


@pytest.mark.slow
def test_parallel_workers_build_the_same(run, data, tmp_path):
    shutil.rmtree(data / "broken-raion")
    result = batch(run, data, tmp_path / "out", "-j", "2")
    assert result.exit_code == 0, result.output
    assert SUMMARY.format(2, 0, 0) in result.stdout
    assert docx_text(tmp_path / "out" / "kavkazsky-raion-2021-H1.docx") == build(run, EXAMPLE, tmp_path / "single.docx")


def test_lock_refuses_a_concurrent_run(run, data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with FileLock(out / ".zapiska.lock"):
        result = batch(run, data, out)
    assert result.exit_code == 1
    assert result.stderr == (f"в папку {out} уже пишет другой запуск zapiska batch: "
                             "дождитесь его окончания и запустите снова\n")
    assert not list(out.glob("*.docx"))
    # Released with its holder: the next run goes ahead.
    assert SUMMARY.format(2, 0, 1) in batch(run, data, out).stdout


def test_summary_table(run, data, tmp_path):
    out = tmp_path / "out"
    batch(run, data, out)
    raw = (out / "svodka-2021-H1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    header = rows[0]
    written, pos = "Письменных обращений поступило всего — ", "Поступило через Платформу обратной связи (ПОС) — "
    now, before, change = f"1{NB}полугодие 2021{NB}г.", f"1{NB}полугодие 2020{NB}г.", "изменение, %"
    assert header[:6] == ["Папка", "Муниципальное образование", "Состояние",
                          written + now, written + before, written + change]
    table = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert list(table) == ["broken-raion", "kavkazsky-raion", "no-data-raion", "tbilissky-raion"]
    assert table["broken-raion"]["Состояние"] == "ошибка"
    assert table["no-data-raion"]["Состояние"] == "нет файла за период"
    kavkazsky = table["kavkazsky-raion"]
    assert kavkazsky["Муниципальное образование"] == "Кавказский район"
    assert [kavkazsky[written + column] for column in (now, before, change)] == ["295", "467", "-36,8"]
    assert kavkazsky[pos + now] == "105"
    tbilissky = table["tbilissky-raion"]
    assert [tbilissky[written + column] for column in (now, before, change)] == ["310", "", ""]


def test_no_input_for_the_period(run, data, tmp_path):
    result = run("batch", data, "--period", "2019-H2", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (f"в {data} нет ни одной папки муниципального образования с файлом 2019-H2.yaml "
                             "(создать его: zapiska init МУНИЦИПАЛИТЕТ 2019-H2)\n")


def test_bad_period(run, data, tmp_path):
    result = run("batch", data, "--period", "2021-H3", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == ("неизвестный период «2021-H3»: ожидается 2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 "
                             "или месяц 2021-08\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("today, period", [
    (date(2021, 7, 10), Period(2021, "H1")),
    (date(2022, 1, 10), Period(2021, "H2")),
    (date(2021, 12, 31), Period(2021, "H1")),
])
def test_auto_period_is_the_last_finished_half_year(today, period):
    assert period_of("auto", today) == period
    assert period_of("2020-H2", today) == Period(2020, "H2")


def test_unwritable_output_folder_is_a_message(run, data, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = batch(run, data, blocker / "out")
    assert result.exit_code == 1
    assert result.stderr == f"{blocker / 'out'}:0:0: не удалось писать в папку: часть пути — файл, а не папка\n"


def test_jobs_must_be_a_positive_number(run, data, tmp_path):
    result = batch(run, data, tmp_path / "out", "-j", "0")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Ошибка: недопустимое значение -j: ожидается целое число от 1, " \
                                             "а указано «0»"


def test_changed_code_rebuilds_everything(run, data, tmp_path, monkeypatch):
    out = tmp_path / "out"
    batch(run, data, out)
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes",
                        lambda self: real(self) + (b"# changed" if self.name == "grammar.py" else b""))
    assert SUMMARY.format(2, 0, 1) in batch(run, data, out).stdout
