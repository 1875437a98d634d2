"""The data folder as the web form reads and writes it (generator/web/store.py): what a save
writes, and that a check always sees the file as it is on disk now."""
import yaml

from conftest import FORM, comments, digest_of, form_fields
from generator.store.roundtrip import dump
from generator.web.files import Store

LONG = "Администрацией проводится разъяснительная работа с населением через средства массовой информации района."


def test_a_block_text_keeps_the_spaces_at_its_line_ends(tmp_path):
    path = tmp_path / "2021-H1.yaml"
    path.write_text(f"remark: {LONG}\nnote: |\n  два пробела в конце  \n  и строка\n", encoding="utf-8")
    text = dump(Store(tmp_path).read(path).doc)
    assert yaml.safe_load(text) == {"remark": LONG, "note": "два пробела в конце  \nи строка\n"}
    assert "  два пробела в конце  \n" in text


def test_without_a_block_text_no_line_ends_in_a_space(tmp_path):
    path = tmp_path / "2021-H1.yaml"
    path.write_text(f"remark: >-\n  {LONG}\nlong: {LONG} {LONG}\n", encoding="utf-8")
    text = dump(Store(tmp_path).read(path).doc)
    assert len(text.splitlines()) > 3  # ruamel wrapped the long text
    assert yaml.safe_load(text) == {"remark": LONG, "long": f"{LONG} {LONG}"}
    assert all(line == line.rstrip() for line in text.splitlines())


def example_file(data_dir):
    path = data_dir / "kavkazsky-raion" / "2021-H1.yaml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_check_sees_an_edit_made_outside_the_form(client, data_dir):
    path, data = example_file(data_dir)
    original = path.read_text(encoding="utf-8")

    def messages():
        return [p["message"] for p in client.post(f"{FORM}/check", data=form_fields(data)).get_json()["problems"]]

    assert messages() == []
    path.write_text(original + "lishnee: 1\n", encoding="utf-8")  # the clerk's editor, between two checks
    assert [m for m in messages() if "lishnee" in m][0].startswith("неизвестный ключ «lishnee»")
    path.write_text(original, encoding="utf-8")
    assert messages() == []


def test_a_check_leaves_the_file_as_it_was_read_for_the_next_request(client, data_dir):
    path, data = example_file(data_dir)
    before = path.read_text(encoding="utf-8")
    client.post(f"{FORM}/check", data={})  # every field blank: the file as it would be saved loses them all
    sent = form_fields(data) | {"written.total": "296", "_digest": digest_of(client)}
    assert client.post(f"{FORM}/save", data=sent).status_code == 200
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert yaml.safe_load(after) == data | {"written": data["written"] | {"total": 296}}
