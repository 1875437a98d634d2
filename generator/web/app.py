"""`zapiska serve`: the clerk's form over the data folder (Flask, served by waitress).

The pages are thin: the model, the checks, the comparisons, the wording and the template are
the same functions `zapiska check` and `zapiska build` use. Every failure a request can cause
gets a Russian message, never a traceback.
"""
from __future__ import annotations

import datetime
import io
import logging
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from ..build import can_pdf
from ..errors import ConflictError, Problem, ZapiskaError, os_message
from ..load import Loaded, load, load_text, typed_data
from ..period import Period
from ..render import TEMPLATES_DIR, resolve_template
from ..text import NBSP
from . import form, guard, preview, upload
from .store import Snapshot, Store, UnknownName, dump

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MAX_REQUEST = 1 << 20  # a filled form is a few kilobytes

HTTP_MESSAGES = {
    400: "Неверный запрос: форма пришла неполной или искаженной. Обновите страницу.",
    403: "Запрос пришел не со страницы формы (с другого сайта?) и не выполнен. Откройте форму заново.",
    404: "Такой страницы нет.",
    405: "Такой запрос эта страница не принимает.",
    421: "Форма отвечает только по адресу, с которым она запущена (например, http://127.0.0.1:8000/).",
}

log = logging.getLogger(__name__)


def create_app(data_dir: Path, host: str = "127.0.0.1") -> Flask:
    """The form over `data_dir`, answering to the names of `host` (the address it is served on)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST
    guard.install(app, host)
    store = Store(data_dir)
    upload.install(app, store)  # a register of appeals -> the figures (zapiska import)
    app.jinja_env.globals.update(shown=form.shown, cards=form.cards, label=form.label)

    def page_text(path: Path) -> tuple[Snapshot, str, Path | None]:
        """The file as it is, or for a new period the structure of an earlier one in the blank
        of `zapiska init`; and the earlier file's path."""
        snapshot = store.read(path)
        if snapshot.doc is not None:
            return snapshot, snapshot.text, None
        pattern = store.pattern(path)
        skeleton = form.skeleton(typed_data(pattern.path, pattern.text)) if pattern else {}
        return snapshot, dump(store.merged(snapshot, skeleton)), pattern.path if pattern else None

    def read(path: Path, text: str) -> tuple[Loaded | None, list[Problem], bool]:
        """The YAML `text` at `path` read as `zapiska check` reads it, its problems, and whether
        its template may be rendered here."""
        try:
            loaded = load_text(path, text)
        except ZapiskaError as exc:
            return None, exc.problems, False
        try:
            _confined(loaded, store.root)
        except ZapiskaError as exc:
            return loaded, loaded.warnings + exc.problems, False
        return loaded, loaded.warnings, True

    def shown(problems: list[Problem], path: Path | None) -> list[dict[str, Any]]:
        return [_shown_problem(p, path, store.root) for p in problems]

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
                blocks = preview.note(loaded, text)
            except ZapiskaError as exc:
                problems, failures = problems + exc.problems, exc.problems
        return {"problems": shown(problems, path),
                "note": render_template("note.html", blocks=blocks, loaded=loaded,
                                        failures=[p["message"] for p in shown(failures, None)])}

    def submitted(path: Path) -> str:
        """The form's fields merged into the file, as it would be saved."""
        return dump(store.merged(store.read(path), form.parse(request.form)))

    @app.get("/")
    def index():
        titles = {m: store.title(m) for m in store.municipalities()}
        municipalities = {m: (titles[m], store.periods(m)) for m in sorted(titles, key=lambda m: titles[m].casefold())}
        return render_template("index.html", municipalities=municipalities,
                               suggested=Period.last_half_year(datetime.date.today()), root=store.root)

    @app.get("/open")
    def open_period():
        municipality, period = request.args.get("municipality", ""), request.args.get("period", "").strip()
        store.path(municipality, period)
        return redirect(url_for("report", municipality=municipality, period=period))

    @app.get("/<municipality>/<period>")
    def report(municipality: str, period: str):
        path = store.path(municipality, period)
        snapshot, text, pattern = page_text(path)
        return render_template("form.html", municipality=municipality, period=Period.parse(period),
                               data=typed_data(path, text), digest=snapshot.digest, exists=snapshot.doc is not None,
                               pattern=pattern,
                               can_pdf=can_pdf(),
                               file=path.relative_to(store.root.parent), **checked(path, text))

    @app.post("/<municipality>/<period>/check")
    def check(municipality: str, period: str):
        path = store.path(municipality, period)
        return jsonify(checked(path, submitted(path)))

    @app.post("/<municipality>/<period>/preview")
    def note(municipality: str, period: str):
        path = store.path(municipality, period)
        return jsonify(noted(path, submitted(path)))

    @app.post("/<municipality>/<period>/save")
    def save(municipality: str, period: str):
        path = store.path(municipality, period)
        saved = store.save(path, form.parse(request.form), request.form.get("_digest", ""))
        return jsonify({"digest": saved, "message": f"Сохранено в {path.relative_to(store.root.parent)}",
                        **checked(path, store.read(path).text)})

    @app.get("/<municipality>/<period>/docx")
    def docx(municipality: str, period: str):
        return download(municipality, period, as_pdf=False)

    @app.get("/<municipality>/<period>/pdf")
    def pdf(municipality: str, period: str):
        return download(municipality, period, as_pdf=True)

    def download(municipality: str, period: str, as_pdf: bool):
        """The saved file built as `zapiska build` builds it (and converted, for PDF)."""
        loaded = load(store.path(municipality, period))
        _confined(loaded, store.root)
        with tempfile.TemporaryDirectory() as folder:
            out = preview.build(loaded, Path(folder), pdf=as_pdf)
            content = out.read_bytes()
        return send_file(io.BytesIO(content), mimetype=PDF if as_pdf else DOCX, as_attachment=True,
                         download_name=out.name)

    @app.errorhandler(ZapiskaError)
    def input_error(exc: ZapiskaError):
        status = 404 if isinstance(exc, UnknownName) else 409 if isinstance(exc, ConflictError) else 422
        return _error(status, [_shown_problem(p, None, store.root)["message"] for p in exc.problems])

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.code == 413:  # the form and a register upload have limits of their own
            limit = (request.max_content_length or MAX_REQUEST) >> 20
            return _error(413, [f"Слишком большой запрос: больше {limit}{NBSP}МБ не принимается."])
        return _error(exc.code or 500, [HTTP_MESSAGES.get(exc.code or 0, "Запрос не выполнен.")])

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("ошибка при обработке %s %s", request.method, request.path)
        return _error(500, ["Внутренняя ошибка программы; подробности записаны в журнал сервера."])

    return app


