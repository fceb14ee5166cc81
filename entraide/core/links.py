"""Absolute links (mails, anything read outside the site) built from ``BASE_URL`` only.

Never from the request: its ``Host`` header is chosen by whoever sends it, and a reset
link built from it would carry a valid token to their server. ``BASE_URL`` gives scheme,
host, port and an optional path prefix (``https://exemple.org/entraide``).
"""

from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import MapAdapter

from .config import check_base_url


def base_url_adapter(app: Flask | None = None) -> MapAdapter:
    """The app's URL map bound to ``BASE_URL``, in or out of a request."""
    app = app or current_app
    parts = urlsplit(check_base_url(app.config["BASE_URL"]))
    return app.url_map.bind(
        parts.netloc,
        script_name=parts.path.rstrip("/") or "/",
        url_scheme=parts.scheme,
        subdomain=app.url_map.default_subdomain or "",
    )


def absolute_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute address under ``BASE_URL``."""
    app = current_app._get_current_object()
    app.inject_url_defaults(endpoint, values)
    return base_url_adapter(app).build(endpoint, values, force_external=True)
