"""What a note's template sees, as one typed object (ReportContext): the report compared with
the same period a year back, the period, the lists derived from them and the dynamics over the
years.

Each name is declared here once with its Russian title; `zapiska template vars` lists the
names from this declaration (and the fields of a Figure, a Period, a History from theirs), so
a new name reaches the reference and the template check without a second place to edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.core.compare import Compared, compare
from generator.core.fields import HIDDEN
from generator.core.history import History, histories
from generator.core.period import Period
from generator.render.context import TemplateContext, declare
from generator.store.load import Loaded
from generator.wording.municipal import Names, names
from generator.wording.regions import body_genitive


@dataclass(frozen=True)
class ReportContext(TemplateContext):
    """A note's context: the report's own fields (titled by the model), each count a Figure,
    then the names declared here."""

    figures: Compared = field(metadata={"spread": True})
    period: Period = declare("Отчетный период")
    words: Names = declare("Как текст называет муниципальное образование, его главу и орган субъекта")
    has_previous: bool = declare("Есть ли цифры за тот же период прошлого года (да/нет)")
    topics_by_count: list[Compared] = declare("Разделы тематики от самого частого к самому редкому", like="topics")
    main_topic: Compared | None = declare("Раздел с наибольшим числом вопросов (пусто, если тематики нет)",
                                          like="topics[]")
    settlements_by_count: list[Compared] = declare(
        "Поселения (территории) от наибольшего числа обращений к наименьшему", like="settlements")
    history: dict[str, Any] = declare(
        "Каждое число за тот же период прежних лет (до пяти лет, если в папке есть их файлы): "
        "{% for p in history.written.total.points %}{{ p.period.year }}: {{ p.value }}{% endfor %}",
        like="", counts=History)
    before_last: Compared = declare("Те же поля, что у отчета, но каждое число — в сравнении с тем же периодом "
                                    "позапрошлого года: {{ before_last.written.total | compared }}", like="")
    has_before_last: bool = declare("Есть ли цифры за тот же период позапрошлого года (да/нет)")


def report_context(loaded: Loaded) -> ReportContext:
    """The note's context: the report against last year's figures and against the earlier
    years' files beside it."""
    report, previous, period = loaded.report, loaded.previous, loaded.period
    figures = _shown(compare(report, previous))
    older = loaded.earlier
    back_two = older.get(Period(period.year - 2, period.kind))
    topics = sorted(figures["topics"], key=lambda t: -t["count"].value)
    return ReportContext(
        figures=figures,
        period=period,
        words=municipal_names(report.municipality),
        has_previous=previous is not None,
        topics_by_count=topics,
        main_topic=topics[0] if topics else None,
        settlements_by_count=sorted(figures["settlements"], key=lambda s: -s["count"].value),
        history=histories({period: report, period.previous: previous, **older}),
        before_last=_shown(compare(report, back_two)),
        has_before_last=back_two is not None,
    )


def municipal_names(municipality: Any) -> Names:
    """The names of the municipality, its head and the region's body the text uses."""
    body = body_genitive(municipality.region_body, municipality.region, municipality.region_genitive)
    return names(municipality.name, municipality.kind, municipality.name_form, municipality.head_title, body)


def _shown(figures: Compared) -> Compared:
    """The compared report without the fields of the input file only."""
    return {key: value for key, value in figures.items() if key not in HIDDEN}
