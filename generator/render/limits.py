"""Limits on what a template can cost: time, work, sizes of strings and numbers, and the size
of the .docx it comes in; and a strict check of the XML a template renders.

A department's template is trusted with Jinja, not with the machine: a loop of loops, a huge
power or `'a'|center(10**9)` must end in a Russian message, not in a hang or a full memory,
and a rendered part that is not well-formed XML must stop the build instead of being cut
silently by docxtpl's forgiving parser.
"""
from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any, TypeVar

import markupsafe
from jinja2 import Template, nodes
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from generator.core.errors import Problem, TemplateError
from generator.store.reader import BAD_CHARACTERS

MAX_SECONDS = 60.0  # the whole document, charts included; a real template takes about a second
MAX_STEPS = 200_000  # loop passes and blocks entered; a real template makes a few hundred
MAX_TEXT = 1_000_000  # characters in one string or items in one list
MAX_OUTPUT = 20_000_000  # characters printed through {{ … }} in the whole document
MAX_INT_BITS = 10_000  # about 3 000 digits
MAX_LIPSUM_WORDS = 10_000  # lipsum(n, html, min, max) makes up to n × max words
COMPILED_KEPT = 64  # compiled template parts a process keeps (a template has a body, headers, footers…)

_compiled: dict[tuple[Any, ...], CodeType] = {}
T = TypeVar("T")


class LimitError(Exception):
    """A template went over a limit; the message is Russian."""


def _refuse(what: str) -> LimitError:
    return LimitError(f"шаблон требует слишком много ресурсов: {what}; "
                      "упростите шаблон (циклы, повторение строк, степени)")


class _Generator(CodeGenerator):
    """Compiles every block (loop pass, if branch, macro call) and every filtered-loop test
    with a step of the budget, and every ~ concatenation with a size check."""

    def blockvisit(self, body: Any, frame: Frame) -> None:
        self.writeline("environment.step()")
        super().blockvisit(body, frame)

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if node.test is not None:
            step = nodes.Call(nodes.EnvironmentAttribute("step"), [], [], None, None)
            node.test = nodes.And(step, node.test)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


