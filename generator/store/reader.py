"""Reading a clerk's YAML safely, every value located: the one reader of figure files, chart
specs and register maps (store/load.py validates what it reads; store/quick.py takes its shortcut only
through the same rules).

YAML is read with the safe loader only, after store/prescan has refused deep nesting,
references and merge keys; integers are decimal only, duplicate keys are errors; each value's
line and column are kept for messages. A Tab after a value (before its comment, or inside a
plain text) is read as libyaml reads it, so every reader agrees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.errors import InputError, Problem, os_message, translate
from generator.core.fields import Location, Spec
from generator.store.files import read_regular
from generator.store.prescan import prescan

# Russian for the YAML parser's complaints (matched at the start of its message).
_YAML_PROBLEMS = [
    (r"^mapping values are not allowed here", "двоеточие в неожиданном месте (нет пробела после «:» "
                                             "или значение с двоеточием без кавычек?)"),
    (r"^could not find expected ':'", "не найдено двоеточие после ключа"),
    (r"^found character '\\t' that cannot start any token", "табуляция вместо пробелов в отступе"),
    (r"^found unexpected end of stream", "файл оборвался: не закрыта кавычка или скобка"),
    (r"^expected ',' or '[\]}]'", "скобка [ или {{ не закрыта"),
    (r"^expected <block end>|did not find expected key", "неверный отступ: ключ не на своем уровне"),
    (r"^did not find expected '-' indicator", "неверный отступ в списке"),
    (r"^could not determine a constructor for the tag '(?:tag:yaml.org,2002:)?(.*)'",
     "неизвестный тег !!{0} (теги не поддерживаются)"),
    (r"^found alias|found undefined alias", "ссылки (*имя) не поддерживаются"),
    (r"^found unhashable key", "сложные ключи не поддерживаются"),
    (r"^bad value for the tag '(?:tag:yaml.org,2002:)?(.*)'", "значение не подходит к тегу !!{0}: уберите тег"),
]


def _yaml_problem(problem: str | None) -> str:
    return translate(problem or "", _YAML_PROBLEMS) or f"ошибка разметки ({problem})"


_DECIMAL = re.compile(r"^[-+]?[0-9]+$")
STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"

# Characters XML 1.0 (and so Word) cannot hold; a lone surrogate cannot even be encoded.
BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases (a clerk never needs them, an alias bomb does) and reads
    integers as decimal only: YAML 1.1 would take 010 for octal 8, 1:30 for 90, 0x1F for 31."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:int"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_yaml_int(self, node):  # noqa: ANN001 - PyYAML's signature
        return int(self.construct_scalar(node), 10)

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(None, None, "found alias", event.start_mark)
        return super().compose_node(parent, index)

    def scan_to_next_token(self):  # noqa: ANN201 - PyYAML's signature
        """libyaml's rule: where no key can start (after a value), a Tab is a blank like a space,
        so `total: 295<Tab># comment` is read, while a Tab in an indent stays an error."""
        if not self.allow_simple_key or self.flow_level:
            while self.peek() in " \t":
                self.forward()
        return super().scan_to_next_token()

    def scan_plain_spaces(self, indent, start_mark):  # noqa: ANN001, ANN201 - PyYAML's signature
        """A Tab inside a plain text on one line is part of it, as in libyaml («a<Tab>b»)."""
        length = 0
        while self.peek(length) in " \t":
            length += 1
        if "\t" in self.prefix(length) and self.peek(length) not in "\0\r\n\x85\u2028\u2029#":
            spaces = self.prefix(length)
            self.forward(length)
            return [spaces]
        return super().scan_plain_spaces(indent, start_mark)

    def compose_scalar_node(self, anchor):  # noqa: ANN001 - PyYAML's signature
        explicit = self.peek_event().tag not in (None, "!")
        node = super().compose_scalar_node(anchor)
        node.explicit = explicit  # type: ignore[attr-defined]
        return node

    def construct_object(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        """A value its tag cannot make: an explicit tag is an error at the value; an implicit one
        (an impossible date 2017-02-30, a number of 5 000 digits) stays the text as typed."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            if isinstance(node, yaml.ScalarNode) and not getattr(node, "explicit", True):
                self.constructed_objects[node] = node.value
                return node.value
            raise yaml.MarkedYAMLError(None, None, f"bad value for the tag '{node.tag}'", node.start_mark) from None


Loader.add_implicit_resolver("tag:yaml.org,2002:int", _DECIMAL, list("-+0123456789"))
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)


@dataclass
class Document:
    data: Any
    values: dict[Location, yaml.Mark] = field(default_factory=dict)  # where each value starts
    keys: dict[Location, yaml.Mark] = field(default_factory=dict)  # where each key starts
    sections: set[Location] = field(default_factory=set)  # values that are mappings or lists
    typed: dict[Location, str] = field(default_factory=dict)  # unquoted values read as non-text: their text


