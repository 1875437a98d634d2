"""What a template can use, for `zapiska template vars` and for the checker: every variable
with its Russian title and an example value from the bundled examples, and every filter.

The report's fields and filters come from the code (the model's Russian titles,
text.FILTERS); the names render.report_context adds and the fields of a period and of a
figure are titled here (EXTRAS, PERIOD, FIGURE); a new field of a period or a figure without
a title here fails loudly. Examples are worked out with render.environment(), the one Jinja environment.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2

from . import resources, text
from .compare import Figure
from .model import Spec, visible
from .period import Period
from .render import environment, report_context

# What a template sees besides the report's own fields (render.report_context and render.fill).
EXTRAS = {
    "period": "Отчетный период",
    "has_previous": "Есть ли цифры за тот же период прошлого года (да/нет)",
    "topics_by_count": "Разделы тематики от самого частого к самому редкому",
    "main_topic": "Раздел с наибольшим числом вопросов (пусто, если тематики нет)",
    "settlements_by_count": "Поселения (территории) от наибольшего числа обращений к наименьшему",
    "charts": "Диаграммы из папки charts/: {{ charts.имя }} в отдельном абзаце",
}

PERIOD = {
    "year": "Год числом",
    "kind": "Вид периода: H1, H2, Q1…Q4, 9M, пусто для года",
    "title": "Период в именительном падеже",
    "za": "«за …»",
    "v": "«в …»",
    "v_words": "«в …», номер словом",
    "year_short": "Год с «г.»",
    "since": "Сравнение с прошлым годом для compared: «чем за аналогичный период прошлого года», "
             "для годового отчета — «чем за прошлый год»",
    "since_year": "То же с годом: «чем за аналогичный период 2020 года», «чем за 2020 год»",
    "previous": "Тот же период годом раньше (АППГ), с теми же полями",
}

FIGURE = {
    "value": "Само число",
    "previous": "То же число за тот же период прошлого года (пусто, если неизвестно)",
    "whole": "Целое, долю которого составляет число (для тематик — вопросов всего)",
    "diff": "Разница с прошлым годом со знаком",
    "percent": "Изменение к прошлому году в процентах со знаком, для печати — через | change_percent "
               "(пусто, если прошлого значения нет или оно 0)",
    "direction": "Направление изменения: up, down, same (пусто, если сравнивать не с чем)",
    "share": "Доля от целого в процентах, для печати — через | percent (пусто, если целое 0 или неизвестно)",
    "ratio": "Во сколько раз число больше прошлогоднего, для печати — через | times "
             "(пусто, если прошлого значения нет или оно 0)",
}


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


def _properties(cls: type, titles: dict[str, str]) -> dict[str, str]:
    """Titles of a class's public fields and properties; a new one without a title fails loudly."""
    names = [f.name for f in dataclasses.fields(cls)]
    names += [name for name, value in vars(cls).items() if isinstance(value, property)]
    return {name: titles[name] for name in names}


def _period() -> Node:
    """The period's phrasings; its `previous` (a year back) has the same ones."""
    phrasings = {name: Node(title, leaf=True) for name, title in _properties(Period, PERIOD).items()
                 if name != "previous"}
    return Node(EXTRAS["period"], {**phrasings, "previous": Node(PERIOD["previous"], phrasings)})


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


def schema() -> dict[str, Node]:
    """Every top-level name of a template's context, with what lies below it."""
    from .charts import CHARTS_DIR, load_specs

    figure = {name: Node(title, leaf=True) for name, title in _properties(Figure, FIGURE).items()}
    names = _model(visible(), figure)
    topic = names["topics"].item
    assert topic is not None  # topics is a list of the model
    charts = {name: Node(f"Диаграмма «{spec.title}» ({CHARTS_DIR.name}/{name}.yaml); пусто, если цифр нет",
                         leaf=True) for name, spec in load_specs().items()}
    names.update({
        "period": _period(),
        "has_previous": Node(EXTRAS["has_previous"], leaf=True),
        "topics_by_count": Node(EXTRAS["topics_by_count"], item=topic),
        "main_topic": Node(EXTRAS["main_topic"], topic.children),
        "settlements_by_count": Node(EXTRAS["settlements_by_count"], item=names["settlements"].item),
        "charts": Node(EXTRAS["charts"], charts),
    })
    from .history import nodes

    names.update(nodes(Node, lambda leaf: _model(visible(), leaf), figure, _period()))
    return names


@dataclass(frozen=True)
class Variable:
    path: str     # as a template writes it; "topics[]" stands for an element of the list
    title: str
    example: str  # from the bundled examples; "" when none has it


def _contexts() -> list[dict[str, Any]]:
    from .load import load

    return [report_context(load(path)) for path in resources.EXAMPLES]


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
            return text.agree(len(value), "элемент")
        if node.children and not isinstance(value, Figure):
            return ""  # a section: its fields carry the examples
        if isinstance(value, bool):
            return "да" if value else "нет"
        shown = str(env.from_string("{{ value }}").render(value=value))
        return shown if len(shown) <= 60 else shown[:59] + "…"
    return ""


def variables() -> list[Variable]:
    """Every variable a template can use, with its Russian title and an example value.
    Fields shared by several names (those of every number, of every topic) are listed once."""
    env, contexts = environment(), _contexts()
    result: list[Variable] = []
    listed: set[int] = set()

    def walk(path: str, node: Node, expression: str) -> None:
        example = "" if path.startswith("charts") else _example(env, contexts, expression, node)
        result.append(Variable(path, node.title, example))
        if node.children and id(node.children) not in listed:
            listed.add(id(node.children))
            for name, child in node.children.items():
                walk(f"{path}.{name}", child, f"{expression}.{name}")
        if node.item is not None and id(node.item) not in listed:
            listed.add(id(node.item))
            listed.add(id(node.item.children))
            for name, child in node.item.children.items():
                walk(f"{path}[].{name}", child, f"{expression}[0].{name}")

    for name, node in schema().items():
        walk(name, node, name)
    return result


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
    for name, item in text.FILTERS.items():
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
    return sorted(set(environment().filters) - set(text.FILTERS))


def describe() -> str:
    """The text of `zapiska template vars`."""
    examples = " и ".join(path.relative_to(resources.ROOT / "data").as_posix() for path in resources.EXAMPLES)
    lines = [f"Переменные шаблона (примеры — из встроенных образцов {examples}).",
             "Запись topics[].name означает поле элемента списка: в цикле {% for t in topics %} это t.name.",
             "Поля written.total.previous, .diff, .percent, .share … есть у каждого числа;",
             "у элементов topics_by_count и у main_topic — те же поля, что у topics[].", ""]
    for variable in variables():
        example = f" (пример: {variable.example})" if variable.example else ""
        lines.append(f"{variable.path} — {variable.title}{example}")
    lines += ["", "Фильтры: {{ значение | фильтр }} или {{ значение | фильтр(параметры) }}.", ""]
    for item in filters():
        lines.append(f"{item.name} — {item.description}. Пример: {item.example} → {item.result}")
    lines += ["", "Стандартные фильтры Jinja: " + ", ".join(standard_filters()) + "."]
    return "\n".join(lines) + "\n"
