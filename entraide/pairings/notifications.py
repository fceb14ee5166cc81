"""Emails about pairings (French, each with a link to the page concerned)."""

from ..core.links import absolute_url
from ..core.mail import send_mail
from ..models import User

SIGNATURE = "\n\nLa coordination du réseau des SCIC du Pas-de-Calais\n"


def _pairing_link(pairing) -> str:
    return absolute_url("pairings.show", pairing_id=pairing.id)


def _send_all(emails, subject: str, body: str) -> None:
    for email in emails:
        send_mail(email, subject, body)


def consent_requested(pairing) -> None:
    """Ask both SCICs to accept or decline the validated proposal."""
    for org, other, role in (
        (pairing.mentee, pairing.mentor, "parrain"),
        (pairing.mentor, pairing.mentee, "filleule"),
    ):
        body = (
            f"Bonjour,\n\nLa coordination du réseau propose un parrainage entre "
            f"{pairing.mentee.name} (filleule) et {pairing.mentor.name} (parrain).\n"
            f"Votre {role} proposé·e : {other.name}.\n\n"
            "Le parrainage ne commence que si les deux SCIC l'acceptent. Pour lire la "
            f"proposition et la charte, puis répondre :\n{_pairing_link(pairing)}" + SIGNATURE
        )
        _send_all(org.mail_recipients(), "Proposition de parrainage", body)


def consent_answered(pairing, org, accepted: bool, message: str | None) -> None:
    verdict = "a accepté" if accepted else "a décliné"
    body = (
        f"Bonjour,\n\n{org.name} {verdict} le parrainage entre {pairing.mentee.name} et "
        f"{pairing.mentor.name}.\n"
        + (f"Son message : {message}\n" if message else "")
        + f"\nVoir le parrainage : {_pairing_link(pairing)}"
        + SIGNATURE
    )
    _send_all(User.coordinator_emails(), f"Parrainage : {org.name} {verdict}", body)


def pairing_started(pairing) -> None:
    body = (
        f"Bonjour,\n\nLes deux SCIC ont accepté : le parrainage entre {pairing.mentee.name} "
        f"et {pairing.mentor.name} commence. Pensez à noter chaque rencontre dans le "
        f"carnet de suivi :\n{_pairing_link(pairing)}" + SIGNATURE
    )
    emails = (
        pairing.mentee.mail_recipients()
        + pairing.mentor.mail_recipients()
        + User.coordinator_emails()
    )
    _send_all(emails, "Le parrainage commence", body)
