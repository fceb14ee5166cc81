"""Creating, inviting and deactivating accounts."""

from ..core.errors import UserError
from ..core.extensions import db
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
    if user.active != active:
        user.active = active
        user.rotate_session()
        record(actor, user, "user.activate" if active else "user.deactivate")
