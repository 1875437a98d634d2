"""Load a clerk's YAML file into the validated model, with every problem located.

YAML is read with the safe loader only; aliases are refused (no alias bombs),
duplicate keys are errors. Validation errors from pydantic are translated into
Russian and placed at the line and column of the value (or key) at fault.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import InputError, Problem, os_message, translate
from .history import earlier
from .model import Figures, Location, Report, Spec, below, field_at, fields, inconsistencies
from .period import Period

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
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"

# Characters XML 1.0 (and so Word) cannot hold; a lone surrogate cannot even be encoded.
BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Loader(yaml.SafeLoader):
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


_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _DECIMAL, list("-+0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


M = TypeVar("M", bound=BaseModel)


@dataclass
class _Document:
    data: Any
    values: dict[Location, yaml.Mark] = field(default_factory=dict)  # where each value starts
    keys: dict[Location, yaml.Mark] = field(default_factory=dict)  # where each key starts
    sections: set[Location] = field(default_factory=set)  # values that are mappings or lists
    typed: dict[Location, str] = field(default_factory=dict)  # unquoted values read as non-text: their text


def _walk(node: yaml.Node, path: Location, doc: _Document, problems: list[Problem], file: Path) -> None:
    doc.values[path] = node.start_mark
    if isinstance(node, yaml.CollectionNode):
        doc.sections.add(path)
    if isinstance(node, yaml.ScalarNode):
        bad = BAD_CHARACTERS.search(node.value)
        if bad:
            problems.append(_at(file, node.start_mark, f"недопустимый невидимый символ (код {ord(bad.group()):#x}) "
                                                       "в значении: Word его не сохранит; удалите его"))
        if not node.style and not getattr(node, "explicit", True) and node.tag not in (_STR, _NULL):
            doc.typed[path] = node.value
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(_at(file, key_node.start_mark, "сложные ключи (? [..]) не поддерживаются: "
                                                               "ключ — одно слово"))
                continue
            key = key_node.value
            if key in seen:
                problems.append(_at(file, key_node.start_mark, f"ключ «{key}» повторяется"))
            seen.add(key)
            doc.keys[path + (key,)] = key_node.start_mark
            _walk(value_node, path + (key,), doc, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), doc, problems, file)


def _at(file: Path, mark: yaml.Mark | None, message: str, warning: bool = False, loc: Location = ()) -> Problem:
    if mark is None:
        return Problem(file, 1, 1, message, warning, loc)
    return Problem(file, mark.line + 1, mark.column + 1, message, warning, loc)


def _parse(file: Path) -> _Document:
    return parse_text(file, _read(file))


def _read(file: Path) -> str:
    try:
        return file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(file, 0, 0, "файл не найден")]) from None
    except IsADirectoryError:
        raise InputError([Problem(file, 0, 0, "это папка, а нужен файл .yaml")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(file, 1, 1, "файл не в кодировке UTF-8: сохраните его как UTF-8")]) from None
    except OSError as exc:
        raise InputError([Problem(file, 0, 0, f"файл не читается: {os_message(exc)}")]) from None


def parse_text(file: Path, text: str) -> _Document:
    """The YAML `text` of `file`, its values located; InputError with every problem found."""
    loader = None
    try:
        loader = _Loader(text)  # the reader already refuses control characters
        node = loader.get_single_node()
        problems: list[Problem] = []
        doc = _Document(None)
        if node is not None:
            _walk(node, (), doc, problems, file)
        if problems:
            raise InputError(problems)
        doc.data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_at(file, exc.problem_mark, f"не YAML: {_yaml_problem(exc.problem)}")]) from None
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


def _title(loc: Location, root: type[BaseModel]) -> str:
    spec = field_at(loc, root) if loc and not isinstance(loc[-1], int) else None
    return f" ({spec.title})" if spec is not None and spec.title != spec.key else ""


def _shown(value: Any) -> str:
    shown = value if isinstance(value, str) else str(value)
    shown = shown if len(shown) <= 60 else f"{shown[:30]}… ({len(shown)} знаков)"
    return f"«{shown}»" if isinstance(value, str) else shown


def _message(error: ErrorDetails, root: type[BaseModel]) -> str:
    loc, kind, value = error["loc"], error["type"], error.get("input")
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"не заполнено обязательное поле «{name}»{_title(loc, root)}"
    if kind == "extra_forbidden":
        known = [spec.key for spec in below(loc[:-1], root) or ()]
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
        hint = f"; возможно, имелось в виду «{close[0]}»" if close else f"; допустимые ключи: {', '.join(known)}"
        return f"неизвестный ключ «{name}»{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and value.isdigit() and len(value) > 18:
            return f"слишком большое число ({len(value)} цифр)"
        if isinstance(value, str) and value.replace(",", "").replace(".", "").replace(" ", "").isdigit():
            if "," in value or "." in value:
                return f"ожидается целое число, а указано {_shown(value)}: количество пишется без запятой и точки"
            return f"ожидается целое число без кавычек и пробелов, а указано {_shown(value)}"
        if isinstance(value, float):
            return f"ожидается целое число, а указано дробное {value}"
        return f"ожидается целое число, а указано {_shown(value)}"
    if kind == "greater_than_equal":
        return f"количество не может быть отрицательным, а указано {value}"
    if kind == "less_than_equal":
        return f"значение не может быть больше {error['ctx']['le']}, а указано {value}"
    if kind == "string_type":
        return f"ожидается текст, а указано {_shown(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        what = f"элемент {name + 1} списка «{loc[-2]}»" if isinstance(name, int) else f"«{name}»"
        return f"{what} — раздел с вложенными ключами, а указано {_shown(value)}"
    if kind == "list_type":
        return f"«{name}» — список (строки, начинающиеся с «- »), а указано {_shown(value)}"
    if kind == "too_short":
        return f"список «{name}» пуст: нужна хотя бы одна строка"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d?-\d\d?", value):
            return f"такой даты нет: {_shown(value)} (месяц от 1 до 12, день — не больше, чем дней в месяце)"
        return f"ожидается дата в виде ГГГГ-ММ-ДД, а указано {_shown(value)}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return f"недопустимое значение {_shown(value)} поля «{name}»"


def _locate(doc: _Document, loc: Location, kind: str) -> yaml.Mark | None:
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


def _prune(data: Any) -> Any:
    """Blank keys and sections left from `zapiska init` count as absent, not as errors."""
    if isinstance(data, dict):
        pruned = {key: _prune(value) for key, value in data.items()}
        return {key: value for key, value in pruned.items() if not _blank(value)}
    if isinstance(data, list):
        return [item for item in map(_prune, data) if not _blank(item)]
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


def _validated(file: Path, doc: _Document, model: type[M]) -> M:
    try:
        return model.model_validate(_prune(as_typed(doc.data, fields(model), doc.typed)))
    except ValidationError as exc:
        raise InputError(_sorted([_at(file, _locate(doc, tuple(e["loc"]), e["type"]), _message(e, model),
                                      loc=tuple(e["loc"])) for e in exc.errors()])) from None


def load_model(path: Path | str, model: type[M]) -> M:
    """Any YAML file of ours (chart specs too) into its model, errors located."""
    path = Path(path)
    return _validated(path, _parse(path), model)


def _validate(file: Path, doc: _Document) -> tuple[Report | None, list[Problem]]:
    data = _prune(as_typed(doc.data, fields(Report), doc.typed))
    problems = _inconsistent(file, doc, data, (), Report)
    if isinstance(data, dict):
        problems += _inconsistent(file, doc, data.get("previous"), ("previous",), Figures)
    try:
        return _validated(file, doc, Report), problems
    except InputError as exc:
        return None, exc.problems + problems


def _inconsistent(file: Path, doc: _Document, data: Any, base: Location, model: type[BaseModel]) -> list[Problem]:
    return [_at(file, _locate(doc, base + loc, ""), message, loc=base + loc)
            for loc, message in inconsistencies(data, model)]


def _sorted(problems: list[Problem]) -> list[Problem]:
    # pydantic may report one spot twice (e.g. for both members of an Optional)
    return sorted(set(problems), key=lambda p: (str(p.file), p.line, p.column, p.message))


@dataclass
class Loaded:
    """A validated report with the figures of the same period a year back, if known."""

    path: Path
    report: Report
    previous: Figures | None
    warnings: list[Problem]
    earlier: dict[Period, Any] = field(default_factory=dict)  # the same period 2+ years back, for dynamics

    @property
    def municipality(self) -> str:
        """The folder name: the municipality's slug (kavkazsky-raion)."""
        return self.path.parent.name

    @property
    def period(self) -> Period:
        return Period.parse(self.report.period)

    @property
    def previous_path(self) -> Path:
        return self.path.parent / f"{self.period.previous}.yaml"

    def output_name(self, suffix: str = ".docx") -> str:
        """<municipality>-<period>.docx: the name the CLI, batch and web form all give."""
        return f"{self.municipality}-{self.period}{suffix}"


