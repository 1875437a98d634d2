"""The one look every YAML reader takes before it builds anything (store/reader, store/quick,
store/roundtrip, the register map): nesting deeper than a report ever needs, references
(&имя, *имя) and merge keys («<<») are refused here, on the parser's flat stream of events.

Composing a document is recursive in every YAML library (libyaml's C composer dies of a deep
file with SIGSEGV, ruamel raises RecursionError) and references turn 700 bytes into a tree of
billions of nodes; the event stream is neither, so this look is safe on any file, and every
reader gives the same verdict with the same message and place.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.core.errors import InputError, Problem

MAX_DEPTH = 32  # a report's deepest value is 4 levels down; a chart spec's, 5
DEPTH = "не YAML: слишком глубокая вложенность"
ALIAS = "не YAML: ссылки (*имя) не поддерживаются"
ANCHOR = "не YAML: метки (&имя) не поддерживаются: уберите метку"
MERGE = "не YAML: ключи слияния «<<» не поддерживаются: перечислите ключи"

# The C parser when libyaml is there (the pure-Python one is just as flat, only slower).
_Events = yaml.CBaseLoader if getattr(yaml, "__with_libyaml__", False) else yaml.BaseLoader
_NODES = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def prescan(file: Path | str | None, text: str) -> bool:
    """Raise InputError at the first event too deep, a reference or a merge key; whether the
    whole stream was seen. A syntax error (False) is left to the reader that follows, which
    names it in its own words."""
    events = _Events(text)
    open_: list[int] = []  # per open collection: -1 for a list, else the mapping's events so far
    anchor: Any = None  # an anchor is refused too, but a reference to it is named first
    try:
        while events.check_event():
            event: Any = events.get_event()
            message = _refused(event, open_)
            if message is not None:
                _raise(file, event.start_mark, message)
            if isinstance(event, _NODES) and event.anchor is not None and anchor is None:
                anchor = event.start_mark
    except yaml.YAMLError:
        return False
    finally:
        events.dispose()
    if anchor is not None:
        _raise(file, anchor, ANCHOR)
    return True


def _raise(file: Path | str | None, mark: Any, message: str) -> None:
    raise InputError([Problem(file, mark.line + 1, mark.column + 1, message)])


def _refused(event: yaml.Event, open_: list[int]) -> str | None:
    if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        open_.pop()
        return None
    if not isinstance(event, _NODES):
        return None
    is_key = bool(open_) and open_[-1] >= 0 and open_[-1] % 2 == 0
    if open_ and open_[-1] >= 0:
        open_[-1] += 1
    if isinstance(event, yaml.AliasEvent):
        return ALIAS
    if is_key and isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
        return MERGE
    if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        open_.append(0 if isinstance(event, yaml.MappingStartEvent) else -1)
        if len(open_) > MAX_DEPTH:
            return DEPTH
    return None
