"""zapiska batch when a worker dies, an output is damaged, or a name is a spreadsheet formula."""
from __future__ import annotations

import csv
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLE, two_municipalities, with_figures
from generator import batch as batch_module


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return two_municipalities(tmp_path)


@pytest.mark.slow
def test_a_dead_worker_is_blamed_alone_and_the_rest_are_built(run, data, tmp_path, monkeypatch):
    for name in ("c-raion", "d-raion"):  # more work than workers: one dies, the others go on
        shutil.copytree(EXAMPLE.parent, data / name)
    # fork, so that the workers inherit the build that kills its own process for b-raion
    fork = multiprocessing.get_context("fork")
    monkeypatch.setattr(batch_module.multiprocessing, "get_context", lambda method: fork)
    real = batch_module.build

    def dying(loaded, *args, **kwargs):
        if loaded.municipality == "b-raion":
            os._exit(9)  # as the OOM killer ends a process: no exception, no cleanup
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(batch_module, "build", dying)
    out = tmp_path / "out"
    result = run("batch", data, "--period", "2021-H1", "-o", out, "-j", "2")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*-raion-*.docx")) == [f"{m}-raion-2021-H1.docx" for m in "acd"]
    assert result.stderr.count("аварийно завершился") == 1
    assert f"{data / 'b-raion' / '2021-H1.yaml'}:0:0: процесс сборки аварийно завершился на этом файле" in result.stderr
    assert "собрано 3, без изменений 0, с ошибками 1" in result.stdout


def test_a_damaged_output_is_built_again(run, data, tmp_path):
    out = tmp_path / "out"
    assert run("batch", data, "--period", "2021-H1", "-o", out).exit_code == 0
    damaged = out / "a-raion-2021-H1.docx"
    damaged.write_bytes(b"PK not a document any more")
    result = run("batch", data, "--period", "2021-H1", "-o", out)
    assert "a-raion — собран" in result.stdout and "b-raion — без изменений" in result.stdout
    assert damaged.read_bytes().startswith(b"PK\x03\x04")
    damaged.unlink()
    assert "a-raion — собран" in run("batch", data, "--period", "2021-H1", "-o", out).stdout


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example";"Кавказский")', "@SUM(1)", "+7 район", "-район",
                                  "-1 район"])
def test_a_formula_like_name_is_text_in_the_table(run, data, tmp_path, name):
    with_figures(data / "a-raion" / "2021-H1.yaml", {"municipality.name": name})
    out = tmp_path / "out"
    run("batch", data, "--period", "2021-H1", "-o", out)
    with open(out / "svodka-2021-H1.csv", encoding="utf-8-sig", newline="") as table:
        rows = {row[0]: row for row in csv.reader(table, delimiter=";")}
    assert rows["a-raion"][1] == "'" + name
    assert rows["b-raion"][1] == "Кавказский район"
    assert any(cell.startswith("-") and cell[1].isdigit() for cell in rows["b-raion"])  # negative changes stay numbers


# Run in its own process: the batch, with each document's temporary file stalled once written
# (the second one stalls until it is killed), so a SIGKILL lands between a write and its rename.
STALLING_BATCH = """
import sys, time
from pathlib import Path
import generator.store.files as files

real, written = files.write_atomically, []

def stalling(out, save, overwrite=True):
    def stalled(temporary):
        save(temporary)
        if out.suffix == ".docx":
            written.append(out)
            if len(written) == 2:
                Path(sys.argv[1]).write_text(temporary, encoding="utf-8")
                time.sleep(600)
    real(out, stalled, overwrite)

files.write_atomically = stalling  # before the modules that import it by name
from generator.cli.commands import main
main(sys.argv[2:])
"""


def test_a_batch_killed_while_it_writes_leaves_nothing_half_written_after_the_next_run(data, tmp_path):
    shutil.copytree(EXAMPLE.parent, data / "c-raion")
    out, stalled = tmp_path / "out", tmp_path / "stalled"
    args = ["batch", str(data), "--period", "2021-H1", "-o", str(out)]
    process = subprocess.Popen([sys.executable, "-c", STALLING_BATCH, str(stalled), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120  # far above a healthy run's two notes: a hang fails, not stalls
        while not stalled.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stalled.exists(), process.stderr.read().decode() if process.poll() is not None else "no stall"
        os.kill(process.pid, signal.SIGKILL)  # as systemd's stop or the OOM killer ends it
    finally:
        process.kill()
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    litter = Path(stalled.read_text(encoding="utf-8"))
    assert litter.parent == out and litter.is_file()
    assert litter.name.startswith(".") and litter.name.endswith(".tmp")

    again = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    documents = sorted(out.glob("*.docx"))
    assert [p.name for p in documents] == [f"{m}-raion-2021-H1.docx" for m in "abc"] + ["svodka-2021-H1.docx"]
    for document in documents:
        assert Document(document).paragraphs  # whole: opens and has its text
