"""What an office PC needs: Windows-safe imports and output, files Word holds open, file systems
without hard links, messages that name the right file, the form's start page."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLE, ROOT
from generator.note import charts
from generator.store import files
from generator.web.app import create_app

ZAPISKA = [sys.executable, "-m", "generator"]


def test_no_unix_only_module_is_imported(tmp_path):
    # Windows has none of these: importing every module must not need them.
    code = ("import sys, pkgutil, importlib\n"
            "for name in ('fcntl', 'termios', 'pwd', 'grp', 'resource'): sys.modules[name] = None\n"
            "import generator\n"
            "for module in pkgutil.walk_packages(generator.__path__, 'generator.'):\n"
            "    if module.name != 'generator.__main__': importlib.import_module(module.name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("encoding", ["cp1251", "cp866"])
def test_output_never_crashes_on_a_windows_code_page(tmp_path, encoding):
    # A redirected console or a scheduler's log on Russian Windows: «→» is not in cp1251, «»—… not in cp866.
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    shown = subprocess.run([*ZAPISKA, "--help"], capture_output=True, env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr.decode(encoding)
    assert "zapiska init -> заполнить файл -> zapiska check" in shown.stdout.decode(encoding)
    failed = subprocess.run([*ZAPISKA, "build", EXAMPLE, "-t", "нет-такого.docx"], capture_output=True, env=env,
                            cwd=tmp_path)
    assert failed.returncode == 2
    quote = ("«", "»") if encoding == "cp1251" else ('"', '"')
    assert failed.stderr.decode(encoding).splitlines()[-1] == \
        f"Ошибка: недопустимое значение -t: {quote[0]}нет-такого.docx{quote[1]} не существует"


def test_missing_template_is_reported_against_t(run, tmp_path):
    result = run("build", EXAMPLE, "-t", tmp_path / "мой-шаблон.docx", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == \
        f"Ошибка: недопустимое значение -t: «{tmp_path / 'мой-шаблон.docx'}» не существует"
    assert not (tmp_path / "x.docx").exists()


def test_missing_default_template_names_the_files_looked_for(run, example, tmp_path, monkeypatch):
    from generator.render import templates

    monkeypatch.setattr(templates, "TEMPLATES_DIR", tmp_path / "templates")
    result = run("build", example, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert result.stderr == (f"{example}:0:0: шаблон не найден; искали: {example.parent / 'template.docx'}, "
                             f"{tmp_path / 'templates' / 'poyasnitelnaya-zapiska.docx'}\n")


def test_missing_chart_spec_names_its_file(run, tmp_path, monkeypatch):
    folder = tmp_path / "charts"
    shutil.copytree(charts.CHARTS_DIR, folder)
    (folder / "written.yaml").unlink()
    monkeypatch.setattr(charts, "CHARTS_DIR", folder)
    result = run("build", EXAMPLE, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert result.stderr == (f"{folder / 'written.yaml'}:0:0: нет описания диаграммы «written», "
                             "которую использует шаблон\n")
    assert not (tmp_path / "x.docx").exists()
    checked = run("template", "check", ROOT / "templates" / "poyasnitelnaya-zapiska.docx")
    assert checked.exit_code == 1
    assert f": нет файла {folder / 'written.yaml'} для диаграммы «charts.written» (список: zapiska template vars)" \
        in checked.stderr.splitlines()[0]


def test_a_document_open_in_word_says_to_close_it(run, tmp_path, monkeypatch):
    out = tmp_path / "kavkazsky-raion-2021-H1.docx"
    out.write_bytes(b"old")
    (tmp_path / "~$vkazsky-raion-2021-H1.docx").write_bytes(b"owner")  # what Word leaves beside an open file

    def refused(source, target):  # what Windows answers when replacing a file Word holds open
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(files.os, "replace", refused)
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (f"{out}:0:0: не удалось записать файл: документ открыт в Word: "
                             "закройте документ в Word и повторите\n")
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kavkazsky-raion-2021-H1.docx",
                                                          "~$vkazsky-raion-2021-H1.docx"]


def test_init_and_template_new_never_overwrite_without_hard_links(run, tmp_path, monkeypatch):
    def no_links(source, target):  # FAT, some network shares
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    made = run("init", "novy-raion", "2021-H1", "--data", tmp_path)
    path = tmp_path / "novy-raion" / "2021-H1.yaml"
    assert made.exit_code == 0 and "period: 2021-H1" in path.read_text(encoding="utf-8")
    path.write_text("# заполнено\n", encoding="utf-8")
    again = run("init", "novy-raion", "2021-H1", "--data", tmp_path)
    assert again.exit_code == 1 and "такой файл уже есть" in again.stderr
    assert path.read_text(encoding="utf-8") == "# заполнено\n"
    template = tmp_path / "moy.docx"
    assert run("template", "new", template).exit_code == 0
    template.write_bytes(b"edited")
    assert run("template", "new", template).exit_code == 1
    assert template.read_bytes() == b"edited"
    assert [p.name for p in tmp_path.rglob(".*")] == []  # no temporary left behind


def test_python_dash_m_runs_the_command(tmp_path):
    result = subprocess.run([*ZAPISKA, "check", EXAMPLE], capture_output=True, text=True, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")


def test_start_page_lists_municipalities_by_their_names(data_dir):
    (data_dir / "novy-raion").mkdir()  # no file yet: shown by its folder
    page = create_app(data_dir).test_client().get("/").get_data(as_text=True)
    assert '<option value="kavkazsky-raion">Кавказский район</option>' in page
    assert '<option value="goryachiy-klyuch">город Горячий Ключ</option>' in page
    assert '<option value="novy-raion">novy-raion</option>' in page
    assert "<h2>Кавказский район</h2>" in page
    assert page.index("город Горячий Ключ") < page.index("Кавказский район")  # by name, not by folder


def test_the_readme_init_example_works_on_a_fresh_clone(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line.split("#")[0].split() for line in readme.splitlines() if line.strip().startswith("zapiska init"))
    shutil.copytree(ROOT / "data", tmp_path / "data")
    result = subprocess.run([*ZAPISKA, *line[1:]], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / result.stdout.strip()).is_file()


def test_a_hung_libreoffice_on_windows_is_ended_with_its_children(monkeypatch):
    # Windows has no process groups to kill: taskkill /T ends soffice.exe and the soffice.bin it started.
    from types import SimpleNamespace

    from generator.render import pdf

    ran = []
    monkeypatch.setattr(pdf.os, "name", "nt")
    monkeypatch.setattr(pdf.subprocess, "run", lambda args, **options: ran.append(args))
    pdf._kill_tree(SimpleNamespace(pid=4242))
    assert ran == [["taskkill", "/F", "/T", "/PID", "4242"]]


def test_every_file_is_read_and_written_as_utf8_not_in_the_windows_code_page(tmp_path):
    # On Russian Windows a file opened without encoding= is read as cp1251: the YAML's Cyrillic
    # would come out garbled. Python warns of such an open(); in our code it is an error here.
    code = ("import sys, warnings\n"
            "warnings.filterwarnings('error', category=EncodingWarning, module=r'generator\\b')\n"
            "from generator.cli import main\n"
            "for args in sys.argv[1:]:\n"
            "    try:\n"
            "        main(args.split('|'))\n"
            "    except SystemExit as exc:\n"
            "        assert exc.code == 0, (args, exc.code)\n")
    shutil.copytree(EXAMPLE.parent, tmp_path / "data" / "kavkazsky-raion")
    commands = ["init|novy-raion|2021-H1|--data|blank", "check|data/kavkazsky-raion/2021-H1.yaml",
                "build|data/kavkazsky-raion/2021-H1.yaml", "template|vars",
                "batch|data|--period|2021-H1|-o|batch"]
    result = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", code, *commands],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
