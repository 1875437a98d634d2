"""The data folder as the web form sees it.

Names from a request are checked strictly and never leave the folder. Files are read and
written with ruamel.yaml's round trip, so the clerk's comments and key order survive a save;
a save is atomic and is refused when the file changed since the form was loaded.
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

from ..errors import ConflictError, InputError, Problem, ZapiskaError
from ..files import write_atomically
from ..load import reads_as_text
from ..model import Spec
from ..period import Period, PeriodError
from ..scaffold import SLUG, blank
from .form import FIELDS

_saving = threading.Lock()  # one save at a time: the check of the hash and the write are one step
_PARSED: OrderedDict[str, Any] = OrderedDict()  # the last texts read, by their digest: each check reads its file
_KEPT = 32
_parsing = threading.Lock()


class UnknownName(ZapiskaError):
    """A municipality or period from a request that is not (or cannot be) in the data folder."""


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


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, key order and quoting are kept
    yaml.Constructor = _Tolerant
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100  # long texts are wrapped like the example files
    yaml.preserve_quotes = True
    return yaml


def _document(text: str, key: str) -> Any:
    """The round-trip reading of `text` (whose digest is `key`): parsed once per content, and a
    copy for each caller, who may merge the form into it. The file itself is read every time,
    so an edit made outside the form is never missed."""
    with _parsing:
        doc = _PARSED.get(key)
        if doc is not None:
            _PARSED.move_to_end(key)
    if doc is None:
        doc = _yaml().load(text)
        with _parsing:
            _PARSED[key] = doc
            while len(_PARSED) > _KEPT:
                _PARSED.popitem(last=False)
    return copy.deepcopy(doc)


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


class Store:
    """data/<municipality>/<period>.yaml files, for requests."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def municipalities(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir()
                      if p.is_dir() and not p.is_symlink() and SLUG.fullmatch(p.name))

    def periods(self, municipality: str) -> list[Period]:
        """The periods that have a file, newest first."""
        found = []
        for path in self._folder(municipality).glob("*.yaml"):
            if not path.is_file() or path.is_symlink():
                continue
            try:
                period = Period.parse(path.stem)
            except PeriodError:
                continue
            if str(period) == path.stem:
                found.append(period)
        return sorted(found, reverse=True)

    def title(self, municipality: str) -> str:
        """The municipality's name from its newest file («Кавказский район»); the folder name
        while no file has one."""
        for period in self.periods(municipality):
            try:
                doc = self.read(self.root / municipality / f"{period}.yaml").doc
            except ZapiskaError:
                continue
            section = doc.get("municipality") if doc else None
            name = section.get("name") if isinstance(section, dict) else None
            if isinstance(name, str) and name.strip():
                return name.strip()
        return municipality

    def _folder(self, municipality: str) -> Path:
        folder = self.root / municipality
        if (not SLUG.fullmatch(municipality) or not folder.is_dir() or folder.is_symlink()
                or folder.resolve().parent != self.root):
            raise UnknownName(f"нет муниципального образования «{municipality}» в папке {self.root}")
        return folder

    def path(self, municipality: str, period: str) -> Path:
        """data/<municipality>/<period>.yaml for names from a request; UnknownName for anything else."""
        folder = self._folder(municipality)
        try:
            parsed = Period.parse(period)
        except PeriodError as exc:
            raise UnknownName(str(exc)) from None
        if str(parsed) != period:
            raise UnknownName(f"период записывается так: {parsed}")
        path = folder / f"{parsed}.yaml"
        for read in (path, folder / f"{parsed.previous}.yaml"):  # the previous year's file is read too
            if read.is_symlink() or (read.exists() and not read.is_file()):
                raise UnknownName(f"{read.name} в папке {municipality} — ссылка или папка, а не файл: "
                                  "форма такие не открывает")
        return path

    def read(self, path: Path) -> Snapshot:
        """The file's data with its comments; a file that is not YAML raises InputError with the
        messages of `zapiska check`."""
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return Snapshot(path, None, "")
        key = digest(content)
        try:
            text = content.decode("utf-8-sig")
            doc = _document(text, key)
        except (UnicodeDecodeError, YAMLError):
            from ..load import load  # its messages are Russian and located

            load(path)  # raises for a file PyYAML cannot read either
            raise InputError([Problem(path, 0, 0, "файл не читается как YAML")]) from None
        if not isinstance(doc, CommentedMap):
            raise InputError([Problem(path, 1, 1, "ожидается YAML-файл с разделами «ключ: значение»")])
        return Snapshot(path, doc, key, text)

    def pattern(self, path: Path) -> Snapshot | None:
        """The file a new period takes its structure from: the same period a year back, else the
        latest earlier one; None when the folder has none."""
        period = Period.parse(path.stem)
        earlier = [p for p in self.periods(path.parent.name) if p < period]
        if not earlier:
            return None
        source = period.previous if period.previous in earlier else earlier[0]
        return self.read(path.parent / f"{source}.yaml")

    def merged(self, snapshot: Snapshot, data: dict[str, Any]) -> CommentedMap:
        """The file with the form's data put in: the form's fields replaced, added or removed,
        everything else (comments, template:, previous:) as it was. A new file starts as the
        commented blank of `zapiska init`."""
        if snapshot.doc is not None:
            doc = snapshot.doc
        else:
            text = blank(snapshot.path.stem)
            doc = _document(text, digest(text.encode("utf-8")))
        _merge(doc, data, FIELDS)
        return doc

    def save(self, path: Path, data: dict[str, Any], loaded_digest: str) -> str:
        """Write the form's data into the file; the new digest. Refused with ConflictError when
        the file is not the one the form was loaded from."""
        with _saving:
            snapshot = self.read(path)
            if snapshot.digest != loaded_digest:
                raise ConflictError([Problem(None, 0, 0, (
                    f"файл {path.name} изменился после того, как вы открыли форму (его сохранил кто-то "
                    "другой или он исправлен в редакторе). Ваши изменения не сохранены, они остались в форме: "
                    "откройте эту страницу в новой вкладке, перенесите их туда и сохраните еще раз."))])
            content = dump(self.merged(snapshot, data)).encode("utf-8")
            if digest(content) != snapshot.digest:
                write_atomically(path, lambda temporary: Path(temporary).write_bytes(content))
            return digest(content)


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


