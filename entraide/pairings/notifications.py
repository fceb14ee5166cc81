"""Emails about pairings (templates/email/pairing_*.txt, each with a link to the pairing)
and about the members' sponsorship requests (templates/email/sponsor_request_*.txt).

Each function queues its mails in the outbox: they go with the caller's commit. There is
no per-person mail preference: an organisation's mail goes to its active accounts (else
its contact address, ``Organisation.mail_recipients``), the coordination's to the active
coordinators.
"""

from sqlalchemy import select

from ..core.extensions import db
from ..core.links import absolute_url
from ..models import SponsorRequest, User
from ..outbox.services import queue_mail

# Where a requester follows its requests: the page it sent them from, at their list.
_REQUESTS_PAGE = {"ask": "helpfinder.who_can_help", "offer": "helpfinder.who_i_can_help"}


def _pairing_link(pairing) -> str:
    return absolute_url("pairings.show", pairing_id=pairing.id)


def consent_requested(pairing) -> None:
    """Ask both SCICs to accept or decline the validated proposal; a SCIC whose request
    the proposal answers reads there that the coordination validated it."""
    link = _pairing_link(pairing)
    answered = {}
    for item in db.session.scalars(
        select(SponsorRequest)
        .filter_by(pairing_id=pairing.id, status="accepted")
        .order_by(SponsorRequest.created_at, SponsorRequest.id)
    ):
        answered.setdefault(item.requester_id, item)
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
            sponsor_request=answered.get(org.id),
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


def _requests_link(item: SponsorRequest) -> str:
    return absolute_url(_REQUESTS_PAGE[item.kind]) + "#demandes-titre"


def request_received(item: SponsorRequest) -> None:
    """Tell the coordination that a SCIC sent a request, with a link to it in the queue."""
    queue_mail(
        User.coordinator_emails(),
        "email/sponsor_request_new.txt",
        item=item,
        link=absolute_url("pairings.queue") + f"#demande-{item.id}",
    )


def request_declined(item: SponsorRequest) -> None:
    """Tell the requesting organisation that the coordination declined, and why."""
    queue_mail(
        item.requester.mail_recipients(),
        "email/sponsor_request_declined.txt",
        item=item,
        link=_requests_link(item),
    )


def request_superseded(item: SponsorRequest) -> None:
    """Tell a SCIC that offered its help that the coordination proposed another sponsor
    (a young SCIC's own other requests are answered by the proposal it receives)."""
    queue_mail(
        item.requester.mail_recipients(),
        "email/sponsor_request_superseded.txt",
        item=item,
        link=_requests_link(item),
    )
