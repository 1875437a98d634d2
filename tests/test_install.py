"""zapiska as a user gets it: the sdist and the wheel built from it, installed into a fresh virtual
environment without the test tools, every command run from a clerk's folder outside the
repository. The editable install of the other tests cannot show a file the package forgot."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

import pytest

from conftest import DATA, GOLDEN, ROOT, chart_parts, docx_text, with_figures

pytestmark = pytest.mark.slow  # builds the sdist and the wheel and installs them (half a minute)
BIN = "Scripts" if os.name == "nt" else "bin"
SAMPLES = ("kavkazsky-raion", "goryachiy-klyuch")


@pytest.fixture(scope="module")
def clerk(tmp_path_factory) -> tuple[Path, Path]:
    """(the installed zapiska program, a clerk's folder with a copy of the sample data)."""
    work = tmp_path_factory.mktemp("install")
    dist = work / "dist"
    # sdist first, then the wheel built from the sdist: what is missing from either fails here.
    subprocess.run([sys.executable, "-m", "build", "--outdir", dist, ROOT], check=True, capture_output=True)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    # This environment's pip installs into the new one (no pip bootstrap), from the pip cache,
    # at the versions the project is tested with.
    wheel = next(dist.glob("zapiska-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", venv / BIN / "python", "install", "--quiet",
                    "--constraint", ROOT / "constraints.txt", wheel], check=True, capture_output=True)
    folder = work / "clerk"
    for name in SAMPLES:
        shutil.copytree(DATA / name, folder / "data" / name)
        shutil.copytree(DATA / name, folder / "region" / name)  # for batch, apart from what init adds
    return venv / BIN / "zapiska", folder


def zapiska(clerk, *args, check=True) -> subprocess.CompletedProcess:
    program, folder = clerk
    result = subprocess.run([program, *map(str, args)], capture_output=True, text=True, cwd=folder, timeout=300)
    assert not check or result.returncode == 0, result.stderr
    return result


def test_sdist_carries_what_the_wheel_is_built_from(clerk):
    sdist = next(clerk[1].parent.glob("dist/zapiska-*.tar.gz"))
    names = {name.split("/", 1)[1] for name in tarfile.open(sdist).getnames() if "/" in name}
    assert not any(name.startswith("tests/") for name in names)
    assert {"LICENSE", "constraints.txt", "docs/clerk.md", "templates/poyasnitelnaya-zapiska.docx",
            "templates/analiticheskie-svedeniya.docx", "charts/style.mplstyle", "charts/written.yaml",
            "data/kavkazsky-raion/2020-H1.yaml", "generator/web/static/form.js",
            "generator/wording/regions.yaml"} <= names  # the region bodies the note names


def test_init_check_and_both_documents(clerk):
    _, folder = clerk
    assert zapiska(clerk, "init", "novy-raion", "2021-H1").stdout == f"{Path('data/novy-raion/2021-H1.yaml')}\n"
    assert zapiska(clerk, "check", "data/kavkazsky-raion/2021-H1.yaml").stdout == "ok\n"
    for name in SAMPLES:
        built = zapiska(clerk, "build", f"data/{name}/2021-H1.yaml").stdout
        assert built == f"{Path('out') / f'{name}-2021-H1.docx'}\n"
        assert docx_text(folder / built.strip()) == (GOLDEN / f"{name}-2021-H1.txt").read_text(encoding="utf-8")
    assert len(chart_parts(folder / "out" / "kavkazsky-raion-2021-H1.docx")) == 3  # the charts


@pytest.mark.pdf
def test_build_pdf(clerk):
    _, folder = clerk
    made = zapiska(clerk, "build", "data/kavkazsky-raion/2021-H1.yaml", "-o", "pdf/note.docx", "--pdf")
    assert made.stdout.splitlines()[-1] == str(Path("pdf/note.pdf"))
    assert (folder / "pdf" / "note.pdf").read_bytes().startswith(b"%PDF")


def test_batch_in_two_processes_and_the_summary(clerk):
    _, folder = clerk
    batch = zapiska(clerk, "batch", "region", "--period", "2021-H1", "-j", "2", "-o", "batch")
    assert "Итог: собрано 2, без изменений 0, с ошибками 0" in batch.stdout
    assert sorted(p.name for p in (folder / "batch").glob("*.docx")) == ["goryachiy-klyuch-2021-H1.docx",
                                                                        "kavkazsky-raion-2021-H1.docx",
                                                                        "svodka-2021-H1.docx"]
    zapiska(clerk, "summary", "region", "--period", "2021-H1", "-o", "svodka")
    assert sorted(p.name for p in (folder / "svodka").iterdir()) == ["svodka-2021-H1.docx", "svodka-2021-H1.xlsx"]


def test_template_commands_use_the_bundled_samples_not_the_clerks_data(clerk):
    _, folder = clerk
    # The clerk's own file says 1000: the examples must still come from the package.
    with_figures(folder / "data" / "kavkazsky-raion" / "2021-H1.yaml", {"written.total": 1000})
    described = zapiska(clerk, "template", "vars").stdout
    assert "written.total — Письменных обращений поступило всего (пример: 295)" in described
    assert zapiska(clerk, "template", "new", "moy").stdout == "moy.docx\n"
    assert zapiska(clerk, "template", "check", "moy.docx").stdout == "ok\n"
    schema = json.loads(zapiska(clerk, "schema").stdout)
    assert schema["properties"]["period"]["title"] == "Отчетный период"


def test_serve_and_python_dash_m(clerk):
    program, folder = clerk
    server = subprocess.Popen([program, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", server.stdout.readline())
        assert url, server.stderr.read() if server.poll() is not None else "no address printed"
        page = urllib.request.urlopen(url.group(0), timeout=30).read().decode("utf-8")
        assert "Кавказский район" in page
        css = urllib.request.urlopen(url.group(0) + "static/style.css", timeout=30)
        assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
    python = program.with_name("python.exe" if os.name == "nt" else "python")
    shown = subprocess.run([python, "-m", "generator", "--version"], capture_output=True, text=True, cwd=folder)
    assert shown.stdout == "zapiska 0.1.0\n"
