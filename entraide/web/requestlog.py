"""One log line per request: method, path, status, duration and the account's row id.

No personal data: no address, no email, no query string (searches hold names), and a
path carrying a secret (an invitation or reset token) is logged as its route pattern.
"""

import logging
import time

from flask import Flask, g, request
from flask_login import current_user

log = logging.getLogger("entraide.request")


def _logged_path() -> str:
    rule = request.url_rule
    if rule is not None and "token" in (request.view_args or {}):
        return rule.rule
    return request.path


def register_request_log(app: Flask) -> None:
    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        duration = round((time.perf_counter() - started) * 1000, 1) if started else None
        user_id = current_user.id if current_user.is_authenticated else None
        fields = {
            "method": request.method,
            "path": _logged_path(),
            "status": response.status_code,
            "duration_ms": duration,
            "user_id": user_id,
        }
        log.info("%s %s %s %sms user=%s", *fields.values(), extra=fields)
        return response
