"""Render a report into a .docx through a department's template (docxtpl, sandboxed Jinja).

One Jinja environment factory serves build, `template check` and the web preview.
Output is written atomically: a failed build never leaves a partial .docx behind
and never replaces a good one.
"""
from __future__ import annotations

import io
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import limits, resources, text
from .compare import Figure
from .context import report_context
from .diagnostics import rendering_problem
from .errors import Problem, TemplateError, ZapiskaError
from .files import write_atomically
from .load import Loaded

TEMPLATES_DIR = resources.TEMPLATES
DEFAULT_TEMPLATE = "poyasnitelnaya-zapiska"
FOLDER_TEMPLATE = "template.docx"  # a municipality's own template beside its data


def _finalize(value: Any) -> Any:
    # {{ written.total }} prints the number the Russian way; an absent optional value prints nothing.
    if isinstance(value, Figure) or (isinstance(value, int) and not isinstance(value, bool)):
        return text.number(value)
    return "" if value is None else value


def environment() -> SandboxedEnvironment:
    """The sandboxed Jinja environment every template is rendered in, with a budget for one document."""
    env = limits.LimitedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize)
    env.filters = limits.limited_filters({**env.filters, **text.jinja_filters()})
    return env


def resolve_template(loaded: Loaded, override: Path | str | None = None) -> Path:
    """-t wins; then the data's `template:` (a name in templates/ or a path beside the data);
    then the folder's own template.docx; then the default template."""
    if override is not None:
        candidates = [Path(override)]
    elif loaded.report.template:
        candidates = _named(loaded.report.template, loaded.path.parent)
    else:
        candidates = [loaded.path.parent / FOLDER_TEMPLATE, TEMPLATES_DIR / f"{DEFAULT_TEMPLATE}.docx"]
    return _first_file(candidates, loaded.path)


def find_template(name: str) -> Path:
    """A template given as a path or as a name in templates/ (with or without .docx)."""
    return _first_file(_named(name, Path.cwd()), None)


def new_template(destination: Path, source: str | None = None) -> Path:
    """Copy a template (a name in templates/ or a path) to `destination` (.docx added if
    missing); an existing file is never overwritten."""
    origin = find_template(source or DEFAULT_TEMPLATE)
    path = destination if destination.suffix.lower() == ".docx" else destination.with_name(destination.name + ".docx")
    write_atomically(path, lambda temporary: shutil.copyfile(origin, temporary), overwrite=False)
    return path


def _named(name: str, base: Path) -> list[Path]:
    return [base / name, TEMPLATES_DIR / name, TEMPLATES_DIR / f"{name}.docx"]


def _first_file(candidates: list[Path], asked_in: Path | None) -> Path:
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(candidate) for candidate in dict.fromkeys(candidates))
    raise TemplateError([Problem(asked_in, 0, 0, f"шаблон не найден; искали: {looked}")])


class Charts(Mapping):
    """charts.<name> in a template: each chart is drawn only when the template uses it.
    `specs` by name, `draw(spec)` the PNG (None when there is nothing to draw), `folder` where
    the specs live (to name a missing one)."""

    def __init__(self, doc: Any, specs: Mapping[str, Any], draw: Callable[[Any], bytes | None], folder: Path):
        self._doc, self._specs, self._draw, self._folder = doc, specs, draw, folder
        self._drawn: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._drawn:
            from docx.shared import Cm
            from docxtpl import InlineImage

            spec = self._specs.get(name)
            if spec is None:  # charts/ incomplete: say which file is missing, not "unknown variable"
                raise TemplateError([Problem(self._folder / f"{name}.yaml", 0, 0,
                                             f"нет описания диаграммы «{name}», которую использует шаблон")])
            png = self._draw(spec)
            self._drawn[name] = png and InlineImage(self._doc, io.BytesIO(png), width=Cm(spec.width_cm))
        return self._drawn[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


def open_template(template: Path) -> Any:
    """The .docx as a docxtpl document, or a TemplateError saying it is not one."""
    from .docx_template import WordTemplate

    if not Path(template).is_file():
        raise TemplateError([Problem(template, 0, 0, "шаблон не найден")])
    refused = limits.check_archive(template)
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


def fill(loaded: Loaded, template: Path) -> Any:
    """The template filled with the report, in memory (a docxtpl document)."""
    from .charts import CHARTS_DIR, draw, load_specs

    context = report_context(loaded)
    return fill_template(template, context.mapping(), load_specs(),
                         lambda spec: draw(spec, context.figures, context.period, context.history), CHARTS_DIR)


def fill_template(template: Path, context: dict[str, Any], specs: Mapping[str, Any],
                  draw: Callable[[Any], bytes | None], charts_folder: Path) -> Any:
    """Any template (a note's, the summary's) filled with `context` and its charts, in memory.

    Any failure while filling is the template's: it becomes a TemplateError naming the paragraph.
    """
    doc = open_template(template)
    try:
        doc.render(dict(context, charts=Charts(doc, specs, draw, charts_folder)), environment(), autoescape=True)
    except ZapiskaError:
        raise  # a broken chart spec names its own file
    except Exception as exc:  # a template can fail in any way Jinja or a filter can
        raise TemplateError([rendering_problem(template, doc, exc)]) from None
    return doc


def save_document(document: Any, out: Path) -> None:
    """Write a filled document to `out` atomically."""

    def save(temporary: str) -> None:
        content = io.BytesIO()  # zipped in memory: a full disk fails one write, not the zip writer's cleanup
        document.save(content)
        Path(temporary).write_bytes(content.getvalue())

    write_atomically(out, save)


def render(loaded: Loaded, template: Path, out: Path) -> Path:
    """Fill `template` with the report and write `out` atomically."""
    _check_output(loaded, template, out)
    save_document(fill(loaded, template), out)
    return out


def _check_output(loaded: Loaded, template: Path, out: Path) -> None:
    """A slip in -o must not destroy what the document is made from."""
    if out.suffix.lower() != ".docx":
        raise ZapiskaError([Problem(out, 0, 0, "документ Word должен называться *.docx")])
    sources = {path.resolve() for path in (loaded.path, loaded.previous_path, template)}
    if out.resolve() in sources:
        raise ZapiskaError([Problem(out, 0, 0, "сюда нельзя писать документ: это файл, из которого он "
                                               "собирается (данные или шаблон); укажите другое имя")])
