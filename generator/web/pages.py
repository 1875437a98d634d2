"""The form's pages: the list of municipalities, a period's form, its checks, the note's text,
saving and the downloads. The pages are thin: the model, the checks, the comparisons, the
wording and the template are the same functions `zapiska check` and `zapiska build` use.
"""
from __future__ import annotations

import contextlib
import datetime
import io
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, send_file, url_for

from generator.core.errors import Problem, ZapiskaError
from generator.core.period import Period, PeriodError
from generator.note.build import can_pdf
from generator.render.templates import TEMPLATES_DIR, resolve_template
from generator.store.load import Loaded, load, load_text, typed_data
from generator.store.roundtrip import Snapshot, dump
from generator.web import form, preview
from generator.web.files import Store
from generator.web.state import state

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _store() -> Store:
    return state().store


def install(app: Flask) -> None:
    app.add_url_rule("/", view_func=index, methods=["GET"])
    app.add_url_rule("/open", view_func=open_period, methods=["GET"])
    app.add_url_rule("/<municipality>/<period>", view_func=report, methods=["GET"])
    app.add_url_rule("/<municipality>/<period>/check", view_func=check, methods=["POST"])
    app.add_url_rule("/<municipality>/<period>/preview", view_func=note, methods=["POST"])
    app.add_url_rule("/<municipality>/<period>/save", view_func=save, methods=["POST"])
    app.add_url_rule("/<municipality>/<period>/docx", view_func=docx, methods=["GET"])
    app.add_url_rule("/<municipality>/<period>/pdf", view_func=pdf, methods=["GET"])


def page_text(path: Path) -> tuple[Snapshot, str, Path | None]:
    """The file as it is, or for a new period the structure of an earlier one in the blank
    of `zapiska init`; and the earlier file's path."""
    snapshot = _store().read(path)
    if snapshot.doc is not None:
        return snapshot, snapshot.text, None
    pattern = _store().pattern(path)
    skeleton = form.skeleton(typed_data(pattern.path, pattern.text)) if pattern else {}
    return snapshot, dump(_store().merged(snapshot, skeleton)), pattern.path if pattern else None


def read(path: Path, text: str) -> tuple[Loaded | None, list[Problem], bool]:
    """The YAML `text` at `path` read as `zapiska check` reads it, its problems, and whether
    its template may be rendered here."""
    try:
        loaded = load_text(path, text)
    except ZapiskaError as exc:
        return None, exc.problems, False
    try:
        confined(loaded, _store().root)
    except ZapiskaError as exc:
        return loaded, loaded.warnings + exc.problems, False
    return loaded, loaded.warnings, True


def shown(problems: list[Problem], path: Path | None) -> list[dict[str, Any]]:
    return [shown_problem(p, path, _store().root) for p in problems]


def checked(path: Path, text: str) -> dict[str, Any]:
    """What the page shows on every pause in typing: problems by field and the comparisons.
    No document is rendered here: the note's text is asked for separately (`noted`)."""
    loaded, problems, _ = read(path, text)
    comparisons = preview.comparisons(loaded) if loaded is not None else []
    return {"problems": shown(problems, path),
            "preview": render_template("preview.html", comparisons=comparisons, loaded=loaded)}


def noted(path: Path, text: str) -> dict[str, Any]:
    """The note as it will read, rendered with its template (once per input)."""
    loaded, problems, renderable = read(path, text)
    blocks: list[preview.Block] = []
    failures = [p for p in problems if not p.warning]
    if loaded is not None and renderable:
        try:
            blocks = state().notes.note(loaded, text)
        except ZapiskaError as exc:
            problems, failures = problems + exc.problems, exc.problems
    return {"problems": shown(problems, path),
            "note": render_template("note.html", blocks=blocks, loaded=loaded,
                                    failures=[p["message"] for p in shown(failures, None)])}


def submitted(path: Path) -> str:
    """The form's fields merged into the file, as it would be saved."""
    return dump(_store().merged(_store().read(path), form.parse(request.form)))


def index():
    data = _store().data
    titles = {m: data.title(m) for m in data.municipalities()}
    municipalities = {m: (titles[m], data.periods(m)) for m in sorted(titles, key=lambda m: titles[m].casefold())}
    return render_template("index.html", municipalities=municipalities,
                           suggested=Period.last_half_year(datetime.date.today()), root=_store().root)


def open_period():
    municipality, period = request.args.get("municipality", ""), request.args.get("period", "").strip()
    with contextlib.suppress(PeriodError):  # «2023-8», «2021-h1»: the file's own name; a wrong one path() explains
        period = str(Period.parse(period))
    _store().path(municipality, period)
    return redirect(url_for("report", municipality=municipality, period=period))


def report(municipality: str, period: str):
    path = _store().path(municipality, period)
    snapshot, text, pattern = page_text(path)
    return render_template("form.html", municipality=municipality, period=Period.parse(period),
                           data=typed_data(path, text), digest=snapshot.digest, exists=snapshot.doc is not None,
                           pattern=pattern,
                           can_pdf=can_pdf(),
                           file=path.relative_to(_store().root.parent), **checked(path, text))


def check(municipality: str, period: str):
    path = _store().path(municipality, period)
    return jsonify(checked(path, submitted(path)))


def note(municipality: str, period: str):
    path = _store().path(municipality, period)
    return jsonify(noted(path, submitted(path)))


def save(municipality: str, period: str):
    path = _store().path(municipality, period)
    saved = _store().save(path, form.parse(request.form), request.form.get("_digest", ""))
    return jsonify({"digest": saved, "message": f"Сохранено в {path.relative_to(_store().root.parent)}",
                    **checked(path, _store().read(path).text)})


def docx(municipality: str, period: str):
    return download(municipality, period, as_pdf=False)


def pdf(municipality: str, period: str):
    return download(municipality, period, as_pdf=True)


def download(municipality: str, period: str, as_pdf: bool):
    """The saved file built as `zapiska build` builds it (and converted, for PDF)."""
    loaded = load(_store().path(municipality, period))
    confined(loaded, _store().root)
    with tempfile.TemporaryDirectory() as folder:
        out = preview.build(loaded, Path(folder), pdf=as_pdf)
        content = out.read_bytes()
    return send_file(io.BytesIO(content), mimetype=PDF if as_pdf else DOCX, as_attachment=True,
                     download_name=out.name)


def confined(loaded: Loaded, root: Path) -> None:
    """The form renders only templates inside the data folder or the bundled ones: a `template:`
    in a file must not make it read a .docx anywhere on the disk."""
    template = resolve_template(loaded)
    resolved = template.resolve()
    if template.is_symlink() or not any(resolved.is_relative_to(folder) for folder in (root, TEMPLATES_DIR.resolve())):
        raise ZapiskaError([Problem(loaded.path, 0, 0, f"шаблон {template} лежит вне папки с данными: форма "
                                                       "берет шаблоны только из нее (или встроенные)")])


def shown_problem(problem: Problem, path: Path | None, root: Path) -> dict[str, Any]:
    """A problem as the page shows it: next to its field when it is about the form's file,
    else only in the summary beside the form, with the file (as data/…), line and column."""
    if path is not None and problem.file == path and problem.loc:
        return {"field": ".".join(map(str, problem.loc)), "message": problem.message, "warning": problem.warning}
    if isinstance(problem.file, Path) and problem.file.is_relative_to(root):
        problem = replace(problem, file=problem.file.relative_to(root.parent))
    return {"field": None, "message": str(problem), "warning": problem.warning}
