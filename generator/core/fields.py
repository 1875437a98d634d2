"""The one walk over the model's fields: what the blank file, the form, the checks, the
comparisons and `template vars` see of each field (Spec), and the parts of a whole that the
`whole=` declarations make (a part never exceeds its whole).
"""
from __future__ import annotations

import datetime
import functools
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.core.model import TOPICS_COUNTED, Figures, Report

HIDDEN = frozenset({"previous", "template"})  # in the input file only: not in a template, a blank file or the form
FIRST = ("period", "municipality", "written")  # the file opens with what the report is about


@dataclass(frozen=True)
class Spec:
    """One field of a model, as the blank file, the form, the checks, the comparisons and
    `template vars` see it.

    kind: "count", "date", "text" (a value); "section" (a nested model); "rows" (a list of
    models); "lines" (a list of texts). `whole` as declared with count().
    """

    key: str
    title: str
    kind: str
    children: tuple[Spec, ...] = ()
    whole: str | None = None
    share: str | None = None
    summary: bool = False
    total: bool = False
    multiline: bool = False
    required: bool = False

    @property
    def label(self) -> str:
        """The title up to its example: «Инициалы и фамилия» of «Инициалы и фамилия: О.М. Ляхов»."""
        return self.title.split(": ", 1)[0]

    @property
    def hint(self) -> str:
        """The example after the colon."""
        return self.title.split(": ", 1)[1] if ": " in self.title else ""

    @property
    def scalar(self) -> bool:
        return self.kind in ("count", "date", "text")

    @property
    def flat(self) -> bool:
        """Rows of one-line values only (the form labels them once, above the first row)."""
        return self.kind == "rows" and all(c.scalar and not c.multiline for c in self.children)


