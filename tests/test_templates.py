"""zapiska template vars/check/new, and the sandbox: a template cannot reach Python internals,
and a template that fails at any point leaves no output behind."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, GORYACHIY_KLYUCH, ROOT, retype, write_template
from generator.authoring.catalogue import declared, members, schema
from generator.core.compare import Figure
from generator.core.history import History
from generator.core.period import Period
from generator.note import charts
from generator.note.context import ReportContext, report_context
from generator.render.context import declare
from generator.store.load import load
from generator.wording.filters import FILTERS

TEMPLATES = ROOT / "templates"
FORBIDDEN = "шаблону запрещено обращаться к внутренностям Python"


def copy_of(run, tmp_path: Path, source: str) -> Path:
    path = tmp_path / "moy.docx"
    assert run("template", "new", path, "--from", source).exit_code == 0
    return path


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a template the way Word would: text inside one run of a paragraph or a table cell."""
    doc = Document(path)
    paragraphs = doc.paragraphs + [p for t in doc.tables for c in t._cells for p in c.paragraphs]
    (run_,) = [r for p in paragraphs for r in p.runs if old in r.text]
    run_.text = run_.text.replace(old, new, 1)
    doc.save(path)


# --- vars ---------------------------------------------------------------------------

def test_vars_lists_written_total_with_its_title_and_example(run):
    result = run("template", "vars")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "written.total — Письменных обращений поступило всего (пример: 295)" in lines
    assert "written.total.previous — То же число за тот же период прошлого года (пусто, если неизвестно) " \
           "(пример: 467)" in lines
    assert "municipality.act.date — Дата акта (ГГГГ-ММ-ДД) (пример: 2017-12-25)" in lines
    assert ("period.v_words — «в …», номер словом; для года — «в 2021 году», для месяца — «в августе 2023 года» "
            "(пример: в первом полугодии 2021 года)") \
        in lines
    assert "topics[].count — Количество вопросов по разделу (пример: 35)" in lines
    assert ("date — Дата так, как ее пишут в реквизитах документа: 25.12.2017. "
            "Пример: {{ municipality.act.date | date }} → 25.12.2017") in lines


def test_vars_cannot_drift_from_what_a_template_sees(run):
    # Every name the build puts into the context is described, and nothing else.
    for source in (EXAMPLE, GORYACHIY_KLYUCH):
        assert set(schema()) == set(report_context(load(source)).mapping()) | {"charts"}
    listed = {line.split(" — ")[0] for line in run("template", "vars").stdout.splitlines()}
    assert set(schema()) <= listed
    assert set(FILTERS) <= listed


def test_every_name_and_field_a_template_reads_is_titled_where_it_is_declared(run):
    # The titles of template vars come from the declarations themselves: a name of the note's
    # context, a field of a Figure, a Period, a History is listed with the title written beside it.
    listed = dict(line.split(" — ", 1) for line in run("template", "vars").stdout.splitlines() if " — " in line)
    for name in ReportContext.names():
        assert listed[name.name].startswith(name.metadata["title"]), name.name
    for path, cls in (("written.total", Figure), ("period", Period), ("history.written.total", History)):
        for key, node in members(cls).items():
            assert node.title and listed[f"{path}.{key}"].startswith(node.title), (cls, key)
    assert listed["history.written.total.points[].value"].startswith("Число")


def test_a_name_declared_once_reaches_the_template_and_the_reference():
    @dataclass(frozen=True)
    class Wider(ReportContext):
        inhabitants: int = declare("Жителей на начало года")

    context = report_context(load(EXAMPLE))
    wider = Wider(**{name: getattr(context, name) for name in context.__dataclass_fields__}, inhabitants=5)
    assert wider.mapping()["inhabitants"] == 5
    assert declared(Wider)["inhabitants"].title == "Жителей на начало года"
    assert list(declared(Wider)) == [*declared(ReportContext), "inhabitants"]


def test_a_value_without_a_title_cannot_reach_a_template():
    @dataclass(frozen=True)
    class Untitled:
        value: int = field(metadata={"title": "Число"})

        @property
        def twice(self) -> int:
            return 2 * self.value

    with pytest.raises(TypeError, match="Untitled.twice: no title"):
        members(Untitled)


