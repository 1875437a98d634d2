"""Parts of a whole: the checks follow the `whole=` declarations of the model, for a part, a part
of a part and the items of a list."""
from __future__ import annotations

import copy

import pytest

from generator.core.fields import field_at, inconsistencies, visible, whole_at


def _declared(specs=visible(), path=""):
    for spec in specs:
        here = f"{path}{spec.key}{'[]' if spec.kind == 'rows' else ''}"
        if spec.whole:
            yield here, spec.whole
        yield from _declared(spec.children, here + ".")


@pytest.mark.parametrize("part, whole", list(_declared()))
def test_every_whole_is_a_count_around_its_part(part, whole):
    for choice in whole.split("|"):  # "written.total|appeals.total": the first the file gives
        spec = field_at(choice)
        assert spec is not None and spec.kind == "count", f"{part}: whole={choice} — не число"
        if "[]" in choice:  # a whole inside a list item is the part's own enclosing item
            assert part.startswith(choice.rsplit("[]", 1)[0] + "[]")


def test_whole_of_a_subtopic_is_its_own_topic():
    assert whole_at("topics[].count", ("topics", 2, "subtopics", 0, "count")) == ("topics", 2, "count")


def _messages(data):
    return {loc: message for loc, message in inconsistencies(data)}


BASE = {"written": {"total": 100}, "outcomes": {"supported": 40, "measures_taken": 30, "explained": 50},
        "receptions": {"management": 20, "head": 10},
        "questions_total": 100,
        "topics": [{"name": "Экономика", "count": 60, "subtopics": [{"name": "налоги", "count": 30},
                                                                     {"name": "торговля", "count": 30}]},
                   {"name": "Социальная сфера", "count": 40}]}


def test_consistent_figures_pass():
    assert _messages(BASE) == {}


@pytest.mark.parametrize("edit, loc, message", [
    (lambda d: d["outcomes"].update(explained=101), ("outcomes", "explained"),
     "«Разъяснено» (101) больше, чем «Письменных обращений поступило всего» (100): часть не может быть больше целого"),
    (lambda d: d["outcomes"].update(measures_taken=41), ("outcomes", "measures_taken"),
     "«Из них «меры приняты»» (41) больше, чем «Поддержано» — рассмотрено положительно (40): "
     "часть не может быть больше целого"),
    (lambda d: d["receptions"].update(head=21), ("receptions", "head"),
     "«Из них принято главой муниципального образования» (21) больше, чем «Принято граждан на личных приемах "
     "руководством администрации» (20): "
     "часть не может быть больше целого"),
    (lambda d: d["topics"][1].update(count=41), ("topics",),
     "сумма «Тематика вопросов по разделам классификатора» (101) больше, чем «Вопросов в обращениях всего "
     "(для долей тематик)» (100): часть не может быть больше целого"),
    (lambda d: d["topics"][0]["subtopics"][1].update(count=31), ("topics", 0, "subtopics"),
     "сумма «Самые частые вопросы раздела» (61) больше, чем «Количество вопросов по разделу» для «Экономика» (60): "
     "часть не может быть больше целого"),
])
def test_a_part_larger_than_its_whole_is_named(edit, loc, message):
    data = copy.deepcopy(BASE)
    edit(data)
    assert _messages(data) == {loc: message}


def test_broken_values_are_left_to_their_own_errors():
    assert _messages({"written": {"total": "много"}, "outcomes": {"supported": 5, "measures_taken": -1},
                      "topics": "не список"}) == {}
