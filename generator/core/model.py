"""The validated model of one report's input file.

Every field carries a Russian title: it is the single source for `zapiska schema`,
the comments of `zapiska init`, `zapiska template vars` and the web form.
Counts are strict non-negative integers: "295" in quotes, 12,5 or -3 are errors.
"""
from __future__ import annotations

import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator
from pydantic.json_schema import JsonDict

from generator.core.period import Period


def count(title: str, whole: str | None = None, summary: bool = False, total: bool = False,
          share: str | None = None, **kwargs: Any) -> Any:
    """A count field; `whole` names the count it is a part of, as a dotted path from the report's
    top ("written.total", "outcomes.supported"); "topics[].count" is the count of the topic this
    field belongs to; "written.total|appeals.total" is the first of these the file gives. A part
    never exceeds its whole, and the counts of a list's items together never exceed a whole outside
    that list (topics → questions_total, subtopics → their topic). The whole is also what the
    count's share is taken of, unless `share` names another (the same way: electronic appeals are
    part of the written ones, their share is taken of all appeals when the report counts them).
    `summary` puts the count into the summary table of all municipalities that `zapiska batch`
    writes and among the region's totals; `total` puts it among the region's totals only (the
    region summary adds these up)."""
    marks = (("whole", whole), ("share", share), ("summary", summary), ("total", total))
    extra: JsonDict = {key: value for key, value in marks if value}
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
# The kinds of 131-ФЗ in their legal names, then the short ones a report may use.
LEGAL_KINDS = ("муниципальный район", "муниципальный округ", "городской округ",
               "городской округ с внутригородским делением", "городское поселение", "сельское поселение",
               "внутригородской район", "внутригородское муниципальное образование")
SHORT_KINDS = ("район", "округ", "город", "поселение")
KINDS = LEGAL_KINDS + SHORT_KINDS
NAME_FORMS = ("whole", "official")
# A written appeal's whole is the written ones, else all; a share of all appeals where the report counts them.
WRITTEN = "written.total|appeals.total"
ALL = "appeals.total|written.total"
TOPICS_COUNTED = {"questions": "questions_total", "appeals": ALL}  # what topics' shares are taken of


class Municipality(Section):
    name: str = text("Название после слов «муниципальное образование», в именительном падеже: "
                     "Кавказский район, город Горячий Ключ", default=...)
    genitive: str | None = text("Название в родительном падеже, если программа склоняет его неверно: "
                                "Кавказского района")
    kind: str | None = text("Вид муниципального образования: " + ", ".join(KINDS))
    name_form: str | None = text(
        "Как называть в тексте: whole — склонять название целиком («в Шумерлинском муниципальном округе»), "
        "official — после слов «муниципальное образование». Без него — целиком, если название содержит вид "
        "(муниципальный район, городское или сельское поселение, внутригородское образование)")
    head_title: str | None = text("Должность главы, в именительном падеже, если это не «глава муниципального "
                                  "образования» (или не глава вида): глава администрации района")
    region: str | None = text("Субъект Российской Федерации, в именительном падеже: Приморский край, "
                              "Тверская область")
    region_genitive: str | None = text("Субъект в родительном падеже, если программа склоняет его неверно: "
                                       "Приморского края")
    region_body: str | None = text("Орган субъекта, из которого поступают обращения, в именительном падеже "
                                   "(без него — по уставу субъекта): Правительство Ульяновской области")
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

    @field_validator("name_form")
    @classmethod
    def _name_form(cls, value: str | None) -> str | None:
        if value is not None and value not in NAME_FORMS:
            raise ValueError(f"name_form «{value}» не из списка: {', '.join(NAME_FORMS)}")
        return value


class Appeals(Section):
    total: Count | None = count("Обращений поступило всего (письменных, в форме электронного документа, устных)",
                                summary=True)
    oral: Count | None = count("Устные обращения (из всех поступивших)", whole="appeals.total", summary=True)


class Written(Section):
    total: Count | None = count("Письменных обращений поступило всего", whole="appeals.total", summary=True)
    electronic: Count | None = count("Из них в форме электронного документа", whole=WRITTEN, share=ALL,
                                     summary=True)
    collective: Count | None = count("Из них коллективных", whole=WRITTEN, summary=True)
    collective_about: str | None = text("О чем были коллективные обращения (свободный текст)", multiline=True)
    repeat: Count | None = count("Из них повторных", whole=WRITTEN, summary=True)
    repeat_about: str | None = text("О чем были повторные обращения (свободный текст)", multiline=True)
    anonymous: Count | None = count("Из них анонимных", whole=WRITTEN, total=True)
    from_president: Count | None = count("Из них получено из Администрации Президента Российской Федерации",
                                         whole=WRITTEN, total=True)
    from_region: Count | None = count("Из них получено из " + REGION_BODY, whole=WRITTEN, share=ALL, summary=True)
    from_other: Count | None = count("Из них получено из других органов (вышестоящих инстанций)",
                                     whole=WRITTEN, total=True)
    virtual_reception: Count | None = count("Поступило через «Виртуальную приемную» на сайте")
    control_percent: Count | None = count("Процент поручений, поставленных на контроль", le=100)