def _walk(node: yaml.Node, path: Location, doc: Document, problems: list[Problem], file: Path) -> None:
    doc.values[path] = node.start_mark
    if isinstance(node, yaml.CollectionNode):
        doc.sections.add(path)
    if isinstance(node, yaml.ScalarNode):
        bad = BAD_CHARACTERS.search(node.value)
        if bad:
            problems.append(located(file, node.start_mark, f"недопустимый невидимый символ (код {ord(bad.group()):#x}) "
                                                       "в значении: Word его не сохранит; удалите его"))
        if not node.style and not getattr(node, "explicit", True) and node.tag not in (STR, NULL):
            doc.typed[path] = node.value
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(located(file, key_node.start_mark, "сложные ключи (? [..]) не поддерживаются: "
                                                               "ключ — одно слово"))
                continue
            key = key_node.value
            if key in seen:
                problems.append(located(file, key_node.start_mark, f"ключ «{key}» повторяется"))
            seen.add(key)
            doc.keys[path + (key,)] = key_node.start_mark
            _walk(value_node, path + (key,), doc, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), doc, problems, file)


def located(file: Path, mark: yaml.Mark | None, message: str, warning: bool = False, loc: Location = ()) -> Problem:
    if mark is None:
        return Problem(file, 1, 1, message, warning, loc)
    return Problem(file, mark.line + 1, mark.column + 1, message, warning, loc)


def parse_file(file: Path, follow: bool = True) -> Document:
    """The file's YAML, its values located; with follow=False a symbolic link is refused."""
    return parse_text(file, _read(file, follow))


def _read(file: Path, follow: bool = True) -> str:
    try:
        return read_regular(file, follow=follow).decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(file, 0, 0, "файл не найден")]) from None
    except IsADirectoryError:
        raise InputError([Problem(file, 0, 0, "это папка, а нужен файл .yaml")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(file, 1, 1, "файл не в кодировке UTF-8: сохраните его как UTF-8")]) from None
    except OSError as exc:
        raise InputError([Problem(file, 0, 0, f"файл не читается: {os_message(exc)}")]) from None


def parse_text(file: Path, text: str) -> Document:
    """The YAML `text` of `file`, its values located; InputError with every problem found."""
    loader = None
    prescan(file, text)
    try:
        loader = Loader(text)  # the reader already refuses control characters
        node = loader.get_single_node()
        problems: list[Problem] = []
        doc = Document(None)
        if node is not None:
            _walk(node, (), doc, problems, file)
        if problems:
            raise InputError(problems)
        doc.data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise InputError([located(file, exc.problem_mark, f"не YAML: {_yaml_problem(exc.problem)}")]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise InputError([Problem(file, line, column, f"недопустимый невидимый символ (код {exc.character:#x}): "
                                                      "удалите его, например перепечатав строку")]) from None
    except RecursionError:
        raise InputError([Problem(file, 1, 1, "не YAML: слишком глубокая вложенность")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, 1, 1, f"не YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(doc.data, dict):
        raise InputError([Problem(file, 1, 1, "ожидается YAML-файл с разделами «ключ: значение» "
                                              "(образец: zapiska init)")])
    return doc


def locate(doc: Document, loc: Location, kind: str) -> yaml.Mark | None:
    """Where to point for an error at `loc`: the key for unknown keys and for sections
    (their value starts a line below), the value otherwise; for a missing key, the key
    of the enclosing section."""
    if kind in ("extra_forbidden", "missing") and loc in doc.keys:
        return doc.keys[loc]
    while loc and loc not in doc.values:
        loc = loc[:-1]
    if loc in doc.sections and loc in doc.keys:
        return doc.keys[loc]
    return doc.values.get(loc)


def prune(data: Any) -> Any:
    """Blank keys and sections left from `zapiska init` count as absent, not as errors."""
    if isinstance(data, dict):
        pruned = {key: prune(value) for key, value in data.items()}
        return {key: value for key, value in pruned.items() if not _blank(value)}
    if isinstance(data, list):
        return [item for item in map(prune, data) if not _blank(item)]
    return data


def _blank(value: Any) -> bool:
    return value is None or value == {} or value == [] or (isinstance(value, str) and not value.strip())


def as_typed(data: Any, specs: tuple[Spec, ...], typed: dict[Location, str], path: Location = ()) -> Any:
    """`data` with text fields holding the text as typed: 0001, 28.10, yes, .nan, 2021-13-01
    are not numbers, booleans or dates where the model expects text."""
    if not isinstance(data, dict):
        return data
    result = dict(data)
    for spec in specs:
        if spec.key not in data:
            continue
        value, at = data[spec.key], path + (spec.key,)
        if spec.kind == "section":
            result[spec.key] = as_typed(value, spec.children, typed, at)
        elif spec.kind in ("rows", "lines") and isinstance(value, list):
            result[spec.key] = [as_typed(item, spec.children, typed, at + (i,)) if spec.kind == "rows"
                                else typed.get(at + (i,), item) for i, item in enumerate(value)]
        elif spec.kind == "text" and at in typed:
            result[spec.key] = typed[at]
    return result



def reads_as_text(value: str) -> bool:
    """Whether `value`, written without quotes, reads back as this very text (not yes → True)."""
    return Loader("").resolve(yaml.ScalarNode, value, (True, False)) == STR
