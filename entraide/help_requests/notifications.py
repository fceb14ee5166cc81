"""Emails about help requests (templates/email/help_request_*.txt, with the request's link).

Each function queues its mails in the outbox: they go with the caller's commit.
"""

from ..core.links import absolute_url
from ..outbox.services import queue_mail


def _link(help_request) -> str:
    return absolute_url("help_requests.show", request_id=help_request.id)


def responders_notified(help_request) -> int:
    """Tell each notified organisation that a SCIC asks for help; return mails queued."""
    link = _link(help_request)
    queued = 0
    for notification in help_request.notifications:
        queued += len(
            queue_mail(
                notification.organisation.mail_recipients(),
                "email/help_request_notified.txt",
                help_request=help_request,
                reason=notification.reason,
                link=link,
            )
        )
    return queued


def answer_received(reply) -> None:
    """Tell the requesting organisation that another SCIC answered."""
    help_request = reply.request
    queue_mail(
        help_request.organisation.mail_recipients(),
        "email/help_request_answered.txt",
        reply=reply,
        link=_link(help_request),
    )


def new_offerer_told(notification) -> None:
    """Tell an organisation that just offered help on the theme of an open request."""
    help_request = notification.request
    queue_mail(
        notification.organisation.mail_recipients(),
        "email/help_request_new_offerer.txt",
        help_request=help_request,
        link=_link(help_request),
    )


def relayed_to_member(notification) -> None:
    """The coordination relays a request to a member organisation."""
    help_request = notification.request
    queue_mail(
        notification.organisation.mail_recipients(),
        "email/help_request_relayed.txt",
        help_request=help_request,
        note=notification.note,
        link=_link(help_request),
    )


def relayed_to_outside(contact) -> None:
    """The coordination relays a request to someone outside the network: no login link,
    the request's text and how to reach the requester."""
    help_request = contact.request
    queue_mail(
        [contact.email],
        "email/help_request_relayed_outside.txt",
        help_request=help_request,
        contact=contact,
        reach=_reach(help_request.organisation),
    )


def _reach(org) -> str:
    """The requester's address for an outside contact: its contact address, else its
    accounts' (there is no link into the application in that mail)."""
    if org.contact_email:
        return org.contact_email
    return ", ".join(org.mail_recipients())
