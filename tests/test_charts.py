"""Charts: declared in charts/*.yaml, made reproducibly (native Word charts, pictures for the
preview and `picture: true`), refused with a located message when wrong."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image, ImageChops

from conftest import EXAMPLE, ROOT
from generator.core.compare import Figure
from generator.core.errors import InputError
from generator.core.history import History, Point
from generator.core.period import Period
from generator.note.charts import _bars, chart, load_specs
from generator.note.context import report_context
from generator.render.drawing import picture, rates
from generator.render.wordchart import chart_xml
from generator.store.load import load

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def context():
    return report_context(load(EXAMPLE))


def test_the_three_seed_charts_are_declared():
    assert sorted(load_specs()) == ["channels", "dynamics", "topics", "written"]


def test_charts_are_xml_and_pictures_the_same_each_time(context):
    for name, spec in load_specs().items():
        data = chart(spec, context.figures, context.period, context.history)
        assert chart_xml(data).startswith(b"<?xml"), name
        assert chart_xml(data) == chart_xml(chart(spec, context.figures, context.period, context.history)), name
        assert picture(data).startswith(PNG) and picture(data) == picture(data), name


def test_chart_xml_is_stable_across_processes(context):
    code = ("from generator.note.charts import chart, load_specs; from generator.store.load import load; "
            "from generator.note.context import report_context; import sys; "
            "from generator.render.wordchart import chart_xml, workbook; "
            f"c = report_context(load({str(EXAMPLE)!r})); d = chart(load_specs()['written'], c.figures, c.period); "
            "sys.stdout.buffer.write(chart_xml(d) + workbook(d))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT).stdout
    from generator.render.wordchart import workbook

    data = chart(load_specs()["written"], context.figures, context.period)
    assert other == chart_xml(data) + workbook(data)


def test_chart_without_figures_is_left_out(context):
    spec = load_specs()["channels"]
    empty = dict(context.figures, hotline=None, multichannel_phone=None, receptions=None)
    assert chart(spec, empty, context.period) is None


def test_chart_with_unknown_field_is_refused(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("title: Т\nkind: compare\nfigures:\n  - field: writen.total\n    label: Всего\n"
                    "colors: ['#000000']\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_specs(tmp_path)
    assert str(error.value) == (f"{spec}:4:12: в файле с цифрами нет поля «writen.total» (см. zapiska schema)")


def test_a_chart_draws_what_it_is_given_and_nothing_else():
    # Figures, a period and a history made by hand, no report behind them: a chart reads only these.
    specs, period = load_specs(), Period(2022, "Q3")
    figures = {"written": {"total": Figure(10, 7), "from_region": Figure(4, 2)}}
    assert _bars(specs["written"], figures, period) == (
        ["Всего", "Из администрации региона"], [[7, 2], [10, 4]], [period.previous.title, period.title])
    assert period.previous.title == "3\xa0квартал 2021\xa0г."
    topics = {"topics": [{"name": "Экономика", "count": Figure(5)}]}
    assert _bars(specs["topics"], topics, period) == (["Экономика"], [[5]], ["3\xa0квартал 2022\xa0г."])
    assert chart(specs["written"], figures, period).series == [(period.previous.title, [7, 2]), (period.title, [10, 4])]
    history = {"written": {"total": History((Point(period.previous, 3), Point(period, 10)))}}
    assert chart(specs["dynamics"], {}, period, history).categories == ["2021", "2022"]
    assert chart(specs["dynamics"], figures, period) is None  # no history given: no dynamics


LONG_TITLE = ("Количество письменных обращений граждан, поступивших в администрацию муниципального "
              "образования за отчетный период")


def _long_title(context):
    spec = load_specs()["written"].model_copy(update={"title": LONG_TITLE})
    return picture(chart(spec, context.figures, context.period))


def _long_topics(context):
    return picture(chart(load_specs()["topics"],
                         report_context(load(ROOT / "data/pogranichny-okrug/2024-H1.yaml")).figures, context.period))


def _long_names(context):
    names = [f"Муниципальное образование город-курорт № {i} с длинным названием" for i in range(30)]
    return rates(LONG_TITLE, names, [30.0 - i for i in range(30)], ["#2e75b6"], 16)


@pytest.mark.parametrize("make", [_long_title, _long_topics, _long_names])
def test_no_text_is_cut_off_at_the_picture_s_edge(context, make):
    # The axes are fitted to their labels inside a figure of the chart's width: whatever is drawn
    # stays inside, with a margin of white all round (text cut by the edge would run up to it).
    picture = Image.open(io.BytesIO(make(context))).convert("L")
    ink = ImageChops.invert(picture).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    margin = 5  # pixels; the style's savefig.pad_inches makes 15
    assert min(left, top, picture.width - right, picture.height - bottom) >= margin, (ink, picture.size)
