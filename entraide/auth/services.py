"""Account state changes: login bookkeeping, passwords, invitations and resets."""

import logging

from ..core.extensions import db
from ..core.links import absolute_url
from ..core.mail import send_mail
from ..models import User
from ..models._base import utcnow
from ..models.user import check_dummy_password
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


def send_invitation(user: User) -> tuple[bool, str]:
    """Email the invitation; return (sent by SMTP, link) so the page can show the link."""
    link = invitation_link(user)
    organisation = f" pour {user.organisation.name}" if user.organisation else ""
    body = (
        f"Bonjour{(' ' + user.name) if user.name else ''},\n\n"
        f"La coordination du réseau des SCIC du Pas-de-Calais vous invite à rejoindre "
        f"Entraide{organisation}, l'outil d'entraide et de parrainage du réseau.\n\n"
        f"Pour choisir votre mot de passe et activer votre compte, ouvrez ce lien "
        f"(valable 7 jours) :\n{link}\n\n"
        "Si vous n'attendiez pas ce message, ignorez-le.\n\n"
        "La coordination du réseau des SCIC du Pas-de-Calais\n"
    )
    return send_mail(user.email, "Invitation à rejoindre Entraide", body), link


def send_password_reset(email: str) -> None:
    """Send a reset link if the address belongs to an active account; say nothing otherwise."""
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
    if user is None or not user.active:
        return
    link = absolute_url("auth.reset_password", token=make_token(user, "reset"))
    body = (
        "Bonjour,\n\n"
        "Une demande de nouveau mot de passe a été faite pour votre compte Entraide.\n"
        f"Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 2 heures) :\n{link}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de "
        "passe actuel reste valable.\n\n"
        "La coordination du réseau des SCIC du Pas-de-Calais\n"
    )
    send_mail(user.email, "Nouveau mot de passe Entraide", body)
