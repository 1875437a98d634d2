"""Files that would crash, stall or fool a reader: every reader (check's, the summary's quick one,
the round trip of the form and import, the register map) gives the same verdict, with the same
message and place; pipes, devices and links are never read; a register too large for memory is
refused before it is read. Each hang is run in a subprocess with a deadline, so it fails, not
stalls, the suite."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import biff
import pytest

from conftest import EXAMPLE, two_municipalities
from generator.core.errors import Problem, ZapiskaError
from generator.register import extent, table
from generator.register.mapping import load_map
from generator.store import quick
from generator.store.files import read_regular
from generator.store.load import load
from generator.store.roundtrip import RoundTrip

DEEP = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"  # 200 KB: libyaml's composer dies of it
BOMB = "k0: &k0 {a: 1}\n" + "".join(f"k{i}: &k{i} {{<<: [{', '.join([f'*k{i - 1}'] * 9)}]}}\n" for i in range(1, 9))
NOT_YAML = "не YAML: "
HOSTILE = [
    (DEEP, 1, 35, "слишком глубокая вложенность"),
    ("a: &x [1, 2]\nb: [*x, *x]\n", 2, 5, "ссылки (*имя) не поддерживаются"),
    (BOMB, 2, 10, "ключи слияния «<<» не поддерживаются: перечислите ключи"),
    ("a:\n  <<: {b: 1}\n", 2, 3, "ключи слияния «<<» не поддерживаются: перечислите ключи"),
    ("period: 2021-H1\na: &x 1\n", 2, 4, "метки (&имя) не поддерживаются: уберите метку"),
]
SUBPROCESS_DEADLINE = 120  # seconds: far above a healthy run, far below a hang


def problems(call) -> list[str]:
    with pytest.raises(ZapiskaError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("text, line, column, message", HOSTILE, ids=["deep", "alias", "merge-bomb", "merge", "anchor"])
def test_every_reader_gives_the_same_verdict(tmp_path, text, line, column, message):
    path = tmp_path / "2021-H1.yaml"
    path.write_text(text, encoding="utf-8")
    expected = [f"{path}:{line}:{column}: {NOT_YAML}{message}"]
    assert problems(lambda: load(path)) == expected
    assert quick.read(path) is None and quick.name(path) is None  # left to load(), which says the above
    assert problems(lambda: RoundTrip().read(path)) == expected
    assert problems(lambda: RoundTrip().parse(text, path)) == expected
    map_file = tmp_path / "register-map.yaml"
    map_file.write_text(text, encoding="utf-8")
    assert problems(lambda: load_map(map_file)) == [f"{map_file}:{line}:{column}: {NOT_YAML}{message}"]


def cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """zapiska in its own process: a crash is an exit code, a hang a timeout, not the suite's."""
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True,
                          timeout=SUBPROCESS_DEADLINE, cwd=cwd)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return two_municipalities(tmp_path)


def test_a_deep_file_two_years_back_is_left_out_of_the_dynamics_not_a_crash(data, tmp_path):
    deep = data / "b-raion" / "2019-H1.yaml"
    deep.write_text(DEEP, encoding="utf-8")
    warning = (f"{deep}:1:35: предупреждение: {NOT_YAML}слишком глубокая вложенность — данные за 1\u00a0полугодие "
               "2019 года в динамику не вошли\n")
    checked = cli("check", data / "b-raion" / "2021-H1.yaml")
    assert checked.returncode == 0 and warning in checked.stderr
    summary = cli("summary", data, "--period", "2021-H1", "-o", tmp_path / "svodka")
    assert summary.returncode == 0 and warning in summary.stderr
    assert (tmp_path / "svodka" / "svodka-2021-H1.xlsx").is_file()
    batch = cli("batch", data, "--period", "2021-H1", "-o", tmp_path / "out")
    assert batch.returncode == 0 and warning in batch.stderr
    assert (tmp_path / "out" / "b-raion-2021-H1.docx").is_file()


def test_the_newest_file_nested_deep_keeps_the_forms_start_page(data):
    from generator.web.app import create_app

    (data / "b-raion" / "2022-H1.yaml").write_text("a:" + " [" * 5000 + " ]" * 5000 + "\n", encoding="utf-8")
    page = create_app(data).test_client().get("/")
    assert page.status_code == 200 and "b-raion" in page.get_data(as_text=True)


def test_the_forms_check_of_a_merge_key_bomb_is_an_answer_at_once(data):
    from generator.web.app import create_app

    path = data / "b-raion" / "2021-H1.yaml"
    path.write_text(BOMB, encoding="utf-8")
    client = create_app(data).test_client()
    page = client.get("/b-raion/2021-H1")
    assert page.status_code == 422
    assert (f"data/b-raion/2021-H1.yaml:2:10: {NOT_YAML}ключи слияния «&lt;&lt;» не поддерживаются: перечислите ключи"
            in page.get_data(as_text=True))
    response = client.post("/b-raion/2021-H1/check", data={"written.total": "1"},
                           headers={"Origin": "http://localhost", "Accept": "application/json"})
    assert response.status_code == 422
    assert "ключи слияния «<<» не поддерживаются" in response.get_json()["error"]


