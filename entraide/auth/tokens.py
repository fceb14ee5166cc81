"""Signed, expiring, single-use links (invitation, password reset)."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..core.extensions import db
from ..models import User


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"entraide-{purpose}")


def _password_fingerprint(user: User) -> str:
    # Setting a password changes the fingerprint, so a used link stops working.
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def load_token(token: str, purpose: str, max_age: int) -> tuple[User | None, str | None]:
    """Return the user the link is for, or a French reason why it is refused."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        return None, "Ce lien a expiré : demandez-en un nouveau."
    except BadSignature:
        return None, "Ce lien n'est pas valide."
    if not isinstance(data, dict):
        return None, "Ce lien n'est pas valide."
    user = db.session.get(User, data.get("uid")) if isinstance(data.get("uid"), int) else None
    if user is None or not user.active or data.get("pw") != _password_fingerprint(user):
        return None, "Ce lien n'est plus valide : il a déjà servi ou le compte a changé."
    return user, None