def _confined(loaded: Loaded, root: Path) -> None:
    """The form renders only templates inside the data folder or the bundled ones: a `template:`
    in a file must not make it read a .docx anywhere on the disk."""
    template = resolve_template(loaded)
    resolved = template.resolve()
    if template.is_symlink() or not any(resolved.is_relative_to(folder) for folder in (root, TEMPLATES_DIR.resolve())):
        raise ZapiskaError([Problem(loaded.path, 0, 0, f"шаблон {template} лежит вне папки с данными: форма "
                                                       "берет шаблоны только из нее (или встроенные)")])


def _shown_problem(problem: Problem, path: Path | None, root: Path) -> dict[str, Any]:
    """A problem as the page shows it: next to its field when it is about the form's file,
    else only in the summary beside the form, with the file (as data/…), line and column."""
    if path is not None and problem.file == path and problem.loc:
        return {"field": ".".join(map(str, problem.loc)), "message": problem.message, "warning": problem.warning}
    if isinstance(problem.file, Path) and problem.file.is_relative_to(root):
        problem = replace(problem, file=problem.file.relative_to(root.parent))
    return {"field": None, "message": str(problem), "warning": problem.warning}


def _error(status: int, messages: list[str]):
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"error": "\n".join(messages)}), status
    return render_template("error.html", status=status, messages=messages), status


def make_server(data_dir: Path, host: str, port: int):
    """A waitress server for the form; ZapiskaError when the folder or the port is unusable."""
    from waitress import create_server

    if not Path(data_dir).is_dir():
        raise ZapiskaError(f"папка с данными не найдена: {data_dir} (укажите ее: --data ПАПКА)")
    try:
        return create_server(create_app(Path(data_dir), host), host=host, port=port, threads=4)
    except ValueError:  # waitress could not resolve the name
        raise ZapiskaError(f"не удалось открыть {host}:{port}: такого адреса нет (укажите, например, "
                           "--host 127.0.0.1)") from None
    except OSError as exc:
        raise ZapiskaError(f"не удалось открыть {host}:{port}: {os_message(exc)} "
                           "(укажите другой порт: --port 8001)") from None
