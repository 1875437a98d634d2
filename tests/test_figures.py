"""The standard figures of appeals reporting (municipality kind and region, channels, ССТУ
outcomes, deadlines, receptions, settlements): the data contract and how a document prints them."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import DROP, GOLDEN, NB, ROOT, build, copy_of, docx_text, retype, with_figures, write_template
from generator.core.fields import Spec, fields
from generator.core.model import KINDS
from generator.web.app import create_app


def test_kind_outside_the_list_is_named_with_the_choices(run, example):
    line = retype(example, "kind: район", "kind: районн")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == (f"{example}:{line}:9: вид муниципального образования «районн» не из списка: "
                             f"{', '.join(KINDS)}\n")


def test_every_kind_is_accepted(run, example):
    for kind in KINDS:
        with_figures(example, {"municipality.kind": kind})
        assert run("check", example).stdout == "ok\n"


@pytest.mark.parametrize("region, body", [
    ({"region": "Тверская область"}, "Правительства Тверской области"),  # the body by the bundled table
    ({"region": "Тверская область", "region_body": "администрация Тверской области"}, "администрации Тверской области"),
    ({"region": "город Москва", "region_genitive": "города Москвы"}, "администрации города Москвы"),
    ({"region": DROP}, "администрации субъекта Российской Федерации"),
])
def test_the_region_comes_from_the_data(run, example, tmp_path, region, body):
    with_figures(example, {f"municipality.{key}": value for key, value in region.items()})
    text = build(run, example, tmp_path / "z.docx")
    assert f"Из них 140 обращений (47,5{NB}% от общего числа) получено из {body}, что" in text
    assert f"На многоканальный круглосуточный телефон {body} за отчетный период" in text
    assert "Краснодар" not in text


REGION = re.compile(r"Краснодар|Кубан|\bкра[яюе]\b")


def _titles(specs: tuple[Spec, ...]) -> list[str]:
    return [title for spec in specs for title in (spec.title, *_titles(spec.children))]


def test_no_region_is_written_into_the_titles_the_code_the_charts_or_the_bundled_templates():
    # A title may name a region only in its example, after the colon.
    assert [title for title in _titles(fields()) if REGION.search(title.split(": ")[0])] == []
    sources = [path for path in (ROOT / "generator").rglob("*") if path.suffix in (".py", ".html", ".js")]
    for path in [*sources, *(ROOT / "scripts").glob("*.py"), *(ROOT / "charts").glob("*.yaml")]:
        if path.name != "model.py":  # the titles, checked above
            assert not REGION.search(path.read_text("utf-8")), path
    for path in (ROOT / "templates").glob("*.docx"):
        with zipfile.ZipFile(path) as docx:
            assert not REGION.search(docx.read("word/document.xml").decode("utf-8")), path


FIXTURE = ROOT / "tests" / "fixtures" / "figures" / "rzhevsky-okrug" / "2024.yaml"
SINCE = "чем за аналогичный период прошлого года"
YEAR_SINCE = "чем за прошлый год"  # a year report has no "аналогичный период"


def test_the_note_prints_every_new_figure_with_its_comparison(run, tmp_path):
    lines = build(run, FIXTURE, tmp_path / "z.docx").splitlines()
    for expected in [
        f"Из них 40 обращений (13,3{NB}% от общего числа) получено из Правительства Тверской области.",
        "Из Администрации Президента Российской Федерации в 2024 году получено 21 обращение.",
        f"В форме электронного документа поступило 120 обращений (40,0{NB}% от общего числа), "
        f"что на 20 обращений (20,0{NB}%) больше, {YEAR_SINCE}.",
        f"Поступило 12 коллективных обращений (4,0{NB}% от общего числа), что на уровне прошлого года.",
        f"Поступило 1 повторное обращение (0,3{NB}% от общего числа), что на 1 обращение больше, {YEAR_SINCE}.",
        f"Наибольшее количество обращений поступило от жителей Есинского сельского поселения — 120 (40,0{NB}% "
        f"от общего числа), что на 20 обращений (20,0{NB}%) больше, {YEAR_SINCE}. Далее следуют: Хорошевское "
        "сельское поселение — "
        f"60 (20,0{NB}%), Чертолинское сельское поселение — 30 (10,0{NB}%).",
        "Меры приняты по 21 обращению.",
        f"По результатам рассмотрения: «разъяснено» — 150 (50,0{NB}% от общего числа; АППГ — 140), "
        f"«не поддержано» — 10 (3,3{NB}%), "
        f"«направлено по компетенции» — 8 (2,7{NB}%), «находится на рассмотрении» — 4 (1,3{NB}%).",
        f"Заместителями главы принят 21 человек, что на 9 человек (30,0{NB}%) меньше, {YEAR_SINCE}.",
        "Число граждан, принятых в Общероссийский день приема граждан 12 декабря, — 7.",
        f"Число выездных приемов в 2024 году — 4, что на 1 прием (33,3{NB}%) больше, {YEAR_SINCE}.",
        f"В установленный срок рассмотрено 290 обращений (96,7{NB}% от общего числа), что на 20 обращений "
        f"(7,4{NB}%) больше, "
        f"{YEAR_SINCE}.",
        f"Срок рассмотрения продлен по 5 обращениям, что на 1 обращение (25,0{NB}%) больше, {YEAR_SINCE}.",
        "Нарушений сроков рассмотрения обращений не допущено.",
    ]:
        assert expected in lines


def test_overdue_appeals_are_counted(run, tmp_path):
    source = with_figures(copy_of(FIXTURE, tmp_path), {"deadlines.overdue": 3})
    text = build(run, source, tmp_path / "z.docx")
    assert "С нарушением срока рассмотрено 3 обращения.\n" in text
    assert "Нарушений сроков" not in text


def _settlements_sentence(run, tmp_path, counts: tuple[int, int, int]) -> list[str]:
    source = with_figures(copy_of(FIXTURE, tmp_path), {f"settlements.{i}.count": n for i, n in enumerate(counts)})
    return [line for line in build(run, source, tmp_path / "z.docx").splitlines() if line.startswith("Наибольшее")]


def test_a_settlement_without_appeals_is_left_out_of_the_ranking(run, tmp_path):
    assert _settlements_sentence(run, tmp_path, (60, 120, 0)) == [
        f"Наибольшее количество обращений поступило от жителей Есинского сельского поселения — 120 (40,0{NB}% "
        f"от общего числа), что на 20 обращений (20,0{NB}%) больше, {YEAR_SINCE}. Далее следует Хорошевское "
        "сельское поселение — "
        f"60 (20,0{NB}%)."]  # one follower: a singular verb


def test_no_ranking_when_no_settlement_has_appeals(run, tmp_path):
    assert _settlements_sentence(run, tmp_path, (0, 0, 0)) == []


@pytest.mark.parametrize("template", ["", "analiticheskie-svedeniya", "tablica"])
def test_pogranichny_okrug_reads_like_its_golden_text(run, tmp_path, template):
    source = ROOT / "data" / "pogranichny-okrug" / "2024-H1.yaml"
    options = ["-t", ROOT / "templates" / f"{template}.docx"] if template else []
    result = run("build", source, "-o", tmp_path / "z.docx", *options)
    assert (result.exit_code, result.stderr) == (0, "")
    golden = GOLDEN / "-".join(filter(None, ["pogranichny-okrug-2024-H1", template]))
    assert docx_text(tmp_path / "z.docx") == golden.with_suffix(".txt").read_text("utf-8")


@pytest.mark.parametrize("folder, period, body", [
    ("pogranichny-okrug", "2024-H1", "Правительства Приморского края"),
    ("kavkazsky-raion", "2021-H1", "администрации Краснодарского края"),
    ("new-okrug", "2024-H1", "высшего органа власти субъекта Российской Федерации"),  # no file yet
])
def test_the_form_names_the_region_of_its_file(data_dir, folder, period, body):
    (data_dir / folder).mkdir(exist_ok=True)
    client = create_app(data_dir).test_client()
    page = client.get(f"/{folder}/{period}").get_data(as_text=True)
    assert f'<span class="label">Из них получено из {body}</span>' in page
    assert f'<span class="label">Поступило на многоканальный круглосуточный телефон {body}</span>' in page


NEXT_FIGURE = '    online: Count | None = count("Из них через портал Госуслуг", whole="written.total", summary=True)\n'
NEXT_SENTENCE = ["{%p if written.online %}",
                 "Через портал Госуслуг поступило {{ written.online | agree('обращение') }}"
                 "{{ written.online | compared }}.",
                 "{%p endif %}"]


@pytest.mark.slow
def test_the_next_figure_is_one_line_in_the_model_and_a_sentence_in_a_template(tmp_path):
    """A copy of the tool with one line added to the model: the blank file, the schema, the
    template variables (and so docs/variables.md), the checks, the web form and the batch summary
    table know the figure; a template with one more sentence prints it."""
    for folder in ("generator", "templates", "charts"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "generator" / "core" / "model.py"
    source = model.read_text("utf-8")
    anchor = source.index("    repeat: Count | None")
    model.write_text(source[:anchor] + NEXT_FIGURE + source[anchor:], "utf-8")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    data = tmp_path / "data" / "pogranichny-okrug"
    for period, online in (("2024-H1", 400), ("2023-H1", 300)):
        with_figures(data / f"{period}.yaml", {"written.online": online})
    write_template(tmp_path / "t.docx", NEXT_SENTENCE)

    def python(*args: object) -> subprocess.CompletedProcess:
        """Python with the copy of the tool, not the installed one."""
        return subprocess.run([sys.executable, *map(str, args)], cwd=tmp_path, text=True, capture_output=True,
                              env={**os.environ, "PYTHONPATH": str(tmp_path)})

    def zapiska(*args: object) -> str:
        done = python("-m", "generator", *args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    title = "Из них через портал Госуслуг"
    zapiska("init", "new-okrug", "2024-H1", "--data", tmp_path / "blank")
    blank = (tmp_path / "blank" / "new-okrug" / "2024-H1.yaml").read_text("utf-8")
    assert re.search(f"\n  online: +# {title}\n", blank)
    assert f'"title": "{title}"' in zapiska("schema")
    assert f"written.online — {title} (пример: 400)" in zapiska("template", "vars")
    zapiska("build", data / "2024-H1.yaml", "-t", tmp_path / "t.docx", "-o", tmp_path / "z.docx")
    assert docx_text(tmp_path / "z.docx") == (f"Через портал Госуслуг поступило 400 обращений, что на 100 обращений "
                                              f"(33,3{NB}%) больше, {SINCE}.\n")
    zapiska("batch", tmp_path / "data", "--period", "2024-H1", "-o", tmp_path / "out")
    header = (tmp_path / "out" / "svodka-2024-H1.csv").read_text("utf-8-sig").splitlines()[0]
    assert f"{title} — 1{NB}полугодие 2024{NB}г." in header.split(";")
    assert f'<span class="label">{title}</span>' in python("-c", FORM_PAGE, tmp_path / "data").stdout
    with_figures(data / "2024-H1.yaml", {"written.online": 999})
    done = python("-m", "generator", "check", data / "2024-H1.yaml")
    assert done.returncode == 1
    message = "«Из них через портал Госуслуг» (999) больше, чем «Письменных обращений поступило всего» (964)"
    assert message in done.stderr


FORM_PAGE = """import sys
from pathlib import Path
from generator.web.app import create_app
print(create_app(Path(sys.argv[1])).test_client().get("/pogranichny-okrug/2024-H1").get_data(as_text=True))
"""
