"""How a document names its municipality and its head: «в муниципальном образовании Кавказский
район» or «в Шумерлинском муниципальном округе», «главой муниципального образования» or «главой
муниципального округа». The kind and the wishes come from the data, never from the code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.model import KINDS, LEGAL_KINDS
from generator.wording.grammar import inflect

OFFICIAL = "муниципальное образование"
# Kinds that the files before the legal list could already name: they keep the official wording
# unless name_form asks otherwise (their documents are in print).
EARLIER_KINDS = frozenset({"район", "муниципальный округ", "городской округ", "город", "поселение"})


@dataclass(frozen=True)
class Names:
    """The municipality and its head as the text names them (titles: what `zapiska template vars` prints)."""

    of: str = field(metadata={"title": "Муниципальное образование в родительном падеже, после «администрации»: "
                                       "«муниципального образования Кавказский район», «Шумерлинского "
                                       "муниципального округа»"})
    inside: str = field(metadata={"title": "С предлогом «в»: «в муниципальном образовании Кавказский район», "
                                           "«в Шумерлинском муниципальном округе»"})
    head: str = field(metadata={"title": "Должность главы: «глава муниципального образования», "
                                         "«глава муниципального округа» или из head_title"})
    head_of: str = field(metadata={"title": "То же в родительном падеже: «у главы муниципального округа»"})
    head_by: str = field(metadata={"title": "То же в творительном падеже: «принято главой муниципального округа»"})
    region_body: str = field(metadata={"title": "Орган субъекта, из которого поступают обращения, в родительном "
                                                "падеже: «Правительства Ульяновской области», «Администрации "
                                                "Губернатора Московской области»"})


def _quoted(name: str) -> bool:
    return "«" in name or '"' in name


def whole(name: str, kind: str | None, name_form: str | None) -> bool:
    """Whether the name is inflected as a whole («Шумерлинского муниципального округа») rather than
    put after «муниципальное образование»: as name_form says; without it, for a legal kind the
    earlier files could not name, when the name holds it. A name in quotes is never inflected."""
    if _quoted(name):
        return False
    if name_form is not None:
        return name_form == "whole"
    return kind in LEGAL_KINDS and kind not in EARLIER_KINDS and kind in name.lower()


def _as_typed(name: str) -> bool:
    """«МО «Мелекесский район»»: a name in quotes that already says what it is stays as typed."""
    return _quoted(name) and not name.startswith(("«", '"'))


def names(name: str, kind: str | None, name_form: str | None, head_title: str | None, body_genitive: str) -> Names:
    """The municipality's names for the text; `body_genitive` as regions.body_genitive() gives it."""
    if whole(name, kind, name_form):
        of, inside = inflect(name, "gent"), "в " + inflect(name, "loct")
    elif _as_typed(name):
        of, inside = name, "в " + name
    else:
        of, inside = f"муниципального образования {name}", f"в муниципальном образовании {name}"
    head = (head_title or "").strip() or "глава " + _kind_genitive(kind, name, name_form)
    return Names(of, inside, head, inflect(head, "gent"), inflect(head, "ablt"), body_genitive)


def _kind_genitive(kind: str | None, name: str, name_form: str | None) -> str:
    """«муниципального округа» where the text names the municipality by its kind, else «муниципального образования»."""
    legal = kind in LEGAL_KINDS and kind not in EARLIER_KINDS
    named_by_kind = kind in KINDS and (whole(name, kind, name_form) or legal)
    return inflect(kind if named_by_kind and kind else OFFICIAL, "gent")
