"""register-map.yaml: how a document system names the register's columns and spells its values.

    sheet: Обращения                 # лист книги, если реестр не на первом
    columns:                         # заголовок в реестре: какой это столбец
      Рег.номер документа: number
      Рубрика: code
    values:                          # как система пишет значения: что они значат
      result:
        Рассм.: explained
        Исполнено: Поддержано
      form:
        СЭД: электронное

A column's target is a field key (number, date, code, question, form, source, kind, result,
settlement, answered, deadline, extended, repeat, measures, anonymous, applicant) or any header
the tool recognises itself; a value's
target is a key (docs/import.md lists them) or a value the tool recognises («Разъяснено»).
The file is read like every YAML file of ours: errors located by line and column.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from generator.register.appeals import VALUE_NAMES, target
from generator.register.table import COLUMNS, field_of
from generator.store.load import load_model

FILE_NAME = "register-map.yaml"


def _column(text: str) -> str:
    field = field_of(text)
    if field is None:
        known = ", ".join(f"{key} ({title})" for key, (title, _) in COLUMNS.items())
        raise ValueError(f"неизвестный столбец «{text}»; допустимо: {known}")
    return field


def _value(field: str):  # noqa: ANN202 - a validator factory
    def check(text: str) -> str:
        value = target(field, text)
        if value is None:
            known = ", ".join(f"{key} ({name})" for key, name in VALUE_NAMES[field].items())
            raise ValueError(f"неизвестное значение «{text}»; допустимо: {known}")
        return value
    return check


def _values(field: str) -> Any:
    return Field(default_factory=dict, title=f"Значения столбца {field}: «как в реестре: что значит»")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Values(_Strict):
    form: dict[str, Annotated[str, AfterValidator(_value("form"))]] = _values("form")
    source: dict[str, Annotated[str, AfterValidator(_value("source"))]] = _values("source")
    kind: dict[str, Annotated[str, AfterValidator(_value("kind"))]] = _values("kind")
    result: dict[str, Annotated[str, AfterValidator(_value("result"))]] = _values("result")


class RegisterMap(_Strict):
    sheet: str | None = Field(default=None, title="Лист книги, на котором реестр (по умолчанию первый подходящий)")
    columns: dict[str, Annotated[str, AfterValidator(_column)]] = Field(
        default_factory=dict, title="Столбцы: «заголовок в реестре: какой это столбец»")
    values: Values = Field(default_factory=Values, title="Значения: «как в реестре: что значит»")


def load_map(path: Path, follow: bool = True) -> RegisterMap:
    """The map file, validated; InputError with every problem located. The data folder's own map
    is read with follow=False: a link there could show what lies outside the folder."""
    return load_model(path, RegisterMap, follow)
