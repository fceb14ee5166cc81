"""French names of the audit log's object types and actions (codes stay in English)."""

OBJECT_LABELS = {
    "Organisation": "Organisation",
    "Need": "Besoin",
    "Offer": "Offre",
    "User": "Compte",
    "Pairing": "Parrainage",
    "PairRejection": "Binôme écarté",
    "PairingEvaluation": "Bilan de parrainage",
    "FollowUp": "Rencontre de parrainage",
    "FollowUpAction": "Action de suivi",
    "TerritorialGroup": "Groupe territorial",
    "GroupMeeting": "Rencontre de groupe",
    "HelpRequest": "Appel à l'entraide",
    "HelpAnswer": "Réponse à un appel",
    "MatchingSettings": "Réglages du rapprochement",
    "ReportSettings": "Réglages du bilan",
    "ReportHighlight": "Témoignage du bilan",
    "ReportAid": "Aide du Département",
    "SponsorRequest": "Demande de parrainage",
}

# The part before the dot names the subject, the part after the event.
_SUBJECTS = {
    "organisation": "Organisation",
    "need": "Besoin",
    "offer": "Offre",
    "user": "Compte",
    "pairing": "Parrainage",
    "pair": "Binôme",
    "followup": "Rencontre de parrainage",
    "followup_action": "Action de suivi",
    "group": "Groupe",
    "meeting": "Rencontre de groupe",
    "help_request": "Appel à l'entraide",
    "help_answer": "Réponse à un appel",
    "matching": "Rapprochement",
    "report": "Bilan",
    "sponsor_request": "Demande de parrainage",
}
_EVENTS = {
    "create": "création",
    "update": "modification",
    "archive": "archivage",
    "restore": "restauration",
    "withdraw": "retrait",
    "withdrawn": "retrait",
    "met": "satisfait",
    "reopen": "réouverture",
    "proposed": "proposition",
    "awaiting_consent": "envoi aux deux SCIC",
    "active": "démarrage",
    "completed": "fin",
    "stopped": "arrêt",
    "declined": "refus d'une SCIC",
    "consent": "réponse d'une SCIC",
    "evaluate": "bilan",
    "reminder": "relance",
    "reject": "mise à l'écart",
    "reject_lifted": "levée de la mise à l'écart",
    "done": "faite",
    "settings": "réglages",
    "activate": "réactivation",
    "deactivate": "désactivation",
    "erase": "effacement (RGPD)",
    "rename": "nouveau nom",
    "member_add": "ajout d'un membre",
    "member_remove": "retrait d'un membre",
    "contact": "personne de contact",
    "import": "import de l'historique",
    "close": "clôture",
    "highlight_added": "ajout d'un témoignage",
    "highlight_removed": "retrait d'un témoignage",
    "hourly_rate": "taux horaire du bénévolat",
    "aid": "montant de l'aide du Département",
    "aid_removed": "retrait du montant de l'aide du Département",
    "decline": "refus de la coordination",
    "accept": "validation par la coordination",
    "supersede": "sans suite (autre parrainage proposé)",
}


def object_label(code: str | None) -> str:
    return OBJECT_LABELS.get(code or "", code or "")


def action_label(code: str | None) -> str:
    """e.g. "pairing.active" -> "Parrainage : démarrage"; unknown codes are shown as they are."""
    subject, _, event = (code or "").partition(".")
    if subject in _SUBJECTS and event in _EVENTS:
        return f"{_SUBJECTS[subject]} : {_EVENTS[event]}"
    return code or ""
