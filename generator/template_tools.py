"""What a department needs to change its templates safely: the variables and filters a
template can use (`zapiska template vars`), a check of a template before a build
(`zapiska template check`) and a copy of a default to start from (`zapiska template new`).

The report's fields and filters come from the code (the model's Russian titles,
text.FILTERS); the names render.report_context adds and the fields of a period and of a
figure are titled here (EXTRAS, PERIOD, FIGURE); a new field of a period or a figure without
a title here fails loudly. Templates are parsed with render.environment(), the one Jinja environment.
"""
from __future__ import annotations

import dataclasses
import difflib
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from . import resources, text
from .compare import Figure
from .errors import Problem, TemplateError
from .files import write_atomically
from .model import Spec, visible
from .period import Period
from .render import (
    DEFAULT_TEMPLATE,
    environment,
    fill,
    find_template,
    forbidden,
    open_template,
    paragraph_problem,
    report_context,
    template_problem,
    template_source,
)

EXAMPLES = resources.EXAMPLES

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

# Names Jinja itself provides inside loops and macros.
IMPLICIT = {"loop", "caller", "varargs", "kwargs", "self"}


# --- what a template can use --------------------------------------------------

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

    return [report_context(load(path)) for path in EXAMPLES]


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
    examples = " и ".join(path.relative_to(resources.ROOT / "data").as_posix() for path in EXAMPLES)
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


# --- checking a template ------------------------------------------------------

SLICE = object()  # a [a:b] subscript: the list stays a list


@dataclass
class _Finding:
    line: int
    message: str
    needle: str


class _Checker:
    """Walks a parsed template and notes unknown names, fields and filters and any reach
    for Python internals; the sandbox would refuse the latter at build time anyway."""

    def __init__(self, env: jinja2.Environment, ast: nodes.Template, names: dict[str, Node] | None = None):
        self.env, self.schema = env, names or schema()
        # Names the template assigns itself ({% set %}, loop targets, macro arguments): not checked.
        self.declared = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")} | IMPLICIT
        self.findings: list[_Finding] = []

    def visit(self, node: nodes.Node, scope: dict[str, Node | None]) -> None:
        if isinstance(node, nodes.For):
            self._for(node, scope)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            self._chain(node, scope)
            return
        if isinstance(node, nodes.Filter) and node.name not in self.env.filters:
            self._unknown(node.lineno, "неизвестный фильтр", node.name, list(self.env.filters))
        if isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
            name = node.args[0]
            if isinstance(name, nodes.Const) and str(name.value).startswith("_"):
                self.findings.append(_Finding(node.lineno, forbidden(name.value), name.value))
        if isinstance(node, nodes.Test) and node.name not in self.env.tests:
            self._unknown(node.lineno, "неизвестная проверка после is", node.name, list(self.env.tests))
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _for(self, node: nodes.For, scope: dict[str, Node | None]) -> None:
        self.visit(node.iter, scope)
        iterated = self._resolve(node.iter, scope)
        item = iterated.item if iterated is not None else None
        inner = dict(scope, loop=None)
        if isinstance(node.target, nodes.Name):
            inner[node.target.name] = item
        else:
            inner.update({n.name: None for n in node.target.find_all(nodes.Name)})
        for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
            self.visit(child, inner)

    def _resolve(self, node: nodes.Node, scope: dict[str, Node | None]) -> Node | None:
        """What an expression stands for, if it is a path we know (for typing loop variables)."""
        if isinstance(node, nodes.Filter) and node.node is not None and node.name in (
                "sort", "reverse", "list", "selectattr", "rejectattr"):
            return self._resolve(node.node, scope)
        root, parts = _split(node)
        if not isinstance(root, nodes.Name):
            return None
        current = scope.get(root.name) if root.name in scope else self.schema.get(root.name)
        for part in parts:
            if current is None or part is SLICE:
                continue
            current = current.item if not isinstance(part, str) else current.children.get(part)
        return current

    def _chain(self, node: nodes.Node, scope: dict[str, Node | None]) -> None:
        root, parts = _split(node)
        for sub in _dynamic_subscripts(node):
            self.visit(sub, scope)
        for part in parts:
            if isinstance(part, str) and part.startswith("_"):
                self.findings.append(_Finding(node.lineno, forbidden(part), part))
                return
        if not isinstance(root, nodes.Name):
            self.visit(root, scope)
            return
        if root.ctx != "load":
            return
        name = root.name
        if name in scope:
            current = scope[name]
        elif name in self.declared or (name not in self.schema and name in self.env.globals):
            return
        elif name in self.schema:
            current = self.schema[name]
        else:
            shown = _dotted(name, parts)
            self._unknown(node.lineno, "неизвестная переменная", shown, self._candidates(scope), shown)
            return
        for i, part in enumerate(parts):
            if current is None or current.leaf:
                return
            if part is SLICE:
                continue
            if not isinstance(part, str):  # [0] or [expression]
                if current.item is None:
                    return
                current = current.item
            elif part in current.children:
                current = current.children[part]
            else:
                known = list(current.paths(_dotted(name, parts[:i])))[1:]
                what = "неизвестное поле"
                if name == "charts" and i == 0:  # a chart is a file: name the one that is missing
                    from .charts import CHARTS_DIR

                    what = f"нет файла {CHARTS_DIR / f'{part}.yaml'} для диаграммы"
                self._unknown(node.lineno, what, _dotted(name, parts[:i + 1]), known, _dotted(name, parts))
                return

    def _candidates(self, scope: dict[str, Node | None]) -> list[str]:
        found = [path for name, node in self.schema.items() for path in node.paths(name)]
        return found + [path for name, node in scope.items() if node is not None for path in node.paths(name)]

    def _unknown(self, line: int, what: str, shown: str, candidates: list[str], written: str | None = None) -> None:
        close = difflib.get_close_matches(written or shown, candidates, n=1, cutoff=0.6)
        hint = f"; возможно, имелось в виду «{close[0]}»" if close else " (список: zapiska template vars)"
        self.findings.append(_Finding(line, f"{what} «{shown}»{hint}", shown))


