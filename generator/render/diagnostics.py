"""Where a template goes wrong, said in the department's words: a Jinja error or a finding of
`template check` becomes a Problem FILE:PARAGRAPH:COLUMN that quotes the paragraph at fault.

docxtpl hands Jinja the document's XML one paragraph a line (template_source), so a Jinja
line number is a paragraph number. Headers, footers and footnotes are Jinja templates of their
own (template_parts): a mistake there is named by the part, «верхний колонтитул», not by a number
that would point into the body.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from generator.core.errors import Problem, translate
from generator.render.environment import environment

# What docxtpl fills besides the body, named as Word names it.
HEADER, FOOTER = "верхний колонтитул", "нижний колонтитул"
PROPERTIES = "свойства документа (Файл → Сведения)"  # title, subject, author … docxtpl fills them too
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_PAGES = {"first": " первой страницы", "even": " четной страницы"}


def template_parts(doc: Any) -> list[tuple[str, Any]]:
    """Every part docxtpl fills, in its order, with where it is in the department's words:
    the body (""), each header and footer («верхний колонтитул первой страницы раздела 2»), the footnotes."""
    names = _header_footer_names(doc)
    parts = [("", doc.docx.part)]
    for uri, kind in ((doc.HEADER_URI, HEADER), (doc.FOOTER_URI, FOOTER)):
        parts += [(names.get(key, kind), part) for key, part in doc.get_headers_footers(uri)]
    return parts + [("сноски", part) for part in doc.docx.part.package.parts if part.content_type == FOOTNOTES]


def _header_footer_names(doc: Any) -> dict[str, str]:
    """Each header's and footer's relationship id → its name; the section is named only when
    there are several, and a part several sections share by the first of them."""
    from docx.oxml.ns import qn  # python-docx and docxtpl only with a template: check never loads them

    # As Word counts them: a break in a table cell is no section break.
    sections = doc.docx.element.body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")
    names: dict[str, str] = {}
    for number, section in enumerate(sections, 1):
        for reference in section.iterchildren(qn("w:headerReference"), qn("w:footerReference")):
            kind = HEADER if reference.tag == qn("w:headerReference") else FOOTER
            name = kind + _PAGES.get(reference.get(qn("w:type")), "")
            names.setdefault(reference.get(qn("r:id")), name + (f" раздела {number}" if len(sections) > 1 else ""))
    return names


def template_source(doc: Any, part: Any = None) -> str:
    """The XML of the body (or of another part) the way docxtpl hands it to Jinja:
    one paragraph a line, so a Jinja line number is a paragraph number."""
    if part is None or part is doc.docx.part:
        xml = doc.get_xml()
    elif part.content_type == FOOTNOTES:  # docxtpl reads the footnotes from their bytes, declaration and all
        xml = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
    else:
        xml = doc.get_part_xml(part)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(xml))


def rendering_problem(template: Path, doc: Any, exc: Exception) -> Problem:
    """An error docxtpl raised while filling `doc`, placed in the part it was filling. The part is
    found in the template as it is on disk: the filled body may have more or fewer section breaks
    (on paragraphs in a {%p for %} or a false {%p if %}), and the sections would be numbered
    otherwise than by check."""
    from docxtpl import DocxTemplate

    if any(frame.f_code.co_name == "render_properties" for frame, _ in _frames(exc)):
        return template_problem(template, exc, None, PROPERTIES)  # its rendering part is still the last one filled
    failed = getattr(doc, "current_rendering_part", None) or doc.docx.part
    pristine = DocxTemplate(template)
    pristine.init_docx()
    for where, part in template_parts(pristine):
        if part.partname == failed.partname:
            return template_problem(template, exc, template_source(pristine, part), where)
    return template_problem(template, exc, template_source(doc, failed))


def template_problem(template: Path, exc: Exception, source: str | None = None, where: str = "") -> Problem:
    """A Jinja error as FILE:PARAGRAPH:COL with the paragraph's text and a hint (`where`: see paragraph_problem)."""
    line = getattr(exc, "lineno", None) or _template_line(exc)
    unclosed = re.search(_UNCLOSED, getattr(exc, "message", None) or "")
    if unclosed and source is not None:
        line = _opened_at(source, unclosed.group(1)) or line  # Jinja points at the end of the template
    message, needle = _explain(exc)
    return paragraph_problem(template, source, line, message, needle, where)


def _opened_at(source: str, block: str) -> int | None:
    """The line of the innermost `{% block %}` left open."""
    lines = [line for name, line in open_blocks(source) if name == block]
    return lines[-1] if lines else None


def open_blocks(source: str) -> list[tuple[str, int]]:
    """The blocks ({% if %}, {% for %} …) open at the end of `source`, outermost first, each with
    the line it opens on."""

    stack: list[tuple[str, int]] = []
    tokens = [t for t in environment().lex(source) if t[1] != "whitespace"]
    for (line, kind, _), (_, _, name) in zip(tokens, tokens[1:]):
        if kind != "block_begin":
            continue
        if name.startswith("end") and stack and stack[-1][0] == name[3:]:
            stack.pop()
        elif name in ("if", "for", "with", "macro", "call", "filter", "block"):
            stack.append((name, line))
    return stack


def paragraph_problem(template: Path, source: str | None, line: int | None, message: str,
                      needle: str | None = None, where: str = "") -> Problem:
    """FILE:PARAGRAPH:COL: message — в абзаце «…», where COL is where `needle` stands in the
    paragraph's text (1 when it is not found) and the quote shows that place. Outside the body
    (`where` names a header, a footer, the footnotes) a paragraph number would point into the
    body: FILE:0:0: верхний колонтитул: message — в абзаце «…»."""
    paragraph = ""
    if source is not None and line:
        lines = source.splitlines()
        if 0 < line <= len(lines):
            paragraph = html.unescape(re.sub(r"<[^>]+>", "", lines[line - 1])).strip()
    column = paragraph.find(needle) + 1 if needle and needle in paragraph else 1
    if where:
        return Problem(template, 0, 0, f"{where}: {message}{_quote(paragraph, column)}")
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
    lines = [line for frame, line in _frames(exc) if frame.f_code.co_filename == "<template>"]
    return lines[-1] if lines else None


def _frames(exc: Exception) -> Iterator[tuple[FrameType, int]]:
    """The traceback's frames from the outermost, each with its current line."""
    tb = exc.__traceback__
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


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
