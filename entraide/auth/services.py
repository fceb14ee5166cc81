"""Account state changes: login bookkeeping, passwords, invitations and resets."""

import logging

from ..core.extensions import db
from ..core.links import absolute_url
from ..models import User
from ..models._base import utcnow
from ..models.user import check_dummy_password
from ..outbox.services import queue_mail
from .tokens import make_token

log = logging.getLogger(__name__)


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, spending equal time otherwise."""
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
    if user is None or not user.active or not user.has_password:
        check_dummy_password(password)
        return None
    return user if user.check_password(password) else None


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def end_sessions(user: User) -> None:
    """Invalidate every session of this user (logout, password change)."""
    user.rotate_session()


def set_password(user: User, password: str) -> None:
    user.set_password(password)
    log.info("password set for user %s", user.id)


def invitation_link(user: User) -> str:
    return absolute_url("auth.accept_invitation", token=make_token(user, "invite"))


def queue_invitation(user: User) -> str:
    """Queue the invitation mail (it goes with the caller's commit); return its link, which
    the page shows when no mail server is configured."""
    if user.id is None:
        db.session.flush()  # the link names the account by id
    link = invitation_link(user)
    queue_mail(user.email, "email/invitation.txt", user=user, link=link)
    return link


def queue_password_reset(email: str) -> None:
    """Queue a reset link if the address belongs to an active account; say nothing otherwise.

    Only a row is written, never SMTP: the answer does not wait for a mail server, and
    a known address costs one insert more than an unknown one (milliseconds).
    """
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
    if user is None or not user.active:
        return
    link = absolute_url("auth.reset_password", token=make_token(user, "reset"))
    queue_mail(user.email, "email/password_reset.txt", link=link)
