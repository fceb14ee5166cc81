"""Security headers, per-response cache rules, and the refusal of untrusted hosts."""

from flask import Flask, request
from flask.globals import request_ctx
from flask_login import current_user
from werkzeug.exceptions import SecurityError

from ..core.links import base_url_adapter

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

# No page uses any of these browser features: none may be asked for, even by injected code.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), "
    "display-capture=(), browsing-topics=()"
)


def refuse_untrusted_host():
    """A ``Host`` outside ``TRUSTED_HOSTS``: the French 400 page, before anything else runs.

    Flask only records the refusal (``routing_exception``) and leaves the request without
    a URL adapter, so the page could not build its links: it gets one bound to BASE_URL.
    """
    error = request.routing_exception
    if isinstance(error, SecurityError):
        request_ctx.url_adapter = base_url_adapter()
        raise error


def register_security(app: Flask) -> None:
    # First of the before_request functions: CSRF, limits and the views never see the host.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)

    @app.after_request
    def set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Pages built for a logged-in person must not stay in shared caches. A response
        # that chose "private" itself (a personal calendar feed, read without a login)
        # keeps it: only its reader's own calendar may keep it.
        private = headers.get("Cache-Control", "").startswith("private")
        if (
            current_user.is_authenticated
            and not private
            and not request.path.startswith("/static/")
        ):
            headers["Cache-Control"] = "no-store"
        return response
