"""Counted figures merged into a period's file (round trip: comments, order and every other field
stay), with the list of what changes: existing list items keep their place and own fields, new
ones are added, items the register no longer has are removed.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.core.fields import Spec, field_at, in_file_order, visible
from generator.core.period import Period
from generator.store.folder import DataFolder
from generator.store.roundtrip import RoundTrip, put
from generator.store.scaffold import COMMENT_COLUMN, blank

QUESTIONS = {"questions_total", "count"}  # figures that count questions (a topic's count); the rest, appeals
NOT_FIGURES = ("municipality", "signature", "executor", "template")  # what a new file takes from an earlier one

Item = tuple[str, str]  # a list element in a change's location: its code (or name) and its name


@dataclass
class Change:
    loc: tuple[str | Item, ...]  # ("written", "total"), ("topics", ("0005", "ЖКХ"), "count")
    old: Any
    new: Any

    @property
    def field(self) -> str:
        """As the file has it: «written.total», «topics[0005].subtopics[газификация].count»."""
        return "".join(f"[{part[0]}]" if isinstance(part, tuple) else f".{part}" for part in self.loc).lstrip(".")

    @property
    def title(self) -> str:
        """In the department's words: «Письменные обращения › из них в форме электронного документа»,
        «Тематика вопросов по разделам классификатора › «Жилищно-коммунальная сфера» › «газификация»»."""
        return " › ".join(self.pieces)

    @property
    def pieces(self) -> list[str]:
        pieces: list[str] = []
        path = ""
        for i, part in enumerate(self.loc):
            if isinstance(part, tuple):
                pieces.append(f"«{part[1]}»")
                continue
            item_next = i + 1 < len(self.loc) and isinstance(self.loc[i + 1], tuple)
            path += f"{'.' if path else ''}{part}{'[]' if item_next else ''}"
            if pieces and (item_next or isinstance(self.loc[i - 1], tuple) and part == "count"):
                continue  # an element's count is the element; a list inside an element is its name's
            spec = field_at(path)
            label = (spec.label if spec is not None else part).split(" (")[0]  # without its hint
            pieces.append(label if not pieces else label[:1].lower() + label[1:])
        return pieces


@dataclass
class FilePlan:
    """One file as it will be written."""

    path: Path
    period: Period
    doc: CommentedMap
    digest: str  # of the file as read ("" when there was none): a change meanwhile stops the write
    appeals: int
    questions: int | None
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0


def file_plan(files: RoundTrip, data: DataFolder, folder: Path, period: Period, figures: dict[str, Any]) -> FilePlan:
    """The period's file (or a new one) with the counted `figures` merged in, and the changes."""
    path = folder / f"{period}.yaml"
    snapshot = files.read(path)
    doc = snapshot.doc if snapshot.doc is not None else _new_file(files, data, folder, period)
    written = figures["written"]["total"]
    result = FilePlan(path, period, doc, snapshot.digest, written, figures.get("questions_total"))
    _merge(doc, figures, _ROOT(), "", result)
    return result


def _new_file(files: RoundTrip, data: DataFolder, folder: Path, period: Period) -> CommentedMap:
    """The blank of `zapiska init`, with the municipality, signature and executor of the latest
    earlier file of the folder (they are not figures: the same every period)."""
    doc = files.parse(blank(str(period)))
    earlier = [p for p in data.periods(folder.name) if p != period]
    if earlier:
        source = files.read(folder / f"{earlier[0]}.yaml").doc
        for key in NOT_FIGURES:
            if source is not None and key in source:
                _put(doc, key, deepcopy(source[key]), _ROOT())
    return doc


def _ROOT() -> tuple[Spec, ...]:  # noqa: N802 - the report's fields in the order of the file
    return in_file_order(visible())


def _spec(specs: tuple[Spec, ...], key: str) -> Spec:
    return next(spec for spec in specs if spec.key == key)


def _put(target: CommentedMap, key: str, value: Any, specs: tuple[Spec, ...]) -> None:
    put(target, key, value, [spec.key for spec in specs])


