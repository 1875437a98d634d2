"""Every sentence right for every figure: the two examples with every count set to one number
(0, 1, 2, 5, 11, 21, …, 1 000 000), built with their bundled templates and read back.

Documents are built in-process (load → fill) to keep the matrix fast; each file is also a
proof that a file `check` accepts builds."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import DATA, DROP, NB, docx_text, with_figures
from generator.note.build import fill
from generator.store.load import load
from generator.store.resources import TEMPLATES_DIR
from generator.wording.grammar import inflect

NUMBERS = (0, 1, 2, 5, 11, 21, 22, 101, 111, 1001, 2021, 10000, 1000000)
ZERO_PERCENT = re.compile(r"(?<![\d,])[+−-]?0,0\b")  # «менее 0,1 %» or no percentage instead

# noun → (after 1, after 2–4, after 5+): written out here, not asked of the code under test.
FORMS = {
    "обращение": ("обращение", "обращения", "обращений"),
    "письменное обращение": ("письменное обращение", "письменных обращения", "письменных обращений"),
    "человек": ("человек", "человека", "человек"),
    "звонок": ("звонок", "звонка", "звонков"),
    "сообщение": ("сообщение", "сообщения", "сообщений"),
    "процент": ("процент", "процента", "процентов"),
}
# The predicate after a count ending in 1 agrees with a masculine noun; otherwise it is neuter.
MASCULINE = {"принято": "принят", "привлечено": "привлечен", "контролировалось": "контролировался"}


def shown(n: int) -> str:
    return f"{n:,}".replace(",", NB) if n >= 10000 else str(n)


def counted(n: int, noun: str, verb: str = "") -> str:
    """"принят 21 человек", "поступило 22 обращения" — the reference the documents must match."""
    last, last_two = n % 10, n % 100
    one = last == 1 and last_two != 11
    form = FORMS[noun][0 if one else 1 if last in (2, 3, 4) and not 12 <= last_two <= 14 else 2]
    if verb and one and noun in ("человек", "звонок", "процент"):
        verb = MASCULINE[verb]
    return f"{verb} {shown(n)} {form}".strip()


def _set_counts(data, n: int):
    """Every count in the file's data becomes n (a percentage at most 100)."""
    if isinstance(data, dict):
        return {key: (min(n, 100) if key == "control_percent" else n) if isinstance(value, int)
                else _set_counts(value, n) for key, value in data.items()}
    if isinstance(data, list):
        return [_set_counts(item, n) for item in data]
    return data


def example_with(tmp_path: Path, folder: str, n: int) -> Path:
    """A copy of the example's folder (last year's file as it is) whose 2021-H1 counts are all n;
    the parts stay within their wholes: questions_total is the sum of the topics, one subtopic."""
    target = Path(shutil.copytree(DATA / folder, tmp_path / folder))
    path = target / "2021-H1.yaml"
    data = _set_counts(yaml.safe_load(path.read_text("utf-8")), n)
    data["questions_total"] = n * len(data["topics"])
    for topic in data["topics"]:
        topic["subtopics"] = topic.get("subtopics", [])[:1]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def filled(path: Path, template: str) -> str:
    """The document's text, filled in-process (no CLI, no files)."""
    out = io.BytesIO()
    fill(load(path), TEMPLATES_DIR / f"{template}.docx").save(out)
    return docx_text(out)


