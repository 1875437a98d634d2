"""zapiska build for город Горячий Ключ: the second document, its template named in its data."""
from __future__ import annotations

from datetime import date

from conftest import DROP, GOLDEN, GORYACHIY_KLYUCH, NB, ROOT, build, with_figures, write_template


def test_document_reads_like_golden_text(run, tmp_path):
    text = build(run, GORYACHIY_KLYUCH, tmp_path / "svedeniya.docx")
    assert text == (GOLDEN / "goryachiy-klyuch-2021-H1.txt").read_text("utf-8")


def test_seed_mistakes_are_corrected(run, tmp_path):
    text = build(run, GORYACHIY_KLYUCH, tmp_path / "svedeniya.docx")
    # The seed: "873  письменных обращений", "на 47 %" (121 against 82 is 47,6 %), "от 25.12. 2017 № 2814".
    assert "поступило 873 письменных обращения." in text
    assert (f"принято 121 сообщение, что на 39 сообщений (47,6{NB}%) больше, чем за аналогичный период "
            "прошлого года." in text)
    assert f"Краснодарского края от 25.12.2017 №{NB}2814)" in text
    assert f"(количество подписчиков в официальном аккаунте Instagram — 11,6{NB}тыс.)" in text
    assert f"составил 32,1{NB}%." in text


def test_act_comes_from_the_data(run, gk, tmp_path):
    with_figures(gk, {"municipality.act.date": date(2022, 3, 1), "municipality.act.number": "415-п"})
    assert f"края от 01.03.2022 №{NB}415-п)" in build(run, gk, tmp_path / "a.docx")
    with_figures(gk, {"municipality.act": DROP})
    text = build(run, gk, tmp_path / "b.docx")
    assert "Порядком работы" not in text
    assert "обращение в Краснодарском крае», методическими рекомендациями Администрации Президента" in text


def test_without_last_year_the_hotline_has_no_percent(run, gk, tmp_path):
    (gk.parent / "2020-H1.yaml").unlink()
    text = build(run, gk, tmp_path / "svedeniya.docx")
    assert "по телефону «горячей линии» принято 121 сообщение." in text


def test_without_topics_there_is_no_topic_paragraph_or_table(run, gk, tmp_path):
    with_figures(gk, {"topics": DROP})
    text = build(run, gk, tmp_path / "svedeniya.docx")
    assert "Анализ тематики" not in text and "Раздел классификатора" not in text
    assert "поступило 96 обращений.\nАдминистрация города" in text


def test_the_other_template_and_the_folder_template(run, gk, tmp_path):
    # -t wins over the template named in the data.
    other = ROOT / "templates" / "poyasnitelnaya-zapiska.docx"
    assert build(run, gk, tmp_path / "a.docx", "-t", other).startswith("ПОЯСНИТЕЛЬНАЯ ЗАПИСКА\n")
    # Without template: in the data, the folder's own template.docx is used.
    with_figures(gk, {"template": DROP})
    write_template(gk.parent / "template.docx", ["Свой шаблон: {{ municipality.name }}"])
    assert build(run, gk, tmp_path / "b.docx") == "Свой шаблон: город Горячий Ключ\n"
