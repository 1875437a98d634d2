"""zapiska build: the Кавказский район note read back from the .docx."""
from __future__ import annotations

import errno
import gc
import shutil
from pathlib import Path

import pytest

from conftest import DROP, EXAMPLE, GOLDEN, NB, ROOT, build, chart_parts, docx_text, with_figures


def test_note_reads_like_golden_text(run, tmp_path):
    out = tmp_path / "note.docx"
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 0
    assert result.stdout.strip() == str(out)
    assert docx_text(out) == (GOLDEN / "kavkazsky-raion-2021-H1.txt").read_text(encoding="utf-8")


def test_seed_mistakes_are_corrected(run, tmp_path):
    text = build(run, EXAMPLE, tmp_path / "note.docx")
    # The seed says "на 172(27%)" and "на 182 (55,5%)".
    assert f"поступило 295 письменных обращений, что на 172 обращения (36,8{NB}%) меньше" in text
    assert (f"Из них 140 обращений (47,5{NB}% от общего числа) получено из администрации Краснодарского края, "
            f"что на 182 обращения (56,5{NB}%) меньше") in text
    assert f"положительно рассмотрено 126 обращений (42,7{NB}% от поступивших)" in text


def test_three_charts_are_embedded(run, tmp_path):
    out = tmp_path / "note.docx"
    text = build(run, EXAMPLE, out)
    assert len(chart_parts(out)) == 3
    assert text.count("[диаграмма]") == 3


def test_default_output_path(run, tmp_path, monkeypatch, example):
    monkeypatch.chdir(tmp_path)
    result = run("build", example)
    assert result.exit_code == 0
    assert result.stdout.strip() == str(Path("out") / "kavkazsky-raion-2021-H1.docx")
    assert (tmp_path / "out" / "kavkazsky-raion-2021-H1.docx").is_file()


def test_absent_sections_leave_no_trace(run, tmp_path, example):
    sections = ("hotline", "violations", "receptions", "outcomes", "multichannel_phone", "onf", "pos")
    with_figures(example, dict.fromkeys(sections, DROP))
    out = build(run, example, tmp_path / "note.docx")
    assert "None" not in out
    for gone in ("горячей линии", "личных приемах", "ОНФ", "ПОС", "положительно", "нарушен", "видеосвязи"):
        assert gone not in out
    assert "\n\n\n" not in out  # no empty paragraphs left where sections were
    assert len(chart_parts(tmp_path / "note.docx")) == 2  # the channels chart has nothing left to show


def test_topics_all_at_zero_leave_no_trace(run, tmp_path, example):
    # a municipality that has not split its questions by topic yet: five sections at 0
    zeros = {f"topics.{i}.count": 0 for i in range(5)}
    zeros["topics.4.subtopics"] = []
    out = build(run, with_figures(example, zeros), tmp_path / "note.docx")
    for gone in ("по тематикам", "Раздел классификатора", "Всего вопросов", "волновали вопросы"):
        assert gone not in out
    assert "[диаграмма]" in out and len(chart_parts(tmp_path / "note.docx")) == 2  # written and channels, no topics


def test_without_previous_period_no_comparison_is_invented(run, tmp_path, example):
    (example.parent / "2020-H1.yaml").unlink()
    result = run("build", example, "-o", tmp_path / "note.docx")
    assert result.exit_code == 0
    assert "предупреждение: нет данных за 2020-H1" in result.stderr
    text = docx_text(tmp_path / "note.docx")
    assert "поступило 295 письменных обращений." in text
    assert ", что на" not in text and "прошлого года" not in text


def test_inline_previous_block(run, tmp_path, example):
    (example.parent / "2020-H1.yaml").unlink()
    with_figures(example, {"previous.written.total": 467, "previous.hotline.calls": 0})
    text = build(run, example, tmp_path / "note.docx")
    assert f"что на 172 обращения (36,8{NB}%) меньше" in text
    # From zero there is no percentage.
    assert "принято 269 звонков, что на 269 звонков больше, чем за аналогичный период 2020 года." in text


def test_no_violations(run, tmp_path, example):
    with_figures(example, {"violations.cases": 0, "violations.punished": 0})
    text = build(run, example, tmp_path / "note.docx")
    assert f"В 1{NB}полугодии 2021 года нарушений законных интересов граждан и сроков рассмотрения " \
           "обращений не допущено." in text


def test_failed_build_keeps_the_good_file(run, tmp_path, example):
    out = tmp_path / "note.docx"
    build(run, example, out)
    good = out.read_bytes()
    with_figures(example, {"written.total": -295})
    result = run("build", example, "-o", out)
    assert result.exit_code == 1
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kavkazsky-raion", "note.docx"]


def test_same_input_same_text(run, tmp_path):
    first = build(run, EXAMPLE, tmp_path / "a.docx")
    assert build(run, EXAMPLE, tmp_path / "b.docx") == first


def test_unwritable_output_is_a_message(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run("build", EXAMPLE, "-o", blocker / "note.docx")
    assert result.exit_code == 1
    assert result.stderr == f"{blocker / 'note.docx'}:0:0: не удалось записать файл: часть пути — файл, а не папка\n"


@pytest.mark.parametrize("target", ["2021-H1.yaml", "2020-H1.yaml"])
def test_output_never_replaces_the_data(run, example, target):
    before = (example.parent / target).read_bytes()
    result = run("build", example, "-o", example.parent / target)
    assert result.exit_code == 1
    assert result.stderr == f"{example.parent / target}:0:0: документ Word должен называться *.docx\n"
    assert (example.parent / target).read_bytes() == before


def test_output_never_replaces_the_template(run, example, tmp_path):
    template = tmp_path / "t.docx"
    shutil.copy(ROOT / "templates" / "poyasnitelnaya-zapiska.docx", template)
    before = template.read_bytes()
    result = run("build", example, "-t", template, "-o", template)
    assert result.exit_code == 1
    assert result.stderr == (f"{template}:0:0: сюда нельзя писать документ: это файл, из которого он собирается "
                             "(данные или шаблон); укажите другое имя\n")
    assert template.read_bytes() == before


def test_a_save_that_fails_midway_keeps_the_old_file(run, example, tmp_path, monkeypatch):
    out = tmp_path / "note.docx"
    build(run, example, out)
    good = out.read_bytes()

    def broken_save(self, target, *args, **kwargs):
        target.write(b"PK half a document")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("docxtpl.DocxTemplate.save", broken_save)
    result = run("build", example, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"{out}:0:0: не удалось записать файл: на диске нет места\n"
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kavkazsky-raion", "note.docx"]


def test_a_build_in_process_leaves_the_cyclic_collector_on(run, example, tmp_path):
    assert run("build", example, "-o", tmp_path / "x.docx").exit_code == 0
    assert gc.isenabled()


def test_the_library_api_builds_what_the_command_builds(tmp_path):
    import generator

    loaded = generator.load(EXAMPLE)
    assert generator.check(EXAMPLE) == loaded.warnings
    out = generator.build(loaded, tmp_path / "note.docx")
    assert out == [tmp_path / "note.docx"]
    assert "Кавказский район" in docx_text(out[0])
    with pytest.raises(AttributeError):
        generator.no_such_name  # noqa: B018 - the lookup is what is tested
