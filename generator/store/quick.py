"""Reading thousands of figure files quickly (the region's summary): a pass with libyaml's C
parser that accepts only files load() accepts as they are, and leaves every other file —
broken, doubtful, or libyaml missing — to load(), which names each problem's line and column.

The pass uses load()'s own rules: the same regular-file read, the same look before composing
(store/prescan: no deep nesting, references or merge keys — libyaml's composer recurses), the
same resolvers (decimal integers only), no repeated keys, blank keys pruned, the same model and
the same checks of figures against each other. It is some ten times faster than the located
reading, which a clerk's one file never notices and 2 300 municipalities' files do.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.core.errors import InputError
from generator.core.fields import fields, inconsistencies
from generator.core.model import Report
from generator.store.files import read_regular
from generator.store.prescan import prescan
from generator.store.reader import BAD_CHARACTERS, NULL, STR, Loader, as_typed, prune

_CLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        yaml_implicit_resolvers = Loader.yaml_implicit_resolvers

    _CLoader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)


def read(path: Path) -> Report | None:
    """The file's report when it is clean; None when it is not, or may not be: then load()
    (or load_model) must read it to say what is wrong."""
    if _CLoader is None:
        return None
    try:
        text = _text(path)
        if "!!" in text or "\t" in text:  # a tag or a Tab: load() decides what it makes of it
            return None
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
            typed = _typed(node) if node is not None else None
            if typed is None:
                return None
            data = loader.construct_document(node)
        finally:
            loader.dispose()
        pruned = prune(as_typed(data, fields(Report), typed))  # text fields as typed: 0001 stays 0001
        if not isinstance(pruned, dict) or inconsistencies(pruned):
            return None
        report = Report.model_validate(pruned)
    except (OSError, InputError, UnicodeDecodeError, yaml.YAMLError, ValidationError, RecursionError, ValueError,
            TypeError):
        return None
    return report if report.period == path.stem else None


def _text(path: Path) -> str:
    """The file's text once store/prescan has passed it (a data folder's file: never a link)."""
    text = read_regular(path, follow=False).decode("utf-8-sig")
    prescan(path, text)
    return text


def name(path: Path) -> str | None:
    """municipality.name of a file, even of one with errors elsewhere; None when there is none."""
    try:
        data = yaml.load(_text(path), _CLoader or Loader)
    except (OSError, InputError, UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError):
        return None
    found = data.get("municipality") if isinstance(data, dict) else None
    found = found.get("name") if isinstance(found, dict) else None
    return found.strip() if isinstance(found, str) and found.strip() else None


def _typed(root: yaml.Node) -> dict[tuple, str] | None:
    """The text of every unquoted value YAML reads as something else, by its place (what load()
    keeps for text fields); None when a node comes twice (an alias), a key repeats or a value
    holds a character load() refuses."""
    typed: dict[tuple, str] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            return None
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = [key.value for key, _ in node.value]
            if len(set(keys)) != len(keys) or any(id(key) in seen for key, _ in node.value):
                return None
            seen.update(id(key) for key, _ in node.value)
            stack.extend((value, path + (key.value,)) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.ScalarNode):
            if BAD_CHARACTERS.search(node.value):  # "\x01" in quotes: load() names it, Word cannot hold it
                return None
            if not node.style and node.tag not in (STR, NULL):
                typed[path] = node.value
    return typed
