"""A session lasts 12 hours from the login, whatever the activity (no sliding expiry).

Flask re-signs the session cookie whenever the session changes (a flash message is
enough), which would renew its signed age; the login time kept inside the session is
what ends it. ``SESSION_REFRESH_EACH_REQUEST`` is off so that the cookie's own expiry
stays the one set at login.
"""

import time

from flask import current_app, session
from flask_login import login_user

LOGIN_AT = "login_at"


def start(user) -> None:
    """A fresh session on every login: nothing from before survives (session fixation)."""
    session.clear()
    login_user(user)
    session.permanent = True
    session[LOGIN_AT] = int(time.time())


def expired() -> bool:
    """True when this session began longer ago than PERMANENT_SESSION_LIFETIME, or never."""
    started = session.get(LOGIN_AT)
    if not isinstance(started, int):
        return True
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return not 0 <= time.time() - started <= lifetime
