"""The web form, generated from the model: which inputs, in which order, with which Russian
labels, and how the strings a browser sends become the data of an input file.

The form knows nothing the model does not say: titles are the labels, nested models are
sections, lists of models are repeatable rows. Validation is not done here but by
generator.load, exactly as for `zapiska check`.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.core.errors import ZapiskaError
from generator.core.fields import Spec, in_file_order, visible
from generator.store.load import in_region_words

URL_FIELDS = {"period"}  # the period comes from the page's address, not from an input
_INTEGER = re.compile(r"[+-]?\d{1,18}")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,5}")  # «1 295», «11 600» (NBSP too)


# The form's controls, in the order of the input file.
FIELDS = tuple(spec for spec in in_file_order(visible()) if spec.key not in URL_FIELDS)


# Fields a clerk rarely changes, folded under one line each: the municipality's name and its
# forms, the law and the act at the top; the signature and the executor at the end, as in the note.
FOLDED = {
    "municipality": "Муниципальное образование: название, его формы, закон и акт",
    "signature": "Подпись и исполнитель",
    "executor": "Подпись и исполнитель",
}


@dataclass(frozen=True)
class Card:
    """A box of the form: fields shown, or folded under `folded` (a title) when rarely changed."""

    specs: tuple[Spec, ...]
    folded: str | None = None


def cards(specs: tuple[Spec, ...] = FIELDS) -> list[Card]:
    """The top-level fields as the page shows them: a section or a list alone, neighbouring
    single figures (onf, pos) together, rarely changed fields folded in groups."""
    groups: list[tuple[list[Spec], str | None]] = []
    for spec in specs:
        folded = FOLDED.get(spec.key)
        last = groups[-1] if groups else None
        if last is not None and ((folded and last[1] == folded) or
                                 (not folded and not last[1] and spec.scalar and last[0][-1].scalar)):
            last[0].append(spec)
        else:
            groups.append(([spec], folded))
    return [Card(tuple(group), folded) for group, folded in groups]


def label(spec: Spec, data: Any) -> str:
    """The field's label in the words of the file's region: «… из Правительства Тверской области»
    where the model, knowing no region, says «… из высшего органа власти субъекта …»."""
    return in_region_words(spec.label, data)


# --- the browser's strings into data -----------------------------------------

def _typed(spec: Spec, raw: str | None) -> Any:
    """A count that looks like a number becomes an int; anything else stays as typed, so that
    the loader says what is wrong with it ("12,5", "много") in the words of `zapiska check`."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if spec.kind == "count" and (_INTEGER.fullmatch(text) or _GROUPED.fullmatch(text)):
        return int("".join(text.split()))
    if spec.kind == "date":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    return " ".join(text.split()) if spec.multiline else text


MAX_ROWS = 1000  # rows of one list: far above any report, and the page stays quick to parse
_INDEX = re.compile(r"\d{1,6}", re.ASCII)


def _tree(form: Mapping[str, str]) -> dict[str, Any]:
    """{"topics.0.count": "35"} as {"topics": {"0": {"count": "35"}}}: one pass over the fields,
    however many there are."""
    tree: dict[str, Any] = {}
    for key, value in form.items():
        *parents, last = key.split(".", 8)
        node: Any = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node.setdefault(last, value)
    return tree


def _rows(node: Any, spec: Spec) -> list[Any]:
    """The items of a list by their numbers in the field names, in order."""
    if not isinstance(node, dict):
        return []
    indexes = sorted(int(key) for key in node if _INDEX.fullmatch(key))
    if len(indexes) > MAX_ROWS:
        raise ZapiskaError(f"в списке «{spec.label}» больше {MAX_ROWS} строк: форма столько не принимает")
    return [node[str(i)] for i in indexes]


def parse(form: Mapping[str, str], specs: tuple[Spec, ...] = FIELDS) -> dict[str, Any]:
    """The form's fields (names like "topics.0.subtopics.1.count") as the nested data of an
    input file. Blank inputs, rows and sections are left out; names the model does not know
    are ignored."""
    return _parsed(_tree(form), specs)


def _parsed(tree: dict[str, Any], specs: tuple[Spec, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for spec in specs:
        node = tree.get(spec.key)
        if spec.kind in ("section", "rows"):
            parts = [node] if spec.kind == "section" else _rows(node, spec)
            items = [_parsed(part if isinstance(part, dict) else {}, spec.children) for part in parts]
            value: Any = items[0] if spec.kind == "section" else [item for item in items if item]
        elif spec.kind == "lines":
            value = [line for raw in _rows(node, spec) if (line := _typed(spec, raw if isinstance(raw, str) else None))]
        else:
            value = _typed(spec, node if isinstance(node, str) else None)
        if value not in (None, {}, []):
            data[spec.key] = value
    return data


def skeleton(data: Any, specs: tuple[Spec, ...] = FIELDS) -> dict[str, Any]:
    """An earlier period's data without its figures: the sections, topics and remarks a new
    period starts from."""
    if not isinstance(data, dict):
        return {}
    result: dict[str, Any] = {}
    for spec in specs:
        value = data.get(spec.key)
        if spec.kind == "section":
            value = skeleton(value, spec.children)
        elif spec.kind == "rows":
            items = value if isinstance(value, list) else []
            value = [row for item in items if (row := skeleton(item, spec.children))]
        elif spec.kind == "lines":
            value = [line for line in value if isinstance(line, str)] if isinstance(value, list) else None
        elif spec.kind == "count" or not isinstance(value, (str, datetime.date)):
            value = None
        if value not in (None, {}, []):
            result[spec.key] = value
    return result


# --- data into what the inputs show ------------------------------------------

def shown(data: Any, spec: Spec) -> Any:
    """The value of `spec` in `data` (a file's, possibly broken) as its control shows it: a dict
    for a section, a list of dicts for rows, a list of strings for lines, a string otherwise."""
    value = data.get(spec.key) if isinstance(data, dict) else None
    if spec.kind == "section":
        return value if isinstance(value, dict) else {}
    if spec.kind == "rows":
        return [row if isinstance(row, dict) else {} for row in value] if isinstance(value, list) else []
    if spec.kind == "lines":
        return [_text(line) for line in value] if isinstance(value, list) else []
    return _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
