"""Charts: declared in charts/*.yaml, drawn reproducibly, refused with a located message when wrong."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import EXAMPLE, ROOT
from generator.charts import draw, load_specs
from generator.errors import InputError
from generator.load import load
from generator.render import report_context

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def context():
    return report_context(load(EXAMPLE))


def test_the_three_seed_charts_are_declared():
    assert sorted(load_specs()) == ["channels", "dynamics", "topics", "written"]


def test_charts_are_png_and_byte_identical(context):
    for name, spec in load_specs().items():
        first = draw(spec, context)
        assert first.startswith(PNG), name
        assert draw(spec, context) == first, name


def test_chart_bytes_are_stable_across_processes(context):
    code = ("from generator.charts import draw, load_specs; from generator.load import load; "
            "from generator.render import report_context; import sys; "
            f"sys.stdout.buffer.write(draw(load_specs()['written'], report_context(load({str(EXAMPLE)!r}))))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, cwd=ROOT).stdout
    assert other == draw(load_specs()["written"], context)


def test_chart_without_figures_is_left_out(context):
    spec = load_specs()["channels"]
    empty = dict(context, hotline=None, multichannel_phone=None, receptions=None)
    assert draw(spec, empty) is None


def test_chart_with_unknown_field_is_refused(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("title: Т\nkind: compare\nfigures:\n  - field: writen.total\n    label: Всего\n"
                    "colors: ['#000000']\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_specs(tmp_path)
    assert str(error.value) == (f"{spec}:4:12: в файле с цифрами нет поля «writen.total» (см. zapiska schema)")
