"""A minimal .xls (BIFF8 in a compound file) for the register's tests: LibreOffice Calc is not
installed everywhere the suite runs, and no .xls writer is a dependency."""
from __future__ import annotations

import struct

END, FREE, FAT_SECTOR, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def label(row: int, column: int, text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return record(0x0204, struct.pack("<HHHHB", row, column, 0, len(text), 1) + encoded)


def number(row: int, column: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 0, value))


def workbook(sheet_name: str, cells: list[bytes], dimensions: tuple[int, int, int, int] | None = None) -> bytes:
    """One sheet of `cells` (label/number records); DIMENSIONS as given (first row, last row + 1,
    first column, last column + 1) or from the cells."""
    bof_globals = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0x0600))
    name = sheet_name.encode("utf-16-le")
    sheet_record_size = 4 + 8 + len(name)
    globals_size = len(bof_globals) + sheet_record_size + 4  # + EOF
    boundsheet = record(0x0085, struct.pack("<IBBBB", globals_size, 0, 0, len(sheet_name), 1) + name)
    rows = [struct.unpack_from("<HH", cell, 4) for cell in cells]
    first_row, last_row = min(r for r, _ in rows), max(r for r, _ in rows) + 1
    first_column, last_column = min(c for _, c in rows), max(c for _, c in rows) + 1
    dims = dimensions or (first_row, last_row, first_column, last_column)
    sheet = (record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0x0600))
             + record(0x0200, struct.pack("<IIHHH", *dims, 0)) + b"".join(cells) + record(0x000A, b""))
    stream = bof_globals + boundsheet + record(0x000A, b"") + sheet
    stream += b"\0" * max(0, 4096 - len(stream))  # at least 4096 bytes: no mini stream needed
    return compound_file("Workbook", stream)


def compound_file(name: str, stream: bytes) -> bytes:
    """A version 3 compound file (512-byte sectors) of one stream: FAT, directory, the stream."""
    sectors = -(-len(stream) // 512)
    assert sectors <= 126, "one FAT sector is enough"
    fat = [FAT_SECTOR, END] + [3 + i for i in range(sectors - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    directory = (entry("Root Entry", 5, child=1, start=END, size=0) + entry(name, 2, start=2, size=len(stream))
                 + entry("", 0) * 2)
    return header + struct.pack("<128I", *fat) + directory + stream + b"\0" * (sectors * 512 - len(stream))


def entry(name: str, kind: int, child: int = NONE, start: int = 0, size: int = 0) -> bytes:
    encoded = (name.encode("utf-16-le") + b"\0\0") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
            + struct.pack("<III", NONE, NONE, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size))
