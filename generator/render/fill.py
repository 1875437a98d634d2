"""Filling a .docx template in memory (docxtpl in the sandboxed environment) and writing it.

Any failure while filling is the template's and names its paragraph; the output is written
atomically: a failed build never leaves a partial .docx behind and never replaces a good one.
"""
from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from generator.core.errors import Problem, TemplateError, ZapiskaError
from generator.render import archive, limits
from generator.render.chartdata import ChartData
from generator.render.diagnostics import rendering_problem
from generator.render.environment import environment
from generator.store.files import write_atomically

Shows = Callable[[Any], ChartData | None]


class Charts(Mapping):
    """charts.<name> in a template: each chart is made only when the template uses it, as a
    native Word chart (a picture when its spec says `picture: true`). `specs` by name,
    `shows(spec)` what the chart shows (None when nothing), `folder` where the specs live (to name
    a missing one)."""

    def __init__(self, doc: Any, specs: Mapping[str, Any], shows: Shows, folder: Path):
        self._doc, self._specs, self._shows, self._folder = doc, specs, shows, folder
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            spec = self._specs.get(name)
            if spec is None:  # charts/ incomplete: say which file is missing, not "unknown variable"
                raise TemplateError([Problem(self._folder / f"{name}.yaml", 0, 0,
                                             f"нет описания диаграммы «{name}», которую использует шаблон")])
            data = self._shows(spec)
            self._made[name] = data and in_document(self._doc, data)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


def in_document(doc: Any, data: ChartData) -> Any:
    """A chart for docxtpl's context: a native chart, or a picture when the spec asks for one."""
    if data.picture:
        from docx.shared import Cm
        from docxtpl import InlineImage

        from generator.render.drawing import picture

        return InlineImage(doc, io.BytesIO(picture(data)), width=Cm(data.width_cm))
    from generator.render.wordchart import NativeChart

    return NativeChart(doc, data)


def open_template(template: Path) -> Any:
    """The .docx as a docxtpl document, or a TemplateError saying it is not one."""
    from generator.render.word import WordTemplate

    if not Path(template).is_file():
        raise TemplateError([Problem(template, 0, 0, "шаблон не найден")])
    refused = archive.check_archive(template)
    if refused:
        raise TemplateError([Problem(template, 0, 0, refused)])
    try:
        doc = WordTemplate(template)
        doc.init_docx()
        if doc.docx.element.body is None:  # a document part without a body: nothing to fill
            raise ValueError("no body")
    except Exception:  # python-docx raises many kinds for a file that is not a .docx
        raise TemplateError([Problem(template, 0, 0, "не открывается как документ Word: сохраните шаблон в Word "
                                                     "как «Документ Word (*.docx)»")]) from None
    return doc


def fill_template(template: Path, context: dict[str, Any], specs: Mapping[str, Any], shows: Shows,
                  charts_folder: Path) -> Any:
    """Any template (a note's, the summary's) filled with `context` and its charts, in memory.

    Any failure while filling is the template's: it becomes a TemplateError naming the paragraph;
    the time limit holds for all of it (render/limits.within_time).
    """
    return limits.within_time(template, lambda: _filled(template, context, specs, shows, charts_folder))


def _filled(template: Path, context: dict[str, Any], specs: Mapping[str, Any], shows: Shows,
            charts_folder: Path) -> Any:
    doc = open_template(template)
    try:
        doc.render(dict(context, charts=Charts(doc, specs, shows, charts_folder)), environment(), autoescape=True)
    except ZapiskaError:
        raise  # a broken chart spec names its own file
    except Exception as exc:  # a template can fail in any way Jinja or a filter can
        raise TemplateError([rendering_problem(template, doc, exc)]) from None
    return doc


TITLE_STYLES = ("ZTitle", "ZSubtitle")  # the bundled templates' title lines (scripts/make_templates.py)


def stamp(document: Any, author: str, today: date | None = None) -> None:
    """File → Properties of a built document: its title (the title lines at its top, else its first
    line), `author` (the administration), created and modified on the build's date."""
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    titled = list(itertools.takewhile(lambda p: p.style is not None and p.style.style_id in TITLE_STYLES, paragraphs))
    title = " ".join(p.text for p in (titled or paragraphs[:1]))
    when = datetime.combine(today or date.today(), time())
    props = document.core_properties
    props.title = " ".join(title.split())[:255]
    props.author = props.last_modified_by = author
    props.created = props.modified = when
    props.revision = 1
    props.language = "ru-RU"


def save_document(document: Any, out: Path) -> None:
    """Write a filled document to `out` atomically."""

    def save(temporary: str) -> None:
        content = io.BytesIO()  # zipped in memory: a full disk fails one write, not the zip writer's cleanup
        document.save(content)
        Path(temporary).write_bytes(content.getvalue())

    write_atomically(out, save)
