"""The Jinja filters a department's template can use, each with the Russian line and the example
that `zapiska template vars` and docs/variables.md show. This table is the only registry.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.wording import comparisons, grammar, numbers, typography


@dataclass(frozen=True)
class TemplateFilter:
    """A Jinja filter as the department sees it in the docs and `zapiska template vars`."""

    func: Callable[..., str]
    description: str  # one line, Russian
    example: str      # a Jinja expression; may use the sample report context (written.total …)


FILTERS: dict[str, TemplateFilter] = {
    "number": TemplateFilter(
        numbers.number,
        "Число с пробелами в тысячах (от 10 000) и десятичной запятой",
        "{{ 11600 | number }}"),
    "percent": TemplateFilter(
        numbers.percent,
        "Процент с запятой и неразрывным пробелом перед знаком %",
        "{{ 36.85 | percent }}"),
    "thousands": TemplateFilter(
        numbers.thousands,
        "Большое число кратко: 11,6 тыс., 1,2 млн; до 10 000 — полностью",
        "{{ 11600 | thousands }}"),
    "cell": TemplateFilter(
        numbers.cell,
        "Число для ячейки таблицы, как в тексте: 2907, 11 600; нет числа — прочерк",
        "{{ written.total.previous | cell }}"),
    "date": TemplateFilter(
        numbers.date,
        "Дата так, как ее пишут в реквизитах документа: 25.12.2017",
        "{{ municipality.act.date | date }}"),
    "case": TemplateFilter(
        grammar.inflect,
        "Слово или название в нужном падеже: gent (род), datv (дат), accs (вин), ablt (твор), loct (пред)",
        "{{ 'Кавказский район' | case('gent') }}"),
    "agree": TemplateFilter(
        grammar.agree,
        "Число и согласованное с ним слово в нужном падеже; verb='принято' — и сказуемое перед ним",
        "{{ 295 | agree('письменное обращение', verb='поступило') }}"),
    "preposition": TemplateFilter(
        grammar.preposition,
        "Предлог перед текстом в нужной форме: с → со (со спилом), в → во, к → ко",
        "{{ 'спилом деревьев' | preposition('с') }}"),
    "change": TemplateFilter(
        comparisons.change,
        "Изменение к прошлому году: на 172 обращения (36,8 %) меньше; change('обращение', in_times=true) — "
        "и снижение больше чем вдвое в разах: в 8 раз меньше (на 350 обращений)",
        "{{ written.total | change }}"),
    "times": TemplateFilter(
        comparisons.times,
        "Во сколько раз число больше или меньше прошлогоднего: «в 1,6 раза» (к нему — more_less)",
        "{{ written.total | times }}"),
    "compared": TemplateFilter(
        comparisons.compared,
        "Оборот «, что на … меньше, чем за аналогичный период прошлого года»",
        "{{ written.total | compared }}"),
    "ratio": TemplateFilter(
        comparisons.ratio,
        "Число в процентах от прошлогоднего: «что составляет 120,0 % к аналогичному периоду прошлого года»",
        "{{ written.total | ratio }}"),
    "more_less": TemplateFilter(
        comparisons.more_less,
        "Слово «больше», «меньше» или «столько же» по сравнению с прошлым годом",
        "{{ written.total | more_less }}"),
    "change_percent": TemplateFilter(
        comparisons.change_percent,
        "Изменение к прошлому году в процентах, без знака",
        "{{ written.total | change_percent }}"),
    "capfirst": TemplateFilter(
        typography.capfirst,
        "Первая буква заглавная, остальные как есть (в начале предложения)",
        "{{ period.v_words | capfirst }}"),
    "nbsp": TemplateFilter(
        typography.nbsp,
        "Пробелы заменяются неразрывными: «О.М. Ляхов» не разорвется между строками",
        "{{ signature.name | nbsp }}"),
    "typograph": TemplateFilter(
        typography.typograph,
        "Неразрывные пробелы в свободном тексте: «2021 г.», «11 тыс.», «№ 59-ФЗ»",
        "{{ hotline.remark | typograph }}"),
    "delta": TemplateFilter(
        comparisons.delta,
        "Короткое изменение со знаком для таблиц: −172 (−36,8 %)",
        "{{ written.total | delta }}"),
    "lowercase": TemplateFilter(
        typography.lowercase,
        "Строчными буквами, кроме аббревиатур (ЖКХ, МФЦ): название внутри предложения",
        "{{ 'Вопросы ЖКХ' | lowercase }}"),
}


def jinja_filters() -> dict[str, Callable[..., str]]:
    """Filter name → function, for the Jinja environment."""
    return {name: item.func for name, item in FILTERS.items()}
