"""Security headers and per-response cache rules."""

from flask import Flask, request
from flask_login import current_user

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


def register_security(app: Flask) -> None:
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
        # Pages built for a logged-in person must not stay in shared caches.
        if current_user.is_authenticated and not request.path.startswith("/static/"):
            headers["Cache-Control"] = "no-store"
        return response
