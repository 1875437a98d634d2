"""`make bench`: how fast zapiska is on this machine, against the targets of the batch issue.

Every figure is measured here, in one run, in fresh processes: cold `zapiska build`
of the example against a floor (bench/floor.py), `--help` and `check`, one note in a warm
process as a batch worker makes it against the floor's work in a warm process (bench/warm.py),
a batch of 100 municipalities generated from the example with -j 1 (and of one, for the cost
of a note after the first) and -j 2, its unchanged re-run, the same with PDF against one cold
LibreOffice conversion,
and the peak memory of a worker; the web form's check and note (bench/webform.py);
`zapiska import` of a 100 000-row register as .xlsx and .csv (bench/register.py).
Timings are the median of several runs where a run is short. Prints a table; the exit
code does not depend on the targets.
"""
from __future__ import annotations

import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import floor
import register
import warm
import webform

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ZAPISKA = str(BIN / "zapiska")
EXAMPLE = ROOT / "data" / "kavkazsky-raion"
MUNICIPALITIES = 100
COUNTRY = 2300  # every municipal district and city okrug of Russia: the region's summary at its largest
KRAI = ROOT / "examples" / "krai"
REPEATS = 7


def measure(*args: str) -> tuple[float, float, int]:
    """Wall time and CPU time in seconds, and the peak resident memory in MB of the largest
    process of the command's tree (wait4 counts the process and the children it waited for)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode()
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: код {process.returncode}\n{errors}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def median(*args: str) -> float:
    return statistics.median(measure(*args)[0] for _ in range(REPEATS))


def generate(data: Path) -> None:
    """MUNICIPALITIES folders like the example, each with its own name and figures."""
    current = (EXAMPLE / "2021-H1.yaml").read_text(encoding="utf-8")
    previous = (EXAMPLE / "2020-H1.yaml").read_text(encoding="utf-8")
    for i in range(1, MUNICIPALITIES + 1):
        folder = data / f"raion-{i:03}"
        folder.mkdir(parents=True)
        text = current.replace("name: Кавказский район", f"name: Район № {i}")
        text = re.sub(r"^  total: 295", f"  total: {295 + i}", text, flags=re.M)
        (folder / "2021-H1.yaml").write_text(text, encoding="utf-8")
        (folder / "2020-H1.yaml").write_text(previous, encoding="utf-8")


def generate_country(data: Path, years: tuple[str, ...]) -> None:
    """COUNTRY municipalities made from the krai example (each with its own name), the given years."""
    sources = sorted(path for path in KRAI.iterdir() if path.is_dir())
    for i in range(COUNTRY):
        folder = data / f"mo-{i:04}"
        folder.mkdir(parents=True, exist_ok=True)
        for year in years:
            text = (sources[i % len(sources)] / f"{year}.yaml").read_text(encoding="utf-8")
            text = re.sub(r"^  name: (.*)$", rf"  name: \1 № {i}", text, flags=re.M)
            text = re.sub(r"^  genitive: .*\n", "", text, flags=re.M)
            (folder / f"{year}.yaml").write_text(text, encoding="utf-8")


def measure_pdf(work: Path, batch: list[str]) -> tuple[float, float] | None:
    """The batch of MUNICIPALITIES at -j 2 with PDF (its time less the same batch's without is the
    PDF step), and one cold LibreOffice conversion of a note with a profile of its own, as
    `build --pdf` makes it; None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with_pdf = measure(*batch, "-o", str(work / "out-pdf"), "-j", "2", "--pdf")[0]
    docx = next((work / "out-pdf").glob("raion-*.docx"))
    cold = measure(soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work / "one"), str(docx))[0]
    return with_pdf, cold


def row(name: str, value: str, target: str = "", met: bool | None = None) -> None:
    verdict = "" if met is None else ("да" if met else "НЕТ")
    value = re.sub(r"(\d)\.(\d)", r"\1,\2", value)  # decimal comma, as everywhere in Russian
    print(f"{name:<42} {value:>24}   {target:<16} {verdict}")


