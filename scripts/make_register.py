"""The sample register of appeals of Кавказский район, 2020 – 1 полугодие 2021 (deterministic).

    .venv/bin/python scripts/make_register.py          # -> data/kavkazsky-raion/reestr-2020-2021.xlsx

A register as a document system exports it to Excel: a title line, a header, one row per
question (the rows of one appeal share its number; some continue it with the number and date
left blank, as merged cells export), oral appeals, a summary row. Its import gives exactly
the figures of data/kavkazsky-raion/2020-H1.yaml and 2021-H1.yaml that a register can give
(written, outcomes, questions, topics, subtopics), and the figures below for the fields those
files do not have. The codes below the section level are illustrative.

bench/run.py makes its 100 000-row registers with `rows(scale=…)` from here.
"""
from __future__ import annotations

import csv
import datetime
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "kavkazsky-raion" / "reestr-2020-2021.xlsx"
HEADERS = ("Рег. №", "Дата регистрации", "Форма поступления", "Откуда поступило", "Вид обращения",
           "Код вопроса", "Вопрос", "Населенный пункт", "Исполнитель", "Результат рассмотрения",
           "Срок исполнения", "Продлен", "Дата ответа")
TITLE = "Реестр обращений граждан, поступивших в администрацию муниципального образования Кавказский район"

# section -> [(code, question)]
QUESTIONS = {
    "0001": [("0001.0001.0001.0001", "Конституционный строй"), ("0001.0002.0024.0101", "работа органов местного "
             "самоуправления"), ("0001.0003.0027.0122", "обращения, не получившие ответа"),
             ("0001.0002.0023.0092", "награждения"), ("0001.0001.0011.0049", "деятельность общественных "
             "объединений")],
    "0002": [("0002.0007.0070.0250", "социальная помощь многодетным семьям"), ("0002.0007.0070.0251",
             "материальная помощь"), ("0002.0013.0139.0421", "работа медицинских учреждений"),
             ("0002.0006.0061.0210", "дошкольное образование"), ("0002.0007.0067.0237", "пенсионное "
             "обеспечение"), ("0002.0010.0106.0319", "занятость населения")],
    "0003": [("0003.0009.0097.0693", "ремонт и содержание автомобильных дорог"), ("0003.0008.0086.0610",
             "земельные отношения"), ("0003.0009.0098.0703", "пассажирский транспорт"),
             ("0003.0012.0137.0788", "торговля"), ("0003.0008.0082.0590", "сельское хозяйство"),
             ("0003.0009.0097.0694", "освещение дорог"), ("0003.0011.0125.0766", "градостроительство и "
             "архитектура")],
    "0004": [("0004.0016.0162.0985", "работа полиции"), ("0004.0015.0155.0929", "чрезвычайные ситуации"),
             ("0004.0016.0166.1022", "исполнение судебных решений"), ("0004.0014.0148.0903", "военная "
             "служба")],
    "0005": [("0005.0005.0056.1149", "Комплексное благоустройство"), ("0005.0005.0056.1153", "отлов "
             "безнадзорных животных"), ("0005.0005.0057.1160", "газификация"), ("0005.0005.0055.1134",
             "капитальный ремонт домов"), ("0005.0005.0057.1161", "перебои в водоснабжении"),
             ("0005.0005.0057.1162", "перебои в теплоснабжении"), ("0005.0005.0056.1150", "уличное "
             "освещение"), ("0005.0005.0057.1170", "вывоз твердых коммунальных отходов"),
             ("0005.0005.0057.1175", "оплата жилищно-коммунальных услуг"), ("0005.0005.0055.1140",
             "содержание общего имущества"), ("0005.0005.0054.1120", "переселение из аварийного жилья"),
             ("0005.0005.0057.1163", "водоотведение"), ("0005.0005.0057.1164", "электроснабжение"),
             ("0005.0005.0056.1151", "озеленение"), ("0005.0005.0056.1152", "содержание кладбищ"),
             ("0005.0005.0056.1154", "детские и спортивные площадки"), ("0005.0005.0055.1141",
             "управляющие организации"), ("0005.0005.0054.1121", "обеспечение жильем"),
             ("0005.0005.0055.1142", "ремонт кровли"), ("0005.0005.0057.1165", "канализация"),
             ("0005.0005.0056.1155", "подтопление территорий"), ("0005.0005.0056.1156", "благоустройство "
             "дворов")],
}
SETTLEMENTS = ("Кропоткинское городское поселение", "Гирейское городское поселение", "Кавказское сельское "
               "поселение", "Дмитриевское сельское поселение", "Казанское сельское поселение",
               "Лосевское сельское поселение", "Мирское сельское поселение", "Привольное сельское поселение",
               "Темижбекское сельское поселение", "Урожайное сельское поселение")
