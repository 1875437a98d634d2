"""zapiska batch when a worker dies, an output is damaged, or a name is a spreadsheet formula."""
from __future__ import annotations

import csv
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, with_figures
from generator import batch as batch_module


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for name in ("a-raion", "b-raion"):
        shutil.copytree(EXAMPLE.parent, data / name)
    return data


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
