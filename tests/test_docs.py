"""The documentation is tested like code: generated parts are current, every command is described."""
from __future__ import annotations

import importlib.util

from conftest import ROOT, commands
from generator.cli.commands import main


def _make_docs():
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_variables_reference_is_current():
    make_docs = _make_docs()
    assert make_docs.TARGET.read_text(encoding="utf-8") == make_docs.text(), \
        "docs/variables.md устарел: .venv/bin/python scripts/make_docs.py"


def test_every_command_is_in_the_docs():
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md")))
    missing = [" ".join(words) for words, command in commands(main)
               if not hasattr(command, "commands") and f"zapiska {' '.join(words)}" not in docs]
    assert missing == []
