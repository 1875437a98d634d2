"""The region summary's signature and executor: data/svodka.yaml read with its errors located,
printed as in a note (position left, name flush right, executor framed at the bottom left), and
warned of when missing by `summary` and by batch's summary step."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import ROOT, docx_text, pdf_pages, plain

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "summary"
SIGNING = ("signature:\n  position:\n    - Начальник отдела по работе\n    - с обращениями граждан\n"
           "  name: А.В. Петрова\nexecutor:\n  name: Смирнова Ольга Николаевна\n  phone: 8 (861) 200-00-00\n")


def _data(tmp_path: Path, signing: str | None = SIGNING) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shutil.rmtree(data / "eysky-raion")  # its broken file is test_summary's
    if signing is not None:
        (data / "svodka.yaml").write_text(signing, encoding="utf-8")
    return data


def _unsigned(data: Path) -> str:
    return ("предупреждение: сводка выйдет неподписанной: должность и фамилию подписывающего (signature:) и "
            f"исполнителя (executor:) указывают в файле {data / 'svodka.yaml'} — docs/schedule.md\n")


def test_the_summary_is_signed_and_its_executor_framed_at_the_bottom_left(run, tmp_path):
    data, out = _data(tmp_path), tmp_path / "out"
    result = run("summary", data, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 0
    assert "неподписанной" not in result.stderr
    assert "krymsky-raion" in result.stderr  # still named as missing: svodka.yaml is no municipality
    text = plain(docx_text(out / "svodka-2021-H1.docx"))
    assert text.endswith("Начальник отдела по работе\nс обращениями граждан | А.В. Петрова\n"
                         "Исполнитель: Смирнова Ольга Николаевна, тел. 8 (861) 200-00-00\n")
    doc = Document(out / "svodka-2021-H1.docx")
    name = doc.tables[-1].cell(0, 1).paragraphs[0]
    assert (name.style.name, name.text) == ("Подпись: инициалы и фамилия", "А.В.\u00a0Петрова")
    last = [p for p in doc.paragraphs if p.text.strip()][-1]
    assert last.style.name == "Исполнитель" and last.style.font.size.pt == 10
    frame = last._p.pPr.find(qn("w:framePr"))
    assert (frame.get(qn("w:yAlign")), frame.get(qn("w:xAlign"))) == ("bottom", "left")


def test_without_the_file_the_summary_is_unsigned_and_says_so(run, tmp_path):
    data, out = _data(tmp_path, None), tmp_path / "out"
    result = run("summary", data, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 0
    assert _unsigned(data) in result.stderr
    text = docx_text(out / "svodka-2021-H1.docx")
    assert "Исполнитель" not in text and "Петрова" not in text
    (data / "svodka.yaml").write_text("executor:\n  name: Смирнова Ольга Николаевна\n", encoding="utf-8")
    result = run("summary", data, "--period", "2021-H1", "-o", out)
    assert (f"{data / 'svodka.yaml'}:1:1: предупреждение: нет подписи (блок signature: — должность и фамилия): "
            "сводка выйдет неподписанной\n") in result.stderr
    assert plain(docx_text(out / "svodka-2021-H1.docx")).endswith("Исполнитель: Смирнова Ольга Николаевна\n")


def test_a_broken_file_stops_the_summary_with_its_place(run, tmp_path):
    data = _data(tmp_path, "signature:\n  position: []\n  nam: А.В. Петрова\n")
    out = tmp_path / "out"
    result = run("summary", data, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 1
    path = data / "svodka.yaml"
    assert result.stderr == (
        f"{path}:1:1: не заполнено обязательное поле «name» (Инициалы и фамилия: О.М. Ляхов)\n"
        f"{path}:2:3: не заполнено обязательное поле «position» (Должность подписывающего, по строкам)\n"
        f"{path}:3:3: неизвестный ключ «nam»; возможно, имелось в виду «name»\n")
    assert not out.exists() or list(out.iterdir()) == []


def test_batch_warns_of_an_unsigned_summary_and_rebuilds_it_once_signed(run, tmp_path):
    data, out = _data(tmp_path, None), tmp_path / "out"
    first = run("batch", data, "--period", "2021-H1", "-o", out)
    assert first.exit_code == 0 and first.stderr.endswith(_unsigned(data))
    again = run("batch", data, "--period", "2021-H1", "-o", out)  # not rebuilt, still unsigned: said again
    assert again.stderr.endswith(_unsigned(data))
    (data / "svodka.yaml").write_text(SIGNING, encoding="utf-8")
    signed = run("batch", data, "--period", "2021-H1", "-o", out)
    assert "неподписанной" not in signed.stderr
    assert "А.В.\u00a0Петрова" in docx_text(out / "svodka-2021-H1.docx")
    (data / "svodka.yaml").write_text("signature: Петрова\n", encoding="utf-8")
    broken = run("batch", data, "--period", "2021-H1", "-o", out)
    assert broken.exit_code == 0  # the notes are built; the summary's error is named
    assert f"{data / 'svodka.yaml'}:1:12: «signature» — раздел с вложенными ключами, а указано «Петрова»" \
        in broken.stderr


def test_template_vars_lists_the_summary_s_signature_and_executor(run):
    listed = run("template", "vars", "--svodka").stdout
    # the examples are data/svodka.yaml's
    assert "signature.name — Инициалы и фамилия: О.М. Ляхов (пример: А.В. Петрова)\n" in listed
    assert "signature.position — Должность подписывающего, по строкам (пример: 2 элемента)\n" in listed
    assert "executor.phone — Телефон исполнителя (пример: 8 (861) 200-00-00)\n" in listed


@pytest.mark.pdf
def test_the_krai_summary_fills_its_pages_and_ends_signed(run, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "out"
    assert run("summary", ROOT / "examples" / "krai", "--period", "2021-H1", "-o", out, "--pdf").exit_code == 0
    pages = pdf_pages(out / "svodka-2021-H1.pdf")
    assert len(pages) == 4
    for number, (height, words) in enumerate(pages[:-1], start=1):
        assert max(y for _, y, _ in words) > height * 0.75, number  # no page but the last a quarter blank
    text = [" ".join(word for _, _, word in words) for _, words in pages]
    assert "Письменные обращения на 1000 жителей" in text[1] and "Павловский район" in text[1]  # the chart's text
    assert "Письменные обращения по годам" in text[2]
    height, words = pages[-1]
    assert "Начальник отдела по работе с обращениями граждан" in text[-1]
    assert [x > 72 * 13 / 2.54 for x, _, word in words if word == "Петрова"] == [True]  # by the right margin
    executor = [(x, y) for x, y, word in words if word == "Исполнитель:"]
    assert len(executor) == 1
    x, y = executor[0]
    assert y > height - 72 * 2.5 / 2.54 and x < 72 * 3.5 / 2.54  # at the bottom left


def test_check_reads_the_summary_s_file_as_the_summary_does(run, tmp_path):
    data = _data(tmp_path)
    path = data / "svodka.yaml"
    assert (run("check", path).exit_code, run("check", path).stdout) == (0, "ok\n")
    path.write_text("executor:\n  name: Смирнова Ольга Николаевна\n", encoding="utf-8")
    checked = run("check", path)
    assert (checked.exit_code, checked.stdout) == (0, "ok\n")
    assert checked.stderr == (f"{path}:1:1: предупреждение: нет подписи (блок signature: — должность и фамилия): "
                              "сводка выйдет неподписанной\n")
    path.write_text("signature:\n  position: [Глава]\n  name: А.В. Петрова\n  phone: 1\n", encoding="utf-8")
    checked = run("check", path)
    assert (checked.exit_code, checked.stderr) == (1, f"{path}:4:3: неизвестный ключ «phone» в этом разделе; "
                                                      "«Телефон исполнителя» — в разделе executor: (executor.phone)\n")
