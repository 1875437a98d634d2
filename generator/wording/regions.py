"""The subjects of the Russian Federation and the body of each that forwards citizens' appeals to
the municipalities: the bundled table regions.yaml (89 subjects, the names in three cases, the
body in two), read once when first asked.

A file names its region's body (municipality.region_body) when the table's is not the one its
reports name; without either the body is «администрация» of the region, as in the examples.
"""
from __future__ import annotations

import functools
from importlib.resources import files
from typing import Any

import yaml

from generator.wording.grammar import inflect

UNKNOWN_REGION = "субъекта Российской Федерации"


def _key(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").split())


@functools.cache
def table() -> dict[str, dict[str, Any]]:
    """The bundled subjects by every name a file may give them (full, short, in any letter case)."""
    entries = yaml.safe_load((files("generator.wording") / "regions.yaml").read_text(encoding="utf-8"))
    found: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for name in (entry["name"], entry.get("short")):
            if name:
                found[_key(name)] = entry
    return found


def subject(region: str | None) -> dict[str, Any] | None:
    """The table's entry for a region as a file names it, or None."""
    return table().get(_key(region)) if region else None


def body_genitive(region_body: str | None, region: str | None, region_genitive: str | None = None) -> str:
    """Who forwards appeals, in the genitive («из … поступило»): the file's own body, inflected;
    else the region's body from the table; else the region's administration."""
    if region_body and region_body.strip():
        return inflect(region_body.strip(), "gent")
    entry = subject(region)
    if entry is not None:
        return str(entry["body_genitive"])
    genitive = region_genitive or (inflect(region.strip(), "gent") if region and region.strip() else UNKNOWN_REGION)
    return f"администрации {genitive}"