def load(path: Path | str) -> Loaded:
    """Load and check a report file and its previous period; raise InputError listing every problem."""
    path = Path(path)
    return _load(path, _parse(path))


def load_text(path: Path | str, text: str) -> Loaded:
    """Check YAML text that is not saved yet (the web form's) as if it were the file at `path`:
    the one reader and the messages of `load`."""
    path = Path(path)
    return _load(path, parse_text(path, text))


def typed_data(path: Path | str, text: str) -> Any:
    """The data of YAML `text` as `check` reads it, text fields as typed (what the form shows)."""
    doc = parse_text(Path(path), text)
    return as_typed(doc.data, fields(Report), doc.typed)


def reads_as_text(value: str) -> bool:
    """Whether `value`, written without quotes, reads back as this very text (not yes → True)."""
    return _Loader("").resolve(yaml.ScalarNode, value, (True, False)) == _STR


def _missing_sections(path: Path, report: Report, previous: Figures | None, name: str) -> list[Problem]:
    """A file cut off in the middle, or a section forgotten, still checks: last year's file is
    what tells that something is missing."""
    if previous is None:
        return []
    missing = [f"{key} ({info.title})" for key, info in Figures.model_fields.items()
               if getattr(previous, key) not in (None, []) and getattr(report, key) in (None, [])]
    if not missing:
        return []
    return [Problem(path, 1, 1, f"нет разделов, которые есть в {name}: {', '.join(missing)} — файл не дописан? "
                                "Без них эти абзацы в документ не попадут")]


