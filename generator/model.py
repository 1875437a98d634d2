"""The validated model of one report's input file.

Every field carries a Russian title: it is the single source for `zapiska schema`,
the comments of `zapiska init`, `zapiska template vars` and the web form.
Counts are strict non-negative integers: "295" in quotes, 12,5 or -3 are errors.
"""
from __future__ import annotations

import datetime
import functools
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonDict

from .period import Period


def count(title: str, whole: str | None = None, summary: bool = False, **kwargs: Any) -> Any:
    """A count field; `whole` names the count it is a part of, as a dotted path from the report's
    top ("written.total", "outcomes.supported"); "topics[].count" is the count of the topic this
    field belongs to. A part never exceeds its whole, and the counts of a list's items together
    never exceed a whole outside that list (topics → questions_total, subtopics → their topic).
    The whole is also what the count's share is taken of. `summary` puts the count into the
    summary table of all municipalities that `zapiska batch` writes."""
    extra: JsonDict = {key: value for key, value in (("whole", whole), ("summary", summary)) if value}
    return Field(default=kwargs.pop("default", None), title=title, ge=0, json_schema_extra=extra or None, **kwargs)


def text(title: str, multiline: bool = False, **kwargs: Any) -> Any:
    """A text field; `multiline` marks free text that the web form shows as a text area."""
    extra: JsonDict | None = {"multiline": True} if multiline else None
    return Field(default=kwargs.pop("default", None), title=title, json_schema_extra=extra, **kwargs)


MAX_COUNT = 10**9  # far above any municipality's figures; stops a slip of the finger (and overflows)
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Act(Section):
    title: str = text("Вид и орган принятия акта, в творительном падеже (после «утвержден»): "
                      "«постановлением администрации …»", default=...)
    date: datetime.date = Field(title="Дата акта (ГГГГ-ММ-ДД)")
    number: str = text("Номер акта", default=...)


# How titles name the region's highest body; the web form puts the file's region in its place.
REGION_BODY = "высшего органа власти субъекта Российской Федерации"
KINDS = ("район", "муниципальный округ", "городской округ", "город", "поселение")


class Municipality(Section):
    name: str = text("Название после слов «муниципальное образование», в именительном падеже: "
                     "Кавказский район, город Горячий Ключ", default=...)
    genitive: str | None = text("Название в родительном падеже, если программа склоняет его неверно: "
                                "Кавказского района")
    kind: str | None = text("Вид муниципального образования: " + ", ".join(KINDS))
    region: str | None = text("Субъект Российской Федерации, в именительном падеже: Приморский край, "
                              "Тверская область")
    region_genitive: str | None = text("Субъект в родительном падеже, если программа склоняет его неверно: "
                                       "Приморского края")
    population: Count | None = count("Численность населения, человек (для расчета обращений на 1000 жителей)")
    region_law: str | None = text("Закон субъекта об обращениях граждан, в творительном падеже: Законом "
                                  "Краснодарского края от 28.06.2007 № 1270-КЗ «О дополнительных гарантиях "
                                  "реализации права граждан на обращение в Краснодарском крае»")
    act: Act | None = text("Акт о порядке работы с обращениями граждан в администрации")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str | None) -> str | None:
        if value is not None and value not in KINDS:
            raise ValueError(f"вид муниципального образования «{value}» не из списка: {', '.join(KINDS)}")
        return value


class Written(Section):
    total: Count = count("Письменных обращений поступило всего", default=..., summary=True)
    electronic: Count | None = count("Из них в форме электронного документа", whole="written.total", summary=True)
    collective: Count | None = count("Из них коллективных", whole="written.total", summary=True)
    repeat: Count | None = count("Из них повторных", whole="written.total", summary=True)
    from_president: Count | None = count("Из них получено из Администрации Президента Российской Федерации",
                                         whole="written.total")
    from_region: Count | None = count("Из них получено из " + REGION_BODY,
                                      whole="written.total", summary=True)
    virtual_reception: Count | None = count("Поступило через «Виртуальную приемную» на сайте")
    control_percent: Count | None = count("Процент поручений, поставленных на контроль", le=100)


