"""click in Russian: the help's headings and metavars, usage errors translated (exit 2), Ctrl+C
without a traceback, and output that survives a console without Cyrillic or typography."""
from __future__ import annotations

import codecs
import sys

import click

from generator.core.errors import translate


class _RussianHelp:
    """click prints "Usage:"/"Options:" in English; the department reads Russian."""

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "Использование: ")

    def format_options(self, ctx, formatter):
        rows = [r for p in self.get_params(ctx) if isinstance(p, click.Option) and (r := p.get_help_record(ctx))]
        if rows:
            with formatter.section("Параметры"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            rows = [(name, cmd.get_short_help_str(70)) for name, cmd in commands if cmd and not cmd.hidden]
            if rows:
                with formatter.section("Команды"):
                    formatter.write_dl(rows)


class Path_(click.Path):
    """click.Path that the help shows as ПУТЬ (or ПАПКА), not PATH."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = "папка" if not self.file_okay else "путь"


class Command(_RussianHelp, click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[ПАРАМЕТРЫ]")
        super().__init__(*args, **kwargs)


# click's usage errors, in Russian (matched at the start of click's message).
def _no_such(name: str, guess: str | None) -> str:
    return f"нет такого параметра или команды: {name}" + (f"; возможно, имелось в виду {guess}" if guess else "")


_VALUE_ERRORS = [
    # Path_ names itself «путь»/«папка», which click puts in place of File/Path/Directory.
    (r"^(?:Directory|Path|Папка|Путь) '(.+)' is a file", "«{0}» — файл, а нужна папка"),
    (r"^(?:File|Путь) '(.+)' is a directory", "«{0}» — папка, а нужен файл"),
    (r"^(?:File|Path|Directory|Путь|Папка) '(.+)' does not exist", "«{0}» не существует"),
    (r"^(-?\d+) is not in the range (\S+)<=x<=(\S+)", "{0} — вне пределов от {1} до {2}"),
    (r"^'(.+)' is not a valid integer", "«{0}» — не целое число"),
]


def _invalid(name: str, message: str) -> str:
    return f"недопустимое значение {name}: {translate(message, _VALUE_ERRORS) or message}"


_USAGE_ERRORS = [
    (r"^Missing argument '(.+)'", "не указан аргумент {0}"),
    (r"^Missing option '(.+)'", "не указан параметр {0}"),
    (r"^No such (?:option|command):? '?([^'\s]+)'?\.?(?: Did you mean '?([^'?]+)'?\?)?", _no_such),
    (r"^Got unexpected extra arguments? \((.+)\)", "лишние аргументы: {0}"),
    (r"^Option '(.+)' requires an argument", "у параметра {0} не указано значение"),
    (r"^Option '(.+)' does not take a value", "параметр {0} пишется без значения"),
    (r"^Invalid value for '?([^':]+)'?(?: / '[^']+')?: (.+)", _invalid),
]


class Group(_RussianHelp, click.Group):
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[ПАРАМЕТРЫ]")
        kwargs.setdefault("subcommand_metavar", "КОМАНДА [АРГУМЕНТЫ]...")
        super().__init__(*args, **kwargs)
        self.group_class = Group

    def main(self, args=None, prog_name=None, **extra):
        """Usage errors in Russian, exit 2; Ctrl+C without a traceback, exit 1."""
        _safe_output()
        extra["standalone_mode"] = False
        try:
            return super().main(args, prog_name, **extra)
        except click.UsageError as exc:
            if exc.ctx is not None:
                click.echo(exc.ctx.get_usage(), err=True)
                click.echo(f"Подробнее: {exc.ctx.command_path} --help", err=True)
            message = exc.format_message()
            click.echo(f"Ошибка: {translate(message, _USAGE_ERRORS) or message}", err=True)
            sys.exit(2)
        except (click.Abort, KeyboardInterrupt):
            click.echo("Прервано.", err=True)
            sys.exit(1)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


HELP = {"help_option_names": ["-h", "--help"]}

# A redirected Windows console or a scheduler's log writes cp1251 or cp866: typography these
# lack prints as its plain equivalent, anything else as «?», never as a UnicodeEncodeError.
_PLAIN = {"«": '"', "»": '"', "—": "-", "–": "-", "…": "...", "→": "->", "\u00a0": " ", "№": "N"}


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    return "".join(_PLAIN.get(char, "?") for char in bad), error.end


codecs.register_error("zapiska-plain", _plain)


def _safe_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a real console or file, not a test's capture
            stream.reconfigure(errors="zapiska-plain")


def help_option(func):
    return click.help_option("-h", "--help", help="Показать эту справку и выйти.")(func)
