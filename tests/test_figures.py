"""The standard figures of appeals reporting (municipality kind and region, channels, ССТУ
outcomes, deadlines, receptions, settlements): the data contract and how a document prints them."""
from __future__ import annotations

from generator.model import KINDS


def test_kind_outside_the_list_is_named_with_the_choices(run, example):
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("  name: Кавказский район", "  name: Кавказский район\n  kind: районн"),
                       encoding="utf-8")
    result = run("check", example)
    assert result.exit_code == 1
    assert result.stderr == (f"{example}:10:9: вид муниципального образования «районн» не из списка: "
                             f"{', '.join(KINDS)}\n")


def test_every_kind_is_accepted(run, example):
    text = example.read_text(encoding="utf-8")
    for kind in KINDS:
        example.write_text(text.replace("  name: Кавказский район", f"  name: Кавказский район\n  kind: {kind}"),
                           encoding="utf-8")
        assert run("check", example).stdout == "ok\n"
