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
from ..phone import normalise_phone


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


def update_account(
    user: User, actor, *, name: str, entraide_contact: bool = False, phone: str | None = None
) -> None:
    """A person's own choices: name, contact for the entraide (members only), phone.

    The audit entry names what changed, never the values (a phone, a name): the journal
    is read by the coordination, the person's data stays on its account.
    """
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise UserError("Indiquez votre nom (120 caractères au plus).", 422)
    try:
        phone = normalise_phone(phone)
    except ValueError as error:
        raise UserError(str(error), 422) from None
    contact = bool(entraide_contact) and user.is_member
    changed = [
        field
        for field, value in (("name", name), ("phone", phone))
        if getattr(user, field) != value
    ]
    before_contact = user.entraide_contact
    user.name, user.phone, user.entraide_contact = name, phone, contact
    if changed or before_contact != contact:
        record(
            actor,
            user,
            "user.update",
            before={"entraide_contact": before_contact},
            after={"entraide_contact": contact, "changed": changed},
        )
