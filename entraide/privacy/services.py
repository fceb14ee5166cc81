"""Export everything about one person; pseudonymise them on request.

Choices, for the next reader:
- The export follows every column that points at ``user_account.id`` (found in the
  metadata, so a new table with a ``created_by_id`` is exported without a change here),
  plus the audit entries about the account itself. Secrets (password hash, session
  token) are never exported.
- Mails queued or sent to the address are exported without their bodies (a link may
  still be valid) and deleted on erasure.
- The account's own columns are exported as they are, the « personne de contact pour
  l'entraide » choice (``entraide_contact``) and the phone number (``phone``, ten
  national digits) included; ``contact_for`` adds, in French, who sees them.
- Erasure pseudonymises the account instead of deleting it: pairings, follow-ups and
  help answers are decisions of the organisation, and reports, aggregates and the audit
  trail must still add up. The row keeps its id, so links (``created_by_id``,
  ``actor_id``) still point at it, but it no longer says who the person was. Free text
  written by the person stays: it belongs to the organisation's file; the coordination
  edits it by hand if it names the person.
"""

import logging
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from ..core.errors import UserError
from ..core.extensions import db
from ..models import AuditEntry, User
from ..models.audit import record
from ..outbox import services as outbox

log = logging.getLogger(__name__)

ERASED_NAME = "Personne supprimée"
_SECRET_COLUMNS = {"password_hash", "session_token"}


def find_person(email: str) -> User:
    email = email.strip().lower()
    user = db.session.execute(select(User).filter_by(email=email)).scalar_one_or_none()
    if user is None:
        raise UserError(f"Aucun compte pour l'adresse « {email} ».")
    return user


def erased_email(user: User) -> str:
    return f"supprime-{user.id}@invalid"


def export_person(user: User) -> dict:
    """Everything stored about this person, as JSON-ready data."""
    account = {
        column.name: _plain(getattr(user, column.key))
        for column in User.__table__.columns
        if column.name not in _SECRET_COLUMNS
    }
    account["has_password"] = user.has_password
    organisation = None
    if user.organisation is not None:
        org_table = user.organisation.__table__
        organisation = {c.name: _plain(getattr(user.organisation, c.key)) for c in org_table.c}
    about_account = db.session.execute(
        select(AuditEntry.__table__).where(
            AuditEntry.object_type == "User", AuditEntry.object_id == user.id
        )
    )
    return {
        "format": "entraide-export-personne/1",
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "account": account,
        "organisation": organisation,
        "contact_for": _contact_for(user),
        "audit_about_account": [_row(row) for row in about_account.mappings()],
        "contributions": _rows_pointing_at(user.id),
        # Mails of the outbox to the address, without their bodies (links, tokens).
        "mails": outbox.mails_to(user.email),
    }


def _contact_for(user: User) -> str:
    """Who sees the person's name, address and phone as a contact (the export says so)."""
    if user.is_member and user.entraide_contact and user.active:
        return (
            "Personne de contact pour l'entraide : nom, adresse électronique et téléphone "
            "montrés aux organisations partenaires de la sienne (parrainages, groupe "
            "territorial, appels à l'entraide) et à la coordination."
        )
    return (
        "Pas personne de contact pour l'entraide : montrée à sa seule organisation et à "
        "la coordination."
    )


def erase_person(user: User, actor=None) -> None:
    """Pseudonymise the account: no name, no address, no password, no session."""
    if user.is_coordinator:
        # Lock the active coordination accounts (by id, see core.locks): two erasures at
        # once cannot both take the other for the one left.
        db.session.execute(
            select(User.id)
            .where(User.role == "coordinator", User.active.is_(True))
            .order_by(User.id)
            .with_for_update(key_share=True)
        ).all()
        others = db.session.execute(
            select(User.id).where(
                User.role == "coordinator", User.active.is_(True), User.id != user.id
            )
        ).first()
        if others is None:
            raise UserError(
                "C'est le dernier compte de coordination actif : créez-en un autre d'abord."
            )
    outbox.forget_recipient(user.email)  # the address goes from the mail queue too
    user.email = erased_email(user)
    user.name = ERASED_NAME
    # No longer anyone's contact person: its phone goes, its partners stop seeing it.
    user.phone = None
    user.entraide_contact = False
    user.password_hash = None
    user.active = False
    user.rotate_session()
    # The entry names the account by id only: nothing personal goes into the trail.
    record(actor, user, "user.erase")
    log.info("user %s erased (pseudonymised)", user.id)


def _rows_pointing_at(user_id: int) -> dict[str, list[dict]]:
    """Rows of every table with a column referring to this user, by table and column."""
    found: dict[str, list[dict]] = {}
    user_id_column = User.__table__.c.id
    for table in db.metadata.sorted_tables:
        if table is User.__table__:
            continue
        for column in table.columns:
            if not any(fk.column is user_id_column for fk in column.foreign_keys):
                continue
            rows = db.session.execute(
                select(table).where(column == user_id).order_by(*table.primary_key.columns)
            ).mappings()
            exported = [_row(row) for row in rows]
            if exported:
                found[f"{table.name}.{column.name}"] = exported
    return found


def _row(mapping) -> dict:
    return {key: _plain(value) for key, value in mapping.items()}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
