"""What a template can use, for `zapiska template vars` and for the checker: every variable
with its Russian title and an example value from the bundled examples, and every filter.

Everything is read from the code that defines it: the report's fields from the model's
Russian titles, the other names from their declaration in a context class (the note's
note.context.ReportContext, the summary's region.context.SummaryContext), the fields of a figure,
a period, a history, a table row from their classes (a field's metadata title, a property's
docstring), the filters from wording.filters.FILTERS. A public field or property without a title
fails loudly. Examples are worked out with render.environment(), the one Jinja environment.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2

from generator.core.compare import Figure
from generator.core.fields import Spec, fields, visible
from generator.core.history import History
from generator.core.model import Figures
from generator.core.period import Period
from generator.note import charts
from generator.note.context import ReportContext, report_context
from generator.region.charts import load_specs as region_specs
from generator.region.collect import collect
from generator.region.compute import TOTALS
from generator.region.context import SummaryContext
from generator.region.context import context as summary_context
from generator.render.context import TemplateContext
from generator.render.environment import environment
from generator.store import resources
from generator.store.load import load
from generator.wording.filters import FILTERS
from generator.wording.grammar import agree

CHARTS_TITLE = "Диаграммы из папки charts/: {{ charts.имя }} в отдельном абзаце"  # render.fill adds them


@dataclass
class Node:
    """One name a template can reach: a section with fields, a list, or a plain value."""

    title: str
    children: dict[str, Node] = field(default_factory=dict)
    item: Node | None = None  # a list: what each element is
    leaf: bool = False        # text, a date, yes/no: its own methods are allowed, not checked

    def paths(self, prefix: str) -> Iterator[str]:
        """Every dotted path below this node, the node's own first."""
        yield prefix
        for name, child in self.children.items():
            yield from child.paths(f"{prefix}.{name}")


@functools.cache
def members(cls: type) -> dict[str, Node]:
    """A class's public fields (titled in their metadata) and properties (titled by their
    docstrings) as nodes, what lies below each derived from its type. A member of the class's
    own type (a period's previous) has the other members, not itself again. Built once per class,
    so fields shared by many names are listed once."""
    hints = typing.get_type_hints(cls)
    found = [(f.name, f.metadata.get("title"), hints[f.name]) for f in dataclasses.fields(cls)]
    found += [(name, value.__doc__ and " ".join(value.__doc__.split()), typing.get_type_hints(value.fget)["return"])
              for name, value in vars(cls).items() if isinstance(value, property) and not name.startswith("_")]
    result: dict[str, Node] = {}
    for name, title, kind in found:
        title = _titled(f"{cls.__name__}.{name}", title)
        result[name] = Node(title, dict(result)) if kind is cls else _node(title, kind)
    return result


def _titled(where: str, title: str | None) -> str:
    if not title:  # a value a template can read must say what it is
        raise TypeError(f"{where}: no title for `zapiska template vars`")
    return title


def _node(title: str, kind: Any) -> Node:
    """What lies below a value of the type `kind`."""
    args = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return _node(title, args[0])  # X | None
    if typing.get_origin(kind) in (tuple, list):
        return Node(title, item=_node("Элемент списка", args[0]))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return Node(title, members(kind))
    return Node(title, leaf=True)


def _model(specs: tuple[Spec, ...], figure: dict[str, Node]) -> dict[str, Node]:
    """Fields as nodes; every count shares the `figure` fields (.previous, .diff …)."""
    result = {}
    for spec in specs:
        if spec.kind == "rows":
            result[spec.key] = Node(spec.title, item=Node("Элемент списка", _model(spec.children, figure)))
        elif spec.kind == "section":
            result[spec.key] = Node(spec.title, _model(spec.children, figure))
        elif spec.kind == "lines":
            result[spec.key] = Node(spec.title, item=Node("Строка списка", leaf=True))
        elif spec.kind == "count":
            result[spec.key] = Node(spec.title, figure)
        else:
            result[spec.key] = Node(spec.title, leaf=True)
    return result


