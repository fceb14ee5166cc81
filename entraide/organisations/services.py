"""State changes on organisations: create, update, archive, restore.

A name is unique by the database (``name_key``); archiving and restoring lock the row and
read it again (see ``core.locks``), so that the same change made twice at once is
recorded once.
"""

import logging

from ..core.extensions import db
from ..core.locks import lock
from ..models import Organisation
from ..models._base import utcnow
from ..models.audit import record
from ..text import clean_name, confusable_skeleton, name_shape_problem, normalise_key

log = logging.getLogger(__name__)

# Fields written by the profile form and the import (in_difficulty and member_since are
# the coordinator's).
PROFILE_FIELDS = (
    "status",
    "commune_insee",
    "town_label",
    "latitude",
    "longitude",
    "year_created",
    "member_since",
    "sector",
    "legal_form",
    "colleges",
    "employees",
    "members_count",
    "description",
    "website",
    "contact_email",
    "mentor_capacity",
    "proposable_sponsor",
    "public_directory",
    "in_difficulty",
)


def find_by_name(name: str) -> Organisation | None:
    key = normalise_key(name)
    return db.session.execute(db.select(Organisation).filter_by(name_key=key)).scalar_one_or_none()


def name_problem(name: str, exclude_id: int | None = None) -> str | None:
    """Why ``name`` cannot be given to an organisation (other than ``exclude_id``), or None."""
    if problem := name_shape_problem(name or ""):
        return problem
    key = normalise_key(clean_name(name))
    others = db.select(Organisation).where(Organisation.id != (exclude_id or 0))
    if db.session.execute(others.filter_by(name_key=key)).first():
        return "Une organisation porte déjà ce nom."
    skeleton = confusable_skeleton(key)
    twin = db.session.execute(others.filter_by(name_skeleton=skeleton)).scalar_one_or_none()
    if twin is not None:
        return (
            f"Ce nom ressemble trop à celui de « {twin.name} » (lettres d'un autre alphabet "
            "ou chiffres à la place de lettres) : choisissez un nom qui s'en distingue."
        )
    return None


def snapshot(org: Organisation) -> dict:
    """The audited view of an organisation (no personal data beyond the contact email)."""
    data = {field: getattr(org, field) for field in PROFILE_FIELDS}
    data["name"] = org.name
    if org.member_since is not None:  # the audit trail keeps JSON
        data["member_since"] = org.member_since.isoformat()
    return data


def create_organisation(actor, name: str, **fields) -> Organisation:
    """Add a new organisation."""
    org = Organisation(
        status="scic",
        sector="autre",
        mentor_capacity=0,
        proposable_sponsor=False,
        public_directory=False,
        in_difficulty=False,
    )
    org.set_name(name)
    _apply(org, fields)
    db.session.add(org)
    record(actor, org, "organisation.create", after=snapshot(org))
    log.debug("organisation %s created", org.id)
    return org


def update_organisation(org: Organisation, actor, name: str | None = None, **fields) -> None:
    """Change an organisation's profile; unknown keys are a programming error."""
    before = snapshot(org)
    if name is not None:
        org.set_name(name)
    _apply(org, fields)
    after = snapshot(org)
    if after != before:
        changed = {key for key in after if after[key] != before[key]}
        record(
            actor,
            org,
            "organisation.update",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )


def archive_organisation(org: Organisation, actor) -> None:
    """Archive: hidden from lists and matching, kept for the history and the reports."""
    if lock(org) is not None and org.archived_at is None:
        org.archived_at = utcnow()
        record(actor, org, "organisation.archive")


def restore_organisation(org: Organisation, actor) -> None:
    if lock(org) is not None and org.archived_at is not None:
        org.archived_at = None
        record(actor, org, "organisation.restore")


def _apply(org: Organisation, fields: dict) -> None:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(org, key, value)
