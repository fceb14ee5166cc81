"""French words of the outbox page and commands."""

from datetime import datetime

from ..models._base import utcnow

# What each template is about, for the page (the kind is the template's name).
KIND_LABELS = {
    "invitation": "Invitation",
    "password_reset": "Mot de passe oublié",
    "pairing_consent_requested": "Proposition de parrainage",
    "pairing_consent_answered": "Réponse à une proposition",
    "pairing_started": "Début d'un parrainage",
    "help_request_notified": "Appel à l'entraide",
    "help_request_answered": "Réponse à un appel",
    "help_request_new_offerer": "Appel à l'entraide sur une nouvelle offre",
    "help_request_relayed": "Appel relayé par la coordination",
    "help_request_relayed_outside": "Appel relayé à un contact extérieur",
    "reminder": "Relance de parrainage",
    "sponsor_request_new": "Demande de parrainage d'une SCIC",
    "sponsor_request_declined": "Demande de parrainage refusée",
    "sponsor_request_superseded": "Proposition d'aide sans suite",
    "meeting_planned": "Invitation à une rencontre (avec le fichier d'agenda)",
    "meeting_cancelled": "Annulation d'une rencontre (avec le fichier d'agenda)",
    "highlight_approval_requested": "Témoignage à approuver",
    "convention_deadline": "Échéance d'une convention",
}


def age_fr(since: datetime, now: datetime | None = None) -> str:
    """A duration in French: "moins d'une minute", "12 min", "3 h 05", "2 jours"."""
    seconds = max(0, int(((now or utcnow()) - since).total_seconds()))
    if seconds < 60:
        return "moins d'une minute"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h {minutes % 60:02d}"
    return f"{hours // 24} jours"