@functools.cache
def shaped(counts: type) -> dict[str, Node]:
    """The model's fields as nodes with the fields of `counts` (a Figure, a History) at each count.
    A History exists only for the counts of the figures' sections (history.histories): no lists,
    no texts, nothing of the municipality or the signature."""
    if counts is History:
        return _model(_counts(fields(Figures)), members(History))
    return _model(visible(), members(counts))


def _counts(specs: tuple[Spec, ...]) -> tuple[Spec, ...]:
    """The counts of `specs` and the sections that hold some."""
    kept = (dataclasses.replace(spec, children=_counts(spec.children)) if spec.kind == "section" else spec
            for spec in specs if spec.kind in ("count", "section"))
    return tuple(spec for spec in kept if spec.kind == "count" or spec.children)


def declared(context: type[TemplateContext]) -> dict[str, Node]:
    """The names a context class declares, each with what lies below it (from its type, or from
    the part of the model it is like)."""
    kinds = typing.get_type_hints(context)
    result = {}
    for name in context.names():
        title = _titled(f"{context.__name__}.{name.name}", name.metadata.get("title"))
        like = name.metadata.get("like")
        result[name.name] = _node(title, kinds[name.name]) if like is None else \
            _like(title, like, shaped(name.metadata["counts"]))
    return result


def schema() -> dict[str, Node]:
    """Every top-level name of a note's template, with what lies below it: the report's own
    fields, the names context.ReportContext declares, the charts."""
    specs = charts.load_specs()
    shown = {name: Node(f"Диаграмма «{spec.title}» ({charts.CHARTS_DIR.name}/{name}.yaml); пусто, если цифр нет",
                        leaf=True) for name, spec in specs.items()}
    return {**shaped(Figure), **declared(ReportContext), "charts": Node(CHARTS_TITLE, shown)}


def _like(title: str, like: str, shape: dict[str, Node]) -> Node:
    """A part of the compared report: the whole (""), a section ("signature"), a list of it
    ("topics") or one element ("topics[]")."""
    if not like:
        return Node(title, shape)
    if not like.endswith("[]") and shape[like].item is None:
        return Node(title, shape[like].children)
    element = shape[like.removesuffix("[]")].item
    assert element is not None, like  # `like` names a list of the model
    return Node(title, element.children) if like.endswith("[]") else Node(title, item=element)


@dataclass(frozen=True)
class Variable:
    path: str     # as a template writes it; "topics[]" stands for an element of the list
    title: str
    example: str  # from the bundled examples; "" when none has it


def _contexts() -> list[dict[str, Any]]:
    return [report_context(load(path)).mapping() for path in resources.SAMPLE_REPORTS]


def _example(env: jinja2.Environment, contexts: list[dict[str, Any]], expression: str, node: Node) -> str:
    """The expression's value in the first example that has one, printed as a build would."""
    for context in contexts:
        try:
            value = env.compile_expression(expression)(**context)
        except (jinja2.TemplateError, TypeError, IndexError):
            continue
        if value is None or value == []:
            continue
        if node.item is not None:
            return agree(len(value), "элемент")
        if node.children and not isinstance(value, Figure):
            return ""  # a section: its fields carry the examples
        if isinstance(value, bool):
            return "да" if value else "нет"
        shown = str(env.from_string("{{ value }}").render(value=value))
        return shown if len(shown) <= 60 else shown[:59] + "…"
    return ""


def variables(names: dict[str, Node] | None = None, contexts: list[dict[str, Any]] | None = None) -> list[Variable]:
    """Every variable a note's template (or one with the `names` and example `contexts` given)
    can use, with its Russian title and an example value. Fields shared by several names (those
    of every number, of every topic) are listed once."""
    env, contexts = environment(), _contexts() if contexts is None else contexts
    result: list[Variable] = []
    listed: set[int] = set()

    def walk(path: str, node: Node, expression: str) -> None:
        example = "" if path.startswith("charts") else _example(env, contexts, expression, node)
        result.append(Variable(path, node.title, example))
        if node.children and id(node.children) not in listed:
            listed.add(id(node.children))
            for name, child in node.children.items():
                walk(f"{path}.{name}", child, f"{expression}.{name}")
        if node.item is not None and id(node.item.children) not in listed:
            listed.add(id(node.item.children))
            for name, child in node.item.children.items():
                walk(f"{path}[].{name}", child, f"{expression}[0].{name}")

    for name, node in (schema() if names is None else names).items():
        walk(name, node, name)
    return result


