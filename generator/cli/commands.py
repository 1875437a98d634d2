"""The `zapiska` command: a thin shell over the library's functions.

Problems caused by input are printed as FILE:LINE:COL: сообщение, exit 1;
usage errors exit 2; never a traceback. Heavy modules (matplotlib, docxtpl,
pymorphy3) are imported inside the commands that need them, so `--help` and
`check` stay fast.
"""
from __future__ import annotations

import functools
import gc
import json
import os
import sys
from pathlib import Path

import click

from generator.cli.output import BatchProgress, report_problems
from generator.cli.russian import HELP, Group, Path_, help_option
from generator.core.errors import Problem, ZapiskaError

OUT_DIR = Path("out")


def _soffice_option(func):
    def remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        if value is not None:
            from generator.render.pdf import VARIABLE

            os.environ[VARIABLE] = value  # read by every conversion, in batch's worker processes too

    return click.option("--soffice", metavar="ПУТЬ", expose_value=False, callback=remember,
                        help="Программа LibreOffice (soffice), если она не находится сама; "
                             "то же задает переменная ZAPISKA_SOFFICE.")(func)


def handles_errors(func):
    """Turn a ZapiskaError into its lines on stderr and exit code 1."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ZapiskaError as exc:
            report_problems(exc.problems)
            sys.exit(1)
    return wrapper


@click.group(cls=Group, context_settings=HELP, add_help_option=False)
@help_option
@click.version_option(package_name="zapiska", message="zapiska %(version)s",
                      help="Показать версию и выйти.")
def main() -> None:
    """Пояснительные записки о работе с обращениями граждан из YAML-файла с цифрами.

    Обычный порядок: zapiska init → заполнить файл → zapiska check → zapiska build.
    """


@main.command(add_help_option=False)
@help_option
@click.argument("files", metavar="ФАЙЛ...", nargs=-1, required=True, type=Path_(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Проверить файлы с цифрами: «ok» или список ошибок с номерами строк."""
    from generator.note.build import check as check_file
    from generator.store import draft
    from generator.store.folder import SUMMARY_FILE

    failed = False
    for file in files:
        try:
            if file.name == SUMMARY_FILE:  # the summary's signature, not a municipality's figures
                from generator.region.write import check_signing  # the summary's modules for this file only

                warnings = check_signing(file)
            else:
                warnings = check_file(file)
        except ZapiskaError as exc:
            report_problems(exc.problems)
            if marked := draft.title(file):
                click.echo(f"{file}: {marked} — сохранен из формы как черновик", err=True)
            failed = True
            continue
        report_problems(warnings)
        click.echo(f"{file}: ok" if len(files) > 1 else "ok")
    sys.exit(1 if failed else 0)


@main.command(add_help_option=False)
@help_option
@click.argument("file", metavar="ФАЙЛ", type=Path_(path_type=Path))
@click.option("-t", "--template", type=Path_(path_type=Path, exists=True, dir_okay=False),
              help="Шаблон .docx вместо указанного в файле с цифрами.")
@click.option("-o", "--output", type=Path_(path_type=Path),
              help="Куда записать документ (по умолчанию out/<муниципалитет>-<период>.docx).")
@click.option("--pdf", is_flag=True, help="Рядом с .docx сохранить PDF (нужен LibreOffice).")
@_soffice_option
@handles_errors
def build(file: Path, template: Path | None, output: Path | None, pdf: bool) -> None:
    """Сформировать .docx по файлу с цифрами; печатает путь к документу."""
    from generator.note.build import build as build_report
    from generator.store.load import load

    loaded = load(file)
    report_problems(loaded.warnings)
    for path in build_report(loaded, output or OUT_DIR / loaded.output_name(), template, pdf):
        click.echo(str(path))


