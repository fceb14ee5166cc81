"""Reminders about late pairings, pairings to nudge and overdue actions.

Each reason is mailed once: its key goes into ``reminder_sent`` (unique), e.g.
``late:12:2026-10-01`` (pairing 12 late since its last meeting, or its start, of that
date), ``nudge:12:2026-10-01``, ``action:57``. A new meeting makes new keys; a pairing
nudged then late gets both mails, once each.

:func:`pending` builds the mails as plain data; :func:`claim` records them and queues
their mails in the outbox (flush, audit, no commit): the ``send-reminders`` command
commits both together, and the outbox worker delivers the mails.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..core.errors import UserError
from ..core.extensions import db
from ..core.links import absolute_url
from ..core.locks import lock_shared
from ..core.mail import render_mail
from ..models import AuditEntry, Pairing, ReminderSent, User
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


def _reminder(pairing, health: Health, state: str | None, actions, keys, manual=False):
    """The mail of one pairing's reminder (daily or by the coordination), as plain data."""
    title = f"{pairing.mentee.name} – {pairing.mentor.name}"
    subject, body = render_mail(
        "email/reminder.txt",
        title=title,
        health=health,
        late=state == LATE,
        nudge=state == NUDGE,
        manual=manual,
        rhythm_days=pairing.rhythm_days,
        actions=actions,
        link=absolute_url("pairings.show", pairing_id=pairing.id),
    )
    return Reminder(
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
        reminders.append(_reminder(pairing, health, state, actions, keys))
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
        after={
            "reasons": reminder.keys,
            "recipients": len(reminder.recipients),
            "sent_to": _sent_to(pairing),
        },
    )
    queue(reminder.recipients, "reminder", reminder.subject, reminder.body)


# --- In the open: the last reminder, the next one, and « Relancer maintenant » -----------

MANUAL = "manual"
AUDIT_ACTIONS = ("pairing.reminder", "pairing.reminder_manual")


def manual_key(pairing_id: int, today: date) -> str:
    """One manual reminder per pairing and day: a double submit hits the unique key."""
    return f"{MANUAL}:{pairing_id}:{today.isoformat()}"


def _sent_to(pairing) -> dict[str, int]:
    """How many addresses of each party the mail goes to (the audit keeps no address)."""
    return {
        "mentee": len(pairing.mentee.mail_recipients()),
        "mentor": len(pairing.mentor.mail_recipients()),
        "coordination": len(User.coordinator_emails()),
    }


def reason_label(key: str, actions: dict[int, str] | None = None) -> str:
    """A reason key in French: « en retard (sans rencontre notée depuis le 01/10/2026) »."""
    kind, _, rest = str(key).partition(":")
    if kind in (LATE, NUDGE):
        since = rest.rpartition(":")[2]
        state = "en retard" if kind == LATE else "à relancer"
        try:
            day = date.fromisoformat(since).strftime("%d/%m/%Y")
        except ValueError:
            return state
        return f"{state} (sans rencontre notée depuis le {day})"
    if kind == "action":
        description = (actions or {}).get(int(rest)) if rest.isdigit() else None
        return f"action « {description} » en retard" if description else "une action en retard"
    if kind == MANUAL:
        return "relance demandée par la coordination"
    return "autre raison"


@dataclass(frozen=True)
class LastReminder:
    when: datetime  # UTC, as stored; shown in Paris time by datetime_fr
    manual: bool
    actor: User | None
    reasons: list[str]  # in French
    sent_to: dict[str, int] | None  # per party; None for entries older than this field
    recipients: int | None


@dataclass(frozen=True)
class NextReminder:
    on: date
    reason: str  # in French
    now: bool  # due at the daily command's next run (today)


@dataclass(frozen=True)
class ReminderInfo:
    last: LastReminder | None
    next: NextReminder | None
    # « Relancer maintenant » works once a day: the page says so instead of a dead button.
    reminded_today: bool = False


def _sent_keys(pairing_ids: list[int]) -> dict[int, set[str]]:
    sent: dict[int, set[str]] = {i: set() for i in pairing_ids}
    if pairing_ids:
        rows = db.session.execute(
            select(ReminderSent.pairing_id, ReminderSent.reason_key).where(
                ReminderSent.pairing_id.in_(pairing_ids)
            )
        )
        for pairing_id, key in rows:
            sent[pairing_id].add(key)
    return sent


def sent_keys_of(pairing) -> set[str]:
    return _sent_keys([pairing.id])[pairing.id]


def _last_entries(pairing_ids: list[int]) -> dict[int, AuditEntry]:
    if not pairing_ids:
        return {}
    latest = (
        select(func.max(AuditEntry.id))
        .where(
            AuditEntry.object_type == "Pairing",
            AuditEntry.object_id.in_(pairing_ids),
            AuditEntry.action.in_(AUDIT_ACTIONS),
        )
        .group_by(AuditEntry.object_id)
    )
    entries = db.session.execute(
        select(AuditEntry).where(AuditEntry.id.in_(latest)).options(selectinload(AuditEntry.actor))
    ).scalars()
    return {e.object_id: e for e in entries}


def _last(entry: AuditEntry | None, actions: dict[int, str]) -> LastReminder | None:
    if entry is None:
        return None
    after = entry.after if isinstance(entry.after, dict) else {}
    sent_to = after.get("sent_to")
    recipients = after.get("recipients")
    return LastReminder(
        when=entry.created_at,
        manual=entry.action == "pairing.reminder_manual",
        actor=entry.actor,
        reasons=[reason_label(k, actions) for k in after.get("reasons") or []],
        sent_to=sent_to if isinstance(sent_to, dict) else None,
        recipients=recipients if isinstance(recipients, int) else None,
    )