def _comment(path: str, key: str) -> str:
    spec = field_at(path)
    title = (spec.label if spec is not None else key).split(" (")[0]
    unit = "вопросы" if key in QUESTIONS and not path.startswith(("settlements", "topics.subtopics")) else "обращения"
    return f"{title[0].lower()}{title[1:]} (считаются {unit}; из реестра)"


def _merge(target: CommentedMap, figures: dict[str, Any], specs: tuple[Spec, ...], path: str, result: FilePlan,
           label: tuple[str | Item, ...] = ()) -> None:
    for key, value in figures.items():
        here = f"{path}.{key}" if path else key
        shown = (*label, key)
        if isinstance(value, dict):
            node = target.get(key)
            if not isinstance(node, CommentedMap):
                node = CommentedMap()
                _put(target, key, node, specs)
            _merge(node, value, _spec(specs, key).children, here, result, shown)
        elif isinstance(value, list):
            _merge_list(target, key, value, specs, here, result, shown)
        else:
            _set(target, key, value, specs, here, result, shown)


def _set(target: CommentedMap, key: str, value: Any, specs: tuple[Spec, ...], path: str, result: FilePlan,
         label: tuple[str | Item, ...]) -> None:
    old = target.get(key)
    if old == value:
        result.unchanged += 1
        return
    result.changes.append(Change(label, old, value))
    fresh = key not in target
    _put(target, key, value, specs)
    if fresh and isinstance(value, int):
        target.yaml_add_eol_comment(_comment(path, key), key, column=COMMENT_COLUMN)


# Lists are matched item by item: topics by code (or name), subtopics, settlements, applicants by name.
_MATCH = {"topics": "code", "subtopics": "name", "settlements": "name", "applicants": "name"}


def _key(item: Any, by: str) -> str:
    value = item.get(by) if isinstance(item, dict) else None
    if value is None and by == "code" and isinstance(item, dict):
        value = item.get("name")  # a topic typed without its code
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _merge_list(target: CommentedMap, key: str, items: list[dict[str, Any]], specs: tuple[Spec, ...], path: str,
                result: FilePlan, label: tuple[str | Item, ...]) -> None:
    """Existing items keep their place and own fields (in_text, remark): their counts are updated;
    items the register does not have are removed (a topic's count becomes 0); new ones are added."""
    inner = _spec(specs, key).children
    by = _MATCH[key]
    node = target.get(key)
    if not isinstance(node, CommentedSeq) or _blank(node):
        node = CommentedSeq()  # not the blank items of `zapiska init` (nor their comments)
    counted = {_key(item, by): item for item in items}
    for item in list(node):
        if not isinstance(item, dict) or _blank(item):
            node.remove(item)
    for item in list(node):
        name = _key(item, by)
        shown = (*label, _item(item, by))
        if name in counted:
            _merge(item, _without(counted.pop(name), by), inner, path, result, shown)
        elif key == "topics":
            _set(item, "count", 0, inner, f"{path}.count", result, (*shown, "count"))
            if item.get("subtopics"):
                _merge_list(item, "subtopics", [], inner, f"{path}.subtopics", result, (*shown, "subtopics"))
        else:
            result.changes.append(Change((*shown, "count"), item.get("count"), None))
            node.remove(item)
    for item in counted.values():
        fresh = CommentedMap((k, v) for k, v in item.items() if k in (by, "name"))  # shown in the label
        _merge(fresh, _without(item, by), inner, path, result, (*label, _item(item, by)))
        node.append(fresh)
    if node or key in target:
        _put(target, key, node, specs)


def _item(item: Any, by: str) -> Item:
    key = str(item.get(by) or item.get("name"))
    return key, str(item.get("name") or key)


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    return value is None or value == ""


def _without(item: dict[str, Any], by: str) -> dict[str, Any]:
    """An item's figures without its matching key (kept as the clerk wrote it) and name."""
    return {k: v for k, v in item.items() if k not in (by, "name")}
