"""Creating, inviting and deactivating accounts.

An address is unique by the database (a second invitation at the same moment is refused
at commit). Deactivating locks both accounts, by id (see ``core.locks``), and checks the
person acting is still active: two coordinators cannot deactivate each other at once.
"""

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock_all
from ..models import User
from ..models.audit import record


def create_user(
    actor, email: str, role: str, *, name: str = "", organisation=None, password: str | None = None
) -> User:
    """Add an account; without a password it waits for its invitation link."""
    email = email.strip().lower()
    if db.session.execute(db.select(User.id).filter_by(email=email)).first():
        raise UserError("Un compte existe déjà pour cette adresse.")
    if (role == "member") != (organisation is not None):
        raise UserError("Un membre, et seulement un membre, est rattaché à une organisation.")
    user = User(email=email, role=role, name=name, organisation=organisation, active=True)
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    record(
        actor,
        user,
        "user.create",
        after={"role": role, "organisation_id": getattr(organisation, "id", None)},
    )
    return user


def set_active(user: User, actor, active: bool) -> None:
    """Deactivate (sessions end at once) or reactivate an account."""
    acting = db.session.get(User, actor.id) if actor is not None else None
    lock_all({user, acting} - {None})
    if acting is not None and not acting.active:
        raise UserError("Votre compte vient d'être désactivé : cette action n'est plus possible.")
    if user.active != active:
        user.active = active
        user.rotate_session()
        record(actor, user, "user.activate" if active else "user.deactivate")