def _count_of_jobs(ctx: click.Context, param: click.Parameter, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise click.BadParameter(f"ожидается целое число от 1, а указано «{value}»")
    return int(value)


@main.command(add_help_option=False)
@help_option
@click.argument("data_dir", metavar="ПАПКА_ДАННЫХ", type=Path_(path_type=Path, file_okay=False))
@click.option("--period", default="auto", metavar="ПЕРИОД",
              help="2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021, месяц 2021-08 или auto (по умолчанию) — "
                   "последнее завершившееся полугодие.")
@click.option("-o", "--output", "out_dir", default=OUT_DIR, metavar="ПАПКА",
              type=Path_(path_type=Path, file_okay=False),
              help="Куда записать записки и сводную таблицу (по умолчанию out).")
@click.option("-j", "--jobs", default="1", metavar="N", callback=_count_of_jobs,
              help="Сколько записок собирать одновременно, по умолчанию 1 (не больше числа ядер).")
@click.option("--pdf", is_flag=True, help="Сохранить и PDF (нужен LibreOffice).")
@_soffice_option
@click.option("--force", is_flag=True, help="Собрать заново все записки, даже неизмененные.")
@handles_errors
def batch(data_dir: Path, period: str, out_dir: Path, jobs: int, pdf: bool, force: bool) -> None:
    """Собрать записки всех муниципальных образований за период (для планировщика).

    Каждая папка DATA_DIR с файлом <период>.yaml — одна записка. Файл с ошибками не
    мешает остальным: его ошибки печатаются, код выхода в конце — 1. Неизмененные
    записки не пересобираются. В конце — сводная таблица svodka-<период>.csv
    и сводка по всем муниципальным образованиям svodka-<период>.docx и .xlsx.
    """
    import time

    from generator.batch import BUILT, FAILED, SKIPPED, period_of, run
    from generator.wording.numbers import number

    chosen = period_of(period)
    click.echo(f"{time.strftime('%d.%m.%Y %H:%M:%S')} zapiska batch: {chosen.title}, данные {data_dir}, "
               f"результат {out_dir}")
    progress = BatchProgress(sys.stdout.isatty())
    try:
        summary = run(data_dir, chosen, out_dir, jobs, pdf, force, progress)
    finally:
        progress.close()
    if summary.missing:
        report_problems([Problem(None, 0, 0, f"нет файла {chosen}.yaml в папках: {', '.join(summary.missing)}",
                                 warning=True)])
    click.echo(f"Итог: собрано {summary.count(BUILT)}, без изменений {summary.count(SKIPPED)}, "
               f"с ошибками {summary.count(FAILED)}; время {number(summary.seconds, 1)} с. "
               f"Сводная таблица: {summary.table}")
    report_problems(summary.region[1])
    if summary.region[0]:
        click.echo(f"Сводка по всем муниципальным образованиям: {', '.join(map(str, summary.region[0]))}")
    sys.exit(1 if summary.count(FAILED) else 0)


@main.command(add_help_option=False)
@help_option
@click.argument("data_dir", metavar="ПАПКА_ДАННЫХ", type=Path_(path_type=Path, file_okay=False))
@click.option("--period", required=True, metavar="ПЕРИОД",
              help="2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 или месяц 2021-08.")
@click.option("-o", "--output", "out_dir", default=OUT_DIR, metavar="ПАПКА",
              type=Path_(path_type=Path, file_okay=False),
              help="Куда записать сводку (по умолчанию out).")
@click.option("--pdf", is_flag=True, help="Рядом с .docx сохранить PDF (нужен LibreOffice).")
@_soffice_option
@handles_errors
def summary(data_dir: Path, period: str, out_dir: Path, pdf: bool) -> None:
    """Сводка по всем муниципальным образованиям за период: svodka-<период>.docx и .xlsx.

    Таблица муниципальных образований (обращения, изменение к прошлому году, на 1000
    жителей, место), итоги, тематика, диаграммы. Файл с ошибками в сводку не входит
    (его ошибки печатаются, код выхода — 1); муниципальные образования без файла
    за период названы в сводке.
    """
    from generator.core.period import Period
    from generator.region.write import write

    chosen = Period.parse(period)
    written = write(data_dir, chosen, out_dir, pdf)
    report_problems(written.collected.problems + written.warnings)
    if written.collected.missing:
        report_problems([Problem(None, 0, 0, f"нет файла {chosen}.yaml: {', '.join(written.collected.missing)}",
                                 warning=True)])
    for path in written.outputs:
        click.echo(str(path))
    sys.exit(1 if written.collected.broken else 0)


@main.command(add_help_option=False)
@help_option
@click.argument("municipality", metavar="МУНИЦИПАЛИТЕТ")
@click.argument("period", metavar="ПЕРИОД")
@click.option("--data", "data_dir", default=Path("data"), show_default=True, type=Path_(path_type=Path),
              help="Папка с данными всех муниципальных образований.")
@handles_errors
def init(municipality: str, period: str, data_dir: Path) -> None:
    """Создать пустой файл с комментариями: data/МУНИЦИПАЛИТЕТ/ПЕРИОД.yaml.

    \b
    ПЕРИОД: 2021-H1, 2021-H2 (полугодия), 2021-Q3 (квартал), 2021-9M (девять месяцев),
    2021 (год) или месяц 2021-08.
    """
    from generator.store.scaffold import new_file

    click.echo(str(new_file(data_dir, municipality, period)))


@main.command(add_help_option=False)
@help_option
def schema() -> None:
    """JSON Schema файла с цифрами для подсказок в редакторе."""
    from generator.core.model import Report

    click.echo(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))