DEPARTMENTS = ("Управление ЖКХ", "Управление образования", "Отдел архитектуры", "Управление сельского хозяйства",
               "Отдел по работе с обращениями граждан")
SPELLINGS = {
    "written": ("Письменное", "Почта России", "Нарочно"),
    "electronic": ("Электронное", "Интернет-приемная", "E-mail", "ПОС"),
    "oral": ("Личный прием", "Устное"),
    "president": ("Администрация Президента Российской Федерации",),
    "other": ("", "Прокуратура Кавказского района", "Совет муниципального образования Кавказский район"),
    "individual": ("Индивидуальное",), "collective": ("Коллективное",), "repeat": ("Повторное",),
    "collective_repeat": ("Коллективно-повторное",),
    "measures_taken": ("Рассмотрено. Поддержано, в т.ч. меры приняты", "Поддержано. Меры приняты"),
    "supported": ("Рассмотрено. Поддержано", "поддержано"),
    "explained": ("Рассмотрено. Разъяснено", "РАЗЪЯСНЕНО"),
    "not_supported": ("Рассмотрено. Не поддержано",), "answered": ("Дан ответ автору",),
    "forwarded": ("Направлено по компетенции",), "unanswered": ("Оставлено без ответа автору",),
    "in_progress": ("Находится на рассмотрении", ""),
}

# What each half-year holds. Topics and subtopics (appeals per question) of 2020-H1 and 2021-H1
# are those of the committed files; the other figures are new ones the files do not have.
PERIODS = {
    (2020, 1): dict(
        appeals=467, questions=640, oral=38, topics=(48, 77, 196, 41, 262), subtopics={},
        forms=dict(electronic=158), sources=dict(region=322, president=19),
        kinds=dict(collective=24, repeat=17, collective_repeat=5),
        results=dict(measures_taken=92, supported=109, explained=196, not_supported=38, forwarded=17, answered=8,
                     unanswered=3, in_progress=4),
        extended=9, overdue=3),
    (2020, 2): dict(
        appeals=150, questions=204, oral=20, topics=(19, 27, 61, 15, 82), subtopics={},
        forms=dict(electronic=61), sources=dict(region=88, president=6),
        kinds=dict(collective=8, repeat=6, collective_repeat=1),
        results=dict(measures_taken=30, supported=33, explained=61, not_supported=12, forwarded=8, answered=3,
                     unanswered=1, in_progress=2),
        extended=3, overdue=1),
    (2021, 1): dict(
        appeals=295, questions=425, oral=31, topics=(35, 42, 150, 32, 166),
        subtopics={"0005": (27, 20, 14, 9, 10, 7)},  # in the order of QUESTIONS["0005"]
        forms=dict(electronic=121), sources=dict(region=140, president=11),
        kinds=dict(collective=15, repeat=11, collective_repeat=3),
        results=dict(measures_taken=58, supported=68, explained=119, not_supported=23, forwarded=11, answered=6,
                     unanswered=2, in_progress=8),
        extended=7, overdue=0),
}


def _labels(rng: random.Random, total: int, counts: dict[str, int], rest: str) -> list[str]:
    labels = [label for label, count in counts.items() for _ in range(count)]
    labels += [rest] * (total - len(labels))
    rng.shuffle(labels)
    return labels