class Outcomes(Section):
    supported: Count | None = count("«Поддержано» — рассмотрено положительно", whole="written.total", summary=True)
    measures_taken: Count | None = count("Из них «меры приняты»", whole="outcomes.supported")
    explained: Count | None = count("«Разъяснено»", whole="written.total")
    not_supported: Count | None = count("«Не поддержано»", whole="written.total")
    answered: Count | None = count("«Дан ответ автору»", whole="written.total")
    forwarded: Count | None = count("«Направлено по компетенции»", whole="written.total")
    unanswered: Count | None = count("«Оставлено без ответа автору»", whole="written.total")
    in_progress: Count | None = count("«Находится на рассмотрении»", whole="written.total")


class Deadlines(Section):
    on_time: Count | None = count("Рассмотрено в установленный срок", whole="written.total")
    overdue: Count | None = count("Рассмотрено с нарушением срока (0 — нарушений сроков не допущено)",
                                  whole="written.total", summary=True)
    extended: Count | None = count("Срок рассмотрения продлен", whole="written.total")


class Subtopic(Section):
    name: str = text("Вопрос, в именительном падеже: комплексное благоустройство", default=...)
    count: Count = count("Количество обращений по вопросу", whole="topics[].count", default=...)
    in_text: str | None = text("Как вопрос звучит после «связано с …», если программа склоняет его неверно")


class Topic(Section):
    code: str | None = text("Код раздела тематического классификатора: 0001 … 0005")
    name: str = text("Раздел тематического классификатора: Жилищно-коммунальная сфера", default=...)
    in_text: str | None = text("Как раздел звучит после «вопросов …»: жилищно-коммунального хозяйства")
    count: Count = count("Количество вопросов по разделу", whole="questions_total", default=...)
    subtopics: list[Subtopic] = Field(default_factory=list, title="Самые частые вопросы раздела")
    remark: str | None = text("Пояснение к разделу (свободный текст)", multiline=True)


class Receptions(Section):
    management: Count | None = count("Принято граждан на личных приемах руководством администрации", summary=True)
    head: Count | None = count("Из них принято главой муниципального образования",
                               whole="receptions.management", summary=True)
    deputies: Count | None = count("Из них принято заместителями главы", whole="receptions.management")
    department: Count | None = count("Принято граждан сотрудниками отдела по работе с обращениями")
    most_active: str | None = text("Чаще других обращались жители (поселение, в именительном падеже)")
    most_active_genitive: str | None = text("То же в родительном падеже, если программа склоняет неверно")
    video: Count | None = count("Принято граждан в режиме видеосвязи")
    field: str | None = text("О выездных приемах (свободный текст)", multiline=True)
    field_count: Count | None = count("Проведено выездных приемов")
    national_day: Count | None = count("Принято граждан в Общероссийский день приема граждан (12 декабря)")


class Settlement(Section):
    name: str = text("Поселение (территория), в именительном падеже: Кропоткинское городское поселение",
                     default=...)
    genitive: str | None = text("То же в родительном падеже, если программа склоняет неверно")
    count: Count = count("Обращений от жителей", whole="written.total", default=...)


class Hotline(Section):
    calls: Count = count("Принято звонков (сообщений) по телефону «горячей линии»", default=..., summary=True)
    remark: str | None = text("Пояснение к изменению числа звонков (свободный текст)", multiline=True)


class Violations(Section):
    cases: Count = count("Случаев нарушения законных интересов граждан (0 — нарушений не было)",
                         default=..., summary=True)
    punished: Count | None = count("Привлечено к дисциплинарной ответственности, человек")
    measures: str | None = text("Меры дисциплинарной ответственности: «в виде замечания»")


