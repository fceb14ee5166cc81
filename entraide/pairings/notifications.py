"""Emails about pairings (templates/email/pairing_*.txt, each with a link to the pairing).

Each function queues its mails in the outbox: they go with the caller's commit.
"""

from ..core.links import absolute_url
from ..models import User
from ..outbox.services import queue_mail


def _pairing_link(pairing) -> str:
    return absolute_url("pairings.show", pairing_id=pairing.id)


def consent_requested(pairing) -> None:
    """Ask both SCICs to accept or decline the validated proposal."""
    link = _pairing_link(pairing)
    for org, other, role in (
        (pairing.mentee, pairing.mentor, "marraine"),
        (pairing.mentor, pairing.mentee, "filleule"),
    ):
        queue_mail(
            org.mail_recipients(),
            "email/pairing_consent_requested.txt",
            pairing=pairing,
            other=other,
            role=role,
            link=link,
        )


def consent_answered(pairing, org, accepted: bool, message: str | None) -> None:
    queue_mail(
        User.coordinator_emails(),
        "email/pairing_consent_answered.txt",
        pairing=pairing,
        org=org,
        accepted=accepted,
        message=message,
        link=_pairing_link(pairing),
    )


def pairing_started(pairing) -> None:
    emails = (
        pairing.mentee.mail_recipients()
        + pairing.mentor.mail_recipients()
        + User.coordinator_emails()
    )
    queue_mail(emails, "email/pairing_started.txt", pairing=pairing, link=_pairing_link(pairing))
