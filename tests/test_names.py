"""Names of municipalities, settlements and regions in the genitive, dative and prepositional,
each written out by hand in tests/fixtures/names.yaml with the rule they follow (Rosenthal § 197,
in the file's header): hyphenated cities, хутора, аулы, станицы, double region names, quotes."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.wording.grammar import inflect

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
