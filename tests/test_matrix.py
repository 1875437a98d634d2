"""Every count of every figure over the numbers of issue 21, as this year's value, as last year's
and just below its whole, in every bundled template and the region's summary: the documents are
read back and checked by rules written here, not asked of the code under test — noun forms and
verb agreement after a count, no «0 …» said as a count, no «0,0 %», and no «100,0 %» for a part
that is not its whole. The full matrix is slow; a few numbers run in the fast suite."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import DATA, docx_text
from generator.core.period import Period
from generator.note.build import fill
from generator.region.collect import collect
from generator.region.context import context
from generator.region.write import fill as fill_summary
from generator.store.load import load
from generator.store.resources import TEMPLATES_DIR

NUMBERS = (0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 99, 101, 111, 112, 121, 1000, 1001, 1999, 2000, 10000,
           1000001)
FAST = (0, 1999)  # the rest of the numbers: tests/test_wording.py in the fast suite, here when slow
FOLDERS = ("kavkazsky-raion", "goryachiy-klyuch")
TEMPLATES = ("poyasnitelnaya-zapiska", "analiticheskie-svedeniya", "tablica")

# noun stem → (after 1, after 2–4, after 5+ and 11–14, gender): written out here.
NOUNS = {
    "обращени": ("обращение", "обращения", "обращений", "neut"),
    "человек": ("человек", "человека", "человек", "masc"),
    "звон": ("звонок", "звонка", "звонков", "masc"),
    "сообщени": ("сообщение", "сообщения", "сообщений", "neut"),
    "вопрос": ("вопрос", "вопроса", "вопросов", "masc"),
}
VERBS = r"(?:поступил[оа]?|принят[оа]?|получен[оа]?|рассмотрен[оа]?)"
# «поступило 295 письменных обращений»: a verb, the count, an optional adjective, the noun.
COUNTED = re.compile(VERBS.join(["(", r") (\d[\d\u00a0]*) (?:([а-яё]+(?:ое|ых|ой|ый|ий)) )?("])
                     + "|".join(f"{stem}[а-яё]*" for stem in NOUNS) + r")\b")
# «Из них 74 обращения (18,7 % от общего числа) получено из …»: the count before its verb.
COUNTED_FIRST = re.compile(r"(?<![\d\u00a0,])(\d[\d\u00a0]*) (" + "|".join(f"{stem}[а-яё]*" for stem in NOUNS)
                           + r")(?: \([^)]*\))? получено\b")
# Four digits are never grouped, in text, tables and charts alike (class 11): «4956», never «4 956».
FOUR_GROUPED = re.compile(r"(?<![\d\u00a0])\d\u00a0\d{3}(?![\d\u00a0])")
# A share in running text says of what («от общего числа», «от всех вопросов»), or is a change
# («(20,0 %) больше, чем …»); a ranking's followers and a list's later items lean on the first.
SHARE = re.compile(r"\((?:более |менее )?[\d,]+\u00a0%([^)]*)\)( больше| меньше)?")
ZERO_COUNT = re.compile(r"(?<![\d,.\-−+\u00a0])0 [а-яё(]|— 0(?![\d,])")
ZERO_PERCENT = re.compile(r"(?<![\d,])[+−-]?0,0\b")
ALL = re.compile(r"(?<![\d,])100,0\u00a0%")


def _form(n: int) -> int:
    last, last_two = n % 10, n % 100
    return 0 if last == 1 and last_two != 11 else 1 if last in (2, 3, 4) and not 12 <= last_two <= 14 else 2


def agreement_errors(text: str) -> list[str]:
    """Every «verb N [adjective] noun» whose noun, adjective or verb does not agree with N."""
    errors = []
    for verb, digits, adjective, noun in COUNTED.findall(text):
        n = int(digits.replace("\u00a0", ""))
        forms = next(forms for stem, forms in NOUNS.items() if noun.startswith(stem))
        form = _form(n)
        wrong = noun != forms[form]
        if adjective:  # «письменное обращение», «письменных обращения», «письменных обращений»
            wrong |= not adjective.endswith("ое" if form == 0 else "ых")
        # After a final 1 the predicate agrees with the noun; otherwise it is neuter.
        neuter = verb.endswith("о")
        wrong |= neuter != (form != 0 or forms[3] == "neut")
        if wrong:
            errors.append(f"{verb} {digits} {adjective} {noun}".replace("  ", " "))
    for digits, noun in COUNTED_FIRST.findall(text):
        forms = next(forms for stem, forms in NOUNS.items() if noun.startswith(stem))
        if noun != forms[_form(int(digits.replace("\u00a0", "")))]:
            errors.append(f"{digits} {noun} получено")
    return errors


def bare_shares(text: str) -> list[str]:
    """Every line of running text with a share that does not say of what."""
    found = []
    for line in text.splitlines():
        head = line.split("Далее следу")[0].split("), «")[0]
        if any(not change and not said.startswith(" от ") for said, change in SHARE.findall(head)):
            found.append(line)
    return found


def _set(data, n: int):
    if isinstance(data, dict):
        return {key: (min(n, 100) if key == "control_percent" else n) if isinstance(value, int)
                and not isinstance(value, bool) else _set(value, n) for key, value in data.items()}
    if isinstance(data, list):
        return [_set(item, n) for item in data]
    return data


def _counts(data: dict, n: int, near: bool) -> dict:
    """Every count n; near: every whole one more, so that each part is just below its whole."""
    data = _set(data, n)
    whole = n + 1 if near else n
    for topic in data.get("topics", []):
        topic["subtopics"] = topic.get("subtopics", [])[:1]
        topic["count"] = whole
    if data.get("topics"):
        data["questions_total"] = whole * len(data["topics"]) + (1 if near else 0)
    data["written"]["total"] = whole
    if "receptions" in data and "management" in data["receptions"]:
        data["receptions"]["management"] = whole
    return data


def folder_with(tmp_path: Path, folder: str, n: int, mode: str) -> Path:
    """A copy of the example's folder: this year's counts n («this», «near») or last year's («last»)."""
    target = Path(shutil.copytree(DATA / folder, tmp_path / "data" / folder))
    name = "2020-H1.yaml" if mode == "last" else "2021-H1.yaml"
    path = target / name
    data = _counts(yaml.safe_load(path.read_text("utf-8")), n, mode == "near")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target / "2021-H1.yaml"


