"""Months as reporting periods (2023-08) through every door: init, check, build with every bundled
template, batch, summary, the web form. The figures are those of a published monthly report
(Тереньгульский район, август 2023 г.: tests/fixtures/monthly, the source quoted in the file)."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from conftest import NB, ROOT, build, docx_text

MONTHLY = ROOT / "tests" / "fixtures" / "monthly"
AUGUST = MONTHLY / "terengulsky-raion" / "2023-08.yaml"
# Not from the report (it gives no figures for August 2022): a year back, for the comparisons.
A_YEAR_BACK = """period: 2022-08
municipality:
  name: Тереньгульский район
  kind: район
  region: Ульяновская область
written:
  total: 30
  collective: 4
outcomes:
  supported: 6
questions_total: 30
topics:
  - {code: "0005", name: Жилищно-коммунальная сфера, count: 10}
receptions:
  head: 9
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The monthly fixture's data folder, with August 2022 beside August 2023."""
    folder = Path(shutil.copytree(MONTHLY, tmp_path / "data"))
    (folder / "terengulsky-raion" / "2022-08.yaml").write_text(A_YEAR_BACK, encoding="utf-8")
    return folder


def test_the_published_monthly_report_is_checked_and_built(run, tmp_path: Path):
    assert run("check", AUGUST).output == (
        f"{AUGUST}:1:1: предупреждение: нет данных за 2022-08 (нет файла 2022-08.yaml и блока previous:) — "
        "сравнения с прошлым годом в текст не попадут\n"
        f"{AUGUST}:1:1: предупреждение: нет подписи (блок signature: — должность и фамилия): документ выйдет "
        "неподписанным\nok\n")
    text = build(run, AUGUST, tmp_path / "zapiska.docx", "-t", ROOT / "templates" / "poyasnitelnaya-zapiska.docx")
    lines = text.splitlines()
    assert lines[:8] == [
        "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА",
        "к отчету о работе с обращениями граждан в муниципальном образовании Тереньгульский район "
        f"за август 2023{NB}г.",
        "",
        "В администрацию муниципального образования Тереньгульский район в августе 2023 года поступило "
        "35 письменных обращений.",  # the report: «В августе 2023 года в администрацию района поступило 35 обращений.»
        f"Из них 4 обращения (11,4{NB}% от общего числа) получено из Правительства Ульяновской области.",
        # the body by the table of subjects
        f"Поступило 4 коллективных обращения (11,4{NB}% от общего числа).",
        f"Поступило 1 повторное обращение (2,9{NB}% от общего числа).",
        "[диаграмма]",
    ]
    assert (f"В августе 2023 года положительно рассмотрено 5 обращений (14,3{NB}% от поступивших).\n"
            f"По результатам рассмотрения: «разъяснено» — 8 (22,9{NB}% от общего числа), «направлено по компетенции» — "
            f"3 (8,6{NB}%), «находится на рассмотрении» — 16 (45,7{NB}%).") in text
    # no year back: no columns of dashes, the shares instead (issue 21, class 13)
    assert (f"Код | Раздел классификатора | август 2023{NB}г. | Доля\n"
            f"0001 | Государство, общество, политика | 2 | 5,7{NB}%\n") in text
    assert f"0005 | Жилищно-коммунальная сфера | 16 | 45,7{NB}%\n | Всего вопросов | 35 |" in text
    assert f"По вопросам экономики — 11 вопросов (31,4{NB}% от всех вопросов).\n" in text


def test_a_month_is_compared_with_the_same_month_a_year_back(run, data: Path, tmp_path: Path):
    august = data / "terengulsky-raion" / "2023-08.yaml"
    note = build(run, august, tmp_path / "a.docx", "-t", ROOT / "templates" / "poyasnitelnaya-zapiska.docx")
    assert ("В администрацию муниципального образования Тереньгульский район в августе 2023 года поступило "
            f"35 письменных обращений, что на 5 обращений (16,7{NB}%) больше, чем в августе прошлого года.\n") in note
    assert (f"Поступило 4 коллективных обращения (11,4{NB}% от общего числа), что на уровне августа прошлого "
            "года.\n") in note
    assert f"0005 | Жилищно-коммунальная сфера | 10 | 16 | +6 (+60,0{NB}%)" in note
    summary = build(run, august, tmp_path / "b.docx", "-t", ROOT / "templates" / "analiticheskie-svedeniya.docx")
    assert summary.startswith("Аналитические сведения о работе с обращениями граждан\n"
                              "в муниципальном образовании Тереньгульский район\nв августе 2023 года\n")
    assert ("жителей муниципального образования Тереньгульский район в августе 2023 года в основном волновали "
            "вопросы жилищно-коммунальной сферы") in summary
    table = build(run, august, tmp_path / "c.docx", "-t", ROOT / "templates" / "tablica.docx")
    assert table.startswith("Сведения о работе с обращениями граждан\n"
                            "в муниципальном образовании Тереньгульский район\nза август 2023 года\n")
    assert (f"Показатель | август 2023{NB}г. | август 2022{NB}г. (АППГ) | +/− (%)\nПоступление обращений\n"
            f"Письменных обращений поступило всего | 35 | 30 | +5 (+16,7{NB}%)\n") in table
    assert f"в том числе главой | 13 | 9 | +4 (+44,4{NB}%)" in table


