"""The cost of one note in a warm process, the way a batch worker spends it after its first note.

zapiska: load a municipality's file and build its note (what `zapiska batch` does for each
note, the load in the main process, the build in a worker); the floor: bench/floor.py's work
for one note. Each in a fresh process, over NOTES + 1 notes; the first only warms the process up.
Usage: python warm.py zapiska DATA_DIR OUT_DIR, or python warm.py floor TEMPLATE.docx OUT_DIR:
prints the medians of one note's wall and CPU time in seconds as a JSON line; compare() runs
both for bench/run.py.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

NOTES = 15
ROUNDS = 3


def compare(data: Path, template: Path, out: Path) -> dict[str, dict[str, float]]:
    """zapiska's and the floor's note in fresh processes, alternated ROUNDS times (a busy moment
    of the machine hits both alike); per side, the median of each measure over the rounds."""
    out.mkdir(exist_ok=True)
    runs: dict[str, list[dict[str, float]]] = {"zapiska": [], "floor": []}
    for _ in range(ROUNDS):
        for kind, source in (("zapiska", data), ("floor", template)):
            done = subprocess.run([sys.executable, __file__, kind, str(source), str(out)],
                                  capture_output=True, text=True, check=True)
            runs[kind].append(json.loads(done.stdout))
    return {kind: {measure: statistics.median(run[measure] for run in side) for measure in ("wall", "cpu")}
            for kind, side in runs.items()}


def timed(work: Callable[[Any], object], items: Iterable[Any]) -> dict[str, float]:
    walls, cpus = [], []
    for item in items:
        wall, cpu = time.perf_counter(), time.process_time()
        work(item)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall": statistics.median(walls[1:]), "cpu": statistics.median(cpus[1:])}


def zapiska_notes(data: Path, out: Path) -> dict[str, float]:
    from generator.note.build import build
    from generator.store.load import load

    sources = sorted(data.glob("*/2021-H1.yaml"))[:NOTES + 1]
    if len(sources) <= NOTES:
        raise SystemExit(f"{data}: нужно {NOTES + 1} папок с 2021-H1.yaml")
    return timed(lambda source: build(load(source), out / f"{source.parent.name}.docx"), sources)


def floor_notes(template: str, out: Path) -> dict[str, float]:
    import floor

    return timed(lambda i: floor.main(template, str(out / f"floor-{i}.docx")), range(NOTES + 1))


if __name__ == "__main__":
    kind, source, out = sys.argv[1:4]
    result = zapiska_notes(Path(source), Path(out)) if kind == "zapiska" else floor_notes(source, Path(out))
    print(json.dumps(result))
