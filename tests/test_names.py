"""Names of municipalities, settlements and regions in the genitive, dative and prepositional,
each written out by hand in tests/fixtures/names.yaml with the rule they follow (Rosenthal § 197,
in the file's header): hyphenated cities, хутора, аулы, станицы, double region names, quotes."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.wording.grammar import inflect, preposition

NAMES = yaml.safe_load((Path(__file__).resolve().parent / "fixtures" / "names.yaml").read_text("utf-8"))
CASES = {"genitive": "gent", "dative": "datv", "prepositional": "loct"}


def test_the_list_covers_every_kind_of_name():
    kinds = {entry["kind"] for entry in NAMES}
    assert {"район", "муниципальный округ", "городской округ", "город (дефис)", "хутор", "аул", "станица", "село",
            "субъект (двойное название)", "кавычки"} <= kinds
    assert len(NAMES) == 64


@pytest.mark.parametrize("entry", [e for e in NAMES if not e.get("exception")], ids=lambda e: e["nominative"])
def test_a_name_in_every_case(entry):
    assert {key: inflect(entry["nominative"], case) for key, case in CASES.items()} == \
        {key: entry[key] for key in CASES}


@pytest.mark.parametrize("entry", [e for e in NAMES if e.get("exception")], ids=lambda e: e["nominative"])
def test_a_charter_exception_is_given_in_the_data_not_guessed(entry):
    # The rule leaves a name of several words as typed; a charter's own form («города Нижнего
    # Новгорода») is the municipality's `genitive` in its data file.
    head, _, name = entry["nominative"].partition(" ")
    assert inflect(entry["nominative"], "gent") == f"{inflect(head, 'gent')} {name}" != entry["genitive"]


@pytest.mark.parametrize("phrase, case, expected", [
    ("тарифы на электроэнергию и газ", "ablt", "тарифами на электроэнергию и газ"),  # «газ» depends on «на»
    ("уборка снега и наледи", "ablt", "уборкой снега и наледи"),
    ("тепло- и водоснабжение", "ablt", "тепло- и водоснабжением"),
    ("ремонт дорог и тротуаров", "gent", "ремонта дорог и тротуаров"),
    # two heads: each agrees
    ("перебои в водоснабжении и отключение электроэнергии", "ablt",
     "перебоями в водоснабжении и отключением электроэнергии"),
    ("ремонт дорог и строительство мостов", "gent", "ремонта дорог и строительства мостов"),
    ("труд и занятость населения", "gent", "труда и занятости населения"),
    ("вопросы ЖКХ и благоустройство", "gent", "вопросов ЖКХ и благоустройства"),
    ("социальная и материальная помощь", "ablt", "социальной и материальной помощью"),
    # a heading of sentences is an enumeration inside a sentence
    ("Здравоохранение. Физическая культура и спорт. Туризм.", "gent",
     "Здравоохранения, Физической культуры и спорта, Туризма"),
])
def test_an_enumeration_inflects_its_heads_not_their_dependents(phrase, case, expected):
    assert inflect(phrase, case) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("спилом деревьев", "с", "со спилом деревьев"), ("сносом", "с", "со сносом"), ("мной", "с", "со мной"),
    ("всеми", "с", "со всеми"), ("благоустройством", "с", "с благоустройством"), ("ЖКХ", "с", "с ЖКХ"),
    ("газификацией", "с", "с газификацией"), ("время", "в", "во время"), ("вопросах", "в", "в вопросах"),
    ("всем", "к", "ко всем"), ("гражданам", "к", "к гражданам"), ("сроку", "по", "по сроку"),
])
def test_a_preposition_takes_its_vowel_where_russian_does(text, word, expected):
    assert preposition(text, word) == expected


def test_the_note_says_so_spilom(tmp_path):
    from test_wording import filled

    from conftest import EXAMPLE, copy_of, with_figures

    source = with_figures(copy_of(EXAMPLE, tmp_path), {"topics.4.subtopics.0.name": "спил деревьев"})
    assert "связано со спилом деревьев (27 обращений), отловом безнадзорных животных" in \
        filled(source, "poyasnitelnaya-zapiska")


@pytest.mark.parametrize("phrase, expected", [
    ("«Мелекесский район»", "«Мелекесский район»"),  # never «Мелекесского района» in quotes
    ("газета «Новая жизнь»", "газеты «Новая жизнь»"),
    ("МО «Мелекесский район»", "МО «Мелекесский район»"),
])
def test_a_name_in_quotes_is_never_changed(phrase, expected):
    assert inflect(phrase, "gent") == expected
