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
