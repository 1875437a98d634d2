"""Example data for the region's summary: every municipality listed in scripts/krai.yaml (one
region's 44), the same half-year of five years (developers only; the result is committed in
examples/<folder>/).

The names and kinds are real. The population is approximate (rounded, of the order of the
published estimates) and every figure is invented, reproducibly: the same script writes the
same files. Run: .venv/bin/python scripts/make_krai.py
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(__file__).resolve().parent / "krai.yaml"  # the names, kinds and population
YEARS = range(2017, 2022)
KIND = "H1"

SECTIONS = [("0001", "Государство, общество, политика", 8), ("0002", "Социальная сфера", 16),
            ("0003", "Экономика", 30), ("0004", "Оборона, безопасность, законность", 6),
            ("0005", "Жилищно-коммунальная сфера", 40)]

# data/svodka.yaml of the example: who signs the summary (invented names)
SIGNING = """\
# ПРИМЕР: подпись и исполнитель сводки (имена вымышлены). Файл лежит в корне папки
# данных, рядом с папками муниципальных образований; без него сводка выйдет
# без подписи (программа предупредит).

signature:
  position:
    - Начальник отдела по работе
    - с обращениями граждан
  name: А.В. Петрова
executor:
  name: Смирнова Ольга Николаевна
  phone: 8 (861) 200-00-00
"""

_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                  ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                   "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def slug(name: str) -> str:
    latin = "".join(_LATIN.get(c, c) for c in name.lower().replace(" ", "-"))
    return latin.replace("iy-", "y-").replace("rayon", "raion")


def split(total: int, weights: list[float]) -> list[int]:
    """`total` in whole parts in proportion to `weights` (largest remainders)."""
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])[:total - sum(parts)]:
        parts[i] += 1
    return parts


def figures(rng: random.Random, population: int, rate: float) -> dict:
    total = max(5, round(population / 1000 * rate))
    supported = round(total * rng.uniform(0.25, 0.45))
    explained = round(total * rng.uniform(0.35, 0.55))
    management = round(total * rng.uniform(0.4, 0.9))
    questions = round(total * rng.uniform(1.1, 1.5))
    counts = split(questions, [weight * rng.uniform(0.7, 1.3) for _, _, weight in SECTIONS])
    return {
        "written": {"total": total, "electronic": round(total * rng.uniform(0.35, 0.7)),
                    "collective": round(total * rng.uniform(0.02, 0.08)),
                    "repeat": round(total * rng.uniform(0.01, 0.06)),
                    "from_region": round(total * rng.uniform(0.3, 0.5))},
        "outcomes": {"supported": supported, "measures_taken": round(supported * rng.uniform(0.2, 0.5)),
                     "explained": explained, "not_supported": round(total * rng.uniform(0.0, 0.05))},
        "questions_total": questions,
        "topics": [(code, name, count) for (code, name, _), count in zip(SECTIONS, counts)],
        "receptions": {"management": management, "head": round(management * rng.uniform(0.3, 0.6))},
        "hotline": round(total * rng.uniform(0.5, 1.2)),
        "violations": rng.choice([0, 0, 0, 0, 1, 2]),
        "onf": round(total * rng.uniform(0.02, 0.1)),
        "pos": round(total * rng.uniform(0.1, 0.4)),
    }


def document(name: str, kind: str, population: int, genitive: str | None, region: str, year: int,
             values: dict) -> str:
    lines = [
        "# ПРИМЕР: цифры вымышлены (созданы scripts/make_krai.py для показа сводки по региону),",
        "# численность населения примерная. Название и вид муниципального образования настоящие.",
        "",
        f"period: {year}-{KIND}",
        "",
        "municipality:",
        f"  name: {name}",
        *([f"  genitive: {genitive}"] if genitive else []),
        f"  kind: {kind}",
        f"  region: {region}",
        f"  population: {population}             # примерная",
        "",
        "written:",
        *(f"  {key}: {value}" for key, value in values["written"].items()),
        "",
        "outcomes:",
        *(f"  {key}: {value}" for key, value in values["outcomes"].items()),
        "",
        f"questions_total: {values['questions_total']}",
        "",
        "topics:",
    ]
    for code, section, count in values["topics"]:
        lines += [f'  - code: "{code}"', f"    name: {section}", f"    count: {count}"]
    lines += [
        "",
        "receptions:",
        *(f"  {key}: {value}" for key, value in values["receptions"].items()),
        "",
        "hotline:",
        f"  calls: {values['hotline']}",
        "",
        "violations:",
        f"  cases: {values['violations']}",
        "",
        f"onf: {values['onf']}",
        f"pos: {values['pos']}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    source = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    out = ROOT / "examples" / source["folder"]
    if out.exists():
        shutil.rmtree(out)
    for item in source["municipalities"]:
        name = item["name"]
        rng = random.Random(name)  # the same name, the same figures on every run
        rate = rng.uniform(1.5, 5.0) * (1.7 if item.get("leader") else 1.0)
        folder = out / slug(name)
        folder.mkdir(parents=True)
        for year in YEARS:
            rate *= rng.uniform(0.82, 1.22)
            values = figures(rng, item["population"], rate)
            text = document(name, item["kind"], item["population"], item.get("genitive"), source["region"], year,
                            values)
            (folder / f"{year}-{KIND}.yaml").write_text(text, encoding="utf-8")
    (out / "README.md").write_text(source["readme"], encoding="utf-8")
    (out / "svodka.yaml").write_text(SIGNING, encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
    sys.exit(0)
