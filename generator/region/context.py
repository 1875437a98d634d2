"""What the region summary's template sees (SummaryContext), computed once from what was
collected: the table of municipalities, rates and ranks, totals, topics, the years.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.core.compare import Compared, Figure
from generator.core.fields import field_title
from generator.core.history import YEARS
from generator.core.model import REGION_BODY, Executor, Signature
from generator.core.period import Period
from generator.region import compute
from generator.region.collect import Collected
from generator.region.compute import Entry, MunicipalityRow, TopicTotal, YearTotal
from generator.render.context import TemplateContext, declare
from generator.wording.grammar import inflect
from generator.wording.numbers import rounded
from generator.wording.regions import body_genitive

# A trailing parenthesis that starts in lower case or with a digit is a hint to the one who types
# the figures; «(ПОС)» is a part of the name.
_HINT = re.compile(r" \((?=[0-9а-яё]).*\)$")


@dataclass(frozen=True)
class RegionName:
    name: str = field(metadata={"title": "Название"})
    genitive: str = field(metadata={"title": "Название в родительном падеже: «от жителей …»"})


@dataclass(frozen=True)
class TotalLine:
    title: str = field(metadata={"title": "Название показателя"})
    figure: Figure = field(metadata={"title": "Число"})


@dataclass(frozen=True)
class SummaryContext(TemplateContext):
    """What the summary's template sees, each name with its Russian title (template vars --svodka)."""

    period: Period = declare("Отчетный период (те же поля, что в записке: title, za, v, previous …)")
    region: RegionName = declare("Субъект: name и genitive (из municipality.region в файлах)")
    measure: str = declare(
        "Что считает и по чему сравнивает сводка: «письменных обращений» (когда они есть у всех) или «обращений "
        "всех форм (письменных и устных)» (когда письменные указаны не у всех, а appeals.total — у всех)")
    all_forms: bool = declare("Сводка считает обращения всех форм (appeals.total), а не письменные")
    total: Figure | None = declare(
        "Обращений всего по всем муниципальным образованиям — тех, что считает сводка (measure)")
    municipalities: list[MunicipalityRow] = declare(
        "Строки таблицы: муниципальные образования (сначала городские округа, затем районы)")
    by_rate: list[MunicipalityRow] = declare(
        "Муниципальные образования с численностью населения, от наибольшего числа обращений на 1000 жителей")
    top: list[MunicipalityRow] = declare(
        "Пять первых из by_rate (при равных значениях на пятом месте — все; без тех, у кого получается 0,0)")
    growth: list[MunicipalityRow] = declare(
        "Муниципальные образования, где обращений стало больше, от наибольшего роста")
    growth_first: list[MunicipalityRow] = declare(
        "Все, у кого рост наибольший (при равном росте — несколько)")
    decline: list[MunicipalityRow] = declare(
        "Муниципальные образования, где обращений стало меньше, от наибольшего снижения")
    decline_first: list[MunicipalityRow] = declare(
        "Все, у кого снижение наибольшее (при равном снижении — несколько)")
    totals: Compared = declare("Итоги по всем муниципальным образованиям, как числа записки: totals.written.total",
                               like="")  # only compute.TOTALS: schema() keeps those
    totals_list: list[TotalLine] = declare("Итоги списком для таблицы: title (название) и figure (число)")
    like_for_like: Figure | None = declare(
        "Обращения (measure) тех, у кого есть цифры за оба года, когда они есть не у всех (иначе пусто)")
    like_for_like_count: int = declare("Сколько муниципальных образований в like_for_like")
    population: int | None = declare("Численность населения муниципальных образований, где она указана")
    rate: float | None = declare(
        "Обращений (measure) на 1000 жителей по всем муниципальным образованиям с численностью")
    topics: list[TopicTotal] = declare(
        "Разделы тематики, сумма по всем муниципальным образованиям: code, name, count (с долей)")
    main_topic: TopicTotal | None = declare("Раздел с наибольшим числом вопросов")
    main_topics: list[TopicTotal] = declare(
        "Все разделы с наибольшим числом вопросов (при равенстве — несколько; пусто, если вопросов нет)")
    topics_from: list[str] = declare("Муниципальные образования, чья тематика вошла в topics (названия)")
    years: list[YearTotal] = declare(
        "Итоги того же периода прежних лет: period, written, municipalities (сколько вошло)")
    counted: int = declare("Сколько муниципальных образований вошло в сводку")
    missing: list[str] = declare("Нет файла за период (названия)")
    broken: list[str] = declare("Файлы с ошибками, не вошедшие в сводку (названия)")
    without_previous: list[str] = declare("Нет цифр за прошлый год (названия)")
    without_population: list[str] = declare("Не указана численность населения (названия)")
    signature: Signature | None = declare(
        "Подпись сводки из файла svodka.yaml папки данных: position (строки должности) и name", like="signature")
    executor: Executor | None = declare(
        "Исполнитель сводки из файла svodka.yaml папки данных: name и phone", like="executor")


