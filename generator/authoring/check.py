"""`zapiska template check`: a template checked before a build. Its body, headers, footers and
footnotes (each a Jinja template of its own, as docxtpl fills them) are parsed with
render.environment(), the one Jinja environment, and walked against the catalogue of what a
template can use (catalogue.schema, or catalogue.summary_schema): unknown names, fields, filters and
reaches for Python internals are found without any figures. A template without such findings is
then filled with each data file, which finds what only real figures show.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from generator.authoring.catalogue import Node, schema, summary_example, summary_schema
from generator.core.errors import Problem, TemplateError
from generator.note import charts
from generator.note.build import fill
from generator.region.write import SUMMARY_CATEGORY
from generator.region.write import fill as fill_summary
from generator.render.diagnostics import (
    forbidden,
    open_blocks,
    paragraph_problem,
    template_parts,
    template_problem,
    template_source,
)
from generator.render.environment import environment
from generator.render.fill import open_template
from generator.store import resources
from generator.store.load import load

# Names Jinja itself provides inside loops and macros.
IMPLICIT = {"loop", "caller", "varargs", "kwargs", "self"}

SLICE = object()  # a [a:b] subscript: the list stays a list


@dataclass
class _Finding:
    line: int
    message: str
    needle: str


class _Checker:
    """Walks a parsed template and notes unknown names, fields and filters and any reach
    for Python internals; the sandbox would refuse the latter at build time anyway."""

    def __init__(self, env: jinja2.Environment, ast: nodes.Template, names: dict[str, Node]):
        self.env, self.schema = env, names
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
                    what = f"нет файла {charts.CHARTS_DIR / f'{part}.yaml'} для диаграммы"
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


def check(template: Path, data: Sequence[Path] = resources.SAMPLE_REPORTS, summary: bool = False) -> list[Problem]:
    """Every problem of a template, in its body, headers, footers and footnotes: Jinja syntax, unknown
    names, fields and filters, reaches for Python internals; when there are none, what goes wrong
    filling it with each `data` file (a note's) or the samples' region summary. A template is the
    summary's when `summary` says so or its properties do (Категория «сводка»). Then warnings:
    section breaks a condition or a loop decides on, a language other than Russian."""
    doc = open_template(template)
    summary = summary or doc.docx.core_properties.category.strip().casefold() == SUMMARY_CATEGORY
    return _problems(template, doc, data, summary) + _section_breaks(template, doc) + _language(template, doc)


def _language(template: Path, doc: Any) -> list[Problem]:
    """A warning when the document's default language (or its styles') is not Russian: Word would
    check the spelling of the Russian text in that language and hyphenate none of it."""
    styles = doc.docx.styles.element
    marked = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val | ./w:style/w:rPr/w:lang/@w:val")
    other = sorted({lang for lang in marked if not lang.lower().startswith("ru")})
    if not other:
        return []
    return [Problem(template, 0, 0, f"текст шаблона размечен как написанный на языке {', '.join(other)}, а не "
                                    "на русском: Word проверит орфографию не по-русски и не расставит переносы; "
                                    "в Word: Главная → Стили → «Обычный» → Изменить → Формат → Язык → русский, "
                                    "«Использовать по умолчанию»", warning=True)]


_MARK = "zapiska-section"  # an attribute a section break is marked with to find it in the Jinja source

# A section break on a paragraph inside a block: what becomes of it.
_BROKEN = {
    "if": ("разрыв раздела стоит в абзаце внутри условия {{% if %}}: когда условие не выполнится, абзац не "
           "попадет в документ вместе с разрывом, и раздел {0} сольется со следующим (возьмет его колонтитулы, "
           "ориентацию и поля страниц); если раздел нужен всегда, поставьте разрыв в отдельный пустой абзац "
           "после {{%p endif %}}"),
    "for": ("разрыв раздела стоит в абзаце внутри цикла {{% for %}}: раздел {0} повторится столько раз, сколько "
            "проходов у цикла; если нужен один разрыв, поставьте его в отдельный пустой абзац после {{%p endfor %}}"),
}


def _section_breaks(template: Path, doc: Any) -> list[Problem]:
    """A warning for each section break (but those on {%p %} paragraphs, which a build keeps) on a
    paragraph inside {% if %} or {% for %}: the break, and with it a section, goes or repeats with the
    paragraph. It may be meant so: a section that only some municipalities have."""
    breaks = doc.docx.element.body.xpath("./w:p/w:pPr/w:sectPr")
    for number, section in enumerate(breaks, 1):  # marked to find them in the source Jinja is given
        section.set(_MARK, str(number))
    try:
        source = template_source(doc)
    finally:
        for section in breaks:
            del section.attrib[_MARK]
    warnings = []
    for mark in re.finditer(f'{_MARK}="(\\d+)"', source):
        try:
            blocks = [name for name, _ in open_blocks(source[:mark.start()]) if name in _BROKEN]
        except jinja2.TemplateSyntaxError:  # check has said what is wrong with the tags
            return []
        if blocks:
            line = source.count("\n", 0, mark.start()) + 1
            found = paragraph_problem(template, source, line, _BROKEN[blocks[-1]].format(mark.group(1)))
            warnings.append(dataclasses.replace(found, warning=True))
    return warnings


def _problems(template: Path, doc: Any, data: Sequence[Path], region: bool) -> list[Problem]:
    env = environment()
    parsed, problems = [], []
    for where, part in template_parts(doc):  # each its own Jinja template, as docxtpl fills them
        source = template_source(doc, part)
        try:
            parsed.append((where, source, env.parse(source)))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(template, exc, source, where))
    names = summary_schema() if region else schema()
    for where, source, ast in parsed:
        checker = _Checker(env, ast, names)
        checker.visit(ast, {})
        problems += [paragraph_problem(template, source, f.line, f.message, f.needle, where) for f in checker.findings]
    if problems or region:
        if region and not problems:
            try:
                fill_summary(summary_example(), template)
            except TemplateError as exc:
                problems = [dataclasses.replace(p, message=f"с цифрами образцов: {p.message}") for p in exc.problems]
        return problems
    for path in data:
        try:
            fill(load(path), template)
        except TemplateError as exc:
            problems += [dataclasses.replace(p, message=f"с цифрами из {path}: {p.message}") for p in exc.problems]
    return problems