class Outcomes(Section):
    considered: Count | None = count("Рассмотрено обращений всего", whole=ALL)
    supported: Count | None = count("«Поддержано» — рассмотрено положительно", whole=ALL, summary=True)
    measures_taken: Count | None = count("Из них «меры приняты»", whole="outcomes.supported", total=True)
    explained: Count | None = count("«Разъяснено»", whole=ALL, total=True)
    not_supported: Count | None = count("«Не поддержано»", whole=ALL, total=True)
    answered: Count | None = count("«Дан ответ автору»", whole=ALL)
    forwarded: Count | None = count("«Направлено по компетенции»", whole=ALL, total=True)
    unanswered: Count | None = count("«Оставлено без ответа автору»", whole=ALL)
    in_progress: Count | None = count("«Находится на рассмотрении»", whole=ALL)
    withdrawn: Count | None = count("Отозвано заявителями", whole=ALL)


class Deadlines(Section):
    on_time: Count | None = count("Рассмотрено в установленный срок", whole=ALL)
    overdue: Count | None = count("Рассмотрено с нарушением срока (0 — нарушений сроков не допущено)",
                                  whole=ALL, summary=True)
    extended: Count | None = count("Срок рассмотрения продлен", whole=ALL)


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


class Channel(Section):
    name: str = text("Канал приема, в именительном падеже: общественные приемные исполнительных органов области",
                     default=...)
    count: Count = count("Принято граждан", default=...)


class Applicant(Section):
    name: str = text("Категория заявителей, в именительном падеже множественного числа: инвалиды, пенсионеры",
                     default=...)
    count: Count = count("Обращений от заявителей этой категории", default=...)


class Receptions(Section):
    management: Count | None = count("Принято граждан на личных приемах руководством администрации", summary=True)
    head: Count | None = count("Из них принято главой муниципального образования",
                               whole="receptions.management", summary=True)
    deputies: Count | None = count("Из них принято заместителями главы", whole="receptions.management")
    department: Count | None = count("Принято граждан сотрудниками отдела по работе с обращениями")
    most_active: str | None = text("Чаще других обращались жители (поселение, в именительном падеже)")
    most_active_genitive: str | None = text("То же в родительном падеже, если программа склоняет неверно")
    video: Count | None = count("Принято граждан в режиме видеосвязи", total=True)
    field: str | None = text("О выездных приемах (свободный текст)", multiline=True)
    field_count: Count | None = count("Проведено выездных приемов")
    national_day: Count | None = count("Принято граждан в Общероссийский день приема граждан (12 декабря)")
    other: list[Channel] = Field(default_factory=list, title="Другие каналы приема (общественные приемные, "
                                                              "тематические приемы)")


class Settlement(Section):
    name: str = text("Поселение (территория), в именительном падеже: Кропоткинское городское поселение",
                     default=...)
    genitive: str | None = text("То же в родительном падеже, если программа склоняет неверно")
    count: Count = count("Обращений от жителей", whole=ALL, default=...)


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


class SummarySigning(Section):
    """The region summary's own file in the data folder's root (data/svodka.yaml): who signs the
    summary and who prepared it; the municipalities' files have their own."""

    signature: Signature | None = Field(default=None, title="Подпись сводки (должность по строкам и фамилия)")
    executor: Executor | None = Field(default=None, title="Исполнитель сводки")


class Figures(Section):
    """Everything that can be compared with the previous year."""

    written: Written | None = Field(default=None, title="Письменные обращения")
    appeals: Appeals | None = Field(default=None, title="Обращения всех форм вместе (если отчет считает их так)")
    applicants: list[Applicant] = Field(default_factory=list, title="Категории заявителей")
    outcomes: Outcomes | None = Field(default=None, title="Результаты рассмотрения обращений (статусы ССТУ.РФ)")
    deadlines: Deadlines | None = Field(default=None, title="Сроки рассмотрения")
    questions_total: Count | None = count("Вопросов в обращениях всего (для долей тематик)", summary=True)
    topics: list[Topic] = Field(default_factory=list, title="Тематика вопросов по разделам классификатора")
    receptions: Receptions | None = Field(default=None, title="Личные приемы")
    settlements: list[Settlement] = Field(default_factory=list, title="Обращения по поселениям (территориям)")
    multichannel_phone: Count | None = count(
        "Поступило на многоканальный круглосуточный телефон " + REGION_BODY, total=True)
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
    written: Written = Field(default_factory=Written, title="Письменные обращения")
    topics_counted: str | None = text("Что считает тематика: questions — вопросы (доли от questions_total), "
                                      "appeals — обращения (доли от числа обращений)")
    remarks: list[str] = Field(default_factory=list, title="Абзацы о работе со СМИ и населением (свободный текст)",
                               json_schema_extra={"multiline": True})
    signature: Signature | None = Field(default=None, title="Подпись (если документ подписывается)")
    executor: Executor | None = Field(default=None, title="Исполнитель")
    previous: Figures | None = Field(
        default=None, title="Цифры за тот же период прошлого года, если файла за него нет")

    @field_validator("topics_counted")
    @classmethod
    def _topics_counted(cls, value: str | None) -> str | None:
        if value is not None and value not in TOPICS_COUNTED:
            raise ValueError(f"topics_counted «{value}» не из списка: {', '.join(TOPICS_COUNTED)}")
        return value

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        return str(Period.parse(value))  # a PeriodError is a ValueError: pydantic reports its message