@main.group(add_help_option=False)
@help_option
def template() -> None:
    """Шаблоны .docx: переменные, проверка, новый шаблон.

    Как менять шаблон в Word: docs/templates.md.
    """


@template.command("vars", add_help_option=False)
@help_option
@click.option("--svodka", is_flag=True, help="Переменные шаблона сводки по всем муниципальным образованиям.")
@handles_errors
def template_vars(svodka: bool) -> None:
    """Все переменные и фильтры шаблона: описание и пример значения."""
    if svodka:
        from generator.authoring.catalogue import describe_summary as describe_summary

        click.echo(describe_summary(), nl=False)
        return
    from generator.authoring.catalogue import describe

    click.echo(describe(), nl=False)


@template.command("check", add_help_option=False)
@help_option
@click.argument("templates", metavar="ШАБЛОН...", nargs=-1, required=True, type=Path_(path_type=Path))
@click.option("-d", "--data", "data", multiple=True, type=Path_(path_type=Path),
              help="Файл с цифрами для пробного заполнения (можно несколько; по умолчанию — встроенные примеры).")
@click.option("--svodka", is_flag=True, help="Шаблон сводки по всем муниципальным образованиям (шаблон, сделанный "
                                             "из svodka.docx, узнается и без этого).")
@handles_errors
def template_check(templates: tuple[Path, ...], data: tuple[Path, ...], svodka: bool) -> None:
    """Проверить шаблоны: теги, имена переменных и фильтров, пробное заполнение цифрами."""
    from generator.authoring.check import check
    from generator.store.resources import SAMPLE_REPORTS

    failed = False
    for path in templates:
        try:
            problems = check(path, data or SAMPLE_REPORTS, svodka)
        except ZapiskaError as exc:
            problems = exc.problems
        report_problems(problems)
        errors = [problem for problem in problems if not problem.warning]
        failed = failed or bool(errors)
        if not errors:
            click.echo(f"{path}: ok" if len(templates) > 1 else "ok")
    sys.exit(1 if failed else 0)


@template.command("new", add_help_option=False)
@help_option
@click.argument("name", metavar="ИМЯ", type=Path_(path_type=Path))
@click.option("--from", "source", default=None, metavar="ШАБЛОН",
              help="С какого шаблона начать: имя из templates/ или путь к .docx "
                   "(по умолчанию poyasnitelnaya-zapiska).")
@handles_errors
def template_new(name: Path, source: str | None) -> None:
    """Создать новый шаблон копией готового; печатает путь к нему."""
    from generator.render.templates import new_template

    path = new_template(name, source)
    click.echo(str(path))
    click.echo(f"Откройте его в Word, измените и проверьте: zapiska template check {path}", err=True)


@main.command(add_help_option=False)
@help_option
@click.option("--data", "data_dir", default=Path("data"), show_default=True, type=Path_(path_type=Path),
              help="Папка с данными всех муниципальных образований.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="АДРЕС",
              help="Адрес, на котором ждать браузер; 127.0.0.1 — только с этого компьютера.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), metavar="ПОРТ",
              help="Порт (0 — любой свободный).")
