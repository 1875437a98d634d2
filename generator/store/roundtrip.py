"""Reading and writing a figure file with its comments (ruamel.yaml's round trip): the form's
saves and `zapiska import` change the figures they are given, and the clerk's comments, key
order, quoting and every other field stay as they were.

Judging the values is `zapiska check`'s job (store/load.py); this module only carries them, and
reads only what `check` reads: a regular file, passed by store/prescan (no deep nesting, no
references or merge keys), a Tab after a value read as libyaml and `check` read it.
"""
from __future__ import annotations

import copy
import hashlib
import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString, ScalarString
from ruamel.yaml.scanner import RoundTripScanner

from generator.core.errors import InputError, Problem, os_message
from generator.core.fields import Spec
from generator.store.files import read_regular
from generator.store.load import load
from generator.store.prescan import prescan
from generator.store.reader import parse_text, reads_as_text

KEPT = 32  # parsed texts a reader keeps, by their digest


class _Tolerant(RoundTripConstructor):
    """The round trip only carries values back to the file; judging them is `zapiska check`'s
    job. A value its tag cannot make (2021-13-01, !!int abc) is carried as its text."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            if isinstance(node, ScalarNode):
                return node.value
            raise


class _Tabs(RoundTripScanner):
    """A Tab after a value is a blank, as in libyaml and store/reader (`total: 295<Tab># …`)."""

    def scan_to_next_token(self) -> Any:
        if not self.allow_simple_key or self.flow_level:
            while self.reader.peek() in " \t":
                self.reader.forward()
        return super().scan_to_next_token()

    def scan_plain_spaces(self, indent: Any, start_mark: Any) -> Any:
        length = 0
        while self.reader.peek(length) in " \t":
            length += 1
        if "\t" in self.reader.prefix(length) and self.reader.peek(length) not in "\0\r\n\x85\u2028\u2029#":
            spaces = self.reader.prefix(length)
            self.reader.forward(length)
            return [spaces]
        return super().scan_plain_spaces(indent, start_mark)


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, key order and quoting are kept
    yaml.Scanner = _Tabs
    yaml.Constructor = _Tolerant
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100  # long texts are wrapped like the example files
    yaml.preserve_quotes = True
    return yaml


def digest(content: bytes) -> str:
    """What the form sends back to prove which version of the file it was loaded from
    ("" stands for no file yet)."""
    return hashlib.sha256(content).hexdigest()


@dataclass
class Snapshot:
    """A file as read at one moment: its data (None when there is no file yet) and digest."""

    path: Path
    doc: CommentedMap | None  # for writing back with comments; checks read `text` as `zapiska check` does
    digest: str
    text: str = ""


class RoundTrip:
    """Figure files read for writing back. The last texts parsed are kept by their digest (each
    check of the form reads its file again, so an edit made outside the form is never missed,
    but parses it once); every caller gets a copy it may merge into."""

    def __init__(self, follow: bool = True) -> None:
        self._parsed: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.follow = follow  # the web form opens no symbolic links

    def parse(self, text: str, file: Path | None = None) -> Any:
        """The text's data with its comments; InputError from store/prescan's look, or for a
        nesting ruamel cannot compose."""
        key = digest(text.encode("utf-8"))
        with self._lock:
            doc = self._parsed.get(key)
            if doc is not None:
                self._parsed.move_to_end(key)
        if doc is None:
            if not prescan(file, text):  # libyaml stopped at an error: ruamel may read past it unchecked
                parse_text(file or Path("<текст>"), text)  # check's verdict and message, if it has one
            try:
                doc = _yaml().load(text)
            except RecursionError:
                raise InputError([Problem(file, 1, 1, "не YAML: слишком глубокая вложенность")]) from None
            with self._lock:
                self._parsed[key] = doc
                while len(self._parsed) > KEPT:
                    self._parsed.popitem(last=False)
        return copy.deepcopy(doc)

    def read(self, path: Path) -> Snapshot:
        """The file's data with its comments; a file that is not YAML raises InputError with the
        messages of `zapiska check`."""
        try:
            content = read_regular(path, follow=self.follow)
        except FileNotFoundError:
            return Snapshot(path, None, "")
        except OSError as exc:
            raise InputError([Problem(path, 0, 0, f"файл не читается: {os_message(exc)}")]) from None
        try:
            text = content.decode("utf-8-sig")
            doc = self.parse(text, path)
        except (UnicodeDecodeError, YAMLError):
            load(path)  # its messages are Russian and located; raises for a file PyYAML cannot read either
            raise InputError([Problem(path, 0, 0, "файл не читается как YAML")]) from None
        if not isinstance(doc, CommentedMap):
            raise InputError([Problem(path, 1, 1, "ожидается YAML-файл с разделами «ключ: значение»")])
        return Snapshot(path, doc, digest(content), text)


def _quoted(node: Any) -> Any:
    """Texts that would read back as something else unquoted (yes, 0x1F, 2021-13-01) get quotes."""
    if isinstance(node, dict):
        for key, value in node.items():
            node[key] = _quoted(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            node[i] = _quoted(value)
    elif isinstance(node, str) and not isinstance(node, ScalarString) and not reads_as_text(node):
        return DoubleQuotedScalarString(node)
    return node


def dump(doc: CommentedMap) -> str:
    _quoted(doc)
    stream = io.StringIO()
    _yaml().dump(doc, stream)
    text = stream.getvalue()
    # ruamel ends each line it wraps with a space. YAML drops it when it folds the line (the
    # text is the same without it), except in block scalars (| and >); ruamel leaves one there
    # only where the text has it: then the tidy text is kept only if it reads back the same.
    tidy = re.sub(r"[ \t]+$", "", text, flags=re.M)
    if tidy == text or not _spaced_block(doc):
        return tidy  # reading it back as well would double a check's time
    return tidy if plain(_yaml().load(tidy)) == plain(_yaml().load(text)) else text


def _spaced_block(node: Any) -> bool:
    """Whether `node` holds a block scalar (| or >) with a space or tab at the end of a line."""
    if isinstance(node, dict):
        return any(_spaced_block(value) for value in node.values())
    if isinstance(node, list):
        return any(_spaced_block(value) for value in node)
    return isinstance(node, (LiteralScalarString, FoldedScalarString)) and _LINE_END_SPACE.search(node) is not None


_LINE_END_SPACE = re.compile(r"[ \t](?:\n|$)")


def plain(node: Any) -> Any:
    """ruamel's commented containers and scalar types as plain Python data."""
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int) and not isinstance(node, bool):
        return int(node)
    return node


