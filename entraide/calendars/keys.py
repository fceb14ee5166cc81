"""The secret address of a person's calendar feed.

The address ends with a token of 64 hexadecimal characters: the account's
``calendar_key`` (32, random, stored) followed by an HMAC of it under the application's
``SECRET_KEY`` (32). The stored half finds the account; the other half is compared in
constant time. So the address can be shown again on « Mon compte » (it is computed), and a
copy of the database alone does not give anyone's address. Renewing draws a new key: the
old address answers 404. Changing ``SECRET_KEY`` changes every address (as it ends every
session).
"""

import hashlib
import hmac
import re

from flask import current_app
from sqlalchemy import select

from ..core.extensions import db
from ..models import User

KEY_LENGTH = 32
TOKEN = re.compile(r"[0-9a-f]{64}")


def _mac(key: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    if isinstance(secret, str):
        secret = secret.encode()
    digest = hmac.new(secret, f"calendar-feed:{key}".encode(), hashlib.sha256)
    return digest.hexdigest()[:KEY_LENGTH]


def token_of(user: User) -> str | None:
    """The token of the user's feed address, or None when the account has no feed."""
    if not has_feed(user):
        return None
    return user.calendar_key + _mac(user.calendar_key)


def has_feed(user: User) -> bool:
    """Members and the coordination; the funder follows figures, not meetings (no feed)."""
    return bool(user.active and user.calendar_key and not user.is_viewer)


def user_of(token: str) -> User | None:
    """The account whose feed this token opens; None for anything else (even malformed)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    key, mac = token[:KEY_LENGTH], token[KEY_LENGTH:]
    user = db.session.execute(select(User).where(User.calendar_key == key)).scalar_one_or_none()
    # Compared even when no account has the key, so that both answers take the same time.
    valid = hmac.compare_digest(mac, _mac(key))
    if user is None or not valid or not has_feed(user):
        return None
    return user
