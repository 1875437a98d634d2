"""The region's summary as a spreadsheet: numbers as numbers (rounded as the document prints
them), a header row, frozen panes, a filter and column widths that fit the contents.

Sheets: the municipalities' table, the region's totals, the topics, the years.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.core.compare import Figure
from generator.region import compute
from generator.region.context import SummaryContext
from generator.store.files import write_atomically
from generator.wording.numbers import number, rounded

DASH = "—"
HEADER_WIDTH = 16  # a header wider than this wraps; the column fits the numbers below it
MAX_WIDTH = 60


def _rounded(value: float | None, precision: int = compute.RATE_PRECISION) -> float | None:
    return None if value is None else float(rounded(value, precision))


def _municipalities(values: SummaryContext) -> tuple[list[str], list[list[Any]], list[str]]:
    period, counted = values.period, values.measure[:1].upper() + values.measure[1:]
    header = ["Место по обращениям на 1000 жителей", "Муниципальное образование", "Вид",
              "Численность населения, человек", f"{counted}, {period.previous.title}",
              f"{counted}, {period.title}", "Изменение", "Изменение, %",
              f"На 1000 жителей, {period.previous.title}", f"На 1000 жителей, {period.title}"]
    rows = [[row.rank, row.name, row.kind, row.population, row.count.previous, row.count.value,
             row.count.diff, _rounded(row.count.percent), _rounded(row.rate_previous), _rounded(row.rate)]
            for row in values.municipalities]
    total = values.total or Figure(0)  # collect counts at least one municipality, each with the measure
    rows.append([None, "Итого", None, values.population, total.previous, total.value, total.diff,
                 _rounded(total.percent), None, _rounded(values.rate)])
    formats = ["0", "@", "@", "# ##0", "# ##0", "# ##0", "+# ##0;-# ##0;0", "+0.0;-0.0;0.0", "0.0", "0.0"]
    return header, rows, formats


def _totals(values: SummaryContext) -> tuple[list[str], list[list[Any]], list[str]]:
    period = values.period
    header = ["Показатель", period.previous.title, period.title, "Изменение", "Изменение, %"]
    rows = [[line.title, line.figure.previous, line.figure.value, line.figure.diff, _rounded(line.figure.percent)]
            for line in values.totals_list]
    return header, rows, ["@", "# ##0", "# ##0", "+# ##0;-# ##0;0", "+0.0;-0.0;0.0"]


def _topics(values: SummaryContext) -> tuple[list[str], list[list[Any]], list[str]]:
    period = values.period
    header = ["Код", "Раздел классификатора", period.previous.title, period.title, "Доля, %", "Изменение, %"]
    rows = [[t.code, t.name, t.count.previous, t.count.value, _rounded(t.count.share), _rounded(t.count.percent)]
            for t in values.topics]
    return header, rows, ["@", "@", "# ##0", "# ##0", "0.0", "+0.0;-0.0;0.0"]


def _years(values: SummaryContext, entries: Sequence[compute.Entry]) -> tuple[list[str], list[list[Any]], list[str]]:
    periods = [year.period for year in values.years]
    counted = values.measure[:1].upper() + values.measure[1:]
    header = ["Муниципальное образование"] + [f"{counted}, {p.title}" for p in periods]
    path = compute.ALL_FORMS if values.all_forms else compute.WRITTEN
    rows = [[entry.report.municipality.name] + compute.history(entry, values.period, periods, path)
            for entry in entries]
    rows.append(["Итого"] + [year.written for year in values.years])
    return header, rows, ["@"] + ["# ##0"] * len(periods)


def _width(value: Any, number_format: str) -> int:
    if value is None:
        return 1
    if isinstance(value, str):
        return len(value)
    shown = number(value, 1 if "0.0" in number_format else 0)
    return len(shown) + (1 if number_format.startswith("+") else 0)


def write_xlsx(path: Path, values: SummaryContext, entries: Sequence[compute.Entry] = ()) -> Path:
    """svodka-<period>.xlsx, written whole or not at all."""
    import xlsxwriter  # only the summary writes a workbook here: check never loads it
    from xlsxwriter.exceptions import FileCreateError

    period = values.period
    sheets = [("Муниципальные образования", _municipalities(values)), ("Показатели", _totals(values)),
              ("Тематика", _topics(values))]
    if entries:
        sheets.append(("По годам", _years(values, entries)))
    notes = []
    if values.missing:
        notes.append("Нет файла за период: " + ", ".join(values.missing))
    if values.broken:
        notes.append("Не вошли в сводку из-за ошибок в файлах: " + ", ".join(values.broken))

    def save(temporary: str) -> None:
        book = xlsxwriter.Workbook(temporary, {"strings_to_formulas": False, "strings_to_urls": False})
        book.set_properties({"title": f"Сводка по обращениям граждан, {period.title}"})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                                "bg_color": "#DDEBF7"})
        for title, (header, rows, formats) in sheets:
            sheet = book.add_worksheet(title)
            cell_formats = [book.add_format({"num_format": f}) for f in formats]
            total_formats = [book.add_format({"num_format": f, "bold": True}) for f in formats]
            sheet.write_row(0, 0, header, bold)
            for r, values_row in enumerate(rows, 1):
                last = values_row[1 if title != "По годам" else 0] == "Итого" and r == len(rows)
                for c, value in enumerate(values_row):
                    chosen = (total_formats if last else cell_formats)[c]
                    if value is None:
                        sheet.write_blank(r, c, None, chosen)
                    else:
                        sheet.write(r, c, value, chosen)
            for c, name in enumerate(header):
                longest = max([_width(row[c], formats[c]) for row in rows] + [min(len(name), HEADER_WIDTH)])
                sheet.set_column(c, c, min(longest + 2, MAX_WIDTH))
            sheet.freeze_panes(1, 2 if title == "Муниципальные образования" else 1)
            totalled = title != "Тематика"  # the last row is the total: it stays below the filter
            sheet.autofilter(0, 0, len(rows) - 1 if totalled else len(rows), len(header) - 1)
            if title == "Муниципальные образования":
                for i, note in enumerate(notes):
                    sheet.write(len(rows) + 2 + i, 1, note)
        try:
            book.close()
        except FileCreateError as exc:  # not an OSError: the disk's own error inside
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            raise cause from None

    write_atomically(path, save)
    return path
