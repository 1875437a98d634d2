"""What the page shows beside the form: the comparisons with the same period of the previous
year (on every check: they cost milliseconds) and the note as it will read (when asked: it
is the whole .docx with its charts, rendered and read back, kept for the same input).

Nothing is worded here: the figures come from core/compare.py, their formatting from wording/, and
the note's text from the municipality's own template, rendered and read back with python-docx.
"""
from __future__ import annotations

import base64
import hashlib
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.compare import Figure, compare
from generator.core.fields import Spec, visible
from generator.note.build import build as build_report
from generator.render.templates import resolve_template
from generator.store.load import Loaded, in_region_words
from generator.wording.comparisons import delta
from generator.wording.numbers import number, percent

# One document at a time in the whole process: matplotlib's state is the process's, not thread-safe,
# and the server is threaded.
_rendering = threading.Lock()
KEPT = 8  # notes a form keeps rendered


def build(loaded: Loaded, folder: Path, pdf: bool = False) -> Path:
    """The .docx (or the PDF) in `folder`, named and made as `zapiska build` makes it."""
    with _rendering:
        return build_report(loaded, folder / loaded.output_name(), pdf=pdf)[-1]


# How a change reads, by figure: a rise of these is bad (the table shows it red) …
LOWER_IS_BETTER = frozenset({
    "written.repeat", "outcomes.not_supported", "outcomes.unanswered", "outcomes.in_progress",
    "deadlines.overdue", "deadlines.extended", "violations.cases", "violations.punished",
})
# … a rise of these is good (green); every other figure only changes, neither good nor bad (grey).
HIGHER_IS_BETTER = frozenset({
    "written.control_percent", "outcomes.supported", "outcomes.measures_taken", "deadlines.on_time",
})


@dataclass(frozen=True)
class Row:
    """A line of the comparisons table; a heading when `figure` is None. `path`: the figure's
    place in the model ("deadlines.overdue", "topics[].count")."""

    label: str
    figure: Figure | None = None
    depth: int = 0
    path: str = ""

    @property
    def value(self) -> str:
        return number(self.figure.value) if self.figure else ""

    @property
    def previous(self) -> str:
        return "" if self.figure is None or self.figure.previous is None else number(self.figure.previous)

    @property
    def change(self) -> str:
        if self.figure is not None and self.figure.diff == 0:
            return "без изменений"
        return "" if self.figure is None else delta(self.figure)

    @property
    def share(self) -> str:
        return "" if self.figure is None or self.figure.share is None else percent(self.figure.share)

    @property
    def tone(self) -> str:
        """"good", "bad" or "" (no previous value, no change, or a figure neither good nor bad)."""
        diff = None if self.figure is None else self.figure.diff
        if not diff or self.path not in LOWER_IS_BETTER | HIGHER_IS_BETTER:
            return ""
        return "good" if (diff > 0) == (self.path in HIGHER_IS_BETTER) else "bad"


def _rows(node: dict[str, Any], specs: tuple[Spec, ...], depth: int, words: Callable[[str], str],
          prefix: str = "") -> list[Row]:
    rows: list[Row] = []
    for spec in specs:
        value = node.get(spec.key)
        path = prefix + spec.key
        if isinstance(value, Figure):
            rows.append(Row(words(spec.title), value, depth, path))
        elif spec.kind == "section" and value:
            inner = _rows(value, spec.children, depth + 1, words, f"{path}.")
            rows += [Row(words(spec.title), None, depth)] + inner if inner else []
        elif spec.kind == "rows" and value:
            name = node.get("name")
            rows.append(Row(f"{spec.title} «{name}»" if depth and isinstance(name, str) else spec.title, None, depth))
            for item in value:
                rows += _item(item, spec.children, depth + 1, words, f"{path}[].")
    return rows


def _item(item: dict[str, Any], specs: tuple[Spec, ...], depth: int, words: Callable[[str], str],
          prefix: str) -> list[Row]:
    """A topic or subtopic: its name with its count, then its own lists."""
    rows = [Row(str(item.get("name", "")), item.get("count"), depth, f"{prefix}count")]
    return rows + _rows(item, tuple(spec for spec in specs if spec.key != "count"), depth, words, prefix)


def comparisons(loaded: Loaded) -> list[Row]:
    """Every figure of the report with its previous value, change and share, by section; the
    labels in the words of the report's region, as the form's."""
    municipality = loaded.report.municipality
    region = {"municipality": {"region": municipality.region, "region_genitive": municipality.region_genitive}}
    return _rows(compare(loaded.report, loaded.previous), visible(), 0, lambda title: in_region_words(title, region))


@dataclass(frozen=True)
class Block:
    """A paragraph (text, centred), a table (cells) or a chart (PNG as a data: URL)."""

    kind: str
    text: str = ""
    centred: bool = False
    cells: tuple[tuple[str, ...], ...] = ()
    image: str = ""


def document(loaded: Loaded) -> list[Block]:
    """The note as it will read: rendered with its template, read back paragraph by paragraph."""
    # python-docx only when the note's text is asked for: a check of the form stays quick
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.table import Table

    with tempfile.TemporaryDirectory() as folder:
        doc = Document(str(build(loaded, Path(folder))))
    blocks = []
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            blocks.append(Block("table", cells=tuple(tuple(c.text for c in row.cells) for row in item.rows)))
            continue
        for rid in item._p.xpath(".//a:blip/@r:embed | .//c:chart/@r:id"):
            blocks.append(Block("chart", image=_image(doc.part.related_parts[rid].blob)))
        if item.text.strip():
            blocks.append(Block("paragraph", item.text, item.alignment == WD_ALIGN_PARAGRAPH.CENTER))
    return blocks


def _image(blob: bytes) -> str:
    """A picture as a data: URL; a native chart drawn as one from the data its part holds."""
    if not blob.startswith(b"\x89PNG"):
        from generator.render.drawing import picture
        from generator.render.wordchart import read_chart

        blob = picture(read_chart(blob))
    return "data:image/png;base64," + base64.b64encode(blob).decode("ascii")


def _input_hash(loaded: Loaded, text: str) -> str:
    """What the note is made of: the file's text (as the form sends it), the previous period's
    file and the template, these two by their size and modification time."""
    digest = hashlib.sha256(f"{loaded.path}\0{text}".encode())
    for path in (loaded.previous_path, resolve_template(loaded)):
        try:
            stat = path.stat()
            digest.update(f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(f"\0{path}\0-".encode())
    return digest.hexdigest()


class Notes:
    """The last notes rendered, by their input's hash: asking again for an unchanged form costs nothing."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, list[Block]] = OrderedDict()

    def note(self, loaded: Loaded, text: str) -> list[Block]:
        """`document(loaded)` for the YAML `text` it was loaded from, rendered once per input."""
        key = _input_hash(loaded, text)
        with _rendering:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        blocks = document(loaded)
        with _rendering:
            self._kept[key] = blocks
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return blocks
