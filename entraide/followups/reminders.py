"""Reminders about late pairings, pairings to nudge and overdue actions.

Each reason is mailed once: its key goes into ``reminder_sent`` (unique), e.g.
``late:12:2026-10-01`` (pairing 12 late since its last meeting, or its start, of that
date), ``nudge:12:2026-10-01``, ``action:57``. A new meeting makes new keys; a pairing
nudged then late gets both mails, once each.

:func:`pending` builds the mails as plain data; :func:`claim` records them and queues
their mails in the outbox (flush, audit, no commit): the ``send-reminders`` command
commits both together, and the outbox worker delivers the mails.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..core.extensions import db
from ..core.links import absolute_url
from ..core.mail import render_mail
from ..models import Pairing, ReminderSent, User
from ..models.audit import record
from ..outbox.services import queue
from . import queries
from .health import LATE, NUDGE, Health


@dataclass
class Reminder:
    """One pairing's new reasons, and the mail telling all three parties about them."""

    pairing_id: int
    title: str  # "Jeune Pousse – Vieux Chêne"
    health: Health
    state: str | None  # LATE or NUDGE when that reason is new, else None
    actions: list[str]  # descriptions of the newly overdue actions
    keys: list[str]
    subject: str
    body: str
    recipients: list[str] = field(default_factory=list)


def _compose(pairing, health: Health, state: str | None, actions):
    title = f"{pairing.mentee.name} – {pairing.mentor.name}"
    subject, body = render_mail(
        "email/reminder.txt",
        title=title,
        health=health,
        late=state == LATE,
        nudge=state == NUDGE,
        rhythm_days=pairing.rhythm_days,
        actions=actions,
        link=absolute_url("pairings.show", pairing_id=pairing.id),
    )
    return title, subject, body


def _recipients(pairing) -> list[str]:
    emails = (
        pairing.mentee.mail_recipients()
        + pairing.mentor.mail_recipients()
        + User.coordinator_emails()
    )
    return list(dict.fromkeys(emails))  # once each, in order


def pending(today: date) -> list[Reminder]:
    """The reminders not sent yet, most urgent first (nothing is written)."""
    pairings = queries.active_pairings()
    sent = (
        set(
            db.session.execute(
                select(ReminderSent.reason_key).where(
                    ReminderSent.pairing_id.in_([p.id for p in pairings])
                )
            ).scalars()
        )
        if pairings
        else set()
    )
    reminders = []
    for pairing in pairings:
        health = queries.health_of(pairing, today)
        keys, state = [], None
        if health.status in (LATE, NUDGE):
            key = f"{health.status}:{pairing.id}:{health.since.isoformat()}"
            if key not in sent:
                keys.append(key)
                state = health.status
        actions = [
            a for a in queries.overdue_actions(pairing, today) if f"action:{a.id}" not in sent
        ]
        keys += [f"action:{a.id}" for a in actions]
        if not keys:
            continue
        title, subject, body = _compose(pairing, health, state, actions)
        reminders.append(
            Reminder(
                pairing_id=pairing.id,
                title=title,
                health=health,
                state=state,
                actions=[a.description for a in actions],
                keys=keys,
                subject=subject,
                body=body,
                recipients=_recipients(pairing),
            )
        )
    return sorted(reminders, key=lambda r: (*r.health.sort_key, r.pairing_id))


def claim(reminder: Reminder) -> None:
    """Record the reasons as sent (flush: a concurrent run fails on the unique key) and
    queue the mail for each recipient, in the same transaction."""
    for key in reminder.keys:
        db.session.add(ReminderSent(pairing_id=reminder.pairing_id, reason_key=key))
    db.session.flush()
    pairing = db.session.get(Pairing, reminder.pairing_id)
    record(
        None,
        pairing,
        "pairing.reminder",
        after={"reasons": reminder.keys, "recipients": len(reminder.recipients)},
    )
    queue(reminder.recipients, "reminder", reminder.subject, reminder.body)
