"""The doors under stress: two `zapiska serve` over one folder lose no save, idle connections
lock nobody out, an upload's odd name or a full disk is a message, not a 500 or a traceback.
Servers run on loopback only, each request with a deadline."""
from __future__ import annotations

import csv
import errno
import io
import json
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import yaml

from conftest import form_fields, two_municipalities
from generator.web.files import upload_name

FILE = "kavkazsky-raion/2021-H1"
DEADLINE = 60  # seconds for one request: far above a healthy one


@contextmanager
def serving(data_dir: Path):
    """`zapiska serve` on a free loopback port: its base URL."""
    command = [str(Path(sys.executable).parent / "zapiska"), "serve", "--data", str(data_dir), "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        match = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())
        assert match, server.stderr.read() if server.poll() is not None else "no address"
        yield match.group(0)
    finally:
        server.terminate()
        server.wait(timeout=10)


def request(url: str, data: dict | None = None) -> tuple[int, str]:
    base = re.match(r"http://[^/]+", url).group(0)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    sent = urllib.request.Request(url, body, {"Origin": base, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(sent, timeout=DEADLINE) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_twenty_clerks_through_two_servers_one_save_wins(data_dir):
    path = data_dir / f"{FILE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    with ExitStack() as stack:
        servers = [stack.enter_context(serving(data_dir)) for _ in range(2)]
        status, page = request(f"{servers[0]}/{FILE}")
        loaded = page.split('name="_digest" value="', 1)[1].split('"', 1)[0]

        def save(i: int) -> tuple[int, str]:
            data["written"]["total"] = 1000 + i
            fields = form_fields(data) | {"written.total": str(1000 + i), "_digest": loaded}
            return request(f"{servers[i % 2]}/{FILE}/save", fields)

        with ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(save, range(20)))
    codes = [code for code, _ in answers]
    assert codes.count(200) == 1 and codes.count(409) == 19, answers
    winner = 1000 + codes.index(200)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["written"]["total"] == winner
    assert all("изменился после того, как вы открыли форму" in json.loads(text)["error"]
               for code, text in answers if code == 409)


def test_idle_connections_lock_nobody_out(data_dir):
    with serving(data_dir) as base, ExitStack() as stack:
        address = base.removeprefix("http://").split(":")
        for _ in range(110):  # headers begun and never finished
            idle = stack.enter_context(socket.create_connection((address[0], int(address[1])), timeout=DEADLINE))
            idle.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        status, page = request(f"{base}/")
    assert status == 200 and "kavkazsky-raion" in page


@pytest.mark.parametrize("sent, kept", [
    ("../../реестр.csv", "реестр.csv"), ("..", "реестр"), ("a\0b.csv", "ab.csv"), ("C:\\Users\\x\\r.xlsx", "r.xlsx"),
    ("я" * 300 + ".xlsx", "я" * 100 + ".xlsx"), (".", "реестр"), ("", "реестр")])
def test_an_uploads_name_is_made_safe(sent, kept):
    assert upload_name(sent) == kept


@pytest.mark.parametrize("name", ["..", "a\0b.csv", "я" * 300 + ".csv", "../../../etc/passwd"])
def test_an_upload_with_an_odd_name_is_counted_or_explained_not_a_500(client, name):
    register = "Номер обращения;Дата регистрации\n".encode("cp1251")
    response = client.post("/kavkazsky-raion/import", data={"register": (io.BytesIO(register), name)})
    assert response.status_code == 422
    assert "Внутренняя ошибка" not in response.get_data(as_text=True)


def test_a_full_disk_while_the_summarys_workbook_is_written(run, tmp_path, monkeypatch):
    from xlsxwriter.workbook import Workbook

    store = Workbook._store_workbook

    def full(self):
        if isinstance(self.filename, io.BytesIO):  # a chart's embedded workbook, made in memory
            return store(self)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "_store_workbook", full)
    out = tmp_path / "svodka"
    result = run("summary", Path(__file__).parent / "fixtures" / "summary", "--period", "2021-H1", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{out / 'svodka-2021-H1.xlsx'}:0:0: не удалось записать файл: на диске нет места\n")
    assert not (out / "svodka-2021-H1.xlsx").exists()
    assert [p.name for p in out.iterdir() if p.suffix == ".tmp"] == []


def test_import_into_a_folder_whose_file_is_nested_deep(run, tmp_path):
    folder = tmp_path / "data" / "novy-raion"
    folder.mkdir(parents=True)
    (folder / "2021-H1.yaml").write_text("a:" + " [" * 5000 + " ]" * 5000 + "\n", encoding="utf-8")
    register = tmp_path / "r.csv"
    register.write_text("Номер обращения;Дата регистрации;Форма обращения\n1;15.01.2021;письменное\n", encoding="utf-8")
    result = run("import", register, folder, "--period", "2021-H1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{folder / '2021-H1.yaml'}:1:66: не YAML: слишком глубокая вложенность" in result.stderr


# --- litter and names ---------------------------------------------------------------

@pytest.fixture
def two(tmp_path: Path) -> Path:
    return two_municipalities(tmp_path)


def test_a_killed_runs_temporary_files_are_removed_by_the_next(run, two, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    litter = [".a-raion-2021-H1.docx.k3j_9x2a.tmp", ".svodka-2021-H1.xlsx.0abcdefg.tmp",
              ".zapiska-manifest.json.x1y2z3w4.tmp"]
    kept = [".notes.tmp", "a-raion-2021-H1.docx.k3j_9x2a.tmp", ".mine.docx.tmp"]
    for name in litter + kept:
        (out / name).write_bytes(b"PK half")
    assert run("batch", two, "--period", "2021-H1", "-o", out).exit_code == 0
    left = sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))
    assert left == sorted(kept)


def test_an_output_folder_inside_the_data_folder_is_not_a_municipality(run, two):
    out = two / "out"
    out.mkdir()
    (out / ".zapiska.lock").write_bytes(b"")  # a first run killed before it marked the folder
    result = run("batch", two, "--period", "2021-H1", "-o", out)
    assert result.exit_code == 0
    assert "собрано 2, без изменений 0, с ошибками 0" in result.stdout and "в папках: out" not in result.output
    with open(out / "svodka-2021-H1.csv", encoding="utf-8-sig") as table:
        assert "out" not in [row[0] for row in csv.reader(table, delimiter=";")]


def test_a_document_named_like_an_option_reaches_libreoffice_as_a_file(tmp_path, monkeypatch):
    from generator.render.pdf import to_pdf

    soffice = tmp_path / "soffice"
    soffice.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args"\n'
                       'while [ "$1" != "--outdir" ]; do shift; done\nmkdir -p "$2"\nprintf "%%PDF" > "$2/-x.pdf"\n',
                       encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setenv("ZAPISKA_SOFFICE", str(soffice))
    monkeypatch.chdir(tmp_path)
    Path("-x.docx").write_bytes(b"PK")
    assert to_pdf(Path("-x.docx")) == Path("-x.pdf") and Path("-x.pdf").read_bytes() == b"%PDF"
    assert (tmp_path / "args").read_text(encoding="utf-8").splitlines()[-1] == str(tmp_path / "-x.docx")


@pytest.mark.parametrize("site, status", [("cross-site", 403), ("same-site", 403), ("same-origin", 200), ("none", 200),
                                          (None, 200)])
def test_a_download_link_on_another_site_starts_no_build(client, site, status):
    headers = {} if site is None else {"Sec-Fetch-Site": site}
    response = client.get(f"/{FILE}/docx", headers=headers)
    assert response.status_code == status
    if status == 403:
        assert "Запрос пришел не со страницы формы" in response.get_data(as_text=True)


# --- links the form does not follow -----------------------------------------------

SAMPLE = Path(__file__).parent.parent / "data" / "kavkazsky-raion" / "reestr-2020-2021.xlsx"
LINK = "это ссылка (symlink), а не файл: ссылки здесь не открываются"


def upload(client) -> tuple[int, str]:
    response = client.post("/kavkazsky-raion/import", data={"register": (io.BytesIO(SAMPLE.read_bytes()), "r.xlsx"),
                                                             "period": "2021-H1"}, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_the_import_page_follows_no_link_to_the_map_or_the_periods_file(client, data_dir, tmp_path):
    folder = data_dir / "kavkazsky-raion"
    secret = tmp_path / "secret.yaml"
    secret.write_text("columns:\n  Тайный столбец: number\n", encoding="utf-8")
    (folder / "register-map.yaml").symlink_to(secret)
    status, page = upload(client)
    assert status == 422 and f"register-map.yaml:0:0: файл не читается: {LINK}" in page
    assert "Тайный" not in page
    (folder / "register-map.yaml").unlink()
    period = folder / "2021-H1.yaml"
    secret.write_bytes(period.read_bytes().replace("Кавказский".encode(), "Секретный".encode()))
    period.unlink()
    period.symlink_to(secret)
    status, page = upload(client)
    assert status == 422 and f"2021-H1.yaml:0:0: файл не читается: {LINK}" in page and "Секретный" not in page
    assert period.is_symlink() and "Секретный" in secret.read_text(encoding="utf-8")


def test_earlier_years_are_not_read_through_a_link(data_dir, tmp_path):
    from generator.core.period import Period
    from generator.store.load import load

    folder = data_dir / "kavkazsky-raion"
    copy = folder / "2019-H1.yaml"
    copy.write_bytes((folder / "2020-H1.yaml").read_bytes().replace(b"2020-H1", b"2019-H1"))
    assert Period.parse("2019-H1") in load(folder / "2021-H1.yaml").earlier  # a real file is read
    outside = tmp_path / "2019-H1.yaml"
    copy.rename(outside)
    copy.symlink_to(outside)
    assert load(folder / "2021-H1.yaml").earlier == {}
