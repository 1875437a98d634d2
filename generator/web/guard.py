"""Who may talk to the form: only the host names the server was started for (a page that
rebinds its own name to 127.0.0.1 gets nothing), and only the form's own pages may write
(another site open in the clerk's browser cannot save or check through it) or start a build
with a download link.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import Flask, abort, request

LOCAL = {"127.0.0.1", "localhost", "::1"}
EVERY_ADDRESS = {"0.0.0.0", "::", ""}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
BUILDS = ("/docx", "/pdf")  # GETs that start work (a build, LibreOffice): not from a link on another site


def host_names(host: str) -> set[str] | None:
    """The names a browser may use for a server bound to `host`; None means any IP address
    and this computer's names (a server open to the whole network)."""
    if host in EVERY_ADDRESS:
        return None
    return LOCAL if host in LOCAL else {host.lower()}


def _name(host_header: str) -> str:
    """"[::1]:8000" → "::1", "Example:80" → "example"."""
    name = host_header.strip().lower()
    if name.startswith("["):
        return name[1:].split("]", 1)[0]
    return name.rsplit(":", 1)[0] if name.count(":") == 1 else name


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _host_allowed(name: str, names: set[str] | None) -> bool:
    if names is not None:
        return name in names
    return _is_address(name) or name in LOCAL or name in {socket.gethostname().lower(), socket.getfqdn().lower()}


def _same_site() -> bool:
    """A browser says where a request comes from: Sec-Fetch-Site, or at least Origin. A request
    that says neither is not from the form's page."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc.lower() == request.host.lower()


def install(app: Flask, host: str) -> None:
    """Refuse foreign Host headers (421) and cross-site writes (403) before any page runs."""
    names = host_names(host)

    @app.before_request
    def guard() -> None:
        if not _host_allowed(_name(request.host), names):
            abort(421)
        if request.method not in SAFE_METHODS and not _same_site():
            abort(403)
        site = request.headers.get("Sec-Fetch-Site", "none")  # a typed address says "none"
        if request.path.endswith(BUILDS) and site not in ("same-origin", "none"):
            abort(403)
