"""The form's pages: the list of municipalities, a period's form, its checks, the note's text,
saving and the downloads. The pages are thin: the model, the checks, the comparisons, the
wording and the template are the same functions `zapiska check` and `zapiska build` use.
"""
from __future__ import annotations

import datetime
import io
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, send_file, url_for

from generator.core.errors import Problem, ZapiskaError
from generator.core.fields import PART_OVER_WHOLE, field_at, whole_named
from generator.core.period import Period, PeriodError
from generator.note.build import can_pdf
from generator.render.templates import TEMPLATES_DIR, resolve_template
from generator.store import draft
from generator.store.load import Loaded, load, load_text, typed_data
from generator.store.roundtrip import Snapshot, dump
from generator.web import form, preview
from generator.web.files import Store
from generator.web.state import state
from generator.web.valid import valid_part
from generator.wording.grammar import agree

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
    """What the page shows on every pause in typing: problems by field and the comparisons (of the
    valid fields while errors remain). No document is rendered here: the note's text is asked for
    separately (`noted`)."""
    loaded, problems, _ = read(path, text)
    valid = loaded if loaded is not None else valid_part(path, text, problems)
    comparisons = preview.comparisons(valid) if valid is not None else []
    return {"problems": shown(problems, path),
            "preview": render_template("preview.html", comparisons=comparisons, loaded=valid,
                                       partial=valid is not loaded)}


def noted(path: Path, text: str) -> dict[str, Any]:
    """The note as it will read, rendered with its template (once per input); while the form has
    errors, the note of its valid fields."""
    loaded, problems, renderable = read(path, text)
    failures = [p for p in problems if not p.warning]
    partial = loaded is None
    if partial:  # the form's own errors are shown beside its fields, not here
        loaded, failures = valid_part(path, text, problems), []
        renderable = loaded is not None and _renderable(loaded)
    blocks: list[preview.Block] = []
    if loaded is not None and renderable:
        try:
            blocks = state().notes.note(loaded, text)
        except ZapiskaError as exc:
            problems, failures = problems + exc.problems, exc.problems
    return {"problems": shown(problems, path),
            "note": render_template("note.html", blocks=blocks, loaded=loaded, partial=partial,
                                    failures=[p["message"] for p in shown(failures, None)])}


def _renderable(loaded: Loaded) -> bool:
    try:
        confined(loaded, _store().root)
    except ZapiskaError:
        return False
    return True


def submitted(path: Path) -> str:
    """The form's fields merged into the file, as it would be saved."""
    return dump(_store().merged(_store().read(path), form.parse(request.form)))


def index(typed: str | None = None, problem: str | None = None, status: int = 200):
    """The municipalities by their names with their periods (drafts marked), and a period to open:
    one of those there are, or a new one typed in words."""
    data = _store().data
    titles = {m: data.title(m) for m in data.municipalities()}
    municipalities = {m: (titles[m], [(p, draft.title(data.file(m, p))) for p in data.periods(m)])
                      for m in sorted(titles, key=lambda m: titles[m].casefold())}
    suggested = Period.last_half_year(datetime.date.today())
    known = sorted({p for _, periods in municipalities.values() for p, _ in periods} | {suggested}, reverse=True)
    return render_template("index.html", municipalities=municipalities, known=known, root=_store().root,
                           typed=suggested.title if typed is None else typed, problem=problem,
                           chosen=request.args.get("municipality")), status


def open_period():
    """The form of a municipality's period typed as a code or in words («1 полугодие 2026 г.»); the
    start page again, with what was typed and why it is not understood, when it is not."""
    municipality, typed = request.args.get("municipality", ""), request.args.get("period", "").strip()
    _store().data.folder(municipality)  # UnknownName (404) for anything but a municipality's folder
    try:
        period = str(Period.from_words(typed))
    except PeriodError as exc:
        return index(typed, str(exc), 404)
    _store().path(municipality, period)
    return redirect(url_for("report", municipality=municipality, period=period))


def report(municipality: str, period: str):
    path = _store().path(municipality, period)
    snapshot, text, pattern = page_text(path)
    data = typed_data(path, text)
    named = data.get("municipality") if isinstance(data, dict) else None
    name = named.get("name") if isinstance(named, dict) and isinstance(named.get("name"), str) else None
    return render_template("form.html", municipality=municipality, period=Period.parse(period), data=data,
                           name=name or _store().data.title(municipality), digest=snapshot.digest,
                           exists=snapshot.doc is not None, pattern=pattern, draft=draft.title(path),
                           pattern_title=Period.parse(pattern.stem).title if pattern else None,
                           can_pdf=can_pdf(), **checked(path, text))


def check(municipality: str, period: str):
    path = _store().path(municipality, period)
    return jsonify(checked(path, submitted(path)))


def note(municipality: str, period: str):
    path = _store().path(municipality, period)
    return jsonify(noted(path, submitted(path)))


def save(municipality: str, period: str):
    """Write the form into the file only when `zapiska check` would accept it; with errors only on
    the clerk's «Сохранить как черновик» (`_draft`), and then marked as a draft everywhere."""
    path = _store().path(municipality, period)
    text = submitted(path)
    errors = [p for p in read(path, text)[1] if not p.warning]
    as_draft = request.form.get("_draft") == "1"
    if errors and not as_draft:
        return jsonify({"error": f"Не сохранено: в форме {agree(len(errors), 'ошибка')}. Файл остался прежним, "
                                 "а ваши цифры — в форме и в этом браузере. Исправьте ошибки или сохраните "
                                 "как черновик.", "errors": len(errors), **checked(path, text)}), 422
    saved = _store().save(path, form.parse(request.form), request.form.get("_digest", ""))
    if errors:
        draft.mark(path, len(errors))
        message = (f"Сохранено как черновик с ошибками ({agree(len(errors), 'ошибка')}): "
                   "документ из него не сформировать")
    else:
        draft.unmark(path)
        message = "Сохранено"
    return jsonify({"digest": saved, "message": message, "draft": bool(errors),
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
        whole = broken_whole(problem)
        return {"field": ".".join(map(str, problem.loc)), "message": problem.message, "warning": problem.warning,
                **({"whole": ".".join(map(str, whole))} if whole else {})}
    if isinstance(problem.file, Path) and problem.file.is_relative_to(root):
        problem = replace(problem, file=problem.file.relative_to(root.parent))
    return {"field": None, "message": str(problem), "warning": problem.warning}


def broken_whole(problem: Problem) -> tuple | None:
    """The whole a «part larger than its whole» problem is also about (the form shows it under both):
    written.total for written.from_region; questions_total for the topics' sum."""
    if not problem.message.endswith(PART_OVER_WHOLE):
        return None
    spec = field_at(problem.loc)
    if spec is not None and spec.kind == "rows":  # a list's items together: the whole of its counts
        part = next((child for child in spec.children if child.whole), None)
        return whole_named(part.whole, (*problem.loc, 0, part.key), problem.message) if part and part.whole else None
    return whole_named(spec.whole, problem.loc, problem.message) if spec is not None and spec.whole else None