def context(collected: Collected) -> SummaryContext:
    """What the summary's template sees (zapiska template vars --svodka lists it)."""
    entries, period, measure = collected.entries, collected.period, collected.measure
    table = compute.rows(entries, measure)
    ranked = compute.by_rate(table)
    totals: dict[str, Any] = {}
    for path in compute.TOTALS:  # every name present, None where no municipality has it
        *sections, last = path.split(".")
        target = totals
        for section in sections:
            target = target.setdefault(section, {})
        target[last] = None
    _merge(totals, compute.totals(entries))
    topics = compute.topics(entries)
    like, both = compute.comparable(entries, measure)
    whole = _at(totals, measure)
    growth, decline = compute.growth(table), compute.decline(table)
    by_count = sorted((t for t in topics if t.count.value), key=lambda t: -t.count.value)
    return SummaryContext(
        period=period,
        region=_region(entries),
        measure=compute.MEASURE_WORDS[measure],
        all_forms=measure == compute.ALL_FORMS,
        total=whole,
        municipalities=table,
        by_rate=ranked,
        # a rate printed as 0,0 is no «highest»; those sharing the last place all stay
        top=[row for row in ranked if rounded(row.rate, compute.RATE_PRECISION) and (row.rank or 0) <= compute.TOP],
        growth=growth,
        growth_first=compute.tied(growth, lambda row: row.count.diff),
        decline=decline,
        decline_first=compute.tied(decline, lambda row: row.count.diff),
        totals=totals,
        totals_list=[TotalLine(row_title(path, _body(entries)), figure) for path in compute.TOTALS
                     if (figure := _at(totals, path)) is not None],
        like_for_like=like if whole is not None and whole.previous is None and like else None,
        like_for_like_count=len(both),
        population=compute.population(entries),
        rate=compute.region_rate(entries, measure),
        topics=topics,
        main_topic=max(topics, key=lambda t: t.count.value) if topics else None,
        main_topics=compute.tied(by_count, lambda t: t.count.value),
        topics_from=[e.report.municipality.name for e in compute.topics_given(entries)],
        years=compute.years(entries, period, YEARS, measure),
        counted=len(entries),
        missing=collected.missing_names,
        broken=collected.broken_names,
        without_previous=[row.name for row in table if row.count.previous is None],
        without_population=[row.name for row in table if row.population is None],
        signature=collected.signing.signature,
        executor=collected.signing.executor,
    )


def row_title(path: str, body: str | None = None) -> str:
    """A figure's title as a row of the summary: without the input file's hint after it
    («Рассмотрено с нарушением срока», not «… (0 — нарушений сроков не допущено)»), the region's
    body named as the region names it (`body`, in the genitive) where the model says «высшего органа»."""
    title = _HINT.sub("", field_title(path))
    return title.replace(REGION_BODY, body) if body else title


def _body(entries: list[Entry]) -> str | None:
    """The region's body in the genitive, as its municipalities' files name it (region_body) or
    the bundled table of subjects does; None when no file names the region."""
    region = _region(entries).name
    if not region:
        return None
    own = next((e.report.municipality.region_body for e in entries
                if e.report.municipality.region == region and e.report.municipality.region_body), None)
    return body_genitive(own, region)


def _at(values: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        values = values[part]
    return values


def _merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        if isinstance(value, dict):
            _merge(target.setdefault(key, {}), value)
        else:
            target[key] = value


def _region(entries: list[Entry]) -> RegionName:
    """The region the municipalities name (collect refuses several), in the nominative and the
    genitive ("" if none). The genitive is inflected from the name: a file's region_genitive may
    name a body («Главы Чувашской Республики»), which is no region's name in a title."""
    named = Counter(e.report.municipality.region for e in entries if e.report.municipality.region)
    if not named:
        return RegionName("", "")
    name = named.most_common(1)[0][0]
    return RegionName(name, inflect(name, "gent"))
