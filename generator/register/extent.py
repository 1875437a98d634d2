"""How large a workbook is before python-calamine reads it.

Calamine makes each sheet a dense range from its first filled cell to its last, and aborts the
whole process when it cannot allocate one: a 1,5 KB .xlsx with one cell at XFD1048576 asks for
512 GB. So the parts of a zipped workbook (.xlsx, .xlsm, .ods) are inflated here first with a
counter (the sizes a file declares are not trusted), and an .xlsx sheet's far cells are found
from their references, before calamine is given the file. An .xls (BIFF8 in a compound file)
holds at most 65 536 × 256 cells a sheet, yet one far cell in a 6 KB file made calamine take
1,2 GB: its cell records are read for their rows and columns first.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import olefile

from generator.core.errors import Problem, ZapiskaError

MAX_CELLS = 4_000_000  # rows × columns of one sheet: 100 000 appeals × 40 columns
MAX_INFLATED = 256 << 20  # all parts of a workbook, unpacked
CHUNK = 1 << 20
OVERLAP = 256  # a cell's reference cut by a chunk's end is found in the next one
_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]{0,200}?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")


def check_extent(path: Path, content: bytes) -> None:
    """ZapiskaError with a Russian reason when the workbook would not fit in memory."""
    if content.startswith(olefile.MAGIC):
        return _check_xls(path, content)
    if not zipfile.is_zipfile(io.BytesIO(content)):
        return  # neither a workbook nor a compound file: calamine refuses it
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if any(n.lower().startswith("xl/worksheets/") and n.lower().endswith(".bin") for n in archive.namelist()):
                # calamine would read a binary workbook whatever its name, its sheets unmeasured
                raise ZapiskaError([Problem(None, 0, 0, f"{path.name}: это двоичная книга Excel (.xlsb), такие "
                                                        "программа не читает: сохраните реестр как .xlsx или CSV")])
            inflated = 0
            for info in archive.infolist():
                name = info.filename.lower()
                sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
                far = _Extent()
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(CHUNK):
                        inflated += len(chunk)
                        if inflated > MAX_INFLATED:
                            raise _refused(path, f"распакованный файл больше {MAX_INFLATED >> 20} МБ")
                        if sheet:
                            far.scan(tail + chunk)
                            tail = chunk[-OVERLAP:]
                if far.cells() > MAX_CELLS:
                    raise _too_far(path, "на листе", far)
            if "content.xml" in archive.namelist() and not any(n.startswith("xl/") for n in archive.namelist()):
                _check_ods(path, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError,
            ElementTree.ParseError) as exc:
        raise ZapiskaError([Problem(None, 0, 0, f"{path.name}: файл не читается как таблица Excel или "
                                                f"OpenDocument ({exc})")]) from None


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


def _check_ods(path: Path, archive: zipfile.ZipFile) -> None:
    """An OpenDocument sheet's size, its repeated rows and cells counted (a 1 KB file may repeat
    one filled cell 16 384 × 1 048 576 times); empty repeated cells, which LibreOffice writes to
    the sheet's edge, do not count."""
    rows = width = row_width = column = 0
    with archive.open("content.xml") as content:
        for _, element in ElementTree.iterparse(content):
            tag = element.tag
            if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
                column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))
                if element.get(_VALUE_TYPE) or len(element):
                    row_width = column
                element.clear()
            elif tag == f"{_TABLE}table-row":
                repeated = int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                if row_width:
                    rows, width = rows + repeated, max(width, row_width)
                if rows * width > MAX_CELLS:
                    raise _refused(path, f"на листе заполнено больше {_count(MAX_CELLS)} ячеек (повторенные "
                                         "строки и ячейки считаются); удалите лишние ячейки или сохраните "
                                         "реестр как CSV")
                column = row_width = 0
                element.clear()
            elif tag == f"{_TABLE}table":
                rows = width = 0


def _too_far(path: Path, where: str, far: _Extent) -> ZapiskaError:
    return _refused(path, f"{where} заполнена ячейка {far.corner()}: таблица до нее — {_count(far.cells())} "
                          f"ячеек, а программа читает не больше {_count(MAX_CELLS)}; удалите лишние ячейки "
                          "или сохраните реестр как CSV")