@_soffice_option
@handles_errors
def serve(data_dir: Path, host: str, port: int) -> None:
    """Форма в браузере: цифры, проверка, сравнения, текст записки и .docx."""
    from generator.web.app import make_server

    server = make_server(data_dir, host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo("внимание: форма открыта для других компьютеров сети; учетных записей и пароля у нее нет — "
                   "любой в этой сети сможет изменить цифры любого муниципального образования (docs/web.md)",
                   err=True)
    click.echo(f"Форма: http://{host}:{server.effective_port}/ (остановить: Ctrl+C)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass


@main.command("import", add_help_option=False)
@help_option
@click.argument("register", metavar="РЕЕСТР", type=Path_(path_type=Path, dir_okay=False))
@click.argument("folder", metavar="ПАПКА", type=Path_(path_type=Path, file_okay=False))
@click.option("--period", metavar="ПЕРИОД",
              help="2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 или месяц 2021-08; по умолчанию последнее "
                   "завершившееся полугодие, которое реестр охватывает целиком (если такого нет — последний "
                   "такой месяц).")
@click.option("--map", "map_path", metavar="ФАЙЛ", type=Path_(path_type=Path, dir_okay=False),
              help="Файл сопоставления столбцов и значений (по умолчанию ПАПКА/register-map.yaml, если есть).")
@click.option("--dry-run", is_flag=True, help="Только показать изменения, ничего не записывать.")
@click.option("--skip-bad-rows", is_flag=True,
              help="Не считать обращения из строк с ошибками (они будут перечислены) вместо отказа.")
@handles_errors
def import_(register: Path, folder: Path, period: str | None, map_path: Path | None, dry_run: bool,
            skip_bad_rows: bool) -> None:
    """Посчитать цифры по реестру обращений (.xlsx, .xls, .ods, .csv) и записать их в ПАПКА/<период>.yaml.

    \b
    Пример: zapiska import реестр.xlsx data/kavkazsky-raion --dry-run
    Пишутся только цифры, которые дает реестр (письменные и устные обращения,
    результаты, сроки, вопросы и тематика, поселения), в файл периода и, если
    реестр его охватывает, в файл того же периода прошлого года; остальное в файлах
    (комментарии, тексты, другие цифры) не меняется. Печатается таблица изменений.
    При ошибках в реестре ничего не записывается.

    \b
    Столбцы узнаются по заголовкам («Рег. №», «Дата регистрации», «Код вопроса»,
    «Вопрос», «Форма обращения», «Откуда поступило», «Вид обращения»,
    «Результат рассмотрения», «Населенный пункт», «Дата ответа», «Срок исполнения»,
    «Продлен», «Повторность», «Меры приняты» и их вариантам); выгрузка федеральной
    АС ОГ («Номер», «Дата», «Код», «Наименование», «Вид письма») — без настройки.
    Свои названия столбцов и значений — в файле register-map.yaml в папке
    муниципального образования (или --map):

    \b
      columns:                  # заголовок в реестре: какой это столбец
        Рег.номер документа: number
        Рубрика: code
      values:                   # как пишет система: что это значит
        result:
          Рассм.: разъяснено
        form:
          СЭД: электронное

    Подробно: docs/import.md.
    """
    from generator.register.plan import apply, plan, report_lines

    planned = plan(register, folder, period, map_path, skip_bad_rows)
    report_problems(planned.notes)
    for line in report_lines(planned):
        click.echo(line)
    if dry_run:
        click.echo("Пробный запуск: ничего не записано.")
        return
    from generator.store.load import load

    written = apply(planned)
    click.echo(f"Записано: {', '.join(map(str, written))}" if written else "Файлы уже содержат эти цифры.")
    try:
        load(planned.files[0].path)
        click.echo(f"Проверка {planned.files[0].path}: ok; записка: zapiska build {planned.files[0].path}")
    except ZapiskaError as exc:
        click.echo(f"Проверка {planned.files[0].path}: цифры записаны, но в файле осталось заполнить или исправить:")
        report_problems(exc.problems)


def console() -> None:
    """The installed `zapiska` command: one command, then the process ends."""
    if sys.argv[1:2] == ["build"]:
        # One document, then exit: the cyclic collector would only rescan, again and again, the
        # objects the imports allocate (pydantic, matplotlib, the dictionaries) — 5-8 % of the run.
        # Only here: a caller in the same process (tests, the web form) keeps its collector.
        gc.disable()
    main()
