"""Reading the audit log: filter options, the filtered query, how to show values."""

import json
from datetime import datetime, time, timedelta

from flask import current_app, url_for
from sqlalchemy import select

from ..core.extensions import db
from ..models import AuditEntry, User

# Object types whose page can be opened from the log: endpoint and its id argument.
OBJECT_PAGES = {
    "Organisation": ("organisations.show", "org_id"),
    "Pairing": ("pairings.show", "pairing_id"),
    "TerritorialGroup": ("groups.show", "group_id"),
    "HelpRequest": ("help_requests.show", "request_id"),
}


def filter_options() -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """Object types, actions and actors present in the log."""
    types = db.session.execute(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    ).scalars()
    actions = db.session.execute(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).scalars()
    actors = db.session.execute(
        select(User)
        .where(User.id.in_(select(AuditEntry.actor_id).distinct()))
        .order_by(User.name, User.email)
    ).scalars()
    return list(types), list(actions), [(u.id, f"{u.name or u.email} ({u.email})") for u in actors]


def entries_query(object_type="", action="", actor="", start=None, end=None):
    """Newest first; ``start``/``end`` are dates, both included (UTC days)."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor == "system":
        query = query.where(AuditEntry.actor_id.is_(None))
    elif actor:
        query = query.where(AuditEntry.actor_id == int(actor))
    if start:
        query = query.where(AuditEntry.created_at >= datetime.combine(start, time.min))
    if end:
        query = query.where(
            AuditEntry.created_at < datetime.combine(end + timedelta(days=1), time.min)
        )
    return query


def object_url(entry: AuditEntry) -> str | None:
    page = OBJECT_PAGES.get(entry.object_type)
    if page is None or entry.object_id is None or page[0] not in current_app.view_functions:
        return None
    return url_for(page[0], **{page[1]: entry.object_id})


def format_value(value) -> str:
    """A JSON value as a short French text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
