"""The region's summary (svodka): every municipality's figures for one period, gathered from
the data folder, computed once (region.py) and written as a Word document through an
editable template and as a spreadsheet.

A broken file is reported with its lines and columns and left out; a municipality without
a file for the period is named; the documents say both. Nothing is written when no
municipality can be counted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import fastread, region, resources, text
from .compare import Compared, Figure
from .context import TemplateContext, declare
from .errors import Problem, TemplateError, ZapiskaError
from .files import write_atomically
from .history import earlier
from .model import field_title
from .period import Period, PeriodError
from .region import Row, Topic, YearTotal

TEMPLATE = resources.TEMPLATES / "svodka.docx"
CHARTS = resources.CHARTS / "svodka"
YEARS = 5  # the same period of how many years the summary shows

# Cities and city okrugs first, then districts and municipal okrugs, as regional lists go.
KIND_ORDER = {"городской округ": 0, "город": 0, "муниципальный округ": 1, "район": 1, "поселение": 2}


@dataclass
class Collected:
    """What the data folder holds for the period."""

    period: Period
    entries: list[region.Entry]  # counted municipalities, in the table's order
    missing: list[str]  # municipalities without a file for the period (name, else folder)
    broken: list[str]  # municipalities whose files have errors (name, else folder)
    problems: list[Problem] = field(default_factory=list)  # the errors, then the warnings


def collect(data_dir: Path, period: Period, years: int = YEARS) -> Collected:
    """Every municipality folder's figures for `period`, a year back and up to `years` back."""
    if not data_dir.is_dir():
        raise ZapiskaError(f"папка с данными {data_dir} не найдена")
    folders = sorted(path for path in data_dir.iterdir() if path.is_dir() and not path.name.startswith("."))
    result = Collected(period, [], [], [])
    warnings: list[Problem] = []
    for folder in folders:
        if not (folder / f"{period}.yaml").is_file():
            result.missing.append(_name_in(folder))
            continue
        entry, problems = _entry(folder, period, years)
        if entry is None:
            result.broken.append(_name_in(folder))
            result.problems += problems
        else:
            result.entries.append(entry)
            warnings += problems
    if not result.entries:
        raise ZapiskaError(result.problems + [Problem(None, 0, 0, (
            f"в {data_dir} нет ни одного файла {period}.yaml без ошибок: сводку составить не из чего"))])
    result.entries.sort(key=lambda e: (KIND_ORDER.get(e.report.municipality.kind or "", 3),
                                       e.report.municipality.name))
    result.problems += warnings
    return result


def _entry(folder: Path, period: Period, years: int) -> tuple[region.Entry | None, list[Problem]]:
    """The municipality's figures, or None and the errors that keep it out of the summary."""
    from .load import load

    path, before = folder / f"{period}.yaml", folder / f"{period.previous}.yaml"
    report = fastread.read(path)
    previous = None
    if report is not None:
        previous = fastread.read(before) if before.exists() else report.previous
        if before.exists() and previous is None:
            report = None  # last year's file has a problem: load() names it
    if report is None:
        try:
            loaded = load(path)
        except ZapiskaError as exc:
            return None, exc.problems
        report, previous = loaded.report, loaded.previous
    older, warnings = earlier(path, period, years)
    return region.Entry(folder.name, report, previous, older), warnings


def _name_in(folder: Path) -> str:
    """The municipality's name from its newest readable file (by the periods' ends: 2021-H2
    after 2021-Q3, a renamed municipality goes by its new name), else the folder's name."""
    files = []
    for path in folder.glob("*.yaml"):
        try:
            files.append((Period.parse(path.stem), path))
        except PeriodError:
            continue  # not a file of figures
    for _, path in sorted(files, reverse=True):
        name = fastread.name(path)
        if name:
            return f"{name} ({folder.name})"
    return folder.name


@dataclass(frozen=True)
class RegionName:
    name: str = field(metadata={"title": "Название"})
    genitive: str = field(metadata={"title": "Название в родительном падеже: «от жителей …»"})


@dataclass(frozen=True)
class TotalLine:
    title: str = field(metadata={"title": "Название показателя"})
    figure: Figure = field(metadata={"title": "Число"})