def put(target: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set target[key], a new key going after the keys that precede it in the model."""
    if key in target:
        if target[key] != value:  # an equal value keeps its quotes and block style
            target[key] = value
        return
    before = order[:order.index(key)] if key in order else order
    position = max((i + 1 for i, existing in enumerate(target) if existing in before), default=0)
    target.insert(position, key, value)


def merge(target: CommentedMap, data: dict[str, Any], specs: tuple[Spec, ...]) -> None:
    """Put the form's `data` into the document: the fields of `specs` replaced, added or
    removed; everything else as it was."""
    order = [spec.key for spec in specs]
    for spec in specs:
        value = data.get(spec.key)
        if value is None:
            if spec.key in target:
                del target[spec.key]
        elif spec.kind == "section":
            node = target.get(spec.key)
            node = node if isinstance(node, CommentedMap) else CommentedMap()
            merge(node, value, spec.children)
            put(target, spec.key, node, order)
        elif spec.kind in ("rows", "lines"):
            items = target.get(spec.key)
            items = items if isinstance(items, CommentedSeq) else CommentedSeq()
            for i, item in enumerate(value):
                if spec.kind == "rows":
                    node = items[i] if i < len(items) and isinstance(items[i], CommentedMap) else CommentedMap()
                    merge(node, item, spec.children)
                    item = node
                if i >= len(items):
                    items.append(item)
                elif items[i] is not item and items[i] != item:
                    items[i] = item
            del items[len(value):]
            put(target, spec.key, items, order)
        else:
            put(target, spec.key, value, order)