def texts(tmp_path: Path, n: int, mode: str) -> dict[str, str]:
    """Every bundled template filled for both examples, and the region's summary of the two."""
    result = {}
    for folder in FOLDERS:
        path = folder_with(tmp_path, folder, n, mode)
        loaded = load(path)
        for template in TEMPLATES:
            out = io.BytesIO()
            fill(loaded, TEMPLATES_DIR / f"{template}.docx").save(out)
            result[f"{folder}/{template}"] = docx_text(out)
    out = io.BytesIO()
    fill_summary(context(collect(tmp_path / "data", Period(2021, "H1")))).save(out)
    result["svodka"] = docx_text(out)
    return result


def sentences(text: str) -> str:
    """The running text: table rows (« | ») left out, where a 0 is a cell."""
    return "\n".join(line for line in text.splitlines() if " | " not in line)


@pytest.mark.parametrize("mode", ["this", "last", "near"])
@pytest.mark.parametrize("n", [n if n in FAST else pytest.param(n, marks=pytest.mark.slow) for n in NUMBERS])
def test_every_count_in_every_document(tmp_path, n, mode):
    if mode == "near" and n == 0:
        pytest.skip("a whole of 1 with parts of 0 is the «this» case of 0")
    for name, text in texts(tmp_path, n, mode).items():
        running = sentences(text)
        assert agreement_errors(running) == [], name
        assert not ZERO_COUNT.search(running), (name, ZERO_COUNT.search(running))
        assert not ZERO_PERCENT.search(text), (name, ZERO_PERCENT.search(text))
        assert not FOUR_GROUPED.search(text), (name, FOUR_GROUPED.search(text))
        assert bare_shares(running) == [], name
        if mode == "near":  # every part is one below its whole: none of them is all
            assert not ALL.search(text), (name, text[max(0, ALL.search(text).start() - 120):][:200])


def test_the_rules_catch_what_they_are_for():
    assert agreement_errors("поступило 21 обращений, принято 21 человек, принято 2 звонков") == [
        "поступило 21 обращений", "принято 21 человек", "принято 2 звонков"]
    assert agreement_errors("поступила 1001 письменных обращение") == ["поступила 1001 письменных обращение"]
    assert agreement_errors("поступило 1001 письменное обращение, принят 1 человек, принято 12 человек") == []
    assert agreement_errors("Из них 21 обращений (1,0\u00a0% от общего числа) получено из администрации") == [
        "21 обращений получено"]
    assert agreement_errors("Из них 74 обращения (18,7\u00a0% от общего числа) получено из администрации") == []
    assert FOUR_GROUPED.search("Итого | 1\u00a0067")
    assert not FOUR_GROUPED.search("1067 и 10\u00a0000, 1\u00a0000\u00a0001")
    assert bare_shares("Поступило 4 коллективных обращения (11,4\u00a0%).") != []
    assert bare_shares("на 3 обращения (27,3\u00a0%) больше; 4 (11,4\u00a0% от общего числа)") == []
    assert ZERO_COUNT.search("поступило 0 письменных обращений") and ZERO_COUNT.search("(в 2020 году — 0)")
    assert not ZERO_COUNT.search("0005 Жилищно-коммунальная сфера, 10 обращений, 2020 года")
