"""Queue a mail with the change that causes it; claim and deliver the mails that are due.

Queueing (:func:`queue_mail`) only adds rows to the session: the caller's commit writes
them with its change, its rollback forgets them. No request talks to SMTP.

Delivering, by the worker (``flask outbox worker``) or ``flask outbox send``:

1. :func:`claim_due` marks up to ``OUTBOX_BATCH_SIZE`` due mails as ``sending`` with a
   random token and a lease (``claimed_until``), in one UPDATE, and commits. On PostgreSQL
   the rows are chosen ``FOR UPDATE SKIP LOCKED``: two workers never take the same row and
   never wait for each other; on SQLite the UPDATE begins with ``BEGIN IMMEDIATE``, so the
   second worker waits for the first's commit and then sees its claim. The due condition
   is repeated outside the subquery: a row changed meanwhile is not taken.
2. :func:`deliver` sends them over one SMTP connection, outside any transaction.
3. Each result is written in its own short transaction, guarded by the token: ``sent``
   (the body and the attachment are cleared: the body may hold a reset link),
   ``waiting`` again after the next delay of ``OUTBOX_RETRY_DELAYS``, or ``failed`` after
   the last try (or at once when the server refuses the address for good).

A worker that dies leaves its mails ``sending``: once their lease is over they are due
again. A mail may then go twice if the worker died between the SMTP server's answer and
the commit of ``sent``; it keeps its Message-ID, so mail clients show it once.
"""

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, delete, func, or_, select, update

from ..core.errors import UserError
from ..core.extensions import db
from ..core.mail import MESSAGE_ID_DOMAIN, Attachment, DeliveryError, Transport, render_mail
from ..core.sqlite import immediate_transactions
from ..models import OutboxMail
from ..models._base import utcnow
from ..models.audit import record
from ..text import plural

log = logging.getLogger(__name__)

# What the coordination may send again: a mail that failed, or one waiting for its next
# try (after the mail server was repaired, say).
RETRYABLE = ("failed", "waiting")
# Before each mail, the lease must still cover this many MAIL_TIMEOUTs (connection,
# greeting, data), or the rest of the batch is handed back unsent.
_LEASE_MARGIN_TIMEOUTS = 3

# --- Queueing --------------------------------------------------------------------------


def kind_of(template: str) -> str:
    """``email/invitation.txt`` -> ``invitation``."""
    return template.rsplit("/", 1)[-1].removesuffix(".txt")


