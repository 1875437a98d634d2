"""Load a clerk's YAML file into the validated model, with every problem located.

YAML is read with the safe loader only; aliases are refused (no alias bombs),
duplicate keys are errors. Validation errors from pydantic are translated into
Russian and placed at the line and column of the value (or key) at fault.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.core.errors import InputError, Problem, ZapiskaError
from generator.core.fields import Location, Spec, below, field_at, fields, inconsistencies, overlay, unshared
from generator.core.history import YEARS
from generator.core.model import REGION_BODY, Figures, Report
from generator.core.period import Period
from generator.store import quick
from generator.store.reader import Document, as_typed, locate, located, parse_file, parse_text, prune
from generator.wording.regions import body_genitive, subject

M = TypeVar("M", bound=BaseModel)


def _title(loc: Location, root: type[BaseModel]) -> str:
    spec = field_at(loc, root) if loc and not isinstance(loc[-1], int) else None
    return f" ({spec.title})" if spec is not None and spec.title != spec.key else ""


def _shown(value: Any) -> str:
    shown = value if isinstance(value, str) else str(value)
    shown = shown if len(shown) <= 60 else f"{shown[:30]}… ({len(shown)} знаков)"
    return f"«{shown}»" if isinstance(value, str) else shown


def _elsewhere(key: str, specs: tuple[Spec, ...], prefix: str = "") -> list[str]:
    """Where the model has a field named `key` (oral: in appeals:), said as the clerk reads it;
    last year's block is not a place of its own."""
    found = []
    for spec in specs:
        path = prefix + spec.key
        if spec.key == key and prefix:
            section = prefix.rstrip(".").removesuffix("[]")
            found.append(f"«{spec.label}» — в разделе {section}: ({path})")
        if spec.children and spec.key != "previous":
            found += _elsewhere(key, spec.children, path + ("[]." if spec.kind == "rows" else "."))
    return found


def _message(error: ErrorDetails, root: type[BaseModel]) -> str:
    loc, kind, value = error["loc"], error["type"], error.get("input")
    name = loc[-1] if loc else ""
    if kind == "missing":
        return f"не заполнено обязательное поле «{name}»{_title(loc, root)}"
    if kind == "extra_forbidden":
        elsewhere = _elsewhere(str(name), fields(root))
        if elsewhere:
            return f"неизвестный ключ «{name}» в этом разделе; {'; '.join(elsewhere)}"
        known = [spec.key for spec in below(loc[:-1], root) or ()]
        close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
        hint = f"; возможно, имелось в виду «{close[0]}»" if close else f"; допустимые ключи: {', '.join(known)}"
        return f"неизвестный ключ «{name}»{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and value.isdigit() and len(value) > 18:
            return f"слишком большое число ({len(value)} цифр)"
        if isinstance(value, str) and value.replace(",", "").replace(".", "").replace(" ", "").isdigit():
            if "," in value or "." in value:
                return f"ожидается целое число, а указано {_shown(value)}: количество пишется без запятой и точки"
            return f"ожидается целое число без кавычек и пробелов, а указано {_shown(value)}"
        if isinstance(value, float):
            return f"ожидается целое число, а указано дробное {value}"
        return f"ожидается целое число, а указано {_shown(value)}"
    if kind == "greater_than_equal":
        return f"количество не может быть отрицательным, а указано {value}"
    if kind == "less_than_equal":
        return f"значение не может быть больше {error['ctx']['le']}, а указано {value}"
    if kind == "string_type":
        return f"ожидается текст, а указано {_shown(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        what = f"элемент {name + 1} списка «{loc[-2]}»" if isinstance(name, int) else f"«{name}»"
        return f"{what} — раздел с вложенными ключами, а указано {_shown(value)}"
    if kind == "list_type":
        return f"«{name}» — список (строки, начинающиеся с «- »), а указано {_shown(value)}"
    if kind == "too_short":
        return f"список «{name}» пуст: нужна хотя бы одна строка"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d?-\d\d?", value):
            return f"такой даты нет: {_shown(value)} (месяц от 1 до 12, день — не больше, чем дней в месяце)"
        return f"ожидается дата в виде ГГГГ-ММ-ДД, а указано {_shown(value)}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return f"недопустимое значение {_shown(value)} поля «{name}»"



def _validated(file: Path, doc: Document, model: type[M]) -> M:
    try:
        return model.model_validate(prune(as_typed(doc.data, fields(model), doc.typed)))
    except ValidationError as exc:
        raise InputError(_sorted([located(file, locate(doc, tuple(e["loc"]), e["type"]), _message(e, model),
                                      loc=tuple(e["loc"])) for e in exc.errors()])) from None