class SocialNetworks(Section):
    platform: str | None = text("Социальная сеть официального аккаунта администрации: ВКонтакте, Instagram")
    subscribers: Count | None = count("Подписчиков официального аккаунта администрации")
    remark: str | None = text("Об аккаунтах в социальных сетях (свободный текст)", multiline=True)


class Signature(Section):
    position: list[str] = Field(title="Должность подписывающего, по строкам", min_length=1)
    name: str = text("Инициалы и фамилия: О.М. Ляхов", default=...)


class Executor(Section):
    name: str = text("Исполнитель: фамилия, имя, отчество", default=...)
    phone: str | None = text("Телефон исполнителя")


class Figures(Section):
    """Everything that can be compared with the previous year."""

    written: Written | None = Field(default=None, title="Письменные обращения")
    outcomes: Outcomes | None = Field(default=None, title="Результаты рассмотрения обращений (статусы ССТУ.РФ)")
    deadlines: Deadlines | None = Field(default=None, title="Сроки рассмотрения")
    questions_total: Count | None = count("Вопросов в обращениях всего (для долей тематик)", summary=True)
    topics: list[Topic] = Field(default_factory=list, title="Тематика вопросов по разделам классификатора")
    receptions: Receptions | None = Field(default=None, title="Личные приемы")
    settlements: list[Settlement] = Field(default_factory=list, title="Обращения по поселениям (территориям)")
    multichannel_phone: Count | None = count(
        "Поступило на многоканальный круглосуточный телефон " + REGION_BODY)
    hotline: Hotline | None = Field(default=None, title="Телефон «горячей линии»")
    violations: Violations | None = Field(default=None, title="Нарушения и дисциплинарные меры")
    onf: Count | None = count("Поступило через систему ОНФ «Помощь»", summary=True)
    pos: Count | None = count("Поступило через Платформу обратной связи (ПОС)", summary=True)
    social_networks: SocialNetworks | None = Field(default=None, title="Социальные сети")


class Report(Figures):
    """One municipality, one period: the file a clerk fills."""

    period: str = Field(title="Отчетный период", default=...)
    template: str | None = text("Шаблон документа (имя из templates/ или путь к .docx)")
    municipality: Municipality = Field(title="Муниципальное образование")
    written: Written = Field(title="Письменные обращения")
    remarks: list[str] = Field(default_factory=list, title="Абзацы о работе со СМИ и населением (свободный текст)",
                               json_schema_extra={"multiline": True})
    signature: Signature | None = Field(default=None, title="Подпись (если документ подписывается)")
    executor: Executor | None = Field(default=None, title="Исполнитель")
    previous: Figures | None = Field(
        default=None, title="Цифры за тот же период прошлого года, если файла за него нет")

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return str(Period.parse(value))  # a PeriodError is a ValueError: pydantic reports its message


# --- one walk over the fields ------------------------------------------------

HIDDEN = frozenset({"previous", "template"})  # in the input file only: not in a template, a blank file or the form
FIRST = ("period", "municipality", "written")  # the file opens with what the report is about


@dataclass(frozen=True)
class Spec:
    """One field of a model, as the blank file, the form, the checks, the comparisons and
    `template vars` see it.

    kind: "count", "date", "text" (a value); "section" (a nested model); "rows" (a list of
    models); "lines" (a list of texts). `whole` as declared with count().
    """

    key: str
    title: str
    kind: str
    children: tuple[Spec, ...] = ()
    whole: str | None = None
    summary: bool = False
    multiline: bool = False
    required: bool = False

    @property
    def label(self) -> str:
        """The title up to its example: «Инициалы и фамилия» of «Инициалы и фамилия: О.М. Ляхов»."""
        return self.title.split(": ", 1)[0]

    @property
    def hint(self) -> str:
        """The example after the colon."""
        return self.title.split(": ", 1)[1] if ": " in self.title else ""

    @property
    def scalar(self) -> bool:
        return self.kind in ("count", "date", "text")

    @property
    def flat(self) -> bool:
        """Rows of one-line values only (the form labels them once, above the first row)."""
        return self.kind == "rows" and all(c.scalar and not c.multiline for c in self.children)