def queue(
    recipients: str | Iterable[str],
    kind: str,
    subject: str,
    body: str,
    attachment: Attachment | None = None,
):
    """Add the mail to the session, once per address: written if and when the caller commits."""
    if isinstance(recipients, str):
        recipients = [recipients]
    now = utcnow()
    mails = []
    for address in dict.fromkeys(recipients):
        mail = OutboxMail(
            recipient=address,
            subject=subject,
            body=body,
            kind=kind,
            status="waiting",
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
        if attachment is not None:
            mail.attachment_name = attachment.filename
            mail.attachment_type = attachment.content_type
            mail.attachment = attachment.content
        db.session.add(mail)
        mails.append(mail)
    return mails


def queue_mail(
    recipients: str | Iterable[str],
    template: str,
    attachment: Attachment | None = None,
    **context,
):
    """Render ``templates/<template>`` once and queue it for each address."""
    subject, body = render_mail(template, **context)
    return queue(recipients, kind_of(template), subject, body, attachment)


# --- Delivering ------------------------------------------------------------------------


@dataclass
class Claimed:
    """A claimed mail, as plain data: delivering it needs no database session."""

    id: int
    recipient: str
    subject: str
    body: str
    attempts: int
    created_at: datetime
    attachment: Attachment | None = None

    @property
    def message_id(self) -> str:
        # The same for every try of this mail: a copy sent twice is shown once.
        return f"<outbox.{self.id}.{self.created_at:%Y%m%d%H%M%S}@{MESSAGE_ID_DOMAIN}>"


@dataclass
class Summary:
    sent: int = 0
    postponed: int = 0  # waiting for a later try
    failed: int = 0  # no more tries
    released: int = 0  # handed back untried (stop asked, lease running out)
    lost: int = 0  # the lease lapsed and another worker claimed the mail

    def add(self, other: "Summary") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def handled(self) -> int:
        return self.sent + self.postponed + self.failed + self.released + self.lost

    def french(self) -> str:
        parts = [plural(self.sent, "courriel envoyé", "courriels envoyés")]
        if self.postponed:
            parts.append(f"{self.postponed} à réessayer plus tard")
        if self.failed:
            parts.append(f"{self.failed} en échec")
        if self.released:
            parts.append(f"{self.released} remis en attente sans essai")
        if self.lost:
            parts.append(f"{self.lost} repris par un autre envoi")
        return ", ".join(parts) + "."


def _config(name: str):
    return current_app.config[name]


def _lease_seconds() -> int:
    # Long enough for at least one mail, whatever MAIL_TIMEOUT says.
    timeout = int(_config("MAIL_TIMEOUT"))
    return max(int(_config("OUTBOX_LEASE_SECONDS")), 2 * _LEASE_MARGIN_TIMEOUTS * timeout)


def _due(now: datetime):
    return or_(
        and_(OutboxMail.status == "waiting", OutboxMail.next_attempt_at <= now),
        and_(OutboxMail.status == "sending", OutboxMail.claimed_until < now),
    )


def claim_due(limit: int | None = None) -> tuple[str, datetime, list[Claimed]]:
    """Claim up to ``limit`` due mails, oldest first; return the token, lease end, mails.

    To be called outside any transaction: the claim commits at once.
    """
    now = utcnow()
    token = secrets.token_hex(16)
    lease_end = now + timedelta(seconds=_lease_seconds())
    chosen = (
        select(OutboxMail.id)
        .where(_due(now))
        .order_by(OutboxMail.id)
        .limit(limit or int(_config("OUTBOX_BATCH_SIZE")))
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite ignores it (BEGIN IMMEDIATE)
    )
    claim = (
        update(OutboxMail)
        .where(OutboxMail.id.in_(chosen.scalar_subquery()), _due(now))
        .values(
            status="sending",
            claimed_by=token,
            claimed_until=lease_end,
            attempts=OutboxMail.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    with immediate_transactions():
        db.session.execute(claim)
        db.session.commit()
    rows = db.session.execute(
        select(
            OutboxMail.id,
            OutboxMail.recipient,
            OutboxMail.subject,
            OutboxMail.body,
            OutboxMail.attempts,
            OutboxMail.created_at,
            OutboxMail.attachment_name,
            OutboxMail.attachment_type,
            OutboxMail.attachment,
        )
        .where(OutboxMail.claimed_by == token)
        .order_by(OutboxMail.id)
    ).all()
    db.session.commit()  # no transaction stays open while SMTP talks
    mails = [
        Claimed(
            row.id,
            row.recipient,
            row.subject,
            row.body or "",
            row.attempts,
            row.created_at,
            Attachment(row.attachment_name, row.attachment_type, row.attachment)
            if row.attachment is not None
            else None,
        )
        for row in rows
    ]
    return token, lease_end, mails


def _finish(token: str, mail_ids: list[int], **values) -> int:
    """Write a result for mails still claimed by ``token``; return how many rows changed."""
    statement = (
        update(OutboxMail)
        .where(
            OutboxMail.id.in_(mail_ids),
            OutboxMail.claimed_by == token,
            OutboxMail.status == "sending",
        )
        .values(claimed_by=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    with immediate_transactions():
        changed = db.session.execute(statement).rowcount
        db.session.commit()
    return changed


def _release(token: str, mail_ids: list[int]) -> int:
    """Hand claimed mails back untried: due at once, the claim's attempt not counted."""
    return _finish(
        token,
        mail_ids,
        status="waiting",
        attempts=OutboxMail.attempts - 1,
        next_attempt_at=utcnow(),
    )


def _after_failure(token: str, mail: Claimed, problem: DeliveryError) -> str:
    delays = list(_config("OUTBOX_RETRY_DELAYS"))
    error = str(problem)[:300]
    if problem.permanent or mail.attempts > len(delays):
        changed = _finish(token, [mail.id], status="failed", last_error=error)
        return "failed" if changed else "lost"
    retry_at = utcnow() + timedelta(seconds=int(delays[mail.attempts - 1]))
    changed = _finish(
        token, [mail.id], status="waiting", next_attempt_at=retry_at, last_error=error
    )
    return "postponed" if changed else "lost"


def deliver(
    token: str,
    mails: list[Claimed],
    transport: Transport,
    lease_end: datetime,
    should_stop: Callable[[], bool] | None = None,
) -> Summary:
    """Send the claimed mails one by one and record each result at once."""
    summary = Summary()
    margin = timedelta(seconds=_LEASE_MARGIN_TIMEOUTS * int(_config("MAIL_TIMEOUT")))
    for index, mail in enumerate(mails):
        if (should_stop is not None and should_stop()) or utcnow() + margin >= lease_end:
            summary.released += _release(token, [m.id for m in mails[index:]])
            break
        try:
            transport.send(
                mail.recipient, mail.subject, mail.body, mail.message_id, mail.attachment
            )
        except DeliveryError as problem:
            outcome = _after_failure(token, mail, problem)
        except Exception as error:  # noqa: BLE001 - one bad mail must not stop the others
            # A message that cannot even be built (a malformed address…) would fail the
            # same way at every try: failed at once, and a fresh connection for the next.
            log.exception("outbox mail %s could not be sent", mail.id)
            transport.close()
            problem = DeliveryError(f"Erreur inattendue ({type(error).__name__}).", True)
            outcome = _after_failure(token, mail, problem)
        else:
            changed = _finish(
                token,
                [mail.id],
                status="sent",
                sent_at=utcnow(),
                body=None,
                attachment=None,
                last_error=None,
            )
            outcome = "sent" if changed else "lost"
        if outcome == "lost":
            log.warning("outbox mail %s: lease lost before its result was written", mail.id)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def send_due(should_stop: Callable[[], bool] | None = None) -> Summary:
    """Deliver every mail due now, batch after batch (one SMTP connection per batch)."""
    summary = Summary()
    while should_stop is None or not should_stop():
        token, lease_end, mails = claim_due()
        if not mails:
            break
        with Transport(current_app.config) as transport:
            batch = deliver(token, mails, transport, lease_end, should_stop)
        summary.add(batch)
        if batch.released == len(mails):
            break  # no progress: leave the rest to the next run
    return summary


# --- Reading, retrying, purging --------------------------------------------------------


def counts() -> dict[str, int]:
    """Number of mails in each state (every state present)."""
    rows = db.session.execute(
        select(OutboxMail.status, func.count(OutboxMail.id)).group_by(OutboxMail.status)
    ).all()
    found = dict.fromkeys(("waiting", "sending", "sent", "failed"), 0)
    found.update({status: count for status, count in rows})
    return found


def oldest_waiting() -> datetime | None:
    """When the oldest mail not sent yet (waiting or being sent) was queued."""
    return db.session.scalar(
        select(func.min(OutboxMail.created_at)).where(OutboxMail.status.in_(("waiting", "sending")))
    )


def pending_query():
    """The mails the coordination watches: failed first, then the others not sent yet."""
    failed_first = case((OutboxMail.status == "failed", 0), else_=1)
    return (
        select(OutboxMail)
        .where(OutboxMail.status != "sent")
        .order_by(failed_first, OutboxMail.id.desc())
    )


def retry(mail: OutboxMail, actor) -> None:
    """Make a failed or waiting mail due now, with all its tries again (audited)."""
    before = {"status": mail.status, "attempts": mail.attempts}
    changed = db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail.id, OutboxMail.status.in_(RETRYABLE))
        .values(
            status="waiting",
            attempts=0,
            next_attempt_at=utcnow(),
            claimed_by=None,
            claimed_until=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise UserError(
            "Ce courriel est en cours d'envoi ou déjà envoyé : il n'y a rien à réessayer."
        )
    db.session.expire(mail)
    record(actor, mail, "outbox.retry", before=before, after={"status": "waiting", "attempts": 0})


def purge(older_than_days: int) -> int:
    """Delete sent and failed mails queued more than ``older_than_days`` days ago."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    result = db.session.execute(
        delete(OutboxMail).where(
            OutboxMail.status.in_(("sent", "failed")), OutboxMail.created_at < cutoff
        )
    )
    if result.rowcount:
        log.info("purged %s outbox mails older than %s", result.rowcount, cutoff)
    return result.rowcount


def mails_to(address: str) -> list[dict]:
    """The mails queued for this address (for a person's export), without their bodies."""
    rows = db.session.execute(
        select(OutboxMail)
        .where(func.lower(OutboxMail.recipient) == address.strip().lower())
        .order_by(OutboxMail.id)
    ).scalars()
    return [
        {
            "created_at": mail.created_at.isoformat(),
            "subject": mail.subject,
            "kind": mail.kind,
            "status": mail.status,
            "sent_at": mail.sent_at.isoformat() if mail.sent_at else None,
        }
        for mail in rows
    ]


def forget_recipient(address: str) -> int:
    """Delete every mail to this address, sent or not (a person's erasure)."""
    result = db.session.execute(
        delete(OutboxMail).where(func.lower(OutboxMail.recipient) == address.strip().lower())
    )
    return result.rowcount