def load_model(path: Path | str, model: type[M], follow: bool = True) -> M:
    """Any YAML file of ours (chart specs too) into its model, errors located; with follow=False
    a symbolic link is refused (a data folder's own files are never links)."""
    path = Path(path)
    return _validated(path, parse_file(path, follow), model)


def _validate(file: Path, doc: Document) -> tuple[Report | None, list[Problem]]:
    data = prune(as_typed(doc.data, fields(Report), doc.typed))
    problems = _inconsistent(file, doc, data, (), Report)
    try:
        return _validated(file, doc, Report), problems
    except InputError as exc:
        return None, exc.problems + problems


def _inconsistent(file: Path, doc: Document, data: Any, base: Location, model: type[BaseModel]) -> list[Problem]:
    return [located(file, locate(doc, base + loc, ""), in_region_words(message, doc.data), loc=base + loc)
            for loc, message in inconsistencies(data, model)]


def in_region_words(text: str, data: Any) -> str:
    """`text` with the model's «высшего органа власти субъекта …» in the words of the file's
    region, «Правительства Тверской области» (its region_body, else the region's body by the
    bundled table), when the file names its region: the form's labels and the messages of
    `check` say the same."""
    if REGION_BODY not in text:
        return text
    municipality = data.get("municipality") if isinstance(data, dict) else None
    given = {key: value.strip() if isinstance(value, str) and value.strip() else None
             for key, value in (municipality if isinstance(municipality, dict) else {}).items()}
    if not (given.get("region_body") or given.get("region") or given.get("region_genitive")):
        return text
    return text.replace(REGION_BODY, body_genitive(given.get("region_body"), given.get("region"),
                                                   given.get("region_genitive")))


def _sorted(problems: list[Problem]) -> list[Problem]:
    # pydantic may report one spot twice (e.g. for both members of an Optional)
    return sorted(set(problems), key=lambda p: (str(p.file), p.line, p.column, p.message))


@dataclass
class Loaded:
    """A validated report with the figures of the same period a year back, if known."""

    path: Path
    report: Report
    previous: Figures | None
    warnings: list[Problem]
    earlier: dict[Period, Any] = field(default_factory=dict)  # the same period 2+ years back, for dynamics

    @property
    def municipality(self) -> str:
        """The folder name: the municipality's slug (kavkazsky-raion)."""
        return self.path.parent.name

    @property
    def period(self) -> Period:
        return Period.parse(self.report.period)

    @property
    def previous_path(self) -> Path:
        return self.path.parent / f"{self.period.previous}.yaml"

    def output_name(self, suffix: str = ".docx") -> str:
        """<municipality>-<period>.docx: the name the CLI, batch and web form all give."""
        return f"{self.municipality}-{self.period}{suffix}"


def load(path: Path | str) -> Loaded:
    """Load and check a report file and its previous period; raise InputError listing every problem."""
    path = Path(path)
    return _load(path, parse_file(path))


def load_text(path: Path | str, text: str) -> Loaded:
    """Check YAML text that is not saved yet (the web form's) as if it were the file at `path`:
    the one reader and the messages of `load`."""
    path = Path(path)
    return _load(path, parse_text(path, text))


def typed_data(path: Path | str, text: str) -> Any:
    """The data of YAML `text` as `check` reads it, text fields as typed (what the form shows)."""
    doc = parse_text(Path(path), text)
    return as_typed(doc.data, fields(Report), doc.typed)



def _missing_sections(path: Path, report: Report, previous: Figures | None, name: str) -> list[Problem]:
    """A file cut off in the middle, or a section forgotten, still checks: last year's file is
    what tells that something is missing."""
    if previous is None:
        return []
    missing = [f"{key} ({info.title})" for key, info in Figures.model_fields.items()
               if getattr(previous, key) not in (None, []) and getattr(report, key) in (None, [])]
    if not missing:
        return []
    return [Problem(path, 1, 1, f"нет разделов, которые есть в {name}: {', '.join(missing)} — файл не дописан? "
                                "Без них эти абзацы в документ не попадут")]


def _kept(path: Path, doc: Document, kept: list[str], name: str) -> list[Problem]:
    if not kept:
        return []
    return [located(path, doc.keys.get(("previous",)), f"цифры блока previous:, которые есть и в файле {name}, "
                                                       f"берутся из файла: {', '.join(kept)}", loc=("previous",))]


