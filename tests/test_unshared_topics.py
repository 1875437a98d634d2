"""Topics without the number of questions (reports often give none): a warning, and every bundled
template prints the topics with their counts and no shares — no empty «()», no row of dashes for
the missing total; with topics_counted: appeals the whole is the appeals and shares stay."""
from __future__ import annotations

from conftest import DROP, ROOT, build, plain, with_figures

REPORTS = ROOT / "tests" / "fixtures" / "reports"
TEMPLATES = ("poyasnitelnaya-zapiska", "analiticheskie-svedeniya", "tablica")
WARNING = ("предупреждение: есть «Тематика вопросов по разделам классификатора», но не заполнено questions_total "
           "(«Вопросов в обращениях всего (для долей тематик)»): доли в текст не попадут, только числа")


def _texts(run, tmp_path, source) -> dict[str, list[str]]:
    return {name: plain(build(run, source, tmp_path / f"{name}.docx", "-t", ROOT / "templates" / f"{name}.docx"))
            .splitlines() for name in TEMPLATES}


def _no_empty_shares(texts: dict[str, list[str]]) -> None:
    for name, lines in texts.items():
        assert not [line for line in lines if "()" in line or "( " in line or " )" in line], name
        assert not [line for line in lines if "Всего вопросов" in line], name


def test_shumerlinsky_okrug_gives_topics_without_questions(run, tmp_path):
    # «экономика - 15 … жилищно-коммунальная сфера – 7 … государство, общество, политика – 2»: no total of questions
    source = REPORTS / "shumerlinsky-okrug" / "2023-Q1.yaml"
    result = run("check", source)
    assert (result.exit_code, result.stdout) == (0, "ok\n")
    assert f"{source}:21:1: {WARNING}" in result.stderr.splitlines()
    texts = _texts(run, tmp_path, source)
    _no_empty_shares(texts)
    note = texts["poyasnitelnaya-zapiska"]
    assert ["По вопросам экономики — 15 вопросов.", "По вопросам жилищно-коммунальной сферы — 7 вопросов.",
            "По вопросам государства, общества, политики — 2 вопроса."] == [
        line for line in note if line.startswith("По вопросам")]
    assert "0003 | Экономика | — | 15 | —" in note
    assert "0003 | Экономика | — | 15 | —" in texts["analiticheskie-svedeniya"]
    assert "Анализ тематики обращений показал, что жителей Шумерлинского муниципального округа в 1 квартале 2023 " \
           "года в основном волновали вопросы экономики." in texts["analiticheskie-svedeniya"]
    assert "0003 Экономика | 15 | — | —" in texts["tablica"]
    assert not [line for line in texts["tablica"] if line.startswith("Вопросов в обращениях всего")]


def test_subtopics_and_remarks_without_shares(run, tmp_path, example):
    with_figures(example, {"questions_total": DROP})
    texts = _texts(run, tmp_path, example)
    _no_empty_shares(texts)
    note = texts["poyasnitelnaya-zapiska"]
    assert any(line.startswith("Основное количество вопросов жилищно-коммунального хозяйства, 166 вопросов, связано "
                               "с комплексным благоустройством (27 обращений), ") for line in note)
    assert "По вопросам экономики — 150 вопросов." in note
    assert any(line.startswith("По вопросам социальной сферы — 42 вопроса — поднимались проблемы") for line in note)
    assert "0005 | Жилищно-коммунальная сфера | 262 | 166 | −96 (−36,6 %)" in note
    assert not [line for line in texts["analiticheskie-svedeniya"] if "Удельный вес" in line]


def test_topics_counted_by_appeals_need_no_questions(run, tmp_path):
    # Тереньгульский район, август 2023: topics of 35 appeals, no number of questions — shares of the appeals
    source = REPORTS / "terengulsky-raion" / "2023-08.yaml"
    result = run("check", source)
    assert result.exit_code == 0 and "questions_total" not in result.stderr
    note = _texts(run, tmp_path, source)["poyasnitelnaya-zapiska"]
    assert "0005 | Жилищно-коммунальная сфера | 16 | 45,7 %" in note
    assert " | Всего обращений | 35 | " in note
    assert "По вопросам жилищно-коммунальной сферы — 16 обращений (45,7 % от всех обращений)." in note
