"""Morphology for the wording: the dictionary's parses of a word and its forms, and the typed
word's capitals and «е» kept in an inflected one.

pymorphy3 is imported lazily in `morph()`: importing this module must stay cheap so that
`zapiska --help` and `zapiska check` do not pay for the dictionaries.
"""
from __future__ import annotations

import functools
import re

ADJ_POS = frozenset({"ADJF", "PRTF"})
WORD = re.compile(r"^([^\w]*)(\w(?:[\w-]*\w)?)([^\w]*)$")


@functools.cache
def morph():
    import pymorphy3  # lazy: the dictionaries take a while to load
    import pymorphy3_dicts_ru

    # With the path given, pymorphy3 does not scan every installed package for dictionaries.
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


@functools.lru_cache(maxsize=4096)
def parses(word: str) -> tuple:
    return tuple(morph().parse(word))


def nominative(word: str, pos: frozenset[str]):
    """The best parse of `word` in the nominative with a part of speech in `pos`."""
    for parse in parses(word):
        if parse.tag.POS in pos and parse.tag.case == "nomn":
            return parse
    return None


def inflected(parse, grammemes: set[str]) -> str | None:
    """Inflect, dropping grammemes the word cannot take (singularia/pluralia
    tantum, indeclinables) instead of failing."""
    for attempt in (grammemes, grammemes - {"anim", "inan"}, grammemes - {"anim", "inan", "sing", "plur"}):
        form = parse.inflect(set(attempt))
        if form is not None:
            return form.word
    return None


def restyle(original: str, word: str) -> str:
    """Give the inflected word the original's capitals (per hyphen part) and its
    spelling of "е": the dictionary writes "ё", a department usually does not."""
    if "ё" not in original.lower():
        word = word.replace("ё", "е")
    if original.isupper() and len(original) > 1:
        return word.upper()
    parts, original_parts = word.split("-"), original.split("-")
    if len(parts) != len(original_parts):
        parts, original_parts = [word], [original]
    return "-".join(p[:1].upper() + p[1:] if o[:1].isupper() else p
                    for p, o in zip(parts, original_parts))


def gender_of(parse) -> str | None:
    gender = parse.tag.gender
    return gender if gender in ("masc", "femn", "neut") else None