def _nested(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(model class, is a list) for a field's annotation."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, False
        if typing.get_origin(arg) is list:
            inner = typing.get_args(arg)[0]
            return (inner, True) if isinstance(inner, type) and issubclass(inner, BaseModel) else (None, True)
    return None, False


def _holds(annotation: Any, kind: type) -> bool:
    """Whether a field's annotation is `kind` or has it inside (Optional[...], Annotated[...])."""
    return annotation is kind or any(_holds(arg, kind) for arg in typing.get_args(annotation))


def _spec(key: str, info: FieldInfo) -> Spec:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    inner, is_list = _nested(info.annotation)
    if inner is not None:
        kind = "rows" if is_list else "section"
    elif is_list:
        kind = "lines"
    elif _holds(info.annotation, int):
        kind = "count"
    else:
        kind = "date" if _holds(info.annotation, datetime.date) else "text"
    whole, share = extra.get("whole"), extra.get("share")
    return Spec(key, info.title or key, kind, children=fields(inner) if inner is not None else (),
                whole=whole if isinstance(whole, str) else None, share=share if isinstance(share, str) else None,
                multiline=bool(extra.get("multiline")),
                required=info.is_required(), summary=bool(extra.get("summary")),
                total=bool(extra.get("total")))


@functools.cache
def fields(model: type[BaseModel] = Report) -> tuple[Spec, ...]:
    """Every field of `model`, in the model's order (the figures, then the report's own)."""
    return tuple(_spec(name, info) for name, info in model.model_fields.items())


def visible(model: type[BaseModel] = Report) -> tuple[Spec, ...]:
    """The fields a template, a blank file and the form show (all but HIDDEN)."""
    return tuple(spec for spec in fields(model) if spec.key not in HIDDEN)


def in_file_order(specs: tuple[Spec, ...]) -> tuple[Spec, ...]:
    """The order of the input file and the form: what the report is about first."""
    return tuple(sorted(specs, key=lambda s: FIRST.index(s.key) if s.key in FIRST else len(FIRST)))


Location = tuple  # keys and list indexes into a file's data: ("topics", 0, "count")


def marked_figures(mark: str, specs: tuple[Spec, ...] | None = None, prefix: str = "") -> tuple[str, ...]:
    """The dotted paths of the counts declared with `mark` ("summary": the batch's table; "total":
    the region's totals, which include the summary's), in the model's order."""
    found: list[str] = []
    for spec in visible() if specs is None else specs:
        if spec.kind == "section":
            found += marked_figures(mark, spec.children, f"{prefix}{spec.key}.")
        elif spec.kind == "count" and (spec.summary or (mark == "total" and spec.total)):
            found.append(prefix + spec.key)
    return tuple(found)


def below(loc: typing.Sequence[str | int], root: type[BaseModel] = Report) -> tuple[Spec, ...] | None:
    """The fields inside the value at `loc` (the root's own for ()); None for a plain value or an
    unknown key. List indexes (and "[]" in "topics[]") are skipped."""
    specs: tuple[Spec, ...] | None = fields(root)
    for part in loc:
        if isinstance(part, int):
            continue
        spec = next((s for s in specs or () if s.key == part.removesuffix("[]")), None)
        specs = spec.children if spec is not None and spec.children else None
    return specs


def field_at(path: str | typing.Sequence[str | int], root: type[BaseModel] = Report) -> Spec | None:
    """The field at a dotted path ("written.total", "topics[].count") or a location, or None."""
    loc = path.split(".") if isinstance(path, str) else list(path)
    while loc and isinstance(loc[-1], int):
        loc.pop()
    if not loc:
        return None
    key = str(loc[-1]).removesuffix("[]")
    return next((spec for spec in below(loc[:-1], root) or () if spec.key == key), None)


def field_title(path: str) -> str:
    """The Russian title of a field the code names ("written.total"); KeyError for one the model lacks."""
    spec = field_at(path)
    if spec is None:
        raise KeyError(path)
    return spec.title


# --- parts of a whole, from the `whole=` declarations ------------------------

PART_OVER_WHOLE = "часть не может быть больше целого"  # the end of every such message: the form finds them by it


def _get(data: Any, part: str | int) -> Any:
    """One step into the file's raw data (dicts and lists) or into a validated model."""
    if isinstance(part, int):
        return data[part] if isinstance(data, (list, tuple)) and part < len(data) else None
    return data.get(part) if isinstance(data, dict) else getattr(data, part, None) if isinstance(data, BaseModel) \
        else None


def count_at(data: Any, loc: Location) -> int | None:
    """The count at `loc` in the file's raw data or in a validated report; None where it is absent
    or not a valid count (its own error says so)."""
    for part in loc:
        data = _get(data, part)
    valid = isinstance(data, int) and not isinstance(data, bool) and data >= 0
    return data if valid else None


def declared(whole: str, root: Any) -> str:
    """The whole as the report means it: topics counted by appeals take their shares of the appeals
    (topics_counted), not of the questions."""
    if whole == TOPICS_COUNTED["questions"]:
        return TOPICS_COUNTED.get(str(_get(root, "topics_counted")), whole)
    return whole


def whole_at(whole: str, part: Location, root: Any = None) -> Location:
    """The location of a declared whole for the part at `part`: "topics[].count" for
    ("topics", 2, "subtopics", 0, "count") is ("topics", 2, "count"); of alternatives
    ("written.total|appeals.total") the first that `root` gives, else the first."""
    choices = declared(whole, root).split("|")
    located = [_whole_at(choice, part) for choice in choices]
    return next((loc for loc in located if count_at(root, loc) is not None), located[0])


def whole_named(whole: str, part: Location, message: str) -> Location:
    """The whole a message about the part at `part` names («… больше, чем «Письменных обращений …»»):
    of alternatives, the one whose title the message gives."""
    located = [_whole_at(choice, part) for choice in whole.split("|")]
    said = message.rpartition("больше, чем")[2]
    return next((loc for loc in located if (spec := field_at(loc)) is not None and spec.title in said), located[0])


def _whole_at(whole: str, part: Location) -> Location:
    loc: list[str | int] = []
    for name in whole.split("."):
        loc.append(name.removesuffix("[]"))
        if name.endswith("[]"):
            loc.append(part[len(loc)])
    return tuple(loc)


def _parts(data: Any, specs: tuple[Spec, ...], loc: Location = ()) -> typing.Iterator[tuple[Location, Spec]]:
    """Every count in the data that declares a whole, with its location (last year's block apart:
    its parts belong to its own wholes)."""
    for spec in specs:
        value = data.get(spec.key) if isinstance(data, dict) else None
        here = loc + (spec.key,)
        if spec.key == "previous":
            continue
        if spec.kind == "section":
            yield from _parts(value, spec.children, here)
        elif spec.kind == "rows" and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _parts(item, spec.children, here + (i,))
        elif spec.kind == "count" and spec.whole and value is not None:
            yield here, spec


def missing_total(data: Any) -> list[tuple[Location, str]]:
    """A report counts something: written.total, or appeals.total when it counts all forms together."""
    given = [_get(_get(data, section), "total") for section in ("written", "appeals")]
    if not isinstance(data, dict) or any(value is not None for value in given):
        return []  # a total that is not a count has an error of its own
    either = f"; если отчет считает обращения всех форм вместе — appeals.total ({field_title('appeals.total')})"
    for section in ("written", "appeals"):
        if isinstance(data.get(section), dict) and _get(data[section], "total") is None:
            return [((section,), f"не заполнено обязательное поле «total» ({field_title(section + '.total')})"
                                 + (f"; или written.total ({field_title('written.total')})" if section == "appeals"
                                    else ""))]
    return [((), f"не заполнено обязательное поле «written» ({field_title('written')}){either}")]


def inconsistencies(data: Any, model: type[BaseModel] = Report) -> list[tuple[Location, str]]:
    """Figures that contradict their `whole=` declarations: (location in the file, Russian message).

    A part never exceeds its whole; the items of a list that share a whole outside the list
    together never exceed it. Last year's block is checked against its own wholes. Works on the
    file's raw data rather than on the validated model, so that a clerk sees these together with
    the other mistakes of the file, not one round later."""
    found = _against_wholes(data, model)
    if model is Report and isinstance(data, dict):
        found = missing_total(data) + found
        found += [(("previous",) + loc, message) for loc, message in _against_wholes(data.get("previous"), Figures)]
    return found


def unshared(data: Any) -> list[tuple[Location, str]]:
    """Lists of a report whose whole is an optional figure the file does not give (topics without
    questions_total): a warning, since their items are printed without shares."""
    return _against_wholes(data, Report, unshared=True) if isinstance(data, dict) else []


def _against_wholes(data: Any, model: type[BaseModel], unshared: bool = False) -> list[tuple[Location, str]]:
    """Parts over their wholes; with `unshared`, instead, the lists whose optional whole is absent."""
    found: list[tuple[Location, str]] = []
    wholeless: list[tuple[Location, str]] = []
    sums: dict[tuple[Location, Location], tuple[Spec, int]] = {}
    for loc, spec in _parts(data, fields(model)):
        whole_loc = whole_at(str(spec.whole), loc, data)
        bound = sum(isinstance(part, int) for part in whole_loc)
        lists = [i for i, part in enumerate(loc) if isinstance(part, int)]
        if len(lists) > bound:  # an item of a list: summed with its neighbours
            key = (loc[:lists[bound]], whole_loc)
            sums[key] = (spec, sums.get(key, (spec, 0))[1] + (count_at(data, loc) or 0))
            continue
        part, whole = count_at(data, loc), count_at(data, whole_loc)
        if part is not None and whole is not None and part > whole:
            found.append((loc, f"{_named(data, loc, model)} ({part}) больше, чем {_named(data, whole_loc, model)} "
                               f"({whole}): {PART_OVER_WHOLE}"))
    for (list_loc, whole_loc), (spec, total) in sums.items():
        whole, whole_spec = count_at(data, whole_loc), field_at(whole_loc, model)
        listed = field_at(list_loc, model)
        if whole is not None and total > whole:
            found.append((list_loc, f"сумма «{listed.title if listed else ''}» ({total}) больше, чем "
                                    f"{_named(data, whole_loc, model)} ({whole}): {PART_OVER_WHOLE}"))
        elif whole is None and total and whole_spec is not None and not whole_spec.required and model is Report:
            wholeless.append((list_loc, f"есть «{listed.title if listed else ''}», но не заполнено "
                                        f"{'.'.join(map(str, whole_loc))} («{whole_spec.title}»): "
                                        "доли в текст не попадут, только числа"))
    return wholeless if unshared else found


def _named(data: Any, loc: Location, model: type[BaseModel]) -> str:
    """«title» of the count at `loc`, with the name of the list item it belongs to."""
    spec = field_at(loc, model)
    title = spec.title if spec else str(loc[-1])
    shown = title if title.startswith("«") else f"«{title}»"
    items = [i for i, part in enumerate(loc) if isinstance(part, int)]
    if items:
        item = data
        for part in loc[:items[-1] + 1]:
            item = item[part] if isinstance(item, list) else item.get(part) if isinstance(item, dict) else None
        name = item.get("name") if isinstance(item, dict) else None
        shown += f" для «{name}»" if isinstance(name, str) else ""
    return shown


M = typing.TypeVar("M", bound=BaseModel)


def overlay(base: M, extra: BaseModel | None, prefix: str = "") -> tuple[M, list[str]]:
    """`base` (last year's file) with the values it lacks taken from `extra` (the previous: block
    of this year's file), and the dotted paths `extra` gives that `base` has too: there `base` wins."""
    if extra is None:
        return base, []
    update: dict[str, Any] = {}
    kept: list[str] = []
    for spec in fields(type(extra)):
        mine, theirs = getattr(base, spec.key, None), getattr(extra, spec.key)
        if theirs is None or theirs == []:
            continue
        if mine is None or mine == []:
            update[spec.key] = theirs
        elif spec.kind == "section":
            update[spec.key], same = overlay(mine, theirs, f"{prefix}{spec.key}.")
            kept += same
        else:
            kept.append(prefix + spec.key)
    return base.model_copy(update=update), kept
