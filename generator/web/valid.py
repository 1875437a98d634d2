"""What of a form with errors is still valid: its figures without the fields in error, read as
`zapiska check` reads them, so that one wrong figure does not hide the comparisons (and the
note's text) of all the others."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from generator.core.errors import Problem, ZapiskaError
from generator.core.fields import Location, field_at
from generator.store.load import Loaded, load_text, typed_data
from generator.store.roundtrip import dump

ROUNDS = 4  # leaving a field out may uncover another problem (a required field now missing)


def _at_fault(loc: Location) -> Location:
    """What to leave out for a problem at `loc`: the field, or the item or section it is required
    in (a topic without its count is no topic); () when that is the report itself."""
    loc = tuple(loc)
    while loc:
        spec = field_at(loc)
        if isinstance(loc[-1], int) or spec is None or not spec.required:
            return loc
        loc = loc[:-1]
    return ()


def _drop(data: Any, loc: Location) -> bool:
    """Remove the value at `loc` from `data`; whether there was one."""
    *parents, last = loc
    for part in parents:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return False
    if isinstance(data, dict) and last in data:
        del data[last]
        return True
    if isinstance(data, list) and isinstance(last, int) and last < len(data):
        del data[last]
        return True
    return False


def _order(loc: Location) -> list[tuple[int, str]]:
    return [(part, "") if isinstance(part, int) else (0, str(part)) for part in loc]


def valid_part(path: Path, text: str, problems: list[Problem]) -> Loaded | None:
    """The report of the form's YAML `text` without the fields its `problems` are about; None when
    what is left is no report (the period, the municipality or the total in error)."""
    try:
        data = typed_data(path, text)
    except ZapiskaError:
        return None
    for _ in range(ROUNDS):
        faults = {_at_fault(p.loc) for p in problems if not p.warning and p.file == path and p.loc}
        if () in faults or not faults or not isinstance(data, dict):
            return None
        # the last items first: removing topics[3] must not move topics[5]
        if not any([_drop(data, loc) for loc in sorted(faults, key=_order, reverse=True)]):
            return None
        try:
            return load_text(path, dump(CommentedMap(data)))
        except ZapiskaError as exc:
            problems = exc.problems
    return None
