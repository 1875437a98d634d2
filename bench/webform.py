"""The web form where a clerk waits: a check (sent on every pause in typing) and the note's
text (rendered when asked for, then kept for the same input).

Run in a fresh process over a copy of the example's folder, through Flask's test client (no
network): the median of several warm checks and the size of a check's answer; the note's
first render and its repeat for the same input. Prints one JSON line for bench/run.py.
"""
from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORM = "/kavkazsky-raion/2021-H1"
CHECKS = 15


def fields(data: Any, prefix: str = "") -> dict[str, str]:
    """A file's data as the browser sends the form: {"topics.0.count": "35", …}."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in fields(value, f"{prefix}{key}.").items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in fields(value, f"{prefix}{i}.").items()}
    return {prefix[:-1]: "" if data is None else str(data)}


def timed(post, url: str, sent: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    response = post(url, data=sent)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: код {response.status_code}\n{response.get_data(as_text=True)}")
    return seconds, len(response.data)


def main() -> None:
    from generator.web.app import create_app

    work = Path(tempfile.mkdtemp(prefix="zapiska-bench-web-"))
    try:
        shutil.copytree(ROOT / "data" / "kavkazsky-raion", work / "data" / "kavkazsky-raion")
        client = create_app(work / "data").test_client()
        client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as the form's own page sends it
        text = (work / "data" / "kavkazsky-raion" / "2021-H1.yaml").read_text(encoding="utf-8")
        sent = fields(yaml.safe_load(text))
        checks = []
        for i in range(CHECKS + 2):  # the first two warm the imports and the caches up
            checks.append(timed(client.post, f"{FORM}/check", sent | {"hotline.calls": str(200 + i)}))
        note, _ = timed(client.post, f"{FORM}/preview", sent)
        again, _ = timed(client.post, f"{FORM}/preview", sent)
    finally:
        shutil.rmtree(work)
    print(json.dumps({"check": statistics.median(s for s, _ in checks[2:]), "check_bytes": checks[-1][1],
                      "note": note, "note_again": again}))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