@dataclass(frozen=True)
class SummaryContext(TemplateContext):
    """What the summary's template sees, each name with its Russian title (template vars --svodka)."""

    period: Period = declare("Отчетный период (те же поля, что в записке: title, za, v, previous …)")
    region: RegionName = declare("Субъект: name и genitive (из municipality.region в файлах)")
    municipalities: list[Row] = declare(
        "Строки таблицы: муниципальные образования (сначала городские округа, затем районы)")
    by_rate: list[Row] = declare(
        "Муниципальные образования с численностью населения, от наибольшего числа обращений на 1000 жителей")
    top: list[Row] = declare("Пять первых из by_rate")
    growth: list[Row] = declare("Муниципальные образования, где обращений стало больше, от наибольшего роста")
    decline: list[Row] = declare(
        "Муниципальные образования, где обращений стало меньше, от наибольшего снижения")
    totals: Compared = declare("Итоги по всем муниципальным образованиям, как числа записки: totals.written.total",
                               like="")  # only region.TOTALS: schema() keeps those
    totals_list: list[TotalLine] = declare("Итоги списком для таблицы: title (название) и figure (число)")
    population: int | None = declare("Численность населения муниципальных образований, где она указана")
    rate: float | None = declare(
        "Письменных обращений на 1000 жителей по всем муниципальным образованиям с численностью")
    topics: list[Topic] = declare(
        "Разделы тематики, сумма по всем муниципальным образованиям: code, name, count (с долей)")
    main_topic: Topic | None = declare("Раздел с наибольшим числом вопросов")
    years: list[YearTotal] = declare(
        "Итоги того же периода прежних лет: period, written, municipalities (сколько вошло)")
    counted: int = declare("Сколько муниципальных образований вошло в сводку")
    missing: list[str] = declare("Нет файла за период (названия)")
    broken: list[str] = declare("Файлы с ошибками, не вошедшие в сводку (названия)")
    without_previous: list[str] = declare("Нет цифр за прошлый год (названия)")
    without_population: list[str] = declare("Не указана численность населения (названия)")


def context(collected: Collected) -> SummaryContext:
    """What the summary's template sees (zapiska template vars --svodka lists it)."""
    entries, period = collected.entries, collected.period
    table = region.rows(entries)
    ranked = region.by_rate(table)
    totals: dict[str, Any] = {}
    for path in region.TOTALS:  # every name present, None where no municipality has it
        *sections, last = path.split(".")
        target = totals
        for section in sections:
            target = target.setdefault(section, {})
        target[last] = None
    _merge(totals, region.totals(entries))
    topics = region.topics(entries)
    return SummaryContext(
        period=period,
        region=_region(entries),
        municipalities=table,
        by_rate=ranked,
        top=ranked[:region.TOP],
        growth=region.growth(table),
        decline=region.decline(table),
        totals=totals,
        totals_list=[TotalLine(field_title(path), figure) for path in region.TOTALS
                     if (figure := _at(totals, path)) is not None],
        population=region.population(entries),
        rate=region.region_rate(entries),
        topics=topics,
        main_topic=max(topics, key=lambda t: t.count.value) if topics else None,
        years=region.years(entries, period, YEARS),
        counted=len(entries),
        missing=collected.missing,
        broken=collected.broken,
        without_previous=[row.name for row in table if row.written.previous is None],
        without_population=[row.name for row in table if row.population is None],
    )


def _at(values: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        values = values[part]
    return values


def _merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict):
            _merge(target.setdefault(key, {}), value)
        else:
            target[key] = value


def _region(entries: list[region.Entry]) -> RegionName:
    """The region most municipalities name, in the nominative and the genitive ("" if none)."""
    named = Counter(e.report.municipality.region for e in entries if e.report.municipality.region)
    if not named:
        return RegionName("", "")
    name = named.most_common(1)[0][0]
    override = next((e.report.municipality.region_genitive for e in entries
                     if e.report.municipality.region == name and e.report.municipality.region_genitive), None)
    return RegionName(name, override or text.inflect(name, "gent"))


# --- charts -------------------------------------------------------------------