def _load(path: Path, doc: _Document) -> Loaded:
    report, problems = _validate(path, doc)
    if report is None:
        raise InputError(_sorted(problems))
    loaded = Loaded(path, report, None, [])
    warnings: list[Problem] = []
    if path.stem != report.period:
        # The name decides where the previous period and the output go: a mismatch would
        # compare with the wrong year and overwrite another period's document.
        problems.append(_at(path, doc.values.get(("period",)),
                            f"период {report.period} не совпадает с именем файла {path.name}: "
                            f"переименуйте файл в {report.period}.yaml или исправьте период", loc=("period",)))
    if loaded.previous_path.exists():
        if report.previous is not None:
            warnings.append(_at(path, doc.keys.get(("previous",)),
                                f"блок previous: не используется: есть файл {loaded.previous_path.name}",
                                loc=("previous",)))
        previous, previous_problems = _validate(loaded.previous_path, _parse(loaded.previous_path))
        problems += previous_problems
        loaded.previous = previous
        warnings += _missing_sections(path, report, previous, loaded.previous_path.name)
    elif report.previous is not None:
        loaded.previous = report.previous
    else:
        warnings.append(Problem(path, 1, 1, f"нет данных за {loaded.period.previous} (нет файла "
                                            f"{loaded.previous_path.name} и блока previous:) — "
                                            "сравнения с прошлым годом в текст не попадут"))
    if problems:
        raise InputError(_sorted(problems))
    loaded.earlier, left_out = earlier(path, loaded.period)
    warnings += left_out  # the years its dynamics leave out
    loaded.warnings = [replace(w, warning=True) for w in warnings]
    return loaded