def _unshared(path: Path, doc: Document) -> list[Problem]:
    """Topics without the number of questions they are shares of: printed without shares."""
    data = prune(as_typed(doc.data, fields(Report), doc.typed))
    return [located(path, locate(doc, loc, ""), message, loc=loc) for loc, message in unshared(data)]


def _unsure_body(path: Path, doc: Document, report: Report) -> list[Problem]:
    """The region's body the bundled table is not sure of, where the text would name it."""
    municipality = report.municipality
    named = report.written.from_region is not None or report.multichannel_phone is not None
    entry = subject(municipality.region) if named and not municipality.region_body else None
    if entry is None or not entry.get("unsure"):
        return []
    return [located(path, doc.values.get(("municipality", "region")),
                    f"орган субъекта взят из встроенной таблицы — «{entry['body']}» — и не проверен по документам "
                    "региона: если ваши отчеты называют его иначе, впишите его в municipality.region_body",
                    loc=("municipality", "region"))]


def _echoed_word(path: Path, doc: Document, report: Report) -> list[Problem]:
    """A topic's in_text that starts with «вопросов …»: the text already says «вопросы …» before it,
    and would print «вопросы вопросов ЖКХ»."""
    found = []
    for i, topic in enumerate(report.topics):
        typed = (topic.in_text or "").strip()
        first, _, rest = typed.partition(" ")
        if first.lower().startswith("вопрос") and rest:
            found.append(located(path, doc.values.get(("topics", i, "in_text")),
                                 f"in_text раздела «{topic.name}» начинается со слова «{first}», а текст сам пишет "
                                 f"перед ним «вопросы …» (выйдет «вопросы {typed}»): впишите "
                                 f"«{rest.strip()}»", loc=("topics", i, "in_text")))
    return found


def _load(path: Path, doc: Document) -> Loaded:
    report, problems = _validate(path, doc)
    if report is None:
        raise InputError(_sorted(problems))
    loaded = Loaded(path, report, None, [])
    warnings: list[Problem] = []
    if path.stem != report.period:
        # The name decides where the previous period and the output go: a mismatch would
        # compare with the wrong year and overwrite another period's document.
        problems.append(located(path, doc.values.get(("period",)),
                            f"период {report.period} не совпадает с именем файла {path.name}: "
                            f"переименуйте файл в {report.period}.yaml или исправьте период", loc=("period",)))
    if loaded.previous_path.exists():
        previous, previous_problems = _validate(loaded.previous_path, parse_file(loaded.previous_path))
        problems += previous_problems
        if previous is not None:
            previous, kept = overlay(previous, report.previous)  # the block adds what last year's file lacks
            warnings += _kept(path, doc, kept, loaded.previous_path.name)
        loaded.previous = previous
        warnings += _missing_sections(path, report, previous, loaded.previous_path.name)
    elif report.previous is not None:
        loaded.previous = report.previous
    else:
        warnings.append(Problem(path, 1, 1, f"нет данных за {loaded.period.previous} (нет файла "
                                            f"{loaded.previous_path.name} и блока previous:) — "
                                            "сравнения с прошлым годом в текст не попадут"))
    if problems:
        raise InputError(_sorted(problems))
    warnings += _unsure_body(path, doc, report) + _echoed_word(path, doc, report) + _unshared(path, doc)
    loaded.earlier, left_out = earlier(path, loaded.period)
    warnings += left_out  # the years its dynamics leave out
    loaded.warnings = [replace(w, warning=True) for w in warnings]
    return loaded


# --- the same period of earlier years, for the dynamics -------------------------

def paths(source: Path, period: Period, years: int = YEARS) -> list[Path]:
    """The files of the same period two to `years` - 1 years back, beside `source`, that exist
    (regular files, not links: a link could show the form what lies outside the data folder)."""
    candidates = [source.parent / f"{Period(period.year - back, period.kind)}.yaml" for back in range(2, years)]
    return [path for path in candidates if path.is_file() and not path.is_symlink()]


def earlier(source: Path, period: Period, years: int = YEARS) -> tuple[dict[Period, Any], list[Problem]]:
    """The figures of the same period two to `years` - 1 years back that can be read, and the
    problems of the files that cannot, as warnings: those years are left out of the history."""
    found: dict[Period, Any] = {}
    warnings: list[Problem] = []
    for path in paths(source, period, years):
        year = Period.parse(path.stem)
        report = quick.read(path)
        if report is None:
            try:
                report = load_model(path, Report, follow=False)
            except ZapiskaError as exc:
                warnings += [replace(p, warning=True, message=f"{p.message} — данные {year.za} в динамику не вошли")
                             for p in exc.problems]
                continue
        found[year] = report
    return found, warnings