def next_reminder(pairing, health: Health, sent: set[str], today: date) -> NextReminder | None:
    """When the daily command will next mail about this active pairing, and why (None: no
    reason is coming: it is late and was told so, and no open action has a due date)."""
    since = health.since.isoformat()
    late_on = health.since + timedelta(days=health.late_after)
    candidates = []
    if f"{LATE}:{pairing.id}:{since}" not in sent:
        candidates.append((max(late_on, today), "le parrainage sera en retard"))
    if health.status != LATE and f"{NUDGE}:{pairing.id}:{since}" not in sent:
        nudge_on = health.since + timedelta(days=health.nudge_after)
        if health.overdue_actions:
            nudge_on = today
        candidates.append((max(nudge_on, today), "le parrainage sera à relancer"))
    for followup in pairing.followups:
        for action in followup.actions:
            if action.done_at is None and action.due_on and f"action:{action.id}" not in sent:
                on = max(action.due_on + timedelta(days=1), today)
                candidates.append((on, f"action « {action.description} » en retard"))
    if not candidates:
        return None
    on, reason = min(candidates, key=lambda c: c[0])
    return NextReminder(on=on, reason=reason, now=on <= today)


def infos(pairings: list[Pairing], today: date) -> dict[int, ReminderInfo]:
    """The last and next reminder of each pairing, in a few queries (meetings and actions
    loaded by the caller)."""
    queries.load_meetings_and_actions(pairings)
    ids = [p.id for p in pairings]
    sent, entries = _sent_keys(ids), _last_entries(ids)
    actions = {a.id: a.description for p in pairings for f in p.followups for a in f.actions}
    result = {}
    for pairing in pairings:
        upcoming = None
        if pairing.status == "active":
            upcoming = next_reminder(
                pairing, queries.health_of(pairing, today), sent[pairing.id], today
            )
        result[pairing.id] = ReminderInfo(
            _last(entries.get(pairing.id), actions),
            upcoming,
            reminded_today=manual_key(pairing.id, today) in sent[pairing.id],
        )
    return result


def not_active_message(pairing) -> str:
    return (
        f"Ce parrainage est « {pairing.status_label} » : seul un parrainage en cours "
        "peut être relancé."
    )


def already_today_message() -> str:
    return (
        "Ce parrainage a déjà été relancé par la coordination aujourd'hui : rien n'a été "
        "envoyé une seconde fois."
    )


def manual(pairing, today: date) -> Reminder:
    """The mail « Relancer maintenant » would queue (nothing is written): the pairing's
    state and all its overdue actions; it also claims the automatic reasons due now, so
    that the daily command does not send them again, and only those."""
    queries.load_meetings_and_actions([pairing])
    health = queries.health_of(pairing, today)
    sent = _sent_keys([pairing.id])[pairing.id]
    keys = []
    state = health.status if health.status in (LATE, NUDGE) else None
    if state is not None:
        key = f"{state}:{pairing.id}:{health.since.isoformat()}"
        if key not in sent:
            keys.append(key)
    overdue = queries.overdue_actions(pairing, today)
    keys += [f"action:{a.id}" for a in overdue if f"action:{a.id}" not in sent]
    keys.append(manual_key(pairing.id, today))
    return _reminder(pairing, health, state, overdue, keys, manual=True)


def reasons_of(pairing, reminder: Reminder) -> list[str]:
    """The reasons a reminder records, in French."""
    actions = {a.id: a.description for f in pairing.followups for a in f.actions}
    return [reason_label(key, actions) for key in reminder.keys]


def fingerprint(reminder: Reminder) -> str:
    """What the preview showed: the confirmation is refused if the mail changed since."""
    text = "\n".join([reminder.subject, reminder.body, *reminder.recipients, *reminder.keys])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def claim_manual(pairing, actor, today: date, expected: str) -> Reminder:
    """Queue the manual reminder previewed as ``expected``, with its reasons and audit
    entry (flush, no commit). Refused (UserError) unless the pairing is active, if it was
    already reminded by hand today, or if the mail changed since the preview."""
    if lock_shared(pairing) is None or pairing.status != "active":
        raise UserError(not_active_message(pairing))
    reminder = manual(pairing, today)
    if manual_key(pairing.id, today) in _sent_keys([pairing.id])[pairing.id]:
        raise UserError(already_today_message())
    if fingerprint(reminder) != expected:
        raise UserError(
            "La relance a changé depuis l'aperçu (une rencontre, une action ou un "
            "destinataire) : rien n'a été envoyé, relisez le nouvel aperçu."
        )
    if not reminder.recipients:
        raise UserError("Personne ne recevrait cette relance : aucune adresse active.", 422)
    for key in reminder.keys:
        db.session.add(ReminderSent(pairing_id=pairing.id, reason_key=key))
    db.session.flush()  # a double submit fails here, on the unique key
    record(
        actor,
        pairing,
        "pairing.reminder_manual",
        after={
            "reasons": reminder.keys,
            "recipients": len(reminder.recipients),
            "sent_to": _sent_to(pairing),
        },
    )
    queue(reminder.recipients, "reminder", reminder.subject, reminder.body)
    return reminder
