"""Where a template goes wrong, said in the department's words: a Jinja error or a finding of
`template check` becomes a Problem FILE:PARAGRAPH:COLUMN that quotes the paragraph at fault.

docxtpl hands Jinja the document's XML one paragraph a line (template_source), so a Jinja
line number is a paragraph number.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from .errors import Problem, translate


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
    from .render import environment  # render fills templates through this module: import when needed

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