# --- check --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["poyasnitelnaya-zapiska", "analiticheskie-svedeniya", "tablica"])
def test_default_templates_check_ok(run, name):
    result = run("template", "check", TEMPLATES / f"{name}.docx")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok\n", "")


def test_typo_in_a_variable(run, tmp_path):
    path = copy_of(run, tmp_path, "analiticheskie-svedeniya")
    replace_in(path, "{{ written.total | agree", "{{ writen.total | agree")
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:6:700: неизвестная переменная «writen.total»; возможно, имелось в виду «written.total» — "
        "в абзаце «…%}{% endif %}{% elif written.total %}{{ writen.total | agree('письменное обращение', "
        "verb='поступило') }}{% else %}письм…»\n")


def test_typo_in_a_field_of_a_loop_variable_and_in_a_filter(run, tmp_path):
    path = copy_of(run, tmp_path, "poyasnitelnaya-zapiska")
    doc = Document(path)
    row = doc.tables[0].rows[3].cells  # the repeated row of the topics table (after {%tr set whole %}, {%tr for %})
    row[3].paragraphs[0].runs[0].text = "{{ t.cont }}"
    row[4].paragraphs[0].runs[0].text = "{{ t.count | detla }}"
    doc.save(path)
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:31:4: неизвестное поле «t.cont»; возможно, имелось в виду «t.count» — в абзаце «{{{{ t.cont }}}}»",
        f"{path}:32:14: неизвестный фильтр «detla»; возможно, имелось в виду «delta» — "
        # the total row is kept only when there is a total: its condition follows the loop's end
        "в абзаце «{{ t.count | detla }}{% endfor %}{% if whole is not none %}»",
    ]


def test_unclosed_paragraph_condition_points_at_its_start(run, tmp_path):
    path = write_template(tmp_path / "t.docx", ["Начало.", "{%p if hotline %}", "Звонков: {{ hotline.calls }}.",
                                                 "Конец."])
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:1:1: ошибка в тегах шаблона: блок {{% if %}} не закрыт: нет {{% endif %}} — "
                             "в абзаце «Начало.{% if hotline %}»\n")


def test_trial_fill_finds_what_the_names_cannot(run, tmp_path):
    # The act is known to the model, but Кавказский район has none: unguarded, the build would fail.
    path = write_template(tmp_path / "t.docx", ["Утвержден {{ municipality.act.title }}."])
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:31: с цифрами из {EXAMPLE}: поле «title» взято у раздела, которого нет в цифрах: "
        "поставьте абзац внутрь {%p if раздел %} … {%p endif %} — в абзаце «Утвержден {{ municipality.act.title }}.»")
    assert run("template", "check", path, "--data", GORYACHIY_KLYUCH).exit_code == 0


def test_not_a_docx(run, tmp_path):
    path = tmp_path / "t.docx"
    path.write_text("не документ", encoding="utf-8")
    result = run("template", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:0:0: не открывается как документ Word: "
                             "сохраните шаблон в Word как «Документ Word (*.docx)»\n")


# --- the sandbox --------------------------------------------------------------------

def test_check_refuses_sandbox_escapes(run, tmp_path):
    path = copy_of(run, tmp_path, "analiticheskie-svedeniya")
    replace_in(path, "%}{{ written.total | agree",
               "%}{{ ''.__class__.__mro__ }} {{ cycler.__init__.__globals__ }} {{ written.total | agree")
    result = run("template", "check", path)
    assert result.exit_code == 1
    first = ("…% endif %}{% elif written.total %}{{ ''.__class__.__mro__ }} {{ cycler.__init__.__globals__ }} "
             "{{ written.total | agree(…")
    second = ("… %}{{ ''.__class__.__mro__ }} {{ cycler.__init__.__globals__ }} {{ written.total | "
              "agree('письменное обращение', verb='п…")
    assert result.stderr.splitlines() == [
        f"{path}:6:703: {FORBIDDEN} («__class__»): такие шаблоны не заполняются — в абзаце «{first}»",
        f"{path}:6:734: {FORBIDDEN} («__init__»): такие шаблоны не заполняются — в абзаце «{second}»",
    ]


