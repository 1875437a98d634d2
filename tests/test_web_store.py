"""The data folder as the web form reads and writes it (generator/web/store.py): what a save
writes, and that a check always sees the file as it is on disk now."""
import yaml

from generator.web.store import Store, dump

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
