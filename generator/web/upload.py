"""The form takes a register of appeals too: upload it, see the table of changes, confirm.

The same `importer.plan` and `importer.apply` as `zapiska import`: the upload is counted at
once (a register with errors shows them all and changes nothing); the counted files wait in
memory under a random token until the clerk confirms, and are written only if they did not
change meanwhile.
"""
from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from flask import Flask, render_template, request

from generator.core.errors import ZapiskaError
from generator.core.period import Period, PeriodError
from generator.register.plan import apply, plan
from generator.web.files import upload_name
from generator.web.state import state

MAX_REGISTER = 64 << 20  # a register of 100 000 rows is a few megabytes


def install(app: Flask) -> None:
    """The pages /<municipality>/import (upload) and /<municipality>/import/<token> (confirm)."""

    @app.get("/<municipality>/import")
    def import_form(municipality: str):
        state().store.data.periods(municipality)  # UnknownName (404) for a folder that is not there
        return _page(municipality)

    @app.post("/<municipality>/import")
    def import_upload(municipality: str):
        state().store.data.periods(municipality)
        request.max_content_length = MAX_REGISTER
        upload = request.files.get("register")
        if upload is None or not upload.filename:
            return _page(municipality, errors=["Выберите файл реестра (.xlsx, .xls, .ods или .csv)."])
        name = upload_name(upload.filename)  # never «..», a NUL or a name the file system refuses
        typed = request.form.get("period", "").strip()
        try:
            period = str(Period.from_words(typed)) if typed else None  # «1 полугодие 2021» as on the start page
        except PeriodError as exc:
            return _page(municipality, errors=[str(exc)])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            upload.save(path)
            try:
                planned = plan(path, state().store.root / municipality, period, None, bool(request.form.get("skip")))
            except ZapiskaError as exc:
                return _page(municipality, errors=[str(p) for p in exc.problems])
        token = secrets.token_urlsafe(16)
        state().keep(token, planned)
        return _page(municipality, planned=planned, token=token)

    @app.post("/<municipality>/import/<token>")
    def import_confirm(municipality: str, token: str):
        state().store.data.periods(municipality)
        planned = state().take(token)
        if planned is None or planned.files[0].path.parent.name != municipality:
            return _page(municipality, errors=["Этот подсчет уже записан или устарел: загрузите реестр еще раз."])
        try:
            written = apply(planned)
        except ZapiskaError as exc:
            return _page(municipality, errors=[str(p) for p in exc.problems])
        return _page(municipality, planned=planned, written=[p.name for p in written])

    def _page(municipality: str, **values):
        """The page, naming the municipality, with the period as typed (kept after an error)."""
        status = 422 if values.get("errors") else 200
        return render_template("import.html", municipality=municipality, title=state().store.data.title(municipality),
                               typed=request.form.get("period", ""), **values), status
