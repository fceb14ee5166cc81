"""Emails about help requests (French, each with a link to the request)."""

from ..core.links import absolute_url
from ..core.mail import send_mail
from ..pairings.notifications import SIGNATURE


def _link(help_request) -> str:
    return absolute_url("help_requests.show", request_id=help_request.id)


def responders_notified(help_request) -> int:
    """Tell each notified organisation that a SCIC asks for help; return messages sent."""
    org = help_request.organisation
    sent = 0
    for notification in help_request.notifications:
        why = f"\n\nCe qui vous désigne : {notification.reason}" if notification.reason else ""
        body = (
            f"Bonjour,\n\n{org.name} lance un appel à l'entraide sur le thème "
            f"« {help_request.theme.label} » :\n\n{help_request.title}\n\n{help_request.text}\n\n"
            "Votre organisation propose son aide sur ce thème : vous faites partie des SCIC les "
            f"mieux placées pour l'aider rapidement.{why}\n\nPour lire la demande et y "
            f"répondre :\n{_link(help_request)}" + SIGNATURE
        )
        for email in notification.organisation.mail_recipients():
            sent += send_mail(email, f"Appel à l'entraide de {org.name}", body)
    return sent


def answer_received(reply) -> None:
    """Tell the requesting organisation that another SCIC answered."""
    help_request = reply.request
    body = (
        f"Bonjour,\n\n{reply.organisation.name} a répondu à votre appel à l'entraide "
        f"« {help_request.title} » :\n\n{reply.message}\n\nVoir la demande et ses réponses :\n"
        f"{_link(help_request)}" + SIGNATURE
    )
    for email in help_request.organisation.mail_recipients():
        send_mail(email, f"Réponse à votre appel à l'entraide : {reply.organisation.name}", body)