class _CheckedTemplate(Template):
    """A rendered XML part is checked strictly before docxtpl reads it forgivingly."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        result = super().render(*args, **kwargs)
        check_xml(result)
        return result


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox with a budget: one environment renders one document."""

    code_generator_class = _Generator
    template_class = _CheckedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, finalize: Callable[[Any], Any] | None = None, **kwargs: Any):
        self.deadline = time.monotonic() + MAX_SECONDS
        self.steps = self.output = 0
        self._finalize_value = finalize or (lambda value: value)
        super().__init__(*args, finalize=self._counted, **kwargs)
        if "lipsum" in self.globals:
            self.globals["lipsum"] = _lipsum(self.globals["lipsum"])  # type: ignore[arg-type]

    def compile(self, source: str | nodes.Template, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        """Jinja compiles a template's text every time it is handed one (docxtpl: each part of each
        document). The same text compiles to the same code in every environment set up alike, so
        the code is kept: in the process (a batch worker, the web form fill many documents) and in
        Jinja's bytecode cache in the user's temporary folder (each `zapiska build` is a new process)."""
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        if not isinstance(source, str):  # a parsed template: nothing to know it by
            return super().compile(source, name, filename, False, defer_init)
        # What compiling depends on besides the text: the filters and tests it checks names against.
        key = (source, name, filename, defer_init, self.autoescape, *self.filters, "|", *self.tests)
        code = _compiled.get(key)
        if code is None:
            bucket = _stored(self, key)
            code = bucket.code if bucket is not None else None
            if code is None:
                code = super().compile(source, name, filename, False, defer_init)
                _store(bucket, code)
            if len(_compiled) >= COMPILED_KEPT:
                _compiled.clear()
            _compiled[key] = code
        return code

    def step(self) -> bool:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _refuse(f"больше {MAX_STEPS:_} повторений циклов".replace("_", " "))
        if time.monotonic() > self.deadline:
            raise _refuse(f"заполнение идет дольше {MAX_SECONDS:.0f} секунд")
        return True

    def sized(self, value: Any) -> Any:
        """The value itself, or LimitError when it is a string, list or number too large."""
        if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_TEXT:
            raise _refuse(f"строка или список длиннее {MAX_TEXT:_}".replace("_", " ") + " знаков")
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise _refuse("слишком большое число")
        return value

    def _counted(self, value: Any) -> Any:
        value = self._finalize_value(value)
        if hasattr(value, "__html__") and not isinstance(value, str):
            # Printed once: a chart adds its part to the document each time it is made into text.
            value = markupsafe.Markup(value.__html__())
        self.output += len(str(value))
        if self.output > MAX_OUTPUT:
            raise _refuse("слишком длинный текст документа")
        return value

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return self.sized(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        # A method of a string or list sizes what it makes by its arguments (ljust, zfill, format).
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, (str, list, tuple, dict)):
            _check_sizes(args, kwargs)
            if isinstance(owner, str):
                _check_format(owner, args)
                _check_made(owner, getattr(method, "__name__", ""), args)
            else:
                _check_growth(owner, getattr(method, "__name__", ""), args)
        return __self.sized(super().call(__context, __obj, *args, **kwargs))


def _check_made(text: str, name: str, args: tuple) -> None:
    """The size a string method will make, checked before it makes it."""
    if name == "replace" and len(args) >= 2:
        _check_replace(text, str(args[0]), str(args[1]), args[2] if len(args) >= 3 else -1)
    elif name == "join" and args and isinstance(args[0], (list, tuple)):
        if sum(len(str(item)) for item in args[0]) + len(text) * len(args[0]) > MAX_TEXT:
            raise _refuse("слишком длинная строка после соединения")
    elif name == "expandtabs":
        width = args[0] if args and isinstance(args[0], int) else 8
        if len(text) + text.count("\t") * max(width, 0) > MAX_TEXT:
            raise _refuse("слишком длинная строка после замены табуляций")


def _check_replace(text: str, old: str, new: str, most: Any = -1) -> None:
    count = text.count(old)  # an empty `old` is found len(text) + 1 times
    if isinstance(most, int) and most >= 0:
        count = min(count, most)
    if len(text) + count * len(new) > MAX_TEXT:
        raise _refuse("слишком длинная строка после замены")


def _check_growth(owner: list | tuple | dict, name: str, args: tuple) -> None:
    """x.extend(x), x.append(…), x.update(…) grow the list in place (they return None, so the
    result's size check never sees it): the size it will have is checked before the call."""
    if name in ("extend", "update", "__iadd__"):
        added = sum(len(a) if hasattr(a, "__len__") else MAX_TEXT + 1 for a in args)
    elif name in ("append", "insert", "setdefault"):
        added = 1
    else:
        return
    if len(owner) + added > MAX_TEXT:
        raise _refuse(f"строка или список длиннее {MAX_TEXT:_}".replace("_", " ") + " знаков")


def _lipsum(generate: Callable[..., str]) -> Callable[..., str]:
    """Jinja's lipsum(n, html, min, max) with its size checked before it makes the text."""

    def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
        if any(not isinstance(v, int) for v in (n, min, max)) or n * max > MAX_LIPSUM_WORDS:
            raise _refuse(f"lipsum больше {MAX_LIPSUM_WORDS:_} слов".replace("_", " "))
        return generate(n, html, min, max)

    return lipsum


@functools.cache
def _bytecode() -> tuple[BytecodeCache, bytes] | None:
    """Jinja's bytecode cache in the user's temporary folder and a digest of this module, which
    goes into every key: code compiled under another budget is never run. None where there is no
    folder of the user's own to keep the cache in (then each process compiles its templates)."""
    try:
        return FileSystemBytecodeCache(), hashlib.sha256(Path(__file__).read_bytes()).digest()
    except (OSError, RuntimeError):
        return None


def _stored(env: LimitedEnvironment, key: tuple[Any, ...]) -> Bucket | None:
    """The key's place in the bytecode cache, with its code when one is stored (bucket.code); None
    without a cache. A stored file that is damaged or from another Jinja is not used."""
    cache = _bytecode()
    if cache is None:
        return None
    bytecode, generator = cache
    try:
        return bytecode.get_bucket(env, hashlib.sha256(repr(key).encode() + generator).hexdigest(), None, key[0])
    except OSError:
        return None


def _store(bucket: Bucket | None, code: CodeType) -> None:
    cache = _bytecode()
    if bucket is None or cache is None:
        return
    bucket.code = code
    try:
        cache[0].set_bucket(bucket)
    except OSError:
        pass  # a full or read-only disk: the next process compiles the template again


def limited_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The filters with their arguments and results checked for size."""
    return {name: _limited(name, func) for name, func in filters.items()}


def _limited(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = args[1:] if getattr(func, "jinja_pass_arg", None) else args  # without a passed context
        if name in _SIZING and values:
            _check_sizes(values[1:], kwargs)
        if name == "format" and values:
            _check_format(str(values[0]), values[1:])
        if name == "replace" and len(values) >= 3:
            _check_replace(str(values[0]), str(values[1]), str(values[2]), values[3] if len(values) >= 4 else -1)
        result = func(*args, **kwargs)
        if isinstance(result, (str, list)) and len(result) > MAX_TEXT:
            raise _refuse(f"строка или список длиннее {MAX_TEXT:_}".replace("_", " ") + " знаков")
        return result

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(func, attribute):
            setattr(wrapper, attribute, getattr(func, attribute))
    return wrapper


# Filters whose numeric arguments are sizes of what they make (widths, counts, repetitions).
_SIZING = {"center", "indent", "wordwrap", "batch", "slice"}


def _check_sizes(args: Any, kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_TEXT:
            raise _refuse(f"слишком большое число в вызове ({value if value.bit_length() < 64 else '…'})")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise _refuse("слишком длинная строка в вызове")


def _check_format(pattern: str, args: Any) -> None:
    """'%099999999d' and '{:>99999999}' allocate their width: widths over 6 digits are refused."""
    if re.search(r"\d{7,}", pattern) or any(isinstance(a, str) and re.search(r"[{%][^}]*\d{7,}", a)
                                           for a in args):
        raise _refuse("слишком большая ширина в формате")
    if "*" in pattern:
        _check_sizes(args, {})


def _check_binop(operator: str, left: Any, right: Any) -> None:
    numbers = all(isinstance(v, int) for v in (left, right))
    if operator == "**" and numbers and right > 0 and abs(left) > 1:
        if abs(left).bit_length() * right > MAX_INT_BITS:
            raise _refuse("слишком большая степень")
    elif operator == "*" and not numbers:
        count = right if isinstance(right, int) else left if isinstance(left, int) else 1
        sized = left if not isinstance(left, int) else right
        if hasattr(sized, "__len__") and len(sized) * max(count, 0) > MAX_TEXT:
            raise _refuse("слишком длинная строка после умножения")
    elif operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__"):
        if len(left) + len(right) > MAX_TEXT:
            raise _refuse("слишком длинная строка после сложения")
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))


def check_xml(rendered: str) -> None:
    """A rendered part must be well-formed XML (a property, plain text, must at least hold only
    characters XML allows): else part of the document would be dropped without a word."""
    bad = BAD_CHARACTERS.search(rendered)
    if bad:
        raise LimitError(f"после заполнения в тексте недопустимый символ (код {ord(bad.group()):#x}) "
                         f"рядом с «{_plain(rendered[max(0, bad.start() - 60):bad.start()])}»")
    if not rendered.lstrip().startswith("<"):
        return
    try:
        etree.fromstring(rendered.encode("utf-8"), etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        lines = rendered.splitlines()
        line = lines[exc.lineno - 1] if exc.lineno and 0 < exc.lineno <= len(lines) else ""
        quote = f"; абзац «{_plain(line)[:120]}»" if _plain(line) else ""
        raise LimitError("после заполнения разметка документа нарушена (вставлен текст с тегами Word?), "
                         f"документ не записан{quote}") from None


def _plain(xml: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>?", "", xml)).strip()


class _Overtime(BaseException):
    """Raised in a build's thread by the watchdog; a BaseException, so that no library's
    `except Exception` swallows it."""


_armed: dict[int, float] = {}  # thread -> its deadline (time.monotonic())
_fired: set[int] = set()  # threads interrupted and not yet disarmed
_watch = threading.Lock()
_watcher: list[int] = []  # the process whose watchdog thread runs (a forked worker starts its own)
WATCH_EVERY = 0.1  # seconds between the watchdog's looks at the clock


def within_time(template: Path, work: Callable[[], T]) -> T:
    """work() with the time limit on the whole of it, charts and every filter included: the
    budget's steps are counted between template tags only, so a watchdog thread interrupts this
    thread (an exception raised in it at its next Python step) when MAX_SECONDS pass."""
    ident = threading.get_ident()
    if ident in _armed:  # a fill inside a fill: the outer one's clock runs
        return work()
    fired = False
    try:
        _arm(ident, time.monotonic() + MAX_SECONDS)
        try:
            result = work()
        finally:
            fired = _disarm(ident)
    except _Overtime:
        fired = _disarm(ident) or True
    if fired:
        message = _refuse(f"заполнение идет дольше {MAX_SECONDS:.0f} секунд")
        raise TemplateError([Problem(template, 0, 0, str(message))])
    return result


def _arm(ident: int, deadline: float) -> None:
    with _watch:
        _armed[ident] = deadline
        if _watcher != [os.getpid()]:
            _watcher[:] = [os.getpid()]
            threading.Thread(target=_watching, name="zapiska-watchdog", daemon=True).start()


def _disarm(ident: int) -> bool:
    """Whether the thread was interrupted; an interruption still pending is cleared."""
    with _watch:
        _armed.pop(ident, None)
        if ident not in _fired:
            return False
        _fired.discard(ident)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)
        return True


def _watching() -> None:
    while True:
        time.sleep(WATCH_EVERY)
        with _watch:
            now = time.monotonic()
            for ident, deadline in list(_armed.items()):
                if now > deadline:
                    del _armed[ident]
                    _fired.add(ident)
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(_Overtime))
