"""Rate limits on the forms that guess or send secrets, and the reverse-proxy fix.

One ``Limiter`` per app, built in ``create_app`` and kept in ``app.extensions``: a
module-level Limiter is shared by every app of the process and its ``init_app``
overwrites the storage and the on/off switch of the apps built before (the tests build
several apps with different settings).

Limits count POST requests per client address (``request.remote_addr``; behind a
proxy, set ``PROXY_FIX_X_FOR`` so that it is the client's, not the proxy's):

- ``auth.login``: 10 per minute: a person who mistypes is never stopped, a password
  guesser gets 14 400 tries a day instead of millions (argon2id makes each one slow too).
- ``auth.forgot_password``: 5 per hour: each POST may send a mail; stops mail bombing.
- invitation, reset-link and password-change forms: 10 per minute (token or current
  password guessing).

Limits are per address, not per account, so that nobody can lock a person out of
their account by failing on purpose.

The actions of a logged-in person that mail other people are limited per account
(whatever the address): a help request mails up to five organisations, so a member may
launch ``RATELIMIT_HELP_REQUESTS`` (3 an hour, 10 a day); answers to help requests, the
coordination's relays of them and invitations share ``RATELIMIT_MAIL_ACTIONS`` (30 an
hour) each. The sponsorship requests of « Qui peut m'aider ? » and « Qui puis-je
aider ? » go to the coordination's queue, which must stay readable:
``RATELIMIT_SPONSOR_REQUESTS`` (10 an hour, 30 a day) each. Planning, changing or
cancelling a meeting mails the people expected: ``RATELIMIT_MAIL_ACTIONS`` each.

A personal calendar feed is read without a login, by GET: ``RATELIMIT_CALENDAR_FEED``
(60 an hour) per address, enough for any calendar application, not for a guesser.
"""

import math
import time

from flask import Flask
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

EXTENSION_KEY = "entraide_limiter"

# endpoint -> name of the setting holding its limit
LIMITED_ENDPOINTS = {
    "auth.login": "RATELIMIT_LOGIN",
    "auth.forgot_password": "RATELIMIT_PASSWORD_RESET",
    "auth.accept_invitation": "RATELIMIT_PASSWORD_FORMS",
    "auth.reset_password": "RATELIMIT_PASSWORD_FORMS",
    "auth.change_password": "RATELIMIT_PASSWORD_FORMS",
}

# endpoint -> setting, counted per logged-in account: actions that mail other people.
PER_ACCOUNT_ENDPOINTS = {
    "help_requests.new": "RATELIMIT_HELP_REQUESTS",
    "help_requests.answer": "RATELIMIT_MAIL_ACTIONS",
    "help_requests.relay": "RATELIMIT_MAIL_ACTIONS",
    "users.invite": "RATELIMIT_MAIL_ACTIONS",
    "helpfinder.ask": "RATELIMIT_SPONSOR_REQUESTS",
    "helpfinder.offer": "RATELIMIT_SPONSOR_REQUESTS",
    "followup_planning.plan": "RATELIMIT_MAIL_ACTIONS",
    "followup_planning.edit": "RATELIMIT_MAIL_ACTIONS",
    "followup_planning.cancel": "RATELIMIT_MAIL_ACTIONS",
    "group_planning.plan": "RATELIMIT_MAIL_ACTIONS",
    "group_planning.edit": "RATELIMIT_MAIL_ACTIONS",
    "group_planning.cancel": "RATELIMIT_MAIL_ACTIONS",
}

# endpoint -> setting, counted per client address on GET: pages read without a login.
GET_LIMITED_ENDPOINTS = {"calendars.feed": "RATELIMIT_CALENDAR_FEED"}

_PROXY_SETTINGS = {
    "x_for": "PROXY_FIX_X_FOR",
    "x_proto": "PROXY_FIX_X_PROTO",
    "x_host": "PROXY_FIX_X_HOST",
    "x_port": "PROXY_FIX_X_PORT",
    "x_prefix": "PROXY_FIX_X_PREFIX",
}


def init_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-* from the number of proxies configured (none by default)."""
    counts = {arg: int(app.config.get(key) or 0) for arg, key in _PROXY_SETTINGS.items()}
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)


def init_rate_limits(app: Flask) -> Limiter | None:
    """Build this app's limiter and wrap the limited views (after blueprint registration)."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return None
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX", "entraide"),
        strategy="fixed-window",
        headers_enabled=False,
    )
    limiter.init_app(app)
    for endpoint, setting in LIMITED_ENDPOINTS.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(app.config[setting], methods=["POST"])(view)
    for endpoint, setting in GET_LIMITED_ENDPOINTS.items():
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(app.config[setting], methods=["GET"])(view)
    for endpoint, setting in PER_ACCOUNT_ENDPOINTS.items():
        view = app.view_functions[endpoint]
        limit = limiter.limit(app.config[setting], key_func=_account_key, methods=["POST"])
        app.view_functions[endpoint] = limit(view)
    app.extensions[EXTENSION_KEY] = limiter

    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error: RateLimitExceeded):
        from .errors import _render

        response, code = _render(429)
        current = limiter.current_limit
        wait = current.window.reset_time - time.time() if current is not None else 60
        response = app.make_response((response, code))
        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return response

    return limiter


def _account_key() -> str:
    # The row id, not the email nor the session token: the key is stored in Redis.
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return get_remote_address()


def limiter_of(app: Flask) -> Limiter | None:
    return app.extensions.get(EXTENSION_KEY)