@pytest.mark.parametrize("trick, name", [
    ("{{ ''.__class__.__mro__ }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "__init__"),
    ("{{ lipsum.__globals__ }}", "__globals__"),
    ("{{ written.total | attr('__class__') }}", "__class__"),
    ("{{ written['__class__'] }}", "__class__"),
    ("{{ (written.total.value ~ '').__class__ }}", "__class__"),
    ("{{ '{0.__class__}'.format(written) }}", "__class__"),   # only the build sees this one
    ("{{ written.total | attr('_' ~ '_class__') }}", "__class__"),
])
def test_build_refuses_sandbox_escapes(run, tmp_path, trick, name):
    path = write_template(tmp_path / "t.docx", [f"Поступило {trick}."])
    out = tmp_path / "out.docx"
    result = run("build", EXAMPLE, "-t", path, "-o", out)
    assert result.exit_code == 1
    assert f"{FORBIDDEN} («{name}»): такие шаблоны не заполняются — в абзаце «Поступило {trick}.»" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("where", ["body", "header"])
def test_a_failed_build_keeps_the_good_document(run, tmp_path, where):
    out = tmp_path / "out.docx"
    assert run("build", EXAMPLE, "-o", out).exit_code == 0
    good = out.read_bytes()
    path = write_template(tmp_path / "t.docx", ["Поступило {{ written.total }}."])
    doc = Document(path)
    target = doc.sections[0].header.paragraphs[0] if where == "header" else doc.paragraphs[0]
    target.text = "Стр. {{ page.number }}"
    doc.save(path)
    result = run("build", EXAMPLE, "-t", path, "-o", out)
    assert result.exit_code == 1
    assert "неизвестная переменная или поле «page»" in result.stderr
    assert "в абзаце «Стр. {{ page.number }}»" in result.stderr
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx", "t.docx"]


# --- new ----------------------------------------------------------------------------

def test_new_copies_a_template_and_never_overwrites(run, tmp_path):
    path = tmp_path / "shablony" / "moy"
    result = run("template", "new", path, "--from", "analiticheskie-svedeniya")
    assert result.exit_code == 0
    made = path.with_name("moy.docx")
    assert result.stdout == f"{made}\n"
    assert made.read_bytes() == (TEMPLATES / "analiticheskie-svedeniya.docx").read_bytes()
    again = run("template", "new", made)
    assert again.exit_code == 1
    assert again.stderr == f"{made}:0:0: такой файл уже есть: программа его не перезаписывает, укажите другое имя\n"
    assert made.read_bytes() == (TEMPLATES / "analiticheskie-svedeniya.docx").read_bytes()


def test_new_starts_from_the_default_note(run, tmp_path):
    made = tmp_path / "t.docx"
    assert run("template", "new", made).exit_code == 0
    assert made.read_bytes() == (TEMPLATES / "poyasnitelnaya-zapiska.docx").read_bytes()


def test_new_from_an_unknown_template(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("template", "new", tmp_path / "t.docx", "--from", "nety-takogo")
    assert result.exit_code == 1
    looked = [tmp_path / "nety-takogo", TEMPLATES / "nety-takogo", TEMPLATES / "nety-takogo.docx"]
    assert result.stderr == f"шаблон не найден; искали: {', '.join(map(str, looked))}\n"
    assert not (tmp_path / "t.docx").exists()


def test_a_broken_chart_spec_is_named_by_its_own_line(run, tmp_path, monkeypatch):
    folder = tmp_path / "charts"
    shutil.copytree(charts.CHARTS_DIR, folder)
    spec = folder / "written.yaml"
    line = retype(spec, "field: written.total", "field: written.totl")
    monkeypatch.setattr(charts, "CHARTS_DIR", folder)
    result = run("template", "check", TEMPLATES / "poyasnitelnaya-zapiska.docx")
    assert result.exit_code == 1
    assert result.stderr == f"{spec}:{line}:12: в файле с цифрами нет поля «written.totl» (см. zapiska schema)\n"
