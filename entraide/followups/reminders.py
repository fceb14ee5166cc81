"""Reminders about late pairings, pairings to nudge and overdue actions.

Each reason is mailed once: its key goes into ``reminder_sent`` (unique), e.g.
``late:12:2026-10-01`` (pairing 12 late since its last meeting, or its start, of that
date), ``nudge:12:2026-10-01``, ``action:57``. A new meeting makes new keys; a pairing
nudged then late gets both mails, once each.

:func:`pending` builds the mails as plain data; :func:`claim` records them (flush, audit,
no commit); :func:`deliver` sends them. The ``send-reminders`` command commits.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..core.extensions import db
from ..core.links import absolute_url
from ..core.mail import send_mail
from ..models import Pairing, ReminderSent, User
from ..models.audit import record
from ..pairings.notifications import SIGNATURE
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


def _health_sentence(title: str, health: Health) -> str:
    if health.has_met:
        silence = (
            f"aucune rencontre n'a été notée depuis {health.days_since} jours "
            f"(dernière rencontre le {health.since:%d/%m/%Y})"
        )
    else:
        silence = (
            f"aucune rencontre n'a été notée depuis son début, il y a "
            f"{health.days_since} jours (le {health.since:%d/%m/%Y})"
        )
    if health.status == LATE:
        return f"Le parrainage {title} est en retard : {silence}."
    if health.days_since >= health.nudge_after:
        return f"Le parrainage {title} est à relancer : {silence}."
    return f"Le parrainage {title} est à relancer : des actions décidées sont en retard."


def _compose(pairing, health: Health, state: str | None, actions):
    title = f"{pairing.mentee.name} – {pairing.mentor.name}"
    lines = ["Bonjour,", ""]
    if state is not None:
        lines.append(_health_sentence(title, health))
        lines.append(f"Le rythme convenu est d'une rencontre tous les {pairing.rhythm_days} jours.")
    if actions:
        if state is None:
            lines.append(f"Dans le parrainage {title}, des actions décidées sont en retard.")
        lines += ["", "Actions en retard :"]
        for action in actions:
            owner = f", responsable : {action.owner}" if action.owner else ""
            lines.append(f"- {action.description} (échéance le {action.due_on:%d/%m/%Y}{owner})")
    advice = "Pensez à convenir d'une rencontre et à la noter dans le carnet de suivi"
    if actions:
        advice += ", et à marquer les actions faites"
    lines += ["", advice + " :", absolute_url("pairings.show", pairing_id=pairing.id)]
    verdict = {LATE: "en retard", NUDGE: "à relancer"}.get(state, "actions en retard")
    subject = f"Parrainage {title} : {verdict}"
    return title, subject, "\n".join(lines) + SIGNATURE


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
    """Record the reasons as sent (flush: a concurrent run fails on the unique key)."""
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


def deliver(reminder: Reminder) -> int:
    """Send the mail to each recipient; return how many went through SMTP."""
    return sum(send_mail(email, reminder.subject, reminder.body) for email in reminder.recipients)
