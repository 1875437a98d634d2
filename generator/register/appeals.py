"""The rows of a register as appeals: values recognised, rows of one appeal put together.

Rows that share a registration number (in one year: many systems number anew each January)
are one appeal with several questions; a row with neither number nor date continues the
appeal above it (what a merged cell exports as). Empty rows and summary rows («Итого», «Всего»)
are skipped. Every value that cannot be read is a problem located by file, sheet, row and column.
"""
from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from generator.register.table import Table, normalized

# The words that recognise a value, tried in order (regular expressions on normalized text).
FORMS = (
    ("electronic", r"электрон|интернет|\be ?mail\b|\bэл почт|\bпос\b|платформ\w* обратной связи|сайт|портал|"
                   r"госуслуг|виртуальн|\bсмс\b|мессенджер"),
    ("written", r"письм|почт|нарочн|курьер|факс|фельдъегер|телеграм|^(?:зу|пп)$"),  # АС ОГ: ЗУ, ПП are letters
    ("oral", r"устн|личн\w* при[её]м|\bпри[её]м|телефон|горяч\w* лини|видеосвяз|^лп$"),  # АС ОГ: ЛП, личный прием
)
KINDS = (
    ("collective_repeat", r"коллектив\w* повтор|повтор\w* коллектив"),
    ("collective", r"коллектив"),
    ("repeat", r"повтор"),
    ("individual", r"индивидуал|единичн|первичн|анонимн|обычн|личн"),
)
RESULTS = (  # ССТУ.РФ statuses; «Рассмотрено.» before them is dropped first
    ("measures_taken", r"меры приняты"),
    ("not_supported", r"не поддержано"),
    ("supported", r"^поддержано"),
    ("explained", r"^разъяснено"),
    ("answered", r"^дан ответ"),
    ("unanswered", r"без ответа"),
    ("forwarded", r"по компетенции|перенаправлено|переадресовано"),
    ("in_progress", r"на рассмотрении|в работе|на исполнении|на контроле"),
)
SOURCES = (
    ("president", r"\bпрезидент"),
    ("region", r"губернатор|\bглав\w* республики|(?:администрац|правительств|аппарат)\w*\b.*\b(?:кра[йяюе]|"
               r"област\w*|республик\w*|автономн\w* округ\w*)\b"),
)
# How a clerk may write the target of a value in the map file, besides the keys themselves.
VALUE_NAMES = {
    "form": {"written": "письменное", "electronic": "электронное", "oral": "устное"},
    "kind": {"individual": "индивидуальное", "collective": "коллективное", "repeat": "повторное",
             "collective_repeat": "коллективно-повторное"},
    "result": {"supported": "поддержано", "measures_taken": "поддержано, в т.ч. меры приняты",
               "explained": "разъяснено", "not_supported": "не поддержано", "answered": "дан ответ автору",
               "unanswered": "оставлено без ответа автору", "forwarded": "направлено по компетенции",
               "in_progress": "находится на рассмотрении"},
    "source": {"president": "Администрация Президента", "region": "высший орган власти субъекта",
               "other": "другое"},
}
_PATTERNS = {"form": FORMS, "kind": KINDS, "result": RESULTS, "source": SOURCES}
_SUMMARY = re.compile(r"^\s*(итого|всего)\b", re.IGNORECASE)
_DMY = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?:\s|$|г)")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s]|$)")
_CODE = re.compile(r"^\s*(\d{1,4})(?:\.\d{1,4})*\s*$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_NO = {"", "нет", "не продлен", "не продлено", "0", "false", "ложь"}


def recognise(field: str, text: str, extra: dict[str, str]) -> str | None:
    """The canonical value of a form, kind, result or source (None when unknown); `extra` maps the
    normalized values of the map file first. A blank form is written, a blank result is «on
    consideration», a blank kind is individual, any source that is neither is «other»."""
    key = normalized(text)
    if key in extra:
        return extra[key]
    if field == "result":
        key = re.sub(r"^рассмотрено\s*", "", key)
    if not key:
        return {"form": "written", "kind": "individual", "result": "in_progress", "source": "other"}[field]
    for value, pattern in _PATTERNS[field]:
        if re.search(pattern, key):
            return value
    return "other" if field == "source" else None


def target(field: str, text: str) -> str | None:
    """What a map file's target names: a key (explained) or a value the tool recognises itself
    («Разъяснено»)."""
    if text in VALUE_NAMES[field]:
        return text
    return recognise(field, text, {}) if normalized(text) else None


def date_of(value: Any) -> datetime.date | None:
    """A cell as a date: a date cell, an Excel serial number, ДД.ММ.ГГГГ or ГГГГ-ММ-ДД (time after
    it ignored); None when it is none of them."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        serial = value
    else:
        text = str(value).strip()
        match = _DMY.match(text)
        try:
            if match:
                day, month, year = map(int, match.groups())
                return datetime.date(year + 2000 if year < 100 else year, month, day)
            match = _ISO.match(text)
            if match:
                return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
        try:
            serial = float(text.replace(",", "."))
        except ValueError:
            return None
    if not 1 <= serial < 2958466:  # Excel's own range: 1900-01-01 … 9999-12-31
        return None
    return _EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def text_of(value: Any) -> str:
    """A cell as text: 123.0 (a number cell) as «123»."""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def section_of(code: str) -> str | None:
    """The classifier section of a code: «0005.0005.0056.1149» and «5» -> «0005»; None if not a code."""
    match = _CODE.match(code)
    if not match or not 1 <= int(match.group(1)) <= 5:
        return None
    return f"{int(match.group(1)):04}"


@dataclass
class Question:
    section: str | None  # «0005»; None when the register has no code column or the row no code
    name: str | None
    line: int


@dataclass
class Appeal:
    number: str
    date: datetime.date
    line: int  # the row it starts at
    form: str = "written"
    source: str = "other"
    kind: str = "individual"
    result: str = "in_progress"
    settlement: str | None = None
    answered: datetime.date | None = None
    deadline: datetime.date | None = None
    extended: bool = False
    repeated: bool = False  # a repeat mark of its own («Повторность»), besides the kind
    measures: bool = False  # «меры приняты» marked in a column of its own
    anonymous: bool = False
    applicant: str | None = None
    questions: list[Question] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # fields already taken from a row

    @property
    def written(self) -> bool:
        """Written or electronic: what written.total counts (oral appeals are receptions)."""
        return self.form != "oral"


@dataclass
class RowProblem:
    """A problem of one row; `appeal` is the row's appeal (None when unknown): rows of periods
    that are not imported do not stop the import, and skipping bad rows leaves out their appeals."""

    line: int
    field: str | None
    message: str
    appeal: Appeal | None


@dataclass
class Register:
    """A register's appeals, the columns it has, and its problems."""

    table: Table
    appeals: list[Appeal]
    problems: list[RowProblem]
    skipped: int  # empty and summary rows

    @property
    def fields(self) -> set[str]:
        return set(self.table.columns)


# An appeal with several questions takes the first of its questions' results in this order.
APPEAL_RESULTS = ("measures_taken", "supported", "explained", "not_supported", "answered", "forwarded",
                  "unanswered", "in_progress")


class _Reader:
    """One pass over the rows; a cache per column makes a 100 000-row register cheap (values repeat)."""

    def __init__(self, table: Table, values: dict[str, dict[str, str]]):
        self.table = table
        self.values = {field: {normalized(k): v for k, v in mapping.items()} for field, mapping in values.items()}
        self.caches: dict[str, dict[Any, Any]] = {field: {} for field in table.columns}
        self.problems: list[RowProblem] = []
        self.by_key: dict[tuple[str, int], Appeal] = {}
        self.last_by_number: dict[str, Appeal] = {}
        present = [(field, table.columns[field]) for field in _APPEAL_FIELDS if field in table.columns]
        self.appeal_fields = present

    def problem(self, line: int, field: str | None, message: str, appeal: Appeal | None) -> None:
        self.problems.append(RowProblem(line, field, message, appeal))

    def value(self, field: str, raw: Any, line: int, appeal: Appeal) -> Any:
        cache = self.caches[field]
        try:
            parsed = cache[raw]
        except KeyError:
            parsed = cache[raw] = self.parse(field, raw)
        except TypeError:  # an unhashable cell: never from a reader, but no reason to fail
            parsed = self.parse(field, raw)
        if parsed.__class__ is _Bad:
            self.problem(line, field, parsed.message, appeal)
            return None
        return parsed

    def parse(self, field: str, raw: Any) -> Any:
        """The cell's value; None for a blank cell (the appeal keeps its default), except a blank
        result, which is «on consideration»."""
        text = text_of(raw)
        if not text and field != "result":
            return None  # a blank code: a question not classified yet, among all questions, in no section
        if field in _PATTERNS:
            value = recognise(field, text, self.values.get(field, {}))
            return value if value is not None else _Bad(self.unknown(field, text))
        if field in ("answered", "deadline"):
            return date_of(raw) or _Bad(f"не дата: «{text}» (ожидается ДД.ММ.ГГГГ)")
        if field in _MARKS:
            return normalized(text) not in _NO
        if field == "code":
            return section_of(text) or _Bad(f"не код раздела классификатора 0001–0005: «{text}»")
        return text  # question, settlement, applicant

    def unknown(self, field: str, text: str) -> str:
        known = list(VALUE_NAMES[field].values())
        close = difflib.get_close_matches(text.lower(), known, n=1, cutoff=0.5)
        hint = f" (возможно, «{close[0]}»?)" if close else ""
        return (f"неизвестное значение «{text}»{hint} — добавьте его в register-map.yaml "
                f"(раздел values: {field}:)")


class _Bad:
    def __init__(self, message: str):
        self.message = message


def _blank(row: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


_SUMMARY_FIRST = "ИиВв"  # a cheap test before the expression, on every row


def _is_summary(*texts: str) -> bool:
    return any(_SUMMARY.match(text) for text in texts)


def read_appeals(table: Table, values: dict[str, dict[str, str]] | None = None) -> Register:
    """The appeals of a register's table; `values` maps a field's own spellings to canonical values."""
    reader = _Reader(table, values or {})
    columns = table.columns
    number_at, date_at = columns["number"], columns["date"]
    width = max(columns.values()) + 1
    appeals: list[Appeal] = []
    skipped = 0
    previous: Appeal | None = None
    for offset, row in enumerate(table.rows):
        line = table.first_line + offset
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        number, raw_date = text_of(row[number_at]), row[date_at]
        date_text = text_of(raw_date)
        if not number and not date_text:
            if previous is None or _blank(row) or _is_summary(text_of(row[0])):
                skipped += 1
                continue
            appeal = previous  # the next question of the appeal above (a merged cell)
        elif (number[:1] in _SUMMARY_FIRST or date_text[:1] in _SUMMARY_FIRST) and _is_summary(number, date_text):
            skipped += 1
            continue
        else:
            found = _appeal_of(reader, number, raw_date, date_text, line)
            if found is None:
                previous = None  # its next rows cannot be placed either
                continue
            appeal = found
            if appeal.line == line:
                appeals.append(appeal)
        previous = appeal
        _take(reader, appeal, row, line)
    return Register(table, appeals, reader.problems, skipped)


def _appeal_of(reader: _Reader, number: str, raw_date: Any, date_text: str, line: int) -> Appeal | None:
    if not date_text:
        if number in reader.last_by_number:
            return reader.last_by_number[number]
        reader.problem(line, "date", "не указана дата регистрации", None)
        return None
    cache = reader.caches["date"]
    if raw_date not in cache:
        cache[raw_date] = date_of(raw_date)
    date = cache[raw_date]
    if date is None:
        reader.problem(line, "date", f"не дата: «{date_text}» (ожидается ДД.ММ.ГГГГ)", None)
        return None
    if not number:
        reader.problem(line, "number", "не указан регистрационный номер", Appeal("", date, line))
        return None
    appeal = reader.by_key.get((number, date.year))
    if appeal is None:
        appeal = Appeal(number, date, line)
        reader.by_key[(number, date.year)] = appeal
        reader.last_by_number[number] = appeal
    return appeal


_APPEAL_FIELDS = ("form", "source", "kind", "settlement", "deadline", "anonymous", "applicant")
_MARKS = ("extended", "repeat", "measures", "anonymous")  # yes/no columns


def _take(reader: _Reader, appeal: Appeal, row: list[Any], line: int) -> None:
    """The row's values into its appeal: a question, and the appeal's own fields where the row
    has them and the appeal does not yet."""
    columns = reader.table.columns
    seen = appeal.seen
    if len(seen) < len(reader.appeal_fields) + 1:
        for name, at in reader.appeal_fields:
            if name not in seen:
                value = reader.value(name, row[at], line, appeal)
                if value is not None:
                    setattr(appeal, name, value)
                    seen.add(name)
    if "result" in columns:
        result: Any = reader.value("result", row[columns["result"]], line, appeal)
        if result is not None and ("result" not in seen
                                   or APPEAL_RESULTS.index(result) < APPEAL_RESULTS.index(appeal.result)):
            appeal.result = result
            seen.add("result")
    if "answered" in columns:
        answered = reader.value("answered", row[columns["answered"]], line, appeal)
        if answered is not None and (appeal.answered is None or answered > appeal.answered):
            appeal.answered = answered  # the appeal is answered when its last question is
    if "extended" in columns and reader.value("extended", row[columns["extended"]], line, appeal):
        appeal.extended = True
    if "repeat" in columns and reader.value("repeat", row[columns["repeat"]], line, appeal):
        appeal.repeated = True
    if "measures" in columns and reader.value("measures", row[columns["measures"]], line, appeal):
        appeal.measures = True
    section = reader.value("code", row[columns["code"]], line, appeal) if "code" in columns else None
    question = reader.value("question", row[columns["question"]], line, appeal) if "question" in columns else None
    if section is not None or "code" not in columns or not text_of(row[columns["code"]]):
        appeal.questions.append(Question(section, question, line))

