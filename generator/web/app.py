"""`zapiska serve`: the clerk's form over the data folder (Flask, served by waitress).

The pages are thin: the model, the checks, the comparisons, the wording and the template are
the same functions `zapiska check` and `zapiska build` use. Every failure a request can cause
gets a Russian message, never a traceback.
"""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from generator.core.errors import ConflictError, ZapiskaError, os_message
from generator.core.period import NBSP
from generator.store.folder import UnknownName
from generator.web import form, guard, pages, upload
from generator.web.pages import shown_problem
from generator.web.state import attach, state

MAX_REQUEST = 1 << 20  # a filled form is a few kilobytes
# waitress: threads for a few clerks' slow requests (a preview, an upload over a slow line);
# connections are read without a thread, so many idle ones are allowed and closed when silent.
SERVER = {"threads": 12, "connection_limit": 1000, "channel_timeout": 30, "cleanup_interval": 5}

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
    attach(app, data_dir)
    pages.install(app)
    upload.install(app)  # a register of appeals -> the figures (zapiska import)
    app.jinja_env.globals.update(shown=form.shown, cards=form.cards, label=form.label)
    app.register_error_handler(ZapiskaError, _input_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    return app


def _input_error(exc: ZapiskaError):
    status = 404 if isinstance(exc, UnknownName) else 409 if isinstance(exc, ConflictError) else 422
    return _error(status, [shown_problem(p, None, state().store.root)["message"] for p in exc.problems])


def _http_error(exc: HTTPException):
    if exc.code == 413:  # the form and a register upload have limits of their own
        limit = (request.max_content_length or MAX_REQUEST) >> 20
        return _error(413, [f"Слишком большой запрос: больше {limit}{NBSP}МБ не принимается."])
    return _error(exc.code or 500, [HTTP_MESSAGES.get(exc.code or 0, "Запрос не выполнен.")])


def _unexpected(exc: Exception):
    log.exception("ошибка при обработке %s %s", request.method, request.path)
    return _error(500, ["Внутренняя ошибка программы; подробности записаны в журнал сервера."])


def _error(status: int, messages: list[str]):
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"error": "\n".join(messages)}), status
    return render_template("error.html", status=status, messages=messages), status


def make_server(data_dir: Path, host: str, port: int):
    """A waitress server for the form; ZapiskaError when the folder or the port is unusable."""
    from waitress import create_server  # the server only when serving: the tests' app needs none

    if not Path(data_dir).is_dir():
        raise ZapiskaError(f"папка с данными не найдена: {data_dir} (укажите ее: --data ПАПКА)")
    try:
        return create_server(create_app(Path(data_dir), host), host=host, port=port, **SERVER)
    except ValueError:  # waitress could not resolve the name
        raise ZapiskaError(f"не удалось открыть {host}:{port}: такого адреса нет (укажите, например, "
                           "--host 127.0.0.1)") from None
    except OSError as exc:
        raise ZapiskaError(f"не удалось открыть {host}:{port}: {os_message(exc)} "
                           "(укажите другой порт: --port 8001)") from None