def lines_of(listed: list[Variable]) -> list[str]:
    """Variables as `template vars` prints them: path — title (пример: …)."""
    return [f"{v.path} — {v.title}" + (f" (пример: {v.example})" if v.example else "") for v in listed]


@dataclass(frozen=True)
class Filter:
    name: str
    description: str
    example: str  # the Jinja expression
    result: str   # what it gives on the bundled examples


def filters() -> list[Filter]:
    """Our filters with their examples worked out on the bundled examples."""
    env, contexts = environment(), _contexts()
    result = []
    for name, item in FILTERS.items():
        rendered = ""
        for context in contexts:
            try:
                rendered = env.from_string(item.example).render(context)
                break
            except (jinja2.TemplateError, TypeError, ValueError):
                continue
        result.append(Filter(name, item.description, item.example, rendered))
    return result


def standard_filters() -> list[str]:
    """Jinja's own filters, also allowed (lower, default, first, …)."""
    return sorted(set(environment().filters) - set(FILTERS))


def describe() -> str:
    """The text of `zapiska template vars`."""
    *others, last = [path.relative_to(resources.ROOT / "data").as_posix() for path in resources.SAMPLE_REPORTS]
    examples = f"{', '.join(others)} и {last}" if others else last
    lines = [f"Переменные шаблона (примеры — из встроенных образцов {examples}).",
             "Запись topics[].name означает поле элемента списка: в цикле {% for t in topics %} это t.name.",
             "Поля written.total.previous, .diff, .percent, .share … есть у каждого числа;",
             "у элементов topics_by_count и у main_topic — те же поля, что у topics[].", ""]
    lines += lines_of(variables())
    lines += ["", "Фильтры: {{ значение | фильтр }} или {{ значение | фильтр(параметры) }}.", ""]
    for item in filters():
        lines.append(f"{item.name} — {item.description}. Пример: {item.example} → {item.result}")
    lines += ["", "Стандартные фильтры Jinja: " + ", ".join(standard_filters()) + "."]
    return "\n".join(lines) + "\n"


# --- the region summary's template (zapiska template vars --svodka, template check) ---

def summary_example() -> SummaryContext:
    """The summary's context made of the bundled sample reports (what template check fills in)."""
    examples = sorted({path.parent.parent for path in resources.SAMPLE_REPORTS})[0]
    return summary_context(collect(examples, Period.parse(resources.SAMPLE_REPORTS[0].stem)))


def summary_schema() -> dict[str, Any]:
    """Every top-level name of the summary's template, as Nodes: those SummaryContext
    declares (totals with the region's totals only) and the charts."""
    names = declared(SummaryContext)
    names["totals"] = Node(names["totals"].title, _only(shaped(Figure), list(TOTALS)))
    charts = {name: Node(spec.title, leaf=True) for name, spec in region_specs().items()}
    names["charts"] = Node("Диаграммы из charts/svodka/: {{ charts.rates }}, {{ charts.years }}", charts)
    return names


def _only(fields: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """The model's nodes at the dotted `paths` and the sections above them, in the paths' order."""
    result = {}
    for head in dict.fromkeys(path.split(".")[0] for path in paths):
        below = [path.split(".", 1)[1] for path in paths if path.startswith(f"{head}.")]
        node = fields[head]
        result[head] = Node(node.title, _only(node.children, below)) if below else node
    return result


def describe_summary() -> str:
    """The text of `zapiska template vars --svodka`."""
    lines = ["Переменные шаблона сводки (templates/svodka.docx; примеры — из образцов программы).",
             "Поля строк by_rate, top, growth, decline — те же, что у municipalities[]; поля totals.… —",
             "те же, что у каждого числа (.value, .previous, .diff, .percent …).", ""]
    return "\n".join(lines + lines_of(variables(summary_schema(), [summary_example().mapping()]))) + "\n"
