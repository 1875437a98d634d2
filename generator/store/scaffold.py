"""`zapiska init`: a commented blank input file, generated from the model's Russian titles."""
from __future__ import annotations

from pathlib import Path

from generator.core.errors import ZapiskaError
from generator.core.fields import Spec, in_file_order, visible
from generator.core.period import Period
from generator.store.files import write_atomically
from generator.store.folder import NAME, NAME_RULE

COMMENT_COLUMN = 36


def _line(indent: str, key: str, title: str | None, value: str = "") -> str:
    text = f"{indent}{key}: {value}".rstrip()
    return f"{text.ljust(COMMENT_COLUMN)}# {title}" if title else text


def _fields(specs: tuple[Spec, ...], indent: str, values: dict[str, str]) -> list[str]:
    lines = []
    for spec in specs:
        if spec.children:
            is_list = spec.kind == "rows"
            lines.append(_line(indent, spec.key, spec.title))
            item_lines = _fields(spec.children, indent + ("    " if is_list else "  "), values)
            if is_list:
                item_lines[0] = indent + "  - " + item_lines[0].lstrip()
            lines += item_lines
        elif spec.kind == "lines":
            lines.append(_line(indent, spec.key, spec.title))
            lines.append(f"{indent}  -")
        else:
            lines.append(_line(indent, spec.key, spec.title, values.get(spec.key, "")))
    return lines


def blank(period: str) -> str:
    """The text of a blank report file for `period`, one Russian comment per field."""
    header = [
        "# Цифры для пояснительной записки о работе с обращениями граждан.",
        "# Впишите цифры после двоеточий; разделы, которых нет в вашей записке, удалите целиком.",
        "# Проценты, сравнения с прошлым годом и склонения программа делает сама.",
        "# Проверка: zapiska check ЭТОТ_ФАЙЛ",
        "",
    ]
    return "\n".join(header + _fields(in_file_order(visible()), "", {"period": period})) + "\n"


def new_file(data_dir: Path, municipality: str, period: str) -> Path:
    """Write the blank file data/<municipality>/<period>.yaml; never overwrite a filled one."""
    if not NAME.fullmatch(municipality):
        raise ZapiskaError(f"имя папки муниципального образования «{municipality}»: {NAME_RULE}")
    parsed = Period.parse(period)
    path = data_dir / municipality / f"{parsed}.yaml"
    text = blank(str(parsed))
    write_atomically(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"), overwrite=False)
    return path
