"""What the commands print besides their results: problems as FILE:LINE:COL: сообщение, and the
batch's progress (a bar on a terminal, a line per municipality in a log)."""
from __future__ import annotations

import sys
from typing import Any

import click

from generator.core.errors import Problem


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


class BatchProgress:
    """How `zapiska batch` shows its progress: a bar on a terminal (problems after it),
    a line per municipality under cron or systemd."""

    def __init__(self, interactive: bool):
        self.interactive = interactive
        self.bar: Any = None  # click's progress bar, from the first outcome on
        self.deferred: list[Problem] = []

    def __call__(self, outcome, done: int, total: int) -> None:
        if not self.interactive:
            from generator.batch import BUILT, STATUS_TITLES

            made = f": {', '.join(map(str, outcome.outputs))}" if outcome.status == BUILT else ""
            click.echo(f"[{done}/{total}] {outcome.municipality} — {STATUS_TITLES[outcome.status]}{made}")
            report_problems(outcome.problems)
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Сборка", file=sys.stdout)
        self.bar.update(1)
        self.deferred += outcome.problems

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
        report_problems(self.deferred)
