"""What a template sees, as one typed object: a frozen dataclass whose fields are the template's
names, each declared once with its Russian title. `zapiska template vars` lists the names from
these declarations, so a new name reaches the reference and the template check by itself.
"""
from __future__ import annotations

from dataclasses import Field, field, fields
from typing import Any, ClassVar

from generator.core.compare import Figure


def declare(title: str, like: str | None = None, counts: type = Figure) -> Any:
    """A template name with its Russian title. A part of the compared report says which part of
    the model it is `like` ("" the whole report, "topics" the list, "topics[]" one element of
    it) and what stands at each of its `counts` there."""
    return field(metadata={"title": title, "like": like, "counts": counts})


class TemplateContext:
    """What a template sees, as a frozen dataclass: each field a name, declared with declare();
    a field marked `spread` gives its own names instead (the note's report)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @classmethod
    def names(cls) -> list[Field[Any]]:
        """The declared names, in order."""
        return [name for name in fields(cls) if not name.metadata.get("spread")]

    def mapping(self) -> dict[str, Any]:
        """The names as Jinja reads them."""
        result: dict[str, Any] = {}
        for name in fields(self):
            value = getattr(self, name.name)
            result.update(value if name.metadata.get("spread") else {name.name: value})
        return result
