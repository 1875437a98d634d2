"""The one Jinja environment every template is filled in: sandboxed, with a budget for one
document (render/limits.py), the Russian filters (wording/filters.py) and numbers printed the Russian way.
"""
from __future__ import annotations

from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator.core.compare import Figure
from generator.render import limits
from generator.wording.filters import jinja_filters
from generator.wording.numbers import number


def _finalize(value: Any) -> Any:
    # {{ written.total }} prints the number the Russian way; an absent optional value prints nothing.
    if isinstance(value, Figure) or (isinstance(value, int) and not isinstance(value, bool)):
        return number(value)
    return "" if value is None else value


def environment() -> SandboxedEnvironment:
    """The sandboxed Jinja environment every template is rendered in, with a budget for one document."""
    env = limits.LimitedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize)
    env.filters = limits.limited_filters({**env.filters, **jinja_filters()})
    return env
