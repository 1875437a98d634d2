"""The region summary ranks every municipality by one measure and says which: written appeals
when every file gives them, appeals of all forms when every file gives those and some lack the
written ones; read back from the .docx and the .xlsx. Built from the published reports."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl

from conftest import ROOT, docx_text, plain, with_figures

REPORTS = ROOT / "tests" / "fixtures" / "reports"


def _all_forms(tmp_path):
    """Рудня (395 appeals of all forms, no written count) and Советский район (447 of all forms,
    241 written) in one region's folder for 2023, with populations and last year's totals."""
    data = tmp_path / "data"
    shutil.copytree(REPORTS / "rudnyansky-raion", data / "rudnyansky-raion")
    with_figures(data / "rudnyansky-raion" / "2023.yaml",
                 {"municipality.population": 25000, "previous.appeals.total": 410})
    (data / "sovetsky-raion").mkdir()
    with_figures(REPORTS / "sovetsky-raion" / "2021.yaml",
                 {"period": 2023, "municipality.region": "Смоленская область", "municipality.population": 100000,
                  "previous.appeals.total": 400}, to=data / "sovetsky-raion" / "2023.yaml")
    return data


def test_all_forms_when_some_lack_written_appeals(run, tmp_path):
    out = tmp_path / "out"
    result = run("summary", _all_forms(tmp_path), "--period", "2023", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = plain(docx_text(out / "svodka-2023.docx"))
    # 395 + 447 = 842 against 410 + 400 = 810: 32 more (4,0 %); 842 per 125 000 — 6,7 per 1000
    assert ("В 2023 году в органы местного самоуправления 2 муниципальных образований Смоленской области "
            "поступило 842 обращения всех форм (письменных и устных), что на 32 обращения (4,0 %) больше, "
            "чем за прошлый год. В расчете на 1000 жителей — 6,7 обращения.") in text
    # 395 / 25 000 → 15,8; 447 / 100 000 → 4,5
    assert ("Наибольшее количество обращений из расчета на 1000 жителей поступило от жителей "
            "Руднянского района (15,8), Советского района (4,5).") in text
    assert "Обращения всех форм (письменные и устные) по муниципальным образованиям за 2023 год" in text
    assert "1 | Руднянский район | 410 | 395 | −15 (−3,7 %) | 15,8 | 1\n" in text
    assert "2 | Советский район | 400 | 447 | +47 (+11,8 %) | 4,5 | 2\n" in text
    assert re.search(r" \| Итого \| 810 \| 842 \| \+32 \(\+4,0 %\) \| 6,7 \| ?(\n|$)", text)  # the last row: no rank
    assert "Не вошли в сводку" not in text
    assert _chart_titles(out / "svodka-2023.docx") == ["Обращения всех форм на 1000 жителей",
                                                       "Обращения всех форм по годам"]

    sheet = openpyxl.load_workbook(out / "svodka-2023.xlsx")["Муниципальные образования"]
    assert [plain(c.value) for c in sheet[1]][4:6] == ["Обращений всех форм (письменных и устных), 2022 г.",
                                                "Обращений всех форм (письменных и устных), 2023 г."]
    assert [c.value for c in sheet[2]] == [1, "Руднянский район", "муниципальный район", 25000, 410, 395, -15, -3.7,
                                           16.4, 15.8]
    assert [c.value for c in sheet[4]] == [None, "Итого", None, 125000, 810, 842, 32, 4.0, None, 6.7]


def test_written_appeals_when_some_give_them_only(run, tmp_path):
    # Серебряные Пруды gives written appeals only: the summary counts written ones, Рудня is left out.
    data = _all_forms(tmp_path)
    (data / "serebryanye-prudy").mkdir()
    with_figures(REPORTS / "serebryanye-prudy" / "2023.yaml",
                 {"municipality.region": "Смоленская область", "municipality.population": 40000},
                 to=data / "serebryanye-prudy" / "2023.yaml")
    out = tmp_path / "out"
    result = run("summary", data, "--period", "2023", "-o", out)
    assert result.exit_code == 1
    assert f"{data / 'rudnyansky-raion' / '2023.yaml'}:1:1: нет written.total (письменных обращений): сводка " \
           "считает письменные обращения, а в файле только appeals.total — в сводку не вошло" \
           in result.stderr.splitlines()
    text = plain(docx_text(out / "svodka-2023.docx"))
    assert "поступило 1476 письменных обращений" in text  # 1235 + 241
    assert "Письменные обращения по муниципальным образованиям за 2023 год" in text
    assert "Не вошли в сводку из-за ошибок в файлах с цифрами: Руднянский район." in text
    assert "всех форм" not in text
    assert _chart_titles(out / "svodka-2023.docx") == ["Письменные обращения на 1000 жителей",
                                                       "Письменные обращения по годам"]


def _chart_titles(path: Path) -> list[str]:
    """The first text of each native chart of the document: its title."""
    with zipfile.ZipFile(path) as book:
        charts = sorted(n for n in book.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n))
        return [re.findall(r"<a:t>([^<]*)</a:t>", book.read(n).decode())[0] for n in charts]


def test_topics_counted_by_appeals_are_not_added_to_questions(run, tmp_path):
    """Советский район counts its topics by appeals (экономика 194 of 447 appeals): the region's
    topics, shares of questions, are summed of Кавказский район's questions only, and say whose."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "kavkazsky-raion", data / "kavkazsky-raion")
    (data / "sovetsky-raion").mkdir()
    with_figures(REPORTS / "sovetsky-raion" / "2021.yaml",
                 {"period": "2021-H1", "municipality.region": "Краснодарский край"},
                 to=data / "sovetsky-raion" / "2021-H1.yaml")
    out = tmp_path / "out"
    result = run("summary", data, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = plain(docx_text(out / "svodka-2021-H1.docx"))
    assert ("Тематика вопросов указана в сведениях 1 из 2 муниципальных образований (Кавказский район); "
            "разделы ниже — по его данным.") in text
    assert "0003 | Экономика | 196 | 150 |" in text  # Кавказский район's questions, not 150 + 194