def _questions(rng: random.Random, spec: dict, scale: int) -> list[tuple[str, str]]:
    """(code, question) of every question of the half-year's written appeals; each named subtopic
    exactly its count, the other questions of a section spread so that none reaches the
    smallest named count; the questions the committed file has beyond its topics without a code."""
    pool = []
    for section, count in zip(QUESTIONS, spec["topics"]):
        count *= scale
        named = [n * scale for n in spec["subtopics"].get(section, ())]
        choices = QUESTIONS[section]
        for (code, name), n in zip(choices, named):
            pool += [(code, name)] * n
        others = choices[len(named):]
        cap = min(named) - 1 if named else count
        left = count - sum(named)
        spread = [0] * len(others)
        for i in range(left):
            spread[(i + rng.randrange(len(others))) % len(others)] += 1
        while max(spread) > cap:  # even them out below the cap
            high, low = spread.index(max(spread)), spread.index(min(spread))
            spread[high] -= 1
            spread[low] += 1
        for (code, name), n in zip(others, spread):
            pool += [(code, name)] * n
    # questions not yet classified: counted among all questions, in no section
    pool += [("", "")] * ((spec["questions"] - sum(spec["topics"])) * scale)
    rng.shuffle(pool)
    return pool


def _slots(rng: random.Random, appeals: int, questions: int) -> list[int]:
    sizes = [1] * appeals
    for _ in range(questions - appeals):
        while True:
            i = rng.randrange(appeals)
            if sizes[i] < 4:
                sizes[i] += 1
                break
    return sizes


def _assign(rng: random.Random, pool: list[tuple[str, str]], sizes: list[int]) -> list[list[tuple[str, str]]]:
    """Questions to appeals, no question twice in one appeal (so a subtopic's appeals are its rows);
    when only repeats are left at the end, the pool is shuffled again."""
    while True:
        try:
            return _try_assign(list(pool), sizes)
        except IndexError:
            rng.shuffle(pool)


def _try_assign(pool: list[tuple[str, str]], sizes: list[int]) -> list[list[tuple[str, str]]]:
    result, position = [], 0
    for size in sizes:
        mine: list[tuple[str, str]] = []
        for _ in range(size):
            j = position
            while pool[j] in mine:
                j += 1
            pool[position], pool[j] = pool[j], pool[position]
            mine.append(pool[position])
            position += 1
        result.append(mine)
    return result


