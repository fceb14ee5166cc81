"""Emails about help requests (templates/email/help_request_*.txt, with the request's link)."""

from ..core.links import absolute_url
from ..core.mail import render_mail, send_mail


def _link(help_request) -> str:
    return absolute_url("help_requests.show", request_id=help_request.id)


def responders_notified(help_request) -> int:
    """Tell each notified organisation that a SCIC asks for help; return messages sent."""
    link = _link(help_request)
    sent = 0
    for notification in help_request.notifications:
        subject, body = render_mail(
            "email/help_request_notified.txt",
            help_request=help_request,
            reason=notification.reason,
            link=link,
        )
        for email in notification.organisation.mail_recipients():
            sent += send_mail(email, subject, body)
    return sent


def answer_received(reply) -> None:
    """Tell the requesting organisation that another SCIC answered."""
    help_request = reply.request
    subject, body = render_mail(
        "email/help_request_answered.txt", reply=reply, link=_link(help_request)
    )
    for email in help_request.organisation.mail_recipients():
        send_mail(email, subject, body)
