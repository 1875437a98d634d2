"""A template's budget is kept before the work, not after: growth in place, replacements,
lipsum and other calls that allocate are sized before they run; the clock holds for the whole
build, not between tags only; a template's archive is measured while it inflates and no part
may declare a DOCTYPE."""
from __future__ import annotations

import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from conftest import EXAMPLE, write_template
from generator.core.errors import TemplateError
from generator.render import limits
from generator.render.archive import check_archive
from generator.render.environment import environment

TOO_MUCH = "шаблон требует слишком много ресурсов: "
SIMPLER = "; упростите шаблон (циклы, повторение строк, степени)"


@pytest.mark.parametrize("text, why", [
    ("{% set x = [1] %}{% for i in range(29) %}{% set _ = x.extend(x) %}{% endfor %}",
     "строка или список длиннее 1 000 000 знаков"),
    ("{% set x = {} %}{% for i in range(29) %}{% set _ = x.update({i: 'a' * 999999}) %}{% endfor %}{{ x|length }}",
     None),  # values are not counted, keys are: a dict of 29 keys is fine
    ("{{ ('a' * 60000) | replace('', 'b' * 50000) }}", "слишком длинная строка после замены"),
    ("{% set s = 'a' * 60000 %}{{ s.replace('', 'b' * 50000) }}", "слишком длинная строка после замены"),
    ("{{ lipsum(1000000, False, 100, 101) }}", "lipsum больше 10 000 слов"),
    ("{{ ('\t' * 999999).expandtabs(999999) }}", "слишком длинная строка после замены табуляций"),
    ("{{ ('b' * 999999).join(['a'] * 10) }}", "слишком длинная строка после соединения"),
])
def test_a_call_is_sized_before_it_allocates(text, why):
    template = environment().from_string(text)
    if why is None:
        assert template.render() == "29"
        return
    with pytest.raises(limits.LimitError) as refused:
        template.render()
    assert str(refused.value) == f"{TOO_MUCH}{why}{SIMPLER}"


def test_ordinary_calls_pass():
    text = "{{ lipsum(2, False, 5, 10) | wordcount > 5 }} {{ 'a,b' | replace(',', ';') }} {{ '-'.join(['x', 'y']) }}"
    assert environment().from_string(text).render() == "True a;b x-y"


def slow(*args, **kwargs):
    """Work that never reaches a template tag and swallows every Exception, for 30 s at most."""
    started = time.monotonic()
    while time.monotonic() - started < 30:
        try:
            sum(range(10_000))
        except Exception:  # noqa: BLE001 - a library that catches everything must not stop the watchdog
            pass
    return "done"


def test_the_clock_interrupts_work_between_tags(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.5)
    with pytest.raises(TemplateError) as refused:
        limits.within_time(Path("t.docx"), slow)
    assert str(refused.value) == f"t.docx:0:0: {TOO_MUCH}заполнение идет дольше 0 секунд{SIMPLER}"
    assert limits.within_time(Path("t.docx"), lambda: "quick") == "quick"  # nothing pending afterwards
    assert sum(range(100)) == 4950


def test_a_build_whose_drawing_never_ends_is_stopped(run, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SECONDS", 1.0)
    monkeypatch.setattr("docxtpl.DocxTemplate.render", slow)
    result = run("build", EXAMPLE, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1
    assert f"{TOO_MUCH}заполнение идет дольше 1 секунд" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def lying(template: Path, out: Path, name: str = "word/theme/theme2.xml", real: int = 5 << 20) -> Path:
    """`template` with a part declared as 1 000 bytes (and their CRC) that inflates to `real`."""
    content = b"<a/>" + b" " * (real - 4)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, content)
    data = bytearray(out.read_bytes())
    crc = zlib.crc32(content[:1000])
    for signature, crc_at, size_at in ((b"PK\x03\x04", 14, 22), (b"PK\x01\x02", 16, 24)):
        at = data.rfind(signature)
        while at >= 0 and name.encode() not in data[at:at + 120]:
            at = data.rfind(signature, 0, at)
        struct.pack_into("<I", data, at + crc_at, crc)
        struct.pack_into("<I", data, at + size_at, 1000)
    out.write_bytes(bytes(data))
    return out


def test_a_part_is_measured_while_it_inflates_not_by_its_declared_size(run, tmp_path):
    template = lying(write_template(tmp_path / "t.docx", ["{{ written.total }}"]), tmp_path / "lying.docx")
    assert zipfile.ZipFile(template).getinfo("word/theme/theme2.xml").file_size == 1000
    message = ("часть word/theme/theme2.xml распаковывается больше чем в 4 МБ (допустимо: разметка — до 4 МБ, "
               "рисунок — до 64 МБ, весь шаблон — до 256 МБ): это не обычный документ Word")
    assert check_archive(template) == message
    result = run("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx")
    assert result.exit_code == 1 and result.stderr == f"{template}:0:0: {message}\n"
    small = lying(tmp_path / "t.docx", tmp_path / "small.docx", real=2000)
    assert check_archive(small) == ("часть word/theme/theme2.xml распаковывается в 2000 байт, а объявлена как 1000: "
                                    "файл поврежден или подделан, это не обычный документ Word")


@pytest.mark.parametrize("part", ["word/footnotes.xml", "word/styles.xml", "customXml/item1.xml"])
def test_a_doctype_in_any_part_is_refused(run, tmp_path, part):
    template = write_template(tmp_path / "t.docx", ["{{ written.total }}"])
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    refused = tmp_path / "doctype.docx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(refused, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, entity if item.filename == part else source.read(item))
        if part not in source.namelist():
            target.writestr(part, entity)
    message = (f"в части {part} есть объявление DOCTYPE или ENTITY: в документах Word их не бывает, такой шаблон "
               "не открывается; пересохраните его в Word")
    for args in (("build", EXAMPLE, "-t", refused, "-o", tmp_path / "out.docx"), ("template", "check", refused)):
        result = run(*args)
        assert result.exit_code == 1 and f"{refused}:0:0: {message}" in result.stderr
    assert not (tmp_path / "out.docx").exists()


UNCLOSED = ("шаблон требует слишком много ресурсов: в нем много открытых тегов без закрытия («{{» без «}}», «{%» без "
            "«%}», абзацев и ячеек без конца) — их разбор занял бы часы; проверьте, что у каждого «{{» есть «}}», а у "
            "каждого «{%» — «%}»")


def test_unclosed_tags_are_measured_before_docxtpls_patterns_scan_them(run, tmp_path):
    # docxtpl's regular expressions run in C, beyond the watchdog: 20 000 «{%» (40 KB) took 32 s there
    template = write_template(tmp_path / "t.docx", ["{{ written.total }}", "{%" * 20_000])
    for args in (("build", EXAMPLE, "-t", template, "-o", tmp_path / "out.docx"), ("template", "check", template)):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (1, f"{template}:0:0: {UNCLOSED}\n")
    assert not (tmp_path / "out.docx").exists()


def test_a_real_templates_tags_are_far_below_the_bound():
    from generator.render.tagscan import MAX_SCAN, scan_length

    for template in sorted((Path(__file__).parent.parent / "templates").glob("*.docx")):
        with zipfile.ZipFile(template) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
        assert 0 < scan_length(body) < min(5 * len(body), MAX_SCAN / 100)