class ChartSpec(BaseModel):
    """A chart of the summary: charts/svodka/<name>.yaml, in the template charts.<name>."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(title="Заголовок диаграммы")
    kind: Literal["rates", "years"] = Field(
        title="Вид: rates — муниципальные образования по обращениям на 1000 жителей, "
              "years — письменные обращения по региону за несколько лет")
    limit: int = Field(default=50, ge=1, le=200, title="Сколько муниципальных образований показать (для rates)")
    colors: list[str] = Field(min_length=1, title="Цвета столбцов")
    width_cm: float = Field(default=16, gt=0, le=17, title="Ширина в документе, см")


def load_specs(directory: Path = CHARTS) -> dict[str, ChartSpec]:
    from .load import load_model

    return {path.stem: load_model(path, ChartSpec) for path in sorted(directory.glob("*.yaml"))}


# --- writing ------------------------------------------------------------------

def fill(values: SummaryContext, template: Path = TEMPLATE) -> Any:
    """The summary's template filled, in memory (a docxtpl document); a template's failure is a
    TemplateError naming its paragraph."""
    from .render import fill_template
    from .summary_charts import draw

    return fill_template(template, values.mapping(), load_specs(),
                         lambda spec: draw(spec, values.by_rate, values.years), CHARTS)


@dataclass
class Written:
    outputs: list[Path]
    collected: Collected


def write(data_dir: Path, period: Period, out_dir: Path, pdf: bool = False, template: Path = TEMPLATE,
          collected: Collected | None = None) -> Written:
    """svodka-<period>.docx and .xlsx (and .pdf) in `out_dir`; each written whole or not at all."""
    from .xlsx import write_xlsx

    if pdf:
        from .pdf import soffice

        soffice()
    collected = collected or collect(data_dir, period)
    values = context(collected)
    docx = out_dir / f"svodka-{period}.docx"
    from .render import save_document

    save_document(fill(values, template), docx)
    outputs = [docx, write_xlsx(out_dir / f"svodka-{period}.xlsx", values, collected.entries)]
    if pdf:
        from .pdf import to_pdf

        outputs.append(to_pdf(docx))
    return Written(outputs, collected)


def for_batch(data_dir: Path, period: Period, out_dir: Path, pdf: bool,
              tool: bytes) -> tuple[list[Path], list[Problem]]:
    """The summary at the end of `zapiska batch`: written again only when a data file, the
    template, a chart spec or the tool (`tool`, batch's digest of it) has changed since the
    last run; the files it wrote, and its own problems (the files' errors batch reports itself)."""
    import hashlib

    outputs = [out_dir / f"svodka-{period}{suffix}" for suffix in (".docx", ".xlsx", *([".pdf"] if pdf else []))]
    stamp = out_dir / f".svodka-{period}.key"
    digest = hashlib.sha256(tool)
    for path in [*sorted(data_dir.glob("*/*.yaml")), TEMPLATE, *sorted(CHARTS.glob("*.yaml"))]:
        digest.update(f"{path.relative_to(path.parent.parent)}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    key = digest.hexdigest()
    if all(path.exists() for path in outputs) and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return outputs, []
    try:
        written = write(data_dir, period, out_dir, pdf)
    except ZapiskaError as exc:
        return [], [problem for problem in exc.problems if problem.file is None or problem.file == TEMPLATE
                    or isinstance(exc, TemplateError)]
    write_atomically(stamp, lambda temporary: Path(temporary).write_text(key, encoding="utf-8"))
    return written.outputs, []


# --- what the summary's template can use (zapiska template vars --svodka, template check) ----

# The names only the summary's context has: a template that uses one is a summary template.
OWN = {"municipalities", "totals", "totals_list", "by_rate", "top", "growth", "decline", "counted"}


def example() -> SummaryContext:
    """The summary's context made of the bundled sample reports (what template check fills in)."""
    examples = sorted({path.parent.parent for path in resources.EXAMPLES})[0]
    return context(collect(examples, Period.parse(resources.EXAMPLES[0].stem)))


def schema() -> dict[str, Any]:
    """Every top-level name of the summary's template, as template_vars' Nodes: those SummaryContext
    declares (totals with the region's totals only) and the charts."""
    from .template_vars import Node, declared, shaped

    names = declared(SummaryContext)
    names["totals"] = Node(names["totals"].title, _only(shaped(Figure), list(region.TOTALS)))
    charts = {name: Node(spec.title, leaf=True) for name, spec in load_specs().items()}
    names["charts"] = Node("Диаграммы из charts/svodka/: {{ charts.rates }}, {{ charts.years }}", charts)
    return names


def _only(fields: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """The model's nodes at the dotted `paths` and the sections above them, in the paths' order."""
    from .template_vars import Node

    result = {}
    for head in dict.fromkeys(path.split(".")[0] for path in paths):
        below = [path.split(".", 1)[1] for path in paths if path.startswith(f"{head}.")]
        node = fields[head]
        result[head] = Node(node.title, _only(node.children, below)) if below else node
    return result


def describe() -> str:
    """The text of `zapiska template vars --svodka`."""
    from .template_vars import lines_of, variables

    lines = ["Переменные шаблона сводки (templates/svodka.docx; примеры — из образцов программы).",
             "Поля строк by_rate, top, growth, decline — те же, что у municipalities[]; поля totals.… —",
             "те же, что у каждого числа (.value, .previous, .diff, .percent …).", ""]
    return "\n".join(lines + lines_of(variables(schema(), [example().mapping()]))) + "\n"
