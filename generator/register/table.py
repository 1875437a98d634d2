"""Reading a register of appeals exported from a document system to .xlsx/.xls/.ods/.csv.

A register is a table: a header row (possibly under a title) and one row per question or per
appeal. Its columns are found by their headers, case, «ё» and punctuation ignored; a map file
(register-map.yaml) names the columns a system calls its own way. Excel files are read by
python-calamine, CSV by the csv module as Russian Excel saves it (semicolons, Windows-1251 or
UTF-8 with BOM).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.errors import Problem, ZapiskaError, os_message
from generator.register.extent import check_extent
from generator.store.files import MAX_REGISTER, read_regular

# field -> (what it is, in Russian; the header variants it is recognised by)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("регистрационный номер", (
        "Рег. №", "Регистрационный номер", "Номер обращения", "№ обращения", "Рег. номер",
        "Регистрационный номер обращения", "Номер регистрации")),
    "date": ("дата регистрации", ("Дата регистрации", "Дата рег.", "Дата поступления",
                                  "Дата регистрации обращения")),
    "code": ("код вопроса по классификатору", ("Код вопроса", "Код классификатора", "Код тематики")),
    "question": ("вопрос", ("Вопрос", "Наименование вопроса", "Тематика", "Содержание вопроса")),
    "form": ("форма обращения", ("Форма обращения", "Вид доставки", "Форма поступления", "Вид письма")),
    "source": ("откуда поступило", ("Откуда поступило", "Источник поступления", "Корреспондент")),
    "kind": ("вид обращения", ("Вид обращения", "Признак обращения")),
    "result": ("результат рассмотрения", ("Результат рассмотрения", "Результат", "Статус")),
    "settlement": ("населенный пункт", ("Населенный пункт", "Поселение", "Территория")),
    "answered": ("дата ответа", ("Дата ответа", "Дата исполнения")),
    "deadline": ("срок рассмотрения", ("Срок исполнения", "Контрольный срок", "Срок рассмотрения")),
    "extended": ("отметка о продлении срока", ("Продлен", "Продлено", "Срок продлен", "Продление срока")),
    "repeat": ("отметка о повторном обращении", ("Повторность", "Повторное", "Признак повторности")),
    "measures": ("отметка «меры приняты»", ("Меры приняты", "Приняты меры")),
    "anonymous": ("отметка об анонимном обращении", ("Анонимное", "Анонимность", "Аноним")),
    "applicant": ("категория заявителя", ("Категория заявителя", "Социальное положение", "Льготный состав",
                                          "Социальный статус", "Категория обратившегося")),
}
# The federal АС ОГ export («Мастер обзоров») names some columns in one word: they are taken so
# only in a header row that also has its «Вид письма».
AS_OG_MARK = "вид письма"
AS_OG = {"номер": "number", "дата": "date", "код": "code", "наименование": "question"}
REQUIRED = ("number", "date")
HEADER_ROWS = 30  # a title above the header is a few lines at most
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
SHOWN_LINES = 5  # the rows named in one message; the rest are counted


def normalized(text: Any) -> str:
    """Lower case, «ё» as «е», «№» as the word, punctuation as spaces: «Рег. №» -> «рег номер»."""
    text = str(text).lower().replace("ё", "е").replace("№", " номер ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_VARIANTS = {normalized(variant): field for field, (_, variants) in COLUMNS.items() for variant in variants}


def field_of(header: str) -> str | None:
    """The field a header names, if it is one of the known variants (or a field's own key)."""
    key = normalized(header)
    if key in COLUMNS:
        return key
    if key in _VARIANTS:
        return _VARIANTS[key]
    return "extended" if key.startswith("продлен") else None


@dataclass
class Table:
    """One sheet of a register: where each field's column is and the rows under the header."""

    file: Path
    sheet: str | None  # None for CSV
    headers: list[str]
    columns: dict[str, int]  # field -> column index
    first_line: int  # the sheet's line number of rows[0]
    rows: list[list[Any]]

    def where(self, lines: list[int], field: str | None = None) -> str:
        """«реестр.xlsx, лист «Лист1», строка 57, столбец «Результат рассмотрения»»; several
        lines as «строки 57, 58, 93 и еще 12»."""
        parts = [self.file.name]
        if self.sheet is not None:
            parts.append(f"лист «{self.sheet}»")
        if len(lines) == 1:
            parts.append(f"строка {lines[0]}")
        else:
            shown = ", ".join(map(str, lines[:SHOWN_LINES]))
            more = f" и еще {len(lines) - SHOWN_LINES}" if len(lines) > SHOWN_LINES else ""
            parts.append(f"строки {shown}{more}")
        if field is not None:
            parts.append(f"столбец «{self.headers[self.columns[field]]}»")
        return ", ".join(parts)


def read(path: Path, renames: dict[str, str] | None = None, sheet: str | None = None) -> Table:
    """The register's table with its columns recognised; ZapiskaError when the file cannot be
    read or the needed columns are not found. `renames` maps a register's own header to a field."""
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise ZapiskaError([_problem(path, f"реестр должен быть файлом {', '.join(EXTENSIONS)}, а это «{path.name}»")])
    try:
        content = read_regular(path, MAX_REGISTER)
    except IsADirectoryError:
        raise ZapiskaError([_problem(path, "это папка, а нужен файл реестра")]) from None
    except OSError as exc:
        raise ZapiskaError([_problem(path, f"файл не читается: {os_message(exc)}")]) from None
    if suffix == ".csv":
        return _table(path, None, _csv_rows(path, content), 0, renames or {})
    return _workbook_table(path, content, renames or {}, sheet)


def _problem(path: Path, message: str) -> Problem:
    return Problem(None, 0, 0, f"{path.name}: {message}")


def _csv_rows(path: Path, content: bytes) -> list[list[Any]]:
    if content.startswith(b"\xef\xbb\xbf"):
        text = content[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = content.decode("cp1251", errors="replace")  # what Russian Excel writes by default
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";\t,", key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ZapiskaError([_problem(path, f"не читается как CSV: {exc}")]) from None


def _workbook_table(path: Path, content: bytes, renames: dict[str, str], wanted: str | None) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook  # only an import reads a workbook

    check_extent(path, content)  # calamine aborts the process on a sheet it cannot allocate
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = workbook.sheet_names
        if wanted is not None and wanted not in names:
            raise ZapiskaError([_problem(path, f"нет листа «{wanted}»; листы: {', '.join(names)}")])
        tables = []
        for name in [wanted] if wanted is not None else names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=True)
            # skip_empty_area drops the empty rows and columns before the data: the sheet's
            # own numbers of the first row and column are in `start`
            start_row, start_column = sheet.start or (0, 0)
            if start_column:
                rows = [[""] * start_column + row for row in rows]
            try:
                return _table(path, name, rows, start_row, renames)
            except ZapiskaError as exc:
                tables.append(exc)
    except ZapiskaError:
        raise
    except (CalamineError, ValueError, OSError) as exc:
        raise ZapiskaError([_problem(path, f"файл не читается как таблица Excel или OpenDocument ({exc})")]) from None
    raise tables[0] if tables else ZapiskaError([_problem(path, "в файле нет ни одного листа")])


def _recognised(row: Iterable[Any], renames: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    cells = [str(cell).strip() for cell in row]
    profile = AS_OG if any(normalized(header) == AS_OG_MARK for header in cells) else {}
    for index, header in enumerate(cells):
        key = normalized(header)
        field = renames.get(key) or field_of(header) or profile.get(key) if header else None
        if field is not None and field not in found:
            found[field] = index
    return found


def _table(path: Path, sheet: str | None, rows: list[list[Any]], first_line: int,
           renames: dict[str, str]) -> Table:
    """The table under the first row (of the first HEADER_ROWS) that names every REQUIRED column."""
    renamed = {normalized(header): field for header, field in renames.items()}
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:HEADER_ROWS]):
        found = _recognised(row, renamed)
        if all(field in found for field in REQUIRED):
            headers = [str(cell).strip() for cell in row]
            return Table(path, sheet, headers, found, first_line + index + 2, rows[index + 1:])
        if found and (best is None or len(found) > len(best[1])):
            best = (index, found)
    where = f"{path.name}" + (f", лист «{sheet}»" if sheet is not None else "")
    wanted = "; ".join(f"{COLUMNS[field][0]} («{'», «'.join(COLUMNS[field][1][:3])}»)" for field in REQUIRED)
    if best is None:
        seen = [str(cell).strip() for row in rows[:HEADER_ROWS] for cell in row if str(cell).strip()][:12]
        found_text = f"найдены заголовки: «{'», «'.join(seen)}»" if seen else "таблица пуста"
    else:
        headers = rows[best[0]]
        found_text = (f"в строке {first_line + best[0] + 1} узнаны столбцы: "
                      + ", ".join(f"«{str(headers[i]).strip()}» ({COLUMNS[f][0]})" for f, i in best[1].items()))
    raise ZapiskaError([Problem(None, 0, 0, (
        f"{where}: не найдена строка заголовков со столбцами: {wanted}; {found_text}. "
        "Назовите столбцы так или укажите их в register-map.yaml (раздел columns:)"))])
