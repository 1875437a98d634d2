"""One rule for what a data folder holds (store/folder.py): every door sees the same municipalities.
A clerk names a folder in Cyrillic («Новый-район»); a batch's output folder inside data/ is not a
municipality; a link to a folder elsewhere is not one either."""
import shutil
from urllib.parse import quote

from conftest import EXAMPLE
from generator.store.folder import DataFolder


def _data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE.parent, data / "Новый-район")
    shutil.copytree(EXAMPLE.parent, tmp_path / "elsewhere")
    (data / "ssylka").symlink_to(tmp_path / "elsewhere")
    return data


def test_every_door_sees_a_cyrillic_folder_and_no_output_folder(run, tmp_path):
    data = _data(tmp_path)
    out = data / "out"
    assert run("batch", data, "--period", "2021-H1", "-o", out).exit_code == 0
    again = run("batch", data, "--period", "2021-H1", "-o", out)  # out/ holds documents now
    assert again.exit_code == 0
    assert "нет файла" not in again.stderr  # neither out/ nor the link is a municipality without a file
    assert (out / "Новый-район-2021-H1.docx").is_file()
    assert DataFolder(data).municipalities() == ["Новый-район"]

    summary = run("summary", data, "--period", "2021-H1", "-o", tmp_path / "svodka")
    assert summary.exit_code == 0, summary.output
    # nobody is named as missing (not out/, not the link); only the summary's own signature is
    assert summary.stderr == (
        "предупреждение: сводка выйдет неподписанной: должность и фамилию подписывающего (signature:) и "
        f"исполнителя (executor:) указывают в файле {data / 'svodka.yaml'} — docs/schedule.md\n")

    init = run("init", "Другой-район", "2021-H1", "--data", data)
    assert init.exit_code == 0
    assert DataFolder(data).municipalities() == ["Другой-район", "Новый-район"]

    from generator.web.app import create_app

    client = create_app(data).test_client()
    page = client.get("/").get_data(as_text=True)
    assert "Кавказский район" in page and "ssylka" not in page and ">out<" not in page
    assert client.get(f"/{quote('Новый-район')}/2021-H1").status_code == 200
    assert client.get("/ssylka/2021-H1").status_code == 404
    assert client.get("/out/2021-H1").status_code == 404


def test_import_takes_a_cyrillic_folder_and_refuses_a_link(run, tmp_path):
    data = _data(tmp_path)
    register = EXAMPLE.parent / "reestr-2020-2021.xlsx"
    dry = run("import", register, data / "Новый-район", "--dry-run")
    assert dry.exit_code == 0, dry.output
    refused = run("import", register, data / "ssylka", "--dry-run")
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"нет папки муниципального образования «{data / 'ssylka'}»")
