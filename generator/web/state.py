"""What one form server holds between requests, kept on its Flask app (not in module globals):
the data folder, the notes rendered, the counted registers waiting for confirmation."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from generator.register.plan import Plan
from generator.web.files import Store
from generator.web.preview import Notes

KEPT_UPLOADS = 20  # counted uploads waiting for confirmation; the oldest is dropped


@dataclass
class FormState:
    store: Store
    notes: Notes = field(default_factory=Notes)
    pending: dict[str, Plan] = field(default_factory=dict)  # counted registers by their random token
    pending_lock: threading.Lock = field(default_factory=threading.Lock)

    def keep(self, token: str, planned: Plan) -> None:
        with self.pending_lock:
            self.pending[token] = planned
            while len(self.pending) > KEPT_UPLOADS:
                del self.pending[next(iter(self.pending))]

    def take(self, token: str) -> Plan | None:
        with self.pending_lock:
            return self.pending.pop(token, None)


def attach(app: Flask, data_dir: Path) -> FormState:
    state = FormState(Store(data_dir))
    app.extensions["zapiska"] = state
    return state


def state() -> FormState:
    """The state of the app serving the current request."""
    found: FormState = current_app.extensions["zapiska"]
    return found
