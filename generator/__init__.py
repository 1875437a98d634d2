"""zapiska: explanatory notes on citizens' appeals from a YAML file of figures.

The library is what the `zapiska` command and the web form call:

    from generator import load, build
    loaded = load("data/kavkazsky-raion/2021-H1.yaml")   # InputError listing every problem
    build(loaded, Path("out/note.docx"), pdf=False)       # the files written

    check(path)                              # what `zapiska check` says: the warnings, or InputError
    write_summary(data_dir, period, out_dir) # the region's summary (.docx, .xlsx)
    plan_import(register, folder)            # what `zapiska import` would write; apply_import(plan) writes it

The names are looked up on first use, so importing the package stays cheap (`zapiska --help`).
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> (module, name in it)
_API = {
    "load": ("generator.store.load", "load"),
    "check": ("generator.note.build", "check"),
    "build": ("generator.note.build", "build"),
    "write_summary": ("generator.region.write", "write"),
    "plan_import": ("generator.register.plan", "plan"),
    "apply_import": ("generator.register.plan", "apply"),
    "Period": ("generator.core.period", "Period"),
    "ZapiskaError": ("generator.core.errors", "ZapiskaError"),
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    module, attribute = _API[name]
    return getattr(importlib.import_module(module), attribute)
