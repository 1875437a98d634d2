"""A template cannot hang, exhaust memory or lose content: every path (template check, build,
batch, the web form) ends such a template with a Russian message naming it, and writes nothing."""
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, ROOT, write_template
from generator.render import archive as docx_archive
from generator.render import limits
from generator.web.app import create_app

LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
TOO_MUCH = "шаблон требует слишком много ресурсов"


def template_with(path: Path, text: str, where: str = "body") -> Path:
    """A small template whose body paragraph, header, footer or title property is `text`."""
    write_template(path, ["Начало: {{ written.total }}", "Середина", "Конец"])
    doc = Document(path)
    if where == "body":
        doc.paragraphs[1].text = text
    elif where == "title":
        doc.core_properties.title = text
    else:
        getattr(doc.sections[0], where).paragraphs[0].text = text
    doc.save(path)
    return path


HOSTILE = {
    "nested loops": LOOP,
    "filtered loops": "{% for i in range(100000) %}{% for j in range(100000) if j < 0 %}{% endfor %}{% endfor %}",
    "huge power": "{{ (written.total.value + 9) ** (9 ** 9) }}",
    "huge centre": "{{ 'a' | center(10 ** 9) }}",
    "huge repetition": "{{ 'a' * 10 ** 9 }}",
    "huge format width": "{{ '%0999999999d' % 1 }}",
    "huge method width": "{{ 'a'.ljust(10 ** 9) }}",
    "doubling": "{% set a = 'xxxxxxxxxx' %}" + "{% set a = a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a %}" * 7 + "{{ a }}",
    "exponential macro": "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "filled batch": "{{ range(10) | batch(10 ** 9, 'x') | list }}",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_build_stops_a_costly_template_with_its_name(run, tmp_path, text):
    template = template_with(tmp_path / "t.docx", text)
    started = time.monotonic()
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx")
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert f"{template}:" in result.stderr and TOO_MUCH in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_endless_recursion_is_named(run, tmp_path):
    template = template_with(tmp_path / "t.docx", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1 and "макрос шаблона вызывает сам себя без конца" in result.stderr
    assert f"{template}:" in result.stderr and not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("where", ["body", "header", "footer", "title"])
def test_template_check_stops_a_loop_anywhere_in_the_document(run, tmp_path, where):
    template = template_with(tmp_path / f"{where}.docx", LOOP, where)
    result = run("template", "check", template)
    assert result.exit_code == 1
    assert f"{template}:" in result.stderr and "больше 200 000 повторений циклов" in result.stderr


def test_a_slow_template_is_stopped_by_the_clock(run, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.0)
    template = template_with(tmp_path / "t.docx", "{% for i in range(3) %}{{ i }}{% endfor %}")
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1 and "заполнение идет дольше 0 секунд" in result.stderr


def test_ordinary_sizes_pass(run, tmp_path):
    template = template_with(tmp_path / "t.docx", "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ '%05d' % 42 }} "
                                                  "{{ 'x' | center(9) }}| {{ written.total.value * 1000 }}")
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx")
    assert result.exit_code == 0, result.stderr
    assert "ababab 1024 00042     x    | 295\u00a0000" in Document(tmp_path / "out.docx").paragraphs[1].text


@pytest.mark.parametrize("text", ["{{ '</w:t></w:r></w:p></w:body><w:p>' | safe }}", "{{ '<w:p' | safe }}"])
def test_markup_that_breaks_the_document_is_refused_not_cut(run, tmp_path, text):
    # docxtpl would reread the broken XML forgivingly and drop the rest of the document
    template = template_with(tmp_path / "t.docx", text)
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1
    assert "разметка документа нарушена" in result.stderr and not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("where", ["body", "title"])
def test_a_character_word_cannot_store_is_refused(run, example, tmp_path, where):
    # as if the data had slipped past the check: the template's output is checked too
    template = template_with(tmp_path / "t.docx", r"{{ 'a\ud800b' }}{{ '\x01' }}", where)
    result = run("build", example, "-t", template, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1 and "недопустимый символ (код 0xd800)" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_zip_bomb_template_is_not_unpacked(run, tmp_path, monkeypatch):
    monkeypatch.setattr(docx_archive, "MAX_XML_PART", 1 << 20)
    template = template_with(tmp_path / "t.docx", "x")
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/theme/theme2.xml", b"<a/>" + b" " * (2 << 20))
    for args in (("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx"), ("template", "check", template)):
        result = run(*args)
        assert result.exit_code == 1
        assert "часть word/theme/theme2.xml распаковывается больше чем в 1 МБ" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_a_template_without_a_body(run, tmp_path):
    template = template_with(tmp_path / "t.docx", "x")
    broken = tmp_path / "nobody.docx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.split(b"<w:body>")[0] + b"</w:document>"
            target.writestr(item, content)
    for args in (("build", EXAMPLE, "-t", broken, "-o", tmp_path / "out.docx"), ("template", "check", broken)):
        result = run(*args)
        assert result.exit_code == 1 and f"{broken}:0:0: не открывается как документ Word" in result.stderr


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
from generator.cli.commands import main
sys.argv = ["zapiska", "build", sys.argv[1], "-o", sys.argv[2]]
main()
"""


@pytest.mark.slow
def test_a_full_disk_is_one_message(tmp_path):
    # a file size limit fails the writes the way a full disk does
    out = tmp_path / "out.docx"
    result = subprocess.run([sys.executable, "-c", FULL_DISK, str(EXAMPLE), str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"{out}:0:0: не удалось записать файл: "
                             "файл больше, чем позволяет диск или ограничение системы\n")
    assert list(tmp_path.iterdir()) == []


def test_batch_fails_the_job_and_frees_the_folder(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE.parent, data / "kavkazsky-raion")
    template_with(data / "kavkazsky-raion" / "template.docx", LOOP)
    result = run("batch", data, "--period", "2021-H1", "-o", tmp_path / "out")
    assert result.exit_code == 1 and TOO_MUCH in result.output
    (data / "kavkazsky-raion" / "template.docx").unlink()
    result = run("batch", data, "--period", "2021-H1", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "kavkazsky-raion-2021-H1.docx").exists()


def test_web_download_ends_and_the_next_one_works(data_dir):
    client = create_app(data_dir).test_client()
    template_with(data_dir / "kavkazsky-raion" / "template.docx", LOOP)
    response = client.get("/kavkazsky-raion/2021-H1/docx")
    assert response.status_code == 422 and TOO_MUCH in response.get_data(as_text=True)
    assert client.get("/goryachiy-klyuch/2021-H1/docx").status_code == 200


@pytest.fixture
def bytecode_in(tmp_path, monkeypatch):
    """Jinja's bytecode cache in a temporary folder of the test's own, the process's copies forgotten."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    limits._bytecode.cache_clear()
    limits._compiled.clear()
    yield tmp_path / "tmp"
    limits._bytecode.cache_clear()
    limits._compiled.clear()


def test_a_damaged_compiled_template_is_compiled_again(run, tmp_path, bytecode_in):
    template = template_with(tmp_path / "t.docx", "{{ written.total | agree('обращение') }}")
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "first.docx")
    assert result.exit_code == 0, result.stderr
    stored = list(bytecode_in.rglob("*.cache"))
    assert stored  # the next process need not compile the template
    for path in stored:
        path.write_bytes(b"j2\nnot code")
    limits._compiled.clear()
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "second.docx")
    assert result.exit_code == 0, result.stderr
    assert Document(tmp_path / "second.docx").paragraphs[1].text == "295 обращений"