def test_init_makes_a_month_file(run, tmp_path: Path):
    result = run("init", "terengulsky-raion", "2023-8", "--data", tmp_path)  # one digit: the file has two
    path = tmp_path / "terengulsky-raion" / "2023-08.yaml"
    assert result.exit_code == 0 and result.stdout == f"{path}\n"
    assert "\nperiod: 2023-08 " in path.read_text(encoding="utf-8")


def test_a_month_that_does_not_exist(run, tmp_path: Path):
    result = run("init", "terengulsky-raion", "2023-13", "--data", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("неизвестный период «2023-13» (месяца 13 нет): ожидается 2021-H1, 2021-H2, 2021-Q3, "
                             "2021-9M, 2021 или месяц 2021-08\n")
    assert not (tmp_path / "terengulsky-raion").exists()


def test_batch_and_summary_of_a_month(run, data: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("batch", data, "--period", "2023-08", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"zapiska batch: август 2023{NB}г., данные {data}, результат {out}" in result.output
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == [
        "svodka-2023-08.csv", "svodka-2023-08.docx", "svodka-2023-08.xlsx", "terengulsky-raion-2023-08.docx"]
    table = (out / "svodka-2023-08.csv").read_text(encoding="utf-8-sig").splitlines()
    header, row = table[0].split(";"), table[1].split(";")
    assert header[3:6] == [f"Письменных обращений поступило всего — август 2023{NB}г.",
                           f"Письменных обращений поступило всего — август 2022{NB}г.",
                           "Письменных обращений поступило всего — изменение, %"]
    assert row[:6] == ["terengulsky-raion", "Тереньгульский район", "собран", "35", "30", "16,7"]
    summary = run("summary", data, "--period", "2023-08", "-o", tmp_path / "summary")
    assert summary.exit_code == 0, summary.output
    text = docx_text(tmp_path / "summary" / "svodka-2023-08.docx")
    assert text.startswith("СВОДНАЯ ИНФОРМАЦИЯ\nо работе с обращениями граждан в органах местного самоуправления "
                           "муниципальных образований Ульяновской области за август 2023 года\n")
    # one municipality is named, not counted (issue 21)
    assert ("В августе 2023 года в органы местного самоуправления Тереньгульского района поступило 35 письменных "
            f"обращений, что на 5 обращений (16,7{NB}%) больше") in text
    assert f"Показатель | август 2022{NB}г. | август 2023{NB}г. | Изменение" in text


def test_the_web_form_opens_and_lists_a_month(data: Path):
    from generator.web.app import create_app

    app = create_app(data)
    app.testing = True
    client = app.test_client()
    index = client.get("/").get_data(as_text=True)
    assert f'<a href="/terengulsky-raion/2023-08">август 2023{NB}г.</a></li>' in index.replace("&nbsp;", NB)
    assert index.index(">август 2023") < index.index(">август 2022")  # newest first
    opened = client.get("/open?municipality=terengulsky-raion&period=2023-8")
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/terengulsky-raion/2023-08")
    form = client.get("/terengulsky-raion/2023-08")
    assert form.status_code == 200
    page = form.get_data(as_text=True).replace("&nbsp;", NB)
    assert f"<title>Тереньгульский район — август 2023{NB}г. — пояснительная записка</title>" in page
    new = client.get("/terengulsky-raion/2023-09").get_data(as_text=True).replace("&nbsp;", NB)
    assert f"Данных за сентябрь 2023{NB}г. еще нет: форма заполнена по образцу август 2023{NB}г." in new
    typed = client.get("/open", query_string={"municipality": "terengulsky-raion", "period": "август 2023 г."})
    assert typed.headers["Location"].endswith("/terengulsky-raion/2023-08")


def test_the_data_folder_orders_months_among_the_other_periods(tmp_path: Path):
    from generator.store.folder import DataFolder

    folder = tmp_path / "terengulsky-raion"
    folder.mkdir()
    for name in ("2023.yaml", "2023-08.yaml", "2023-Q3.yaml", "2023-09.yaml", "2022-12.yaml",
                 "2023-8.yaml", "2023-13.yaml"):  # the last two are not periods' own names
        (folder / name).write_text("", encoding="utf-8")
    assert [str(period) for period in DataFolder(tmp_path).periods("terengulsky-raion")] == [
        "2023", "2023-Q3", "2023-09", "2023-08", "2022-12"]


def test_the_web_form_imports_a_month(data: Path):
    from generator.web.app import create_app

    app = create_app(data)
    app.testing = True
    client = app.test_client()
    register = (ROOT / "tests" / "fixtures" / "as-og" / "reestr-as-og-2023-08.csv").read_bytes()
    shown = client.post("/terengulsky-raion/import", data={"register": (io.BytesIO(register), "as-og.csv")},
                        content_type="multipart/form-data", headers={"Origin": "http://localhost"})
    page = shown.get_data(as_text=True).replace("&nbsp;", NB)
    assert shown.status_code == 200, page
    assert f"взят август 2023{NB}г. — последний завершившийся месяц" in page  # the page's words, not the CLI's
    assert f"<strong>август 2023{NB}г.</strong>: обращений 7, вопросов 8" in page
