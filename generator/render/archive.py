"""The .docx a template comes in, looked at before anything opens it: each part's compressed
bytes are inflated here with a counter. The sizes an archive declares are not trusted: a part
declared as 1 KB may inflate to gigabytes, and Python's zipfile inflates up to 2 GB of it in one
read before it cuts the part to its declared size. No part may declare a DOCTYPE or an entity
either (nobody's business in a template, and it would be copied into the document handed to
LibreOffice).
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import IO

MAX_PART = 64 << 20  # bytes of one unpacked part of the .docx: a picture, an embedded workbook
MAX_XML_PART = 4 << 20  # bytes of one unpacked XML part (a real one is under a megabyte)
MAX_UNPACKED = 256 << 20  # bytes of all parts together
CHUNK = 1 << 20
_BINARY = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".bin", ".xlsx", ".docx")
_DECLARATIONS = (b"<!doctype", b"<!entity")
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length


class _Refused(Exception):
    """Why a part must not be opened (Russian)."""


def check_archive(path: Path) -> str | None:
    """Why the .docx at `path` must not be opened, or None."""
    try:
        with zipfile.ZipFile(path) as archive, open(path, "rb") as handle:
            unpacked = 0
            for info in archive.infolist():
                unpacked += _inflate(handle, info, MAX_UNPACKED - unpacked)
    except _Refused as refused:
        return str(refused)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error):
        return None  # not a zip at all: the .docx reader says so in its own words
    return None


def _inflate(handle: IO[bytes], info: zipfile.ZipInfo, room: int) -> int:
    """The part's real size; _Refused at the first byte over a limit (its own, or `room` left
    for the whole), at a size other than declared, or at a DOCTYPE in a part that is not a
    picture."""
    binary = info.filename.lower().endswith(_BINARY)
    limit = min(MAX_PART if binary else MAX_XML_PART, room)
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _Refused(f"часть {info.filename} зашифрована или сжата необычным способом: это не обычный документ Word")
    handle.seek(info.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header")
    handle.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, size, tail = info.compress_size, 0, b""
    while left > 0 and (data := handle.read(min(CHUNK, left))):
        left -= len(data)
        while data:
            chunk, data = (inflater.decompress(data, CHUNK), inflater.unconsumed_tail) if inflater else (data, b"")
            size += len(chunk)
            if size > limit:
                raise _Refused(_too_large(info.filename, limit))
            if not binary and any(mark in (tail + chunk).lower() for mark in _DECLARATIONS):
                raise _Refused(f"в части {info.filename} есть объявление DOCTYPE или ENTITY: в документах Word их "
                               "не бывает, такой шаблон не открывается; пересохраните его в Word")
            tail = chunk[-16:] or tail
    if size != info.file_size:
        raise _Refused(f"часть {info.filename} распаковывается в {size} байт, а объявлена как {info.file_size}: "
                       "файл поврежден или подделан, это не обычный документ Word")
    return size


def _too_large(name: str, limit: int) -> str:
    return (f"часть {name} распаковывается больше чем в {limit >> 20} МБ (допустимо: разметка — до "
            f"{MAX_XML_PART >> 20} МБ, рисунок — до {MAX_PART >> 20} МБ, весь шаблон — до {MAX_UNPACKED >> 20} МБ): "
            "это не обычный документ Word")
