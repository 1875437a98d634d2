"""`zapiska import` of a 100 000-row register, as .xlsx and as .csv (Windows-1251, semicolons).

The registers are made here, at bench time, by scripts/make_register.py with every count of
the sample multiplied (nothing this big is committed); each is imported into a copy of the
example's folder in a fresh process: wall time (median) and peak memory.
"""
from __future__ import annotations

import importlib.util
import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 100_000
REPEATS = 3
TARGETS = {".xlsx": 5.0, ".csv": 2.0}  # seconds, from the issue


def _script():
    spec = importlib.util.spec_from_file_location("make_register", ROOT / "scripts" / "make_register.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def registers(work: Path) -> tuple[int, list[Path]]:
    """The row count and the two files of a register of about ROWS rows."""
    script = _script()
    scale = round(ROWS / len(script.rows()))
    body = script.rows(scale)
    xlsx, csv = work / "reestr.xlsx", work / "reestr.csv"
    script.write_xlsx(xlsx, body)
    script.write_csv(csv, body)
    return len(body), [xlsx, csv]


def measure_imports(work: Path, zapiska: str, measure: Callable[..., tuple[float, float, int]]) -> list[tuple]:
    """(name, seconds, peak MB, target seconds) for each kind of file."""
    count, files = registers(work)
    results = []
    for register in files:
        runs = []
        for i in range(REPEATS):
            folder = work / f"data-{register.suffix[1:]}-{i}" / "kavkazsky-raion"
            shutil.copytree(ROOT / "data" / "kavkazsky-raion", folder, ignore=shutil.ignore_patterns("*.xlsx"))
            runs.append(measure(zapiska, "import", str(register), str(folder)))
        seconds = statistics.median(run[0] for run in runs)
        memory = max(run[2] for run in runs)
        results.append((f"import {count} строк, {register.suffix}", seconds, memory, TARGETS[register.suffix]))
    return results
