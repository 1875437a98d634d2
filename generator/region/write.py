"""The region's summary (svodka) written: a Word document through an editable template and a
spreadsheet, each written whole or not at all; at the end of a batch, only when something it is
made from has changed. Nothing is written when no municipality can be counted.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.errors import Problem, TemplateError, ZapiskaError
from generator.core.model import SummarySigning
from generator.core.period import Period
from generator.region.charts import REGION_CHARTS, chart, load_specs
from generator.region.collect import Collected, collect, read_signing
from generator.region.context import SummaryContext, context
from generator.region.xlsx import write_xlsx
from generator.render.fill import fill_template, save_document, stamp
from generator.render.pdf import soffice, to_pdf
from generator.render.templates import prints_signature
from generator.store.files import MAX_REGISTER, read_regular, write_atomically
from generator.store.folder import DataFolder
from generator.store.load import load_model
from generator.store.resources import TEMPLATES_DIR

TEMPLATE = TEMPLATES_DIR / "svodka.docx"
# A template is the region summary's when its properties say so (Файл → Сведения → Категория):
# template check then fills it with the region's figures, not a note's.
SUMMARY_CATEGORY = "сводка"


def fill(values: SummaryContext, template: Path = TEMPLATE) -> Any:
    """The summary's template filled, in memory (a docxtpl document); a template's failure is a
    TemplateError naming its paragraph."""
    document = fill_template(template, values.mapping(), load_specs(),
                             lambda spec: chart(spec, values.by_rate, values.years, values.period.title,
                                                values.all_forms),
                             REGION_CHARTS)
    stamp(document, "")
    return document


def unsigned_summary(signing: SummarySigning, data_dir: Path, template: Path = TEMPLATE) -> list[Problem]:
    """A warning when the template prints a signature and data/svodka.yaml gives none: the summary
    goes out signed (ГОСТ Р 7.0.97-2016), as a note does."""
    if signing.signature is not None or not prints_signature(template):
        return []
    path = DataFolder(data_dir).summary_file()
    if path.exists():
        return [Problem(path, 1, 1, "нет подписи (блок signature: — должность и фамилия): сводка выйдет "
                                    "неподписанной", warning=True)]
    return [Problem(None, 0, 0, f"сводка выйдет неподписанной: должность и фамилию подписывающего (signature:) "
                                f"и исполнителя (executor:) указывают в файле {path} — docs/schedule.md", warning=True)]


def check_signing(path: Path) -> list[Problem]:
    """`zapiska check data/svodka.yaml`: the summary's file checked as the summary reads it (not as
    a municipality's figures); the warning of a missing signature."""
    return unsigned_summary(load_model(path, SummarySigning, follow=False), path.parent)


@dataclass
class SummaryFiles:
    outputs: list[Path]
    collected: Collected
    warnings: list[Problem]  # the summary's own: no signature


def write(data_dir: Path, period: Period, out_dir: Path, pdf: bool = False, template: Path = TEMPLATE,
          collected: Collected | None = None) -> SummaryFiles:
    """svodka-<period>.docx and .xlsx (and .pdf) in `out_dir`; each written whole or not at all."""
    if pdf:
        soffice()
    collected = collected or collect(data_dir, period)
    values = context(collected)
    docx = out_dir / f"svodka-{period}.docx"
    save_document(fill(values, template), docx)
    outputs = [docx, write_xlsx(out_dir / f"svodka-{period}.xlsx", values, collected.entries)]
    if pdf:
        outputs.append(to_pdf(docx))
    return SummaryFiles(outputs, collected, unsigned_summary(collected.signing, data_dir, template))


def _hashed(path: Path) -> bytes:
    """A data file's hash; a pipe, a device, a link or a file too large is not read (its reader
    names the problem), only marked, so the step never waits on it."""
    try:
        return hashlib.sha256(read_regular(path, MAX_REGISTER, follow=False)).digest()
    except OSError as exc:
        return f"-{type(exc).__name__}".encode()


def for_batch(data_dir: Path, period: Period, out_dir: Path, pdf: bool,
              tool: bytes) -> tuple[list[Path], list[Problem]]:
    """The summary at the end of `zapiska batch`: written again only when a data file, the
    template, a chart spec or the tool (`tool`, batch's digest of it) has changed since the
    last run; the files it wrote, and its own problems (the files' errors batch reports itself)."""
    outputs = [out_dir / f"svodka-{period}{suffix}" for suffix in (".docx", ".xlsx", *([".pdf"] if pdf else []))]
    stamp = out_dir / f".svodka-{period}.key"
    digest = hashlib.sha256(tool)
    signing = DataFolder(data_dir).summary_file()
    for path in [*sorted(data_dir.glob("*/*.yaml")), signing, TEMPLATE, *sorted(REGION_CHARTS.glob("*.yaml"))]:
        digest.update(f"{path.relative_to(path.parent.parent)}\0".encode() + _hashed(path))
    key = digest.hexdigest()
    if all(path.exists() for path in outputs) and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        try:
            return outputs, unsigned_summary(read_signing(DataFolder(data_dir)), data_dir)
        except ZapiskaError as exc:  # changed since it was hashed a moment ago
            return outputs, exc.problems
    try:
        written = write(data_dir, period, out_dir, pdf)
    except ZapiskaError as exc:
        return [], [problem for problem in exc.problems if problem.file in (None, TEMPLATE, signing)
                    or isinstance(exc, TemplateError)]
    write_atomically(stamp, lambda temporary: Path(temporary).write_text(key, encoding="utf-8"))
    return written.outputs, written.warnings