# BIFF8 cell records: their first two fields are the row and the column (MULRK and MULBLANK
# end with their last column)
_CELLS = {0x0006, 0x0406, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}
_MULTIPLE = {0x00BD, 0x00BE}
_BOUNDSHEET, _EOF = 0x0085, 0x000A


def _check_xls(path: Path, content: bytes) -> None:
    """Each sheet's far cell, from the cell records of the Workbook stream; the compound file's
    streams are read only up to the file's own size (a looped chain cannot inflate them)."""
    try:
        with olefile.OleFileIO(io.BytesIO(content)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return  # calamine refuses a compound file without a workbook
            if ole.root.size > len(content) or ole.get_size(name) > len(content):
                raise OSError("размер потока больше самого файла")
            stream = ole.openstream(name).read()
        for sheet, start in _sheets(stream):
            far = _Extent()
            far.add_cells(_biff_cells(stream, start))
            if far.cells() > MAX_CELLS:
                raise _too_far(path, f"на листе «{sheet}»", far)
    except (OSError, struct.error, UnicodeDecodeError) as exc:
        raise ZapiskaError([Problem(None, 0, 0, f"{path.name}: файл не читается как таблица Excel ({exc})")]) from None


def _records(stream: bytes, start: int) -> Iterator[tuple[int, bytes]]:
    """The records from `start` to the EOF record (or the stream's end)."""
    position = start
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4:position + 4 + size]
        if kind == _EOF:
            return
        position += 4 + size


def _sheets(stream: bytes) -> Iterator[tuple[str, int]]:
    """Each worksheet's name and the position of its records (BOUNDSHEET records of the globals)."""
    for kind, data in _records(stream, 0):
        if kind == _BOUNDSHEET and len(data) >= 8:
            start, count, wide = struct.unpack_from("<I", data)[0], data[6], data[7] & 1
            raw = data[8:8 + count * (2 if wide else 1)]
            yield raw.decode("utf-16-le" if wide else "latin-1"), start


def _biff_cells(stream: bytes, start: int) -> Iterator[tuple[int, int]]:
    """Row and column (1-based) of every cell record of one sheet."""
    for kind, data in _records(stream, start):
        if kind in _CELLS and len(data) >= 4:
            row, column = struct.unpack_from("<HH", data)
            yield row + 1, column + 1
        elif kind in _MULTIPLE and len(data) >= 6:
            row = struct.unpack_from("<H", data)[0]
            yield row + 1, struct.unpack_from("<H", data, len(data) - 2)[0] + 1


def _count(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _refused(path: Path, why: str) -> ZapiskaError:
    return ZapiskaError([Problem(None, 0, 0, f"{path.name}: слишком большая таблица: {why}")])


class _Extent:
    """The first and last row and column of the cells found so far (1-based)."""

    def __init__(self) -> None:
        self.rows: tuple[int, int] | None = None
        self.columns: tuple[int, int] | None = None

    def scan(self, text: bytes) -> None:
        found = _CELL.findall(text)
        if not found:
            return
        rows = [int(digits) for digits in {digits for _, digits in found}]
        columns = [_column(letters) for letters in {letters for letters, _ in found}]
        self.rows = _widened(self.rows, min(rows), max(rows))
        self.columns = _widened(self.columns, min(columns), max(columns))

    def add_cells(self, cells: Iterable[tuple[int, int]]) -> None:
        for row, column in cells:
            self.rows = _widened(self.rows, row, row)
            self.columns = _widened(self.columns, column, column)

    def cells(self) -> int:
        if self.rows is None or self.columns is None:
            return 0
        # from column A: the register's reader pads each row to where the sheet starts
        return (self.rows[1] - self.rows[0] + 1) * self.columns[1]

    def corner(self) -> str:
        assert self.rows is not None and self.columns is not None
        return f"{_letters(self.columns[1])}{self.rows[1]}"


def _widened(span: tuple[int, int] | None, low: int, high: int) -> tuple[int, int]:
    return (min(span[0], low), max(span[1], high)) if span else (low, high)


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