def _split(node: nodes.Node) -> tuple[nodes.Node, list]:
    """a.b[0].c → (Name a, ["b", 0, "c"]); a subscript by an expression is None."""
    parts: list = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const):
            parts.append(node.arg.value)
        elif isinstance(node.arg, nodes.Slice):
            parts.append(SLICE)
        else:
            parts.append(None)
        node = node.node
    return node, parts[::-1]


def _dynamic_subscripts(node: nodes.Node) -> Iterator[nodes.Node]:
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
            yield node.arg
        node = node.node


def _dotted(name: str, parts: Sequence) -> str:
    shown = name
    for part in parts:
        shown += f".{part}" if isinstance(part, str) else "[…]" if part is None or part is SLICE else f"[{part}]"
    return shown


def check(template: Path, data: Sequence[Path] = EXAMPLES) -> list[Problem]:
    """Every problem of a template: Jinja syntax, unknown names, fields and filters, reaches for
    Python internals; when there are none, what goes wrong filling it with each `data` file."""
    doc = open_template(template)
    source = template_source(doc)
    env = environment()
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [template_problem(template, exc, source)]
    from . import summary

    used = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
    region = bool(used & summary.OWN)  # the region's summary has a context of its own
    checker = _Checker(env, ast, summary.schema() if region else None)
    checker.visit(ast, {})
    problems = [paragraph_problem(template, source, f.line, f.message, f.needle) for f in checker.findings]
    if problems or region:
        if region and not problems:
            try:
                summary.fill(summary.example(), template)
            except TemplateError as exc:
                problems = [dataclasses.replace(p, message=f"с цифрами образцов: {p.message}") for p in exc.problems]
        return problems
    from .load import load

    for path in data:
        try:
            fill(load(path), template)
        except TemplateError as exc:
            problems += [dataclasses.replace(p, message=f"с цифрами из {path}: {p.message}") for p in exc.problems]
    return problems


# --- a new template -----------------------------------------------------------

def new(destination: Path, source: str | None = None) -> Path:
    """Copy a template (a name in templates/ or a path) to `destination` (.docx added if
    missing); an existing file is never overwritten."""
    origin = find_template(source or DEFAULT_TEMPLATE)
    path = destination if destination.suffix.lower() == ".docx" else destination.with_name(destination.name + ".docx")
    write_atomically(path, lambda temporary: shutil.copyfile(origin, temporary), overwrite=False)
    return path
