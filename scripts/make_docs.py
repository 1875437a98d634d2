"""Write docs/variables.md: every template variable and filter, generated from the code.

Run after changing the model, the filters or the charts: .venv/bin/python scripts/make_docs.py
(tests/test_docs.py fails while the file is stale).
"""
from __future__ import annotations

from pathlib import Path

from generator.authoring.catalogue import describe

TARGET = Path(__file__).resolve().parent.parent / "docs" / "variables.md"

HEADER = """# Переменные и фильтры шаблонов

Этот список создан программой (`zapiska template vars`) и совпадает с тем, что
шаблон видит при сборке. Как ими пользоваться — `docs/templates.md`.

"""


def text() -> str:
    return f"{HEADER}```text\n{describe().rstrip()}\n```\n"


if __name__ == "__main__":
    TARGET.write_text(text(), encoding="utf-8")
    print(TARGET)
