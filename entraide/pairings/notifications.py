"""Emails about pairings (templates/email/pairing_*.txt, each with a link to the pairing)."""

from ..core.links import absolute_url
from ..core.mail import render_mail, send_mail
from ..models import User


def _pairing_link(pairing) -> str:
    return absolute_url("pairings.show", pairing_id=pairing.id)


def _send_all(emails, subject: str, body: str) -> None:
    for email in emails:
        send_mail(email, subject, body)


def consent_requested(pairing) -> None:
    """Ask both SCICs to accept or decline the validated proposal."""
    link = _pairing_link(pairing)
    for org, other, role in (
        (pairing.mentee, pairing.mentor, "marraine"),
        (pairing.mentor, pairing.mentee, "filleule"),
    ):
        subject, body = render_mail(
            "email/pairing_consent_requested.txt",
            pairing=pairing,
            other=other,
            role=role,
            link=link,
        )
        _send_all(org.mail_recipients(), subject, body)


def consent_answered(pairing, org, accepted: bool, message: str | None) -> None:
    subject, body = render_mail(
        "email/pairing_consent_answered.txt",
        pairing=pairing,
        org=org,
        accepted=accepted,
        message=message,
        link=_pairing_link(pairing),
    )
    _send_all(User.coordinator_emails(), subject, body)


def pairing_started(pairing) -> None:
    subject, body = render_mail(
        "email/pairing_started.txt", pairing=pairing, link=_pairing_link(pairing)
    )
    emails = (
        pairing.mentee.mail_recipients()
        + pairing.mentor.mail_recipients()
        + User.coordinator_emails()
    )
    _send_all(emails, subject, body)