def _half_year(rng: random.Random, year: int, half: int, spec: dict, scale: int,
               number: int) -> tuple[list[list], int]:
    """The half-year's rows and the last registration number given."""
    n = spec["appeals"] * scale
    sizes = _slots(rng, n, spec["questions"] * scale)
    questions = _assign(rng, _questions(rng, spec, scale), sizes)
    scaled = {key: {k: v * scale for k, v in spec[key].items()} for key in ("forms", "sources", "kinds", "results")}
    forms = _labels(rng, n, scaled["forms"], "written")
    sources = _labels(rng, n, scaled["sources"], "other")
    kinds = _labels(rng, n, scaled["kinds"], "individual")
    results = _labels(rng, n, scaled["results"], "explained")
    answered = [i for i, r in enumerate(results) if r != "in_progress"]
    rng.shuffle(answered)
    overdue = set(answered[:spec["overdue"] * scale])
    extended = set(answered[spec["overdue"] * scale:][:spec["extended"] * scale])
    oral = spec["oral"] * scale
    kinds_of_row = ["w"] * n + ["o"] * oral
    rng.shuffle(kinds_of_row)
    first = datetime.date(year, 1 if half == 1 else 7, 9 if half == 1 else 1)
    days = ((datetime.date(year, 7, 1) if half == 1 else datetime.date(year + 1, 1, 1)) - first).days
    dates = sorted(first + datetime.timedelta(days=rng.randrange(days)) for _ in kinds_of_row)
    rows, w = [], 0
    for kind, date in zip(kinds_of_row, dates):
        number += 1
        settlement = rng.choices(SETTLEMENTS, weights=(30, 8, 7, 5, 5, 4, 4, 3, 3, 3))[0]
        if kind == "o":
            code, name = rng.choice(QUESTIONS[rng.choice(tuple(QUESTIONS))])
            rows.append([f"{number}-ОГ", date, rng.choice(SPELLINGS["oral"]), "", "Индивидуальное", code, name,
                         settlement, rng.choice(DEPARTMENTS), "Рассмотрено. Разъяснено", "", "", date])
            continue
        i, w = w, w + 1
        days_given = 60 if i in extended else 30
        deadline = date + datetime.timedelta(days=days_given)
        if results[i] == "in_progress":
            answer = None
        elif i in overdue:
            answer = deadline + datetime.timedelta(days=rng.randint(1, 5))
        elif results[i] == "forwarded":
            answer = date + datetime.timedelta(days=rng.randint(1, 7))
        else:
            answer = date + datetime.timedelta(days=rng.randint(3, days_given - 1))
        merged = len(questions[i]) > 1 and rng.random() < 0.15
        for q, (code, name) in enumerate(questions[i]):
            if q and merged:  # the next question of a merged-cell export: the appeal's cells blank
                rows.append(["", "", "", "", "", code, name, "", "", rng.choice(SPELLINGS[results[i]]), "", "", ""])
                continue
            shown_code = code[:4] if rng.random() < 0.05 else code
            rows.append([f"{number}-ОГ", date, rng.choice(SPELLINGS[forms[i]]), rng.choice(SPELLINGS[sources[i]]),
                         rng.choice(SPELLINGS[kinds[i]]), shown_code, name, settlement, rng.choice(DEPARTMENTS),
                         rng.choice(SPELLINGS[results[i]]), deadline, "да" if i in extended else "",
                         answer or ""])
    return rows, number


def _region_bodies() -> tuple[str, ...]:
    """How the register names the region's highest body: from the region in the sample's file."""
    import yaml

    from generator.wording.grammar import inflect

    sample = yaml.safe_load((OUT.parent / "2021-H1.yaml").read_text(encoding="utf-8"))
    region = inflect(sample["municipality"]["region"], "gent")
    return (f"Администрация {region}", f"Губернатор {region}")


def rows(scale: int = 1, seed: int = 59) -> list[list]:
    """The register's rows under the header (dates as datetime.date); `scale` multiplies every count."""
    SPELLINGS["region"] = _region_bodies()
    rng = random.Random(seed)
    result: list[list] = []
    number = {2020: 0, 2021: 0}
    for (year, half), spec in PERIODS.items():
        made, number[year] = _half_year(rng, year, half, spec, scale, number[year])
        result += made
    return result


def write_xlsx(path: Path, body: list[list], title: bool = True) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    workbook.set_properties({"created": datetime.datetime(2021, 7, 5, 9, 0)})  # the same bytes every run
    sheet = workbook.add_worksheet("Лист1")
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    bold = workbook.add_format({"bold": True})
    line = 0
    if title:
        sheet.write(0, 0, TITLE, bold)
        line = 2
    sheet.write_row(line, 0, HEADERS, bold)
    for row in body:
        line += 1
        for column, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(line, column, datetime.datetime.combine(value, datetime.time()), dates)
            elif value != "":
                sheet.write_string(line, column, value)
    sheet.write(line + 1, 0, f"Итого: {len(body)} строк")
    workbook.close()


def write_csv(path: Path, body: list[list], encoding: str = "cp1251") -> None:
    """As Russian Excel saves «CSV (разделители — запятые)»: semicolons, Windows-1251, ДД.ММ.ГГГГ."""
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS)
        for row in body:
            writer.writerow([f"{v:%d.%m.%Y}" if isinstance(v, datetime.date) else v for v in row])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    write_xlsx(out, rows())
    print(out)


if __name__ == "__main__":
    main()
