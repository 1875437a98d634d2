"""Dynamics in the notes: each figure over the years the folder holds, the year before last."""
from __future__ import annotations

from conftest import EXAMPLE, NB, ROOT, build, chart_parts, copy_of, line_of, plain, with_figures, write_template
from generator.core.history import histories
from generator.core.period import Period
from generator.note.context import report_context
from generator.store.load import load

KAVKAZSKY = ROOT / "examples" / "krai" / "kavkazsky-raion"


def test_history_by_hand():
    reports = {Period(year, "H1"): load(KAVKAZSKY / f"{year}-H1.yaml").report for year in (2019, 2021, 2017)}
    total = histories(reports)["written"]["total"]
    assert [(p.period.year, p.value) for p in total.points] == [(2017, 305), (2019, 265), (2021, 309)]
    assert (total.years, total.change.value, total.change.previous) == (3, 309, 305)


def test_before_last_and_without_earlier_years():
    context = report_context(load(KAVKAZSKY / "2021-H1.yaml"))
    assert context.has_before_last is True
    assert (context.before_last["written"]["total"].value, context.before_last["written"]["total"].previous) \
        == (309, 265)
    two_years = report_context(load(EXAMPLE))  # 2020 and 2021 only
    assert two_years.has_before_last is False
    assert [p.value for p in two_years.history["written"]["total"].points] == [467, 295]


def _paths(values: dict, prefix: str):
    for key, value in values.items():
        yield f"{prefix}.{key}"
        if isinstance(value, dict):
            yield from _paths(value, f"{prefix}.{key}")


def test_the_reference_lists_the_history_a_build_has():
    from generator.authoring.catalogue import schema

    listed = set(schema()["history"].paths("history"))
    built = set(_paths(report_context(load(KAVKAZSKY / "2021-H1.yaml")).history, "history"))
    assert built and built <= listed
    # a history is kept for counts only: no lists, texts, municipality or signature to promise
    assert not {"history.topics", "history.settlements", "history.municipality", "history.signature",
                "history.hotline.remark", "history.period"} & listed


def test_a_note_shows_the_years_and_the_year_before_last(run, tmp_path):
    template = write_template(tmp_path / "dynamics.docx", [
        "По годам: {% for p in history.written.total.points %}{{ p.period.year }} — {{ p.value }}"
        "{% if not loop.last %}, {% endif %}{% endfor %}.",
        "{% if has_before_last %}Поступило {{ written.total | agree('обращение') }}"
        "{{ before_last.written.total | compared('обращение', 'чем за аналогичный период ' ~ "
        "(period.year - 2) ~ ' года') }}.{% endif %}",
        "{{ charts.dynamics }}",
    ])
    checked = run("template", "check", template)
    assert checked.stdout == "ok\n", checked.stderr
    text = plain(build(run, copy_of(KAVKAZSKY / "2021-H1.yaml", tmp_path), tmp_path / "note.docx", "-t", template))
    assert "По годам: 2017 — 305, 2018 — 300, 2019 — 265, 2020 — 258, 2021 — 309." in text
    assert "Поступило 309 обращений, что на 44 обращения (16,6 %) больше, чем за аналогичный период 2019 года." \
        in text  # 44 / 265 = 16,6 %
    assert len(chart_parts(tmp_path / "note.docx")) == 1


def test_a_broken_earlier_year_is_left_out_with_a_warning_that_names_it(run, tmp_path):
    folder = copy_of(KAVKAZSKY / "2021-H1.yaml", tmp_path).parent
    broken = with_figures(folder / "2018-H1.yaml", {"written.total": -5})
    warning = (f"{broken}:{line_of(broken, 'total: -5')}:10: предупреждение: количество не может быть "
               f"отрицательным, а указано -5 — данные за 1{NB}полугодие 2018 года в динамику не вошли\n")
    unsigned = (f"{folder / '2021-H1.yaml'}:1:1: предупреждение: нет подписи (блок signature: — должность и "
                "фамилия): документ выйдет неподписанным\n")  # check's own: the example has no signature
    checked = run("check", folder / "2021-H1.yaml")
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "ok\n", warning + unsigned)
    built = run("build", folder / "2021-H1.yaml", "-o", tmp_path / "note.docx")
    assert built.exit_code == 0 and built.stderr == warning
    history = report_context(load(folder / "2021-H1.yaml")).history["written"]["total"]
    assert [p.period.year for p in history.points] == [2017, 2019, 2020, 2021]
