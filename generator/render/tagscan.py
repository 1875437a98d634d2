"""A bound on the work docxtpl's regular expressions do on a template part, checked before
they run.

Before Jinja sees a part, docxtpl cleans it with some twenty regular expressions, several of
which scan from each tag's opening (`{{`, `{%`, a paragraph's `<w:p>`) to its close. A part
with many openings and no closes makes that quadratic: 20 000 «{%» (140 KB) took 32 s, a 4 MB
part would take hours. The scan runs inside the regular-expression engine, in C, where the
watchdog's interruption (render/limits.within_time) is never delivered: so the distance from
each opening to its close is summed here first, in linear time, and a part over the bound is
refused before docxtpl sees it.
"""
from __future__ import annotations

import bisect
import re

from generator.render.limits import LimitError

MAX_SCAN = 50_000_000  # characters passed over (about 4 s at worst); a real part needs 4 × its length
# (opening, its close) for every scan docxtpl's patterns make to a close
_PAIRS = [(r"\{\{", r"\}\}"), (r"\{%", r"%\}"), (r"\{#", r"#\}"), (r"</w:t>", r"<w:t[ >]"), (r"-%\}", r"<w:t[ >]"),
          *((rf"<w:{tag}[ >]", rf"</w:{tag}>") for tag in ("tr", "tc", "p", "r"))]
_PATTERNS = [(re.compile(f"(?={opening})"), re.compile(close)) for opening, close in _PAIRS]


class TagScanError(LimitError):
    """A part whose tags would keep docxtpl's cleaning busy too long; the message is Russian."""


def scan_length(xml: str) -> int:
    """The characters docxtpl's scans pass over: from each opening to its next close (or to the
    part's end)."""
    total = 0
    for opening, close in _PATTERNS:
        ends = [match.start() for match in close.finditer(xml)]
        for match in opening.finditer(xml):
            found = bisect.bisect_right(ends, match.start())
            total += (ends[found] if found < len(ends) else len(xml)) - match.start()
    return total


def check_scan(xml: str) -> None:
    """TagScanError when docxtpl's cleaning of `xml` would pass over more than MAX_SCAN characters."""
    if scan_length(xml) > MAX_SCAN:
        raise TagScanError("шаблон требует слишком много ресурсов: в нем много открытых тегов без закрытия "
                           "(«{{» без «}}», «{%» без «%}», абзацев и ячеек без конца) — их разбор занял бы часы; "
                           "проверьте, что у каждого «{{» есть «}}», а у каждого «{%» — «%}»")