def test_a_tab_before_a_comment_is_valid_yaml_for_every_reader(tmp_path, run):
    path = tmp_path / "kavkazsky-raion" / "2021-H1.yaml"
    shutil.copytree(EXAMPLE.parent, path.parent)
    text = EXAMPLE.read_text(encoding="utf-8").replace("  total: 295                         #", "  total: 295\t#", 1)
    assert "\t#" in text
    path.write_text(text, encoding="utf-8")
    assert run("check", path).exit_code == 0
    assert load(path).report.written.total == 295
    snapshot = RoundTrip().read(path)
    assert snapshot.doc["written"]["total"] == 295 and snapshot.text == text


# --- only regular files -----------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


@needs_fifo
def test_a_pipe_or_a_device_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "2021-H1.yaml")
    (tmp_path / "2020-H1.yaml").symlink_to("/dev/zero")
    for path in (tmp_path / "2021-H1.yaml", tmp_path / "2020-H1.yaml"):
        assert problems(lambda path=path: load(path)) == [
            f"{path}:0:0: файл не читается: это не обычный файл (именованный канал, устройство или ссылка на них): "
            "такие программа не читает"]
        assert quick.read(path) is None and quick.name(path) is None


def test_a_link_is_refused_where_links_are_not_followed(tmp_path):
    (tmp_path / "outside.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "2021-H1.yaml").symlink_to(tmp_path / "outside.yaml")
    assert read_regular(tmp_path / "2021-H1.yaml") == b"a: 1\n"
    assert problems(lambda: RoundTrip(follow=False).read(tmp_path / "2021-H1.yaml")) == [
        f"{tmp_path / '2021-H1.yaml'}:0:0: файл не читается: это ссылка (symlink), а не файл: "
        "ссылки здесь не открываются"]


def test_a_file_over_the_limit_is_refused(tmp_path, run):
    path = tmp_path / "2021-H1.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (1 << 20))
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr == (f"{path}:0:0: файл не читается: размер больше 1\u00a0МБ "
                             "(такие большие файлы программа не читает)\n")


@needs_fifo
def test_pipes_and_device_links_in_a_data_folder_stall_nothing(data, tmp_path):
    folder = data / "b-raion"
    os.mkfifo(folder / "2019-H1.yaml")  # an earlier year: the dynamics
    os.mkfifo(folder / "register-map.yaml")
    (folder / "2018-H1.yaml").symlink_to("/dev/zero")
    (data / "a-raion" / "2022-H1.yaml").symlink_to("/dev/zero")
    summary = cli("summary", data, "--period", "2021-H1", "-o", tmp_path / "svodka")
    assert summary.returncode == 0, summary.stderr
    batch = cli("batch", data, "--period", "2021-H1", "-o", tmp_path / "out")
    assert batch.returncode == 0, batch.stderr
    assert (tmp_path / "out" / "svodka-2021-H1.xlsx").is_file()
    register = tmp_path / "r.csv"
    register.write_text("Номер обращения;Дата регистрации\n1;01.02.2021\n", encoding="utf-8")
    imported = cli("import", register, folder)
    assert imported.returncode == 1
    assert (f"{folder / 'register-map.yaml'}:0:0: файл не читается: это не обычный файл" in imported.stderr)


# --- registers too large for memory ------------------------------------------------

def workbook(sheet: str, extra: dict[str, bytes] | None = None) -> bytes:
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Номер обращения</t></is></c></row>'
FAR = workbook(HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def test_one_far_cell_is_refused_before_the_register_is_read(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(FAR)
    assert len(FAR) < 2000
    # in its own process: before the check, calamine aborted the whole process here (exit 134)
    shutil.copytree(EXAMPLE.parent, tmp_path / "kavkazsky-raion")
    imported = cli("import", path, tmp_path / "kavkazsky-raion")
    assert imported.returncode == 1
    assert imported.stderr == (
        "far.xlsx: слишком большая таблица: на листе заполнена ячейка XFD1048576: таблица до нее — "
        "17\u00a0179\u00a0869\u00a0184 ячеек, а программа читает не больше 4\u00a0000\u00a0000; удалите лишние "
        "ячейки или сохраните реестр как CSV\n")


def test_the_web_forms_import_page_refuses_it_too(data):
    from generator.web.app import create_app

    client = create_app(data).test_client()
    response = client.post("/b-raion/import", data={"register": (io.BytesIO(FAR), "far.xlsx")},
                           headers={"Origin": "http://localhost"})
    assert response.status_code == 422
    assert "far.xlsx: слишком большая таблица: на листе заполнена ячейка XFD1048576" in response.get_data(as_text=True)


def test_parts_are_counted_while_they_inflate(tmp_path, monkeypatch):
    monkeypatch.setattr(extent, "MAX_INFLATED", 1 << 20)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook(HEADER, {"xl/sharedStrings.xml": b"\0" * (2 << 20)}))  # 2 MB in 2 KB
    assert problems(lambda: table.read(path)) == ["bomb.xlsx: слишком большая таблица: распакованный файл "
                                                  "больше 1 МБ"]


def test_a_register_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(table, "MAX_REGISTER", 1 << 20)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * ((1 << 20) + 1))
    assert problems(lambda: table.read(path)) == [
        str(Problem(None, 0, 0, "big.csv: файл не читается: размер больше 1\u00a0МБ (такие большие файлы программа "
                                "не читает)"))]



def spreadsheet(rows: str) -> bytes:
    """An OpenDocument spreadsheet with `rows` (table:table-row elements) on its one sheet."""
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (f'<?xml version="1.0"?><office:document-content xmlns:office="{office}" xmlns:table="{table}" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Лист1">{rows}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:'
                         'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                         'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return buffer.getvalue()


def ods_cell(text: str, repeated: int = 1) -> str:
    return (f'<table:table-cell table:number-columns-repeated="{repeated}" office:value-type="string">'
            f"<text:p>{text}</text:p></table:table-cell>")


EMPTY_TO_THE_EDGE = '<table:table-cell table:number-columns-repeated="1022"/>'  # as LibreOffice writes a row


def test_an_opendocument_sheet_counts_its_repeated_cells(tmp_path):
    normal = tmp_path / "normal.ods"
    normal.write_bytes(spreadsheet(
        f"<table:table-row>{ods_cell('Номер обращения')}{ods_cell('Дата регистрации')}{EMPTY_TO_THE_EDGE}"
        "</table:table-row>"
        f"<table:table-row>{ods_cell('1-ОГ')}{ods_cell('15.01.2021')}{EMPTY_TO_THE_EDGE}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>"))
    assert [row[:2] for row in table.read(normal).rows] == [["1-ОГ", "15.01.2021"]]
    repeated = tmp_path / "repeated.ods"
    repeated.write_bytes(spreadsheet('<table:table-row table:number-rows-repeated="1048576">'
                                     f"{ods_cell('1', 16384)}</table:table-row>"))
    assert len(repeated.read_bytes()) < 2000
    assert problems(lambda: table.read(repeated)) == [
        "repeated.ods: слишком большая таблица: на листе заполнено больше 4\u00a0000\u00a0000 ячеек (повторенные "
        "строки и ячейки считаются); удалите лишние ячейки или сохраните реестр как CSV"]


XLS_HEADER = [biff.label(0, 0, "Номер обращения"), biff.label(0, 1, "Дата регистрации"),
              biff.label(1, 0, "1-ОГ"), biff.label(1, 1, "15.01.2021")]


def test_an_xls_register_is_read(tmp_path):
    path = tmp_path / "reestr.xls"
    path.write_bytes(biff.workbook("Реестр", XLS_HEADER))
    read = table.read(path)
    assert (read.sheet, [row[:2] for row in read.rows]) == ("Реестр", [["1-ОГ", "15.01.2021"]])


def test_an_xls_sheets_far_cell_is_refused_before_it_is_read(tmp_path):
    # 6 KB: calamine made a dense range of 65 536 × 256 cells of it (1,2 GB), whatever DIMENSIONS says
    content = biff.workbook("Реестр", [*XLS_HEADER, biff.number(65535, 255, 1.0)], dimensions=(0, 2, 0, 2))
    assert len(content) < 8000
    path = tmp_path / "far.xls"
    path.write_bytes(content)
    assert problems(lambda: table.read(path)) == [
        "far.xls: слишком большая таблица: на листе «Реестр» заполнена ячейка IV65536: таблица до нее — "
        "16\u00a0777\u00a0216 ячеек, а программа читает не больше 4\u00a0000\u00a0000; удалите лишние ячейки или "
        "сохраните реестр как CSV"]


def test_an_xls_whose_stream_claims_more_than_the_file_is_refused(tmp_path):
    content = bytearray(biff.workbook("Реестр", XLS_HEADER))
    size_field = 512 + 512 + 128 + 120  # the Workbook entry's size in the directory sector
    content[size_field:size_field + 8] = (1 << 31).to_bytes(8, "little")
    path = tmp_path / "claims.xls"
    path.write_bytes(bytes(content))
    assert problems(lambda: table.read(path)) == [
        "claims.xls: файл не читается как таблица Excel (размер потока больше самого файла)"]


def test_a_binary_workbook_under_an_xlsx_name_is_refused_before_calamine_reads_it(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # .xlsb: sheets as binary records, not measured by their cells
        archive.writestr("xl/workbook.bin", b"\0" * 16)
        archive.writestr("xl/worksheets/sheet1.bin", b"\0" * 16)
    path = tmp_path / "reestr.xlsx"
    path.write_bytes(buffer.getvalue())
    assert problems(lambda: table.read(path)) == [
        "reestr.xlsx: это двоичная книга Excel (.xlsb), такие программа не читает: сохраните реестр как .xlsx или CSV"]