def main() -> None:
    load = ", ".join(f"{value:.1f}".replace(".", ",") for value in os.getloadavg())  # others' work skews it
    work = Path(tempfile.mkdtemp(prefix="zapiska-bench-"))
    try:
        template = work / "floor.docx"
        floor.make_floor_template(str(template))
        note = str(EXAMPLE / "2021-H1.yaml")
        # The .pyc pip writes when it installs the package; a checkout's first run writes none
        # where PYTHONDONTWRITEBYTECODE is set, and every run would compile zapiska's modules anew.
        compileall.compile_dir(ROOT / "generator", quiet=1)
        measure(ZAPISKA, "build", note, "-o", str(work / "warm.docx"))  # fills the OS cache
        builds, floors = [], []
        for _ in range(REPEATS):  # alternated, so that a busy moment hits both alike
            floors.append(measure(sys.executable, floor.__file__, str(template), str(work / "floor-out.docx")))
            builds.append(measure(ZAPISKA, "build", note, "-o", str(work / "note.docx")))
        build, bare = (statistics.median(run[0] for run in runs) for runs in (builds, floors))
        build_cpu, bare_cpu = (statistics.median(run[1] for run in runs) for runs in (builds, floors))
        help_time = median(ZAPISKA, "--help")
        check_time = median(ZAPISKA, "check", note)
        form = json.loads(subprocess.run([sys.executable, webform.__file__], capture_output=True, text=True,
                                         check=True).stdout)

        data = work / "data"
        generate(data)
        notes = warm.compare(data, template, work / "warm")
        batch = [ZAPISKA, "batch", str(data), "--period", "2021-H1"]
        one, cpu_one, memory_one = measure(*batch, "-o", str(work / "out-1"), "-j", "1")
        shutil.copytree(data / "raion-001", work / "data-1" / "raion-001")  # the start and one note
        first = median(ZAPISKA, "batch", str(work / "data-1"), "--period", "2021-H1", "-o", str(work / "out-first"),
                       "--force")
        two, cpu_two, memory_two = measure(*batch, "-o", str(work / "out-2"), "-j", "2")
        again = measure(*batch, "-o", str(work / "out-2"), "-j", "2")[0]
        pdf = measure_pdf(work, batch)
        imports = register.measure_imports(work, ZAPISKA, measure)

        country = work / "country"
        generate_country(country, ("2020-H1", "2021-H1"))
        summary = [ZAPISKA, "summary", str(country), "--period", "2021-H1", "-o", str(work / "svodka")]
        summary_two = measure(*summary)[0]
        generate_country(country, ("2017-H1", "2018-H1", "2019-H1"))
        summary_five = measure(*summary)[0]
    finally:
        shutil.rmtree(work)

    print(f"zapiska bench: {os.cpu_count()} ядра, Python {sys.version.split()[0]}, нагрузка до замера {load}; "
          f"время — медиана {REPEATS} запусков, где запуск короткий\n")
    row("", "результат", "цель")
    row("zapiska build примера (холодный запуск)", f"{build:.2f} с")
    row("нижняя граница (bench/floor.py)", f"{bare:.2f} с")
    row("build / нижняя граница", f"{build / bare:.2f}×", "≤ 0,7×", build / bare <= 0.7)
    row("то же по процессорному времени", f"{build_cpu / bare_cpu:.2f}×")
    note, note_floor = notes["zapiska"], notes["floor"]
    row(f"записка в теплом процессе (медиана {warm.NOTES})", f"{note['wall']:.3f} с")
    row("нижняя граница в теплом процессе", f"{note_floor['wall']:.3f} с")
    row("теплая записка / нижняя граница", f"{note['wall'] / note_floor['wall']:.2f}×", "≤ 0,5×",
        note["wall"] <= 0.5 * note_floor["wall"])
    row("то же по процессорному времени", f"{note['cpu'] / note_floor['cpu']:.2f}×")
    row("zapiska --help", f"{help_time:.3f} с", "< 0,3 с", help_time < 0.3)
    row("zapiska check примера", f"{check_time:.3f} с")
    row(f"форма: проверка (медиана {webform.CHECKS} теплых)", f"{form['check'] * 1000:.0f} мс",
        "< 100 мс", form["check"] < 0.1)
    row("  ответ проверки", f"{form['check_bytes'] / 1024:.0f} КБ")
    row("форма: текст записки, первый", f"{form['note']:.2f} с")
    row("  он же снова, без правок", f"{form['note_again'] * 1000:.0f} мс")
    row(f"batch {MUNICIPALITIES} записок, -j 1", f"{one:.1f} с")
    row("  на записку после первой", f"{(one - first) / (MUNICIPALITIES - 1):.3f} с")
    row(f"batch {MUNICIPALITIES} записок, -j 2", f"{two:.1f} с")
    row("ускорение -j 2 к -j 1", f"{one / two:.2f}×", "≥ 1,7×", one / two >= 1.7)
    # If the CPU time stays the same, parallel work costs nothing extra: a smaller speedup
    # then means that other programs had the second core.
    row("процессорное время -j 1 / -j 2", f"{cpu_one:.1f} с / {cpu_two:.1f} с")
    row(f"повторный batch {MUNICIPALITIES}, без изменений", f"{again:.2f} с", "< 2 с", again < 2)
    if pdf is not None:
        with_pdf, cold = pdf
        per_note = (with_pdf - two) / MUNICIPALITIES  # the summary's PDF counted in too
        row(f"batch {MUNICIPALITIES} записок, -j 2, с PDF", f"{with_pdf:.1f} с")
        row("  PDF на записку", f"{per_note:.2f} с")
        row("  одно холодное преобразование LibreOffice", f"{cold:.2f} с")
        ratio = per_note / cold
        row("  PDF на записку / холодное преобразование", f"{ratio:.2f}×", "≤ 0,33×", ratio <= 1 / 3)
    row("пик памяти процесса сборки, -j 1", f"{memory_one} МБ", "< 250 МБ", memory_one < 250)
    row("пик памяти процесса сборки, -j 2", f"{memory_two} МБ", "< 250 МБ", memory_two < 250)
    for name, seconds, memory, target in imports:
        row(name, f"{seconds:.2f} с", f"< {target:.0f} с", seconds < target)
        row("  пик памяти", f"{memory} МБ")
    row(f"summary {COUNTRY} МО, файлы 2 лет", f"{summary_two:.1f} с", "< 10 с", summary_two < 10)
    row(f"summary {COUNTRY} МО, файлы 5 лет", f"{summary_five:.1f} с")


if __name__ == "__main__":
    main()
