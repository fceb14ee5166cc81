"""Reminders of the conventions' deadlines to the coordination: 60, 30 and 7 days before
the final report is due and before the last day to ask for an extension.

Each one goes once: its key (``report:12:2025-06-01:30``) goes into ``convention_reminder``
(unique). A run that missed a threshold (the job did not run that day, or the convention
was entered late) sends one mail for the nearest threshold reached and records the earlier
ones with it, rather than three mails at once. Sent by the daily ``send-reminders`` job.

:func:`pending` builds the mails as plain data (``today`` is given, so that tests and the
command choose the day); :func:`claim` records them and queues the mails in the outbox
(flush and audit, no commit).
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..core.extensions import db
from ..core.links import absolute_url
from ..core.mail import render_mail
from ..models import Convention, ConventionReminder, User
from ..models.audit import record
from ..outbox.services import queue
from .deadlines import Deadline, crossed_thresholds, deadlines_of, reminder_key

KIND = "convention_deadline"


@dataclass
class DeadlineReminder:
    convention_id: int
    deadline: Deadline
    threshold: int  # the nearest of 60, 30, 7 reached
    keys: list[str]
    subject: str
    body: str
    recipients: list[str] = field(default_factory=list)


def _reminder(convention: Convention, deadline: Deadline, keys, threshold, recipients):
    subject, body = render_mail(
        "email/convention_deadline.txt",
        convention=convention,
        deadline=deadline,
        link=absolute_url("conventions.show", convention_id=convention.id),
    )
    return DeadlineReminder(convention.id, deadline, threshold, keys, subject, body, recipients)


def pending(today: date) -> list[DeadlineReminder]:
    """The reminders due on ``today`` and not sent yet, soonest deadline first."""
    conventions = list(
        db.session.scalars(
            select(Convention).where(Convention.report_sent.is_(False)).order_by(Convention.id)
        )
    )
    recipients = User.coordinator_emails()
    if not conventions or not recipients:
        return []  # nobody to tell yet: the reminder waits for a coordinator's address
    sent = set(
        db.session.scalars(
            select(ConventionReminder.reason_key).where(
                ConventionReminder.convention_id.in_([c.id for c in conventions])
            )
        )
    )
    reminders = []
    for convention in conventions:
        for deadline in deadlines_of(convention, today):
            reached = crossed_thresholds(deadline)
            keys = [reminder_key(deadline, days) for days in reached]
            if not reached or all(key in sent for key in keys):
                continue
            new = [key for key in keys if key not in sent]
            reminders.append(_reminder(convention, deadline, new, min(reached), recipients))
    return sorted(reminders, key=lambda r: (r.deadline.day, r.convention_id, r.deadline.kind))


def claim(reminder: DeadlineReminder) -> None:
    """Record the keys (flush: a concurrent run fails on the unique key) and queue the
    mail to the coordination, in the same transaction."""
    for key in reminder.keys:
        db.session.add(ConventionReminder(convention_id=reminder.convention_id, reason_key=key))
    db.session.flush()
    convention = db.session.get(Convention, reminder.convention_id)
    record(
        None,
        convention,
        "convention.reminder",
        after={
            "reference": convention.reference,
            "kind": reminder.deadline.kind,
            "day": reminder.deadline.day.isoformat(),
            "days_left": reminder.deadline.days_left,
            "recipients": len(reminder.recipients),
        },
    )
    queue(reminder.recipients, KIND, reminder.subject, reminder.body)