def lines_with(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


@pytest.mark.parametrize("n", NUMBERS)
def test_note_for_every_number(tmp_path, n):
    text = filled(example_with(tmp_path, "kavkazsky-raion", n), "poyasnitelnaya-zapiska")
    period = f"в 1{NB}полугодии 2021 года"
    if n == 0:
        expected = [
            f"В администрацию муниципального образования Кавказский район {period} письменных обращений не "
            f"поступало (в 1{NB}полугодии 2020 года — 467 обращений).",
            f"В 1{NB}полугодии 2021 года звонков на телефон «горячей линии» не поступало "
            f"(в 1{NB}полугодии 2020 года — 462 звонка).",
            f"В 1{NB}полугодии 2021 года нарушений законных интересов граждан и сроков рассмотрения обращений "
            "не допущено.",
        ]
        # Every other sentence about a figure is left out rather than say "0".
        for absent in ("Из них", "контролировал", "положительно", "Основное количество", "На личных приемах",
                       "многоканальный", "Сотрудниками отдела", "видеосвязи", "ОНФ", "ПОС"):
            assert absent not in text
    else:
        expected = [
            f"В администрацию муниципального образования Кавказский район {period} "
            f"{counted(n, 'письменное обращение', 'поступило')}, что ",
            f"Из них {counted(n, 'обращение')} (100,0{NB}% от общего числа) получено из администрации "
            "Краснодарского края, что ",
            f"С целью повышения качества рассмотрения обращений {counted(min(n, 100), 'процент', 'контролировалось')} "
            "поручений. Промежуточная информация находилась",
            f"В 1{NB}полугодии 2021 года положительно {counted(n, 'обращение', 'рассмотрено')} "
            f"(100,0{NB}% от поступивших), что ",
            f"Основное количество вопросов жилищно-коммунального хозяйства, {shown(n)} (20,0{NB}% от всех вопросов), "
            "связано "
            f"с комплексным благоустройством ({counted(n, 'обращение')}).",
            "На личных приемах руководством администрации муниципального образования Кавказский район "
            f"{counted(n, 'человек', 'принято')}, что ",
            f"; главой муниципального образования {counted(n, 'человек', 'принято')}, что ",
            f"На многоканальный круглосуточный телефон администрации Краснодарского края за отчетный период "
            f"{counted(n, 'обращение', 'поступило')}, что ",
            f"Сотрудниками отдела по работе с обращениями граждан {period} {counted(n, 'человек', 'принято')}.",
            f"В 1{NB}полугодии 2021 года по телефону «горячей линии» {counted(n, 'звонок', 'принято')}, что ",
            f"За 1{NB}полугодие 2021 года в режиме видеосвязи с применением АРМ органов исполнительной власти "
            f"Краснодарского края {counted(n, 'человек', 'принято')}.",
            f"(к дисциплинарной ответственности {counted(n, 'человек', 'привлечено')}).",
            f"Через Платформу обратной связи (ПОС) {counted(n, 'обращение', 'поступило')}; "
            + ("оно отработано, заявителю" if n == 1 else "они отработаны, заявителям"),
            "Обращение, поступившее через систему ОНФ «Помощь», рассмотрено своевременно" if n == 1 else
            f"Обращения, поступившие через систему ОНФ «Помощь» ({counted(n, 'обращение')}), рассмотрены "
            "своевременно",
            ("К виновному" if n == 1 else "К виновным") + " в нарушении прав граждан приняты меры",
            f"0005 | Жилищно-коммунальная сфера | 262 | {shown(n)} | ",  # four digits as in the text
        ]
    for sentence in expected:
        assert sentence in text, sentence
    assert not ZERO_PERCENT.search(text)


@pytest.mark.parametrize("n", NUMBERS)
def test_analytic_summary_for_every_number(tmp_path, n):
    text = filled(example_with(tmp_path, "goryachiy-klyuch", n), "analiticheskie-svedeniya")
    period = f"в 1{NB}полугодии 2021 года"
    if n == 0:
        expected = [
            f"В администрацию муниципального образования город Горячий Ключ {period} письменных обращений не "
            "поступало.",
            f"В 1{NB}полугодии 2021 года сообщений на телефон «горячей линии» не поступало "
            f"(в 1{NB}полугодии 2020 года — 82 сообщения).",
            "Администрация города представлена официальными аккаунтами во всех социальных сетях. ",
        ]
        for absent in ("должностными лицами", "Виртуальная приемная", "Анализ тематики", "подписчиков в"):
            assert absent not in text
    else:
        subscribers = {10000: f"10{NB}тыс.", 1000000: f"1{NB}млн"}.get(n, str(n))
        expected = [
            f"В администрацию муниципального образования город Горячий Ключ {period} "
            f"{counted(n, 'письменное обращение', 'поступило')}.",
            f"В 1{NB}полугодии 2021 года по телефону «горячей линии» {counted(n, 'сообщение', 'принято')}, что ",
            f"должностными лицами администрации муниципального образования {counted(n, 'человек', 'принято')}, "
            f"в том числе главой муниципального образования {counted(n, 'человек', 'принято')}.",
            f"работает «Виртуальная приемная», куда {period} {counted(n, 'обращение', 'поступило')}.",
            # every section has n questions: all five share the first place and all are named
            "в основном волновали вопросы государства, общества, политики; социальной сферы; экономики; обороны, "
            "безопасности, законности и жилищно-коммунального хозяйства. Удельный вес вопросов каждого из этих "
            f"разделов в общем количестве поступивших вопросов составил 20,0{NB}%.",
            f"(количество подписчиков в официальном аккаунте Instagram — {subscribers}).",
        ]
    for sentence in expected:
        assert sentence in text, sentence
    assert not ZERO_PERCENT.search(text)


def test_more_than_doubled_reads_in_times(tmp_path):
    text = filled(example_with(tmp_path, "kavkazsky-raion", 1001), "poyasnitelnaya-zapiska")
    # 1001 against 467: the difference in numbers stays beside the ratio.
    assert ("поступила 1001 письменное обращение" not in text
            and "поступило 1001 письменное обращение, что в 2,1 раза больше (на 534 обращения), чем за "
                "аналогичный период прошлого года." in text)
    assert "0005 | Жилищно-коммунальная сфера | 262 | 1001 | +739 (в 3,8 раза)" in text


def test_a_half_filled_file_is_named_by_check_and_build(run, example, tmp_path):
    text = example.read_text("utf-8")
    example.write_text(text[:text.index("multichannel_phone:")], "utf-8")  # cut off in the middle
    warning = (f"{example}:1:1: предупреждение: нет разделов, которые есть в 2020-H1.yaml: multichannel_phone (")
    for command in (("check", example), ("build", example, "-o", tmp_path / "z.docx")):
        result = run(*command)
        assert result.exit_code == 0
        assert result.stderr.startswith(warning)
        assert ", hotline (Телефон «горячей линии»), violations (Нарушения и дисциплинарные меры), onf (" \
            in result.stderr
        assert " — файл не дописан? Без них эти абзацы в документ не попадут\n" in result.stderr
    # the signature was after the cut: check says the note would go out unsigned
    assert result.stderr.endswith(" — файл не дописан? Без них эти абзацы в документ не попадут\n")
    assert run("check", example).stderr.endswith(
        f"{example}:1:1: предупреждение: нет подписи (блок signature: — должность и фамилия): документ выйдет "
        "неподписанным\n")


@pytest.mark.parametrize("name, kind, genitive, head", [
    ("Каневской район", "район", "Каневского района", "района"),
    ("город Армавир", "город", "города Армавира", "города"),
    ("город Горячий Ключ", "город", "города Горячий Ключ", "города"),
    ("Пограничный муниципальный округ", "муниципальный округ", "Пограничного муниципального округа",
     "муниципального округа"),
])
def test_the_name_is_inflected_and_the_kind_drives_the_wording(example, name, kind, genitive, head):
    with_figures(example, {"municipality.name": name, "municipality.kind": kind, "social_networks.subscribers": 25,
                           "remarks": DROP})
    note = filled(example, "poyasnitelnaya-zapiska")
    # Кавказский район's own paragraphs (ТОС, квартальные, help to settlements) are its data, not the template's.
    assert "Работа с обращениями граждан является важнейшим элементом комплексной работы органов местного " \
           "самоуправления, направленной на формирование условий для реализации принципа открытости власти.\n" in note
    for absent in ("ТОС", "квартальных", "поселенческого уровней", "Кавказского"):
        assert absent not in note, absent
    assert inflect(name, "gent") == genitive
    summary = filled(example, "analiticheskie-svedeniya")
    assert f"Администрация {head} представлена официальными аккаунтами во всех социальных сетях (количество " \
           "подписчиков в официальном аккаунте — 25)." in summary
    assert f"Активно работают официальные аккаунты администрации {head}, " in summary


def test_without_a_kind_the_wording_is_neutral(example):
    with_figures(example, {"municipality.kind": DROP, "social_networks.subscribers": 25})
    assert "Администрация муниципального образования представлена официальными аккаунтами" in \
        filled(example, "analiticheskie-svedeniya")


@pytest.mark.parametrize("folder", ["kavkazsky-raion", "goryachiy-klyuch"])
@pytest.mark.parametrize("n", [0, 1])
def test_a_file_that_checks_builds_with_every_bundled_report_template(run, tmp_path, folder, n):
    path = example_with(tmp_path, folder, n)
    assert run("check", path).exit_code == 0
    name = load(path).report.municipality.name
    for template in sorted(TEMPLATES_DIR.glob("*.docx")):
        if template.stem != "svodka":  # the region's summary is built from all municipalities at once
            assert f" муниципальном образовании {name}" in filled(path, template.stem), template.stem