def _nested(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(model class, is a list) for a field's annotation."""
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, False
        if typing.get_origin(arg) is list:
            inner = typing.get_args(arg)[0]
            return (inner, True) if isinstance(inner, type) and issubclass(inner, BaseModel) else (None, True)
    return None, False


def _holds(annotation: Any, kind: type) -> bool:
    """Whether a field's annotation is `kind` or has it inside (Optional[...], Annotated[...])."""
    return annotation is kind or any(_holds(arg, kind) for arg in typing.get_args(annotation))


def _spec(key: str, info: FieldInfo) -> Spec:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    inner, is_list = _nested(info.annotation)
    if inner is not None:
        kind = "rows" if is_list else "section"
    elif is_list:
        kind = "lines"
    elif _holds(info.annotation, int):
        kind = "count"
    else:
        kind = "date" if _holds(info.annotation, datetime.date) else "text"
    whole = extra.get("whole")
    return Spec(key, info.title or key, kind, children=fields(inner) if inner is not None else (),
                whole=whole if isinstance(whole, str) else None, multiline=bool(extra.get("multiline")),
                required=info.is_required(), summary=bool(extra.get("summary")))


@functools.cache
def fields(model: type[BaseModel] = Report) -> tuple[Spec, ...]:
    """Every field of `model`, in the model's order (the figures, then the report's own)."""
    return tuple(_spec(name, info) for name, info in model.model_fields.items())


def visible(model: type[BaseModel] = Report) -> tuple[Spec, ...]:
    """The fields a template, a blank file and the form show (all but HIDDEN)."""
    return tuple(spec for spec in fields(model) if spec.key not in HIDDEN)


def in_file_order(specs: tuple[Spec, ...]) -> tuple[Spec, ...]:
    """The order of the input file and the form: what the report is about first."""
    return tuple(sorted(specs, key=lambda s: FIRST.index(s.key) if s.key in FIRST else len(FIRST)))


Location = tuple  # keys and list indexes into a file's data: ("topics", 0, "count")


def summary_figures(specs: tuple[Spec, ...] = visible(), prefix: str = "") -> tuple[str, ...]:
    """The dotted paths of the counts declared with summary=True, in the model's order."""
    found: list[str] = []
    for spec in specs:
        if spec.kind == "section":
            found += summary_figures(spec.children, f"{prefix}{spec.key}.")
        elif spec.kind == "count" and spec.summary:
            found.append(prefix + spec.key)
    return tuple(found)


def below(loc: typing.Sequence[str | int], root: type[BaseModel] = Report) -> tuple[Spec, ...] | None:
    """The fields inside the value at `loc` (the root's own for ()); None for a plain value or an
    unknown key. List indexes (and "[]" in "topics[]") are skipped."""
    specs: tuple[Spec, ...] | None = fields(root)
    for part in loc:
        if isinstance(part, int):
            continue
        spec = next((s for s in specs or () if s.key == part.removesuffix("[]")), None)
        specs = spec.children if spec is not None and spec.children else None
    return specs


def field_at(path: str | typing.Sequence[str | int], root: type[BaseModel] = Report) -> Spec | None:
    """The field at a dotted path ("written.total", "topics[].count") or a location, or None."""
    loc = path.split(".") if isinstance(path, str) else list(path)
    while loc and isinstance(loc[-1], int):
        loc.pop()
    if not loc:
        return None
    key = str(loc[-1]).removesuffix("[]")
    return next((spec for spec in below(loc[:-1], root) or () if spec.key == key), None)


def field_title(path: str) -> str:
    """The Russian title of a field the code names ("written.total"); KeyError for one the model lacks."""
    spec = field_at(path)
    if spec is None:
        raise KeyError(path)
    return spec.title


# --- parts of a whole, from the `whole=` declarations ------------------------

def _count(data: Any, loc: Location) -> int | None:
    """The count at `loc` in the file's raw data; None where it is absent or not a valid count
    (its own error says so)."""
    for part in loc:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    valid = isinstance(data, int) and not isinstance(data, bool) and data >= 0
    return data if valid else None


def _parts(data: Any, specs: tuple[Spec, ...], loc: Location = ()) -> typing.Iterator[tuple[Location, Spec]]:
    """Every count in the data that declares a whole, with its location."""
    for spec in specs:
        value = data.get(spec.key) if isinstance(data, dict) else None
        here = loc + (spec.key,)
        if spec.kind == "section":
            yield from _parts(value, spec.children, here)
        elif spec.kind == "rows" and isinstance(value, list):
            for i, item in enumerate(value):
                yield from _parts(item, spec.children, here + (i,))
        elif spec.kind == "count" and spec.whole and value is not None:
            yield here, spec


def whole_at(whole: str, part: Location) -> Location:
    """The location of a declared whole for the part at `part`: "topics[].count" for
    ("topics", 2, "subtopics", 0, "count") is ("topics", 2, "count")."""
    loc: list[str | int] = []
    for name in whole.split("."):
        loc.append(name.removesuffix("[]"))
        if name.endswith("[]"):
            loc.append(part[len(loc)])
    return tuple(loc)


def inconsistencies(data: Any, model: type[BaseModel] = Report) -> list[tuple[Location, str]]:
    """Figures that contradict their `whole=` declarations: (location in the file, Russian message).

    A part never exceeds its whole; the items of a list that share a whole outside the list
    together never exceed it. Works on the file's raw data rather than on the validated model,
    so that a clerk sees these together with the other mistakes of the file, not one round later."""
    found: list[tuple[Location, str]] = []
    sums: dict[tuple[Location, Location], tuple[Spec, int]] = {}
    for loc, spec in _parts(data, fields(model)):
        whole_loc = whole_at(str(spec.whole), loc)
        bound = sum(isinstance(part, int) for part in whole_loc)
        lists = [i for i, part in enumerate(loc) if isinstance(part, int)]
        if len(lists) > bound:  # an item of a list: summed with its neighbours
            key = (loc[:lists[bound]], whole_loc)
            sums[key] = (spec, sums.get(key, (spec, 0))[1] + (_count(data, loc) or 0))
            continue
        part, whole = _count(data, loc), _count(data, whole_loc)
        if part is not None and whole is not None and part > whole:
            found.append((loc, f"{part} — больше, чем {_named(data, whole_loc, model)} ({whole}): "
                               "часть не может быть больше целого"))
    for (list_loc, whole_loc), (spec, total) in sums.items():
        whole, whole_spec = _count(data, whole_loc), field_at(whole_loc, model)
        listed = field_at(list_loc, model)
        if whole is not None and total > whole:
            found.append((list_loc, f"сумма «{listed.title if listed else ''}» ({total}) больше, чем "
                                    f"{_named(data, whole_loc, model)} ({whole}): часть не может быть больше целого"))
        elif whole is None and total and whole_spec is not None and not whole_spec.required:
            found.append((list_loc, f"есть «{listed.title if listed else ''}», но не заполнено "
                                    f"{'.'.join(map(str, whole_loc))} («{whole_spec.title}»): "
                                    "без него не посчитать доли"))
    return found


def _named(data: Any, loc: Location, model: type[BaseModel]) -> str:
    """«title» of the count at `loc`, with the name of the list item it belongs to."""
    spec = field_at(loc, model)
    title = spec.title if spec else str(loc[-1])
    shown = title if title.startswith("«") else f"«{title}»"
    items = [i for i, part in enumerate(loc) if isinstance(part, int)]
    if items:
        item = data
        for part in loc[:items[-1] + 1]:
            item = item[part] if isinstance(item, list) else item.get(part) if isinstance(item, dict) else None
        name = item.get("name") if isinstance(item, dict) else None
        shown += f" для «{name}»" if isinstance(name, str) else ""
    return shown