# --- putting the form's data into the commented document ---------------------

def _put(target: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set target[key], a new key going after the keys that precede it in the model."""
    if key in target:
        if target[key] != value:  # an equal value keeps its quotes and block style
            target[key] = value
        return
    before = order[:order.index(key)]
    position = max((i + 1 for i, existing in enumerate(target) if existing in before), default=0)
    target.insert(position, key, value)


def _merge(target: CommentedMap, data: dict[str, Any], specs: tuple[Spec, ...]) -> None:
    order = [spec.key for spec in specs]
    for spec in specs:
        value = data.get(spec.key)
        if value is None:
            if spec.key in target:
                del target[spec.key]
        elif spec.kind == "section":
            node = target.get(spec.key)
            node = node if isinstance(node, CommentedMap) else CommentedMap()
            _merge(node, value, spec.children)
            _put(target, spec.key, node, order)
        elif spec.kind in ("rows", "lines"):
            items = target.get(spec.key)
            items = items if isinstance(items, CommentedSeq) else CommentedSeq()
            for i, item in enumerate(value):
                if spec.kind == "rows":
                    node = items[i] if i < len(items) and isinstance(items[i], CommentedMap) else CommentedMap()
                    _merge(node, item, spec.children)
                    item = node
                if i >= len(items):
                    items.append(item)
                elif items[i] is not item and items[i] != item:
                    items[i] = item
            del items[len(value):]
            _put(target, spec.key, items, order)
        else:
            _put(target, spec.key, value, order)
