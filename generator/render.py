"""Render a report into a .docx through a department's template (docxtpl, sandboxed Jinja).

One Jinja environment factory serves build, `template check` and the web preview.
Output is written atomically: a failed build never leaves a partial .docx behind
and never replaces a good one.
"""
from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from . import history, limits, resources, text
from .compare import Figure, compare
from .errors import Problem, TemplateError, ZapiskaError, translate
from .files import write_atomically
from .load import Loaded
from .model import HIDDEN

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


def report_context(loaded: Loaded) -> dict[str, Any]:
    """What a template sees: the report with Figures, the period and derived lists."""
    context = compare(loaded.report, loaded.previous)
    for hidden in HIDDEN:
        del context[hidden]
    context["period"] = loaded.period
    context["has_previous"] = loaded.previous is not None
    context["topics_by_count"] = sorted(context["topics"], key=lambda t: -t["count"].value)
    context["main_topic"] = context["topics_by_count"][0] if context["topics"] else None
    context["settlements_by_count"] = sorted(context["settlements"], key=lambda s: -s["count"].value)
    context.update(history.context(loaded.report, loaded.previous, loaded.period,
                                   history.earlier(loaded.path, loaded.period)))
    return context


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


def template_source(doc: Any, part: Any = None) -> str:
    """The XML of the body (or of a header/footer part) the way docxtpl hands it to Jinja:
    one paragraph a line, so a Jinja line number is a paragraph number."""
    xml = doc.get_xml() if part is None or part is doc.docx._part else doc.get_part_xml(part)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(xml))


def template_problem(template: Path, exc: Exception, source: str | None = None) -> Problem:
    """A Jinja error as FILE:PARAGRAPH:1 with the paragraph's text and a hint."""
    line = getattr(exc, "lineno", None) or _template_line(exc)
    unclosed = re.search(_UNCLOSED, getattr(exc, "message", None) or "")
    if unclosed and source is not None:
        line = _opened_at(source, unclosed.group(1)) or line  # Jinja points at the end of the template
    message, needle = _explain(exc)
    return paragraph_problem(template, source, line, message, needle)


def _opened_at(source: str, block: str) -> int | None:
    """The line of the innermost `{% block %}` left open."""
    stack: list[tuple[str, int]] = []
    tokens = [t for t in environment().lex(source) if t[1] != "whitespace"]
    for (line, kind, _), (_, _, name) in zip(tokens, tokens[1:]):
        if kind != "block_begin":
            continue
        if name.startswith("end") and stack and stack[-1][0] == name[3:]:
            stack.pop()
        elif name in ("if", "for", "with", "macro", "call", "filter", "block"):
            stack.append((name, line))
    lines = [line for name, line in stack if name == block]
    return lines[-1] if lines else None


def paragraph_problem(template: Path, source: str | None, line: int | None, message: str,
                      needle: str | None = None) -> Problem:
    """FILE:PARAGRAPH:COL: message — в абзаце «…», where COL is where `needle` stands in the
    paragraph's text (1 when it is not found) and the quote shows that place."""
    paragraph = ""
    if source is not None and line:
        lines = source.splitlines()
        if 0 < line <= len(lines):
            paragraph = html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).strip()
    column = paragraph.find(needle) + 1 if needle and needle in paragraph else 1
    return Problem(template, max((line or 1) - 1, 1), column, message + _quote(paragraph, column))


def _quote(paragraph: str, column: int, width: int = 120) -> str:
    if not paragraph:
        return ""
    start = max(0, min(column - 1 - width // 3, len(paragraph) - width))
    excerpt = paragraph[start:start + width]
    if start:
        excerpt = "…" + excerpt
    if start + width < len(paragraph):
        excerpt += "…"
    return f" — в абзаце «{excerpt}»"


def _template_line(exc: Exception) -> int | None:
    """Jinja marks its runtime errors with the template line in the traceback."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def forbidden(name: str) -> str:
    """The message for a template that reaches for Python internals (the sandbox refuses)."""
    return f"шаблону запрещено обращаться к внутренностям Python («{name}»): такие шаблоны не заполняются"


_UNCLOSED = r"^Unexpected end of template.*innermost block that needs to be closed is '(\w+)'"

# Jinja's syntax complaints in the department's words: (pattern, message with the groups).
_SYNTAX = [
    (_UNCLOSED, "блок {{% {0} %}} не закрыт: нет {{% end{0} %}}"),
    (r"^Encountered unknown tag '(end\w+)'.*innermost block that needs to be closed is '(\w+)'",
     "тег {{% {0} %}} не на своем месте: сначала закройте {{% {1} %}} тегом {{% end{1} %}}"),
    (r"^Encountered unknown tag '(end\w+)'", "лишний тег {{% {0} %}}: блок, который он закрывает, не открыт"),
    (r"^Encountered unknown tag '(\w+)'", "неизвестный тег {{% {0} %}}"),
    (r"^unexpected '([}\])])'", "лишняя скобка «{0}»"),
    (r"^unexpected end of template, expected 'end of print statement'", "не закрыты скобки }}}}"),
    (r"^expected token 'end of print statement', got '(.+)'",
     "лишнее «{0}» внутри {{{{ … }}}}: там одно выражение, например {{{{ written.total | agree('обращение') }}}}"),
    (r"^expected token 'name', got", "после «|» должно стоять имя фильтра"),
    (r"^unexpected char (.+) at \d+", "неожиданный символ {0}: не закрыта кавычка?"),
    (r"^Expected an expression", "в теге не хватает выражения"),
]


def _syntax(message: str) -> str:
    return translate(message, _SYNTAX) or f"{message} (проверьте парность {{% if %}}/{{% endif %}} и скобок)"


def _explain(exc: Exception) -> tuple[str, str | None]:
    """The Russian message for a Jinja error and the name it is about (to find in the paragraph)."""
    if isinstance(exc, SecurityError):
        name = re.search(r"attribute '([^']+)'", str(exc))
        return forbidden(name.group(1) if name else str(exc)), name and name.group(1)
    if isinstance(exc, jinja2.UndefinedError):
        field = re.search(r"^'([^']+)' has no attribute '([^']+)'", str(exc))
        if field and field.group(1) == "None":
            return (f"поле «{field.group(2)}» взято у раздела, которого нет в цифрах: поставьте абзац "
                    "внутрь {%p if раздел %} … {%p endif %}"), field.group(2)
        quoted = re.search(r"'([^']+)'", str(exc))
        shown = field.group(2) if field else quoted.group(1) if quoted else str(exc)
        return f"неизвестная переменная или поле «{shown}» (список: zapiska template vars)", shown
    if isinstance(exc, RecursionError):
        return "макрос шаблона вызывает сам себя без конца: проверьте условие выхода из {% macro %}", None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"ошибка в тегах шаблона: {_syntax(exc.message or '')}", None
    return f"ошибка при заполнении шаблона: {exc}", None


def open_template(template: Path) -> Any:
    """The .docx as a docxtpl document, or a TemplateError saying it is not one."""
    from docxtpl import DocxTemplate

    if not Path(template).is_file():
        raise TemplateError([Problem(template, 0, 0, "шаблон не найден")])
    refused = limits.check_archive(template)
    if refused:
        raise TemplateError([Problem(template, 0, 0, refused)])
    try:
        doc = DocxTemplate(template)
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
    return fill_template(template, context, load_specs(), lambda spec: draw(spec, context), CHARTS_DIR)


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
        source = template_source(doc, getattr(doc, "current_rendering_part", None))
        raise TemplateError([template_problem(template, exc, source)]) from None
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
