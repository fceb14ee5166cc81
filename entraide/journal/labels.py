"""French names of the audit log's actions, their families and the fields they change.

Codes stay in English in the database; everything here is what the coordinator reads.
Every action written by a ``record(...)`` call has a label here and a sentence in
``sentences.py`` (a test finds the calls in the source and fails on a missing one).
"""

# Families of actions, the "kind" filter of the journal: code prefix -> label.
FAMILIES = {
    "organisations": "Organisations",
    "declarations": "Besoins et offres",
    "pairings": "Parrainages",
    "followups": "Suivi des parrainages",
    "groups": "Groupes et rencontres",
    "actions": "Actions du réseau",
    "help": "Appels à l'entraide",
    "accounts": "Comptes",
    "settings": "Réglages et bilan",
    "conventions": "Conventions et bilan financier",
    "mails": "Courriels",
}

# Every action: its family and a short label (the filter's options).
ACTIONS = {
    "organisation.create": ("organisations", "Création d'une organisation"),
    "organisation.update": ("organisations", "Modification d'un profil"),
    "organisation.archive": ("organisations", "Archivage d'une organisation"),
    "organisation.restore": ("organisations", "Restauration d'une organisation"),
    "need.create": ("declarations", "Déclaration d'un besoin"),
    "need.update": ("declarations", "Modification d'un besoin"),
    "need.met": ("declarations", "Besoin satisfait"),
    "need.withdrawn": ("declarations", "Retrait d'un besoin"),
    "need.reopen": ("declarations", "Réouverture d'un besoin"),
    "offer.create": ("declarations", "Publication d'une offre"),
    "offer.update": ("declarations", "Modification d'une offre"),
    "offer.withdraw": ("declarations", "Retrait d'une offre"),
    "pairing.proposed": ("pairings", "Proposition de parrainage"),
    "pairing.awaiting_consent": ("pairings", "Envoi de la proposition aux deux SCIC"),
    "pairing.consent": ("pairings", "Réponse d'une SCIC à une proposition"),
    "pairing.active": ("pairings", "Début d'un parrainage"),
    "pairing.declined": ("pairings", "Proposition refusée"),
    "pairing.completed": ("pairings", "Fin d'un parrainage"),
    "pairing.stopped": ("pairings", "Arrêt d'un parrainage"),
    "pair.reject": ("pairings", "Binôme écarté"),
    "pair.reject_lifted": ("pairings", "Binôme de nouveau possible"),
    "followup.create": ("followups", "Rencontre de parrainage notée"),
    "followup.correct": ("followups", "Rencontre de parrainage corrigée"),
    "followup.plan": ("followups", "Rencontre de parrainage prévue"),
    "followup.reschedule": ("followups", "Rencontre de parrainage modifiée"),
    "followup.record": ("followups", "Compte rendu d'une rencontre prévue"),
    "followup.cancel": ("followups", "Rencontre de parrainage annulée"),
    "followup_action.done": ("followups", "Action de suivi faite"),
    "pairing.evaluate": ("followups", "Bilan d'un parrainage"),
    "pairing.reminder": ("followups", "Relance automatique"),
    "pairing.reminder_manual": ("followups", "Relance par la coordination"),
    "group.create": ("groups", "Validation d'un groupe"),
    "group.rename": ("groups", "Nouveau nom d'un groupe"),
    "group.member_add": ("groups", "Ajout d'un membre à un groupe"),
    "group.member_remove": ("groups", "Retrait d'un membre d'un groupe"),
    "group.contact": ("groups", "Personne de contact d'un groupe"),
    "group.archive": ("groups", "Archivage d'un groupe"),
    "meeting.create": ("groups", "Rencontre de groupe notée"),
    "meeting.correct": ("groups", "Rencontre de groupe corrigée"),
    "meeting.import": ("actions", "Rencontre de l'historique importée"),
    "action.create": ("actions", "Action du réseau enregistrée"),
    "action.update": ("actions", "Action du réseau modifiée"),
    "action.delete": ("actions", "Action du réseau supprimée"),
    "action_document.add": ("actions", "Pièce justificative jointe"),
    "action_document.remove": ("actions", "Pièce justificative retirée"),
    "meeting.plan": ("groups", "Rencontre de groupe prévue"),
    "meeting.reschedule": ("groups", "Rencontre de groupe modifiée"),
    "meeting.record": ("groups", "Compte rendu d'une rencontre de groupe prévue"),
    "meeting.cancel": ("groups", "Rencontre de groupe annulée"),
    "help_request.create": ("help", "Appel à l'entraide lancé"),
    "help_answer.create": ("help", "Réponse à un appel"),
    "help_request.close": ("help", "Appel à l'entraide clos"),
    "help_request.notify_offerer": ("help", "Nouvelle organisation prévenue d'un appel"),
    "help_request.relay": ("help", "Appel à l'entraide relayé"),
    "user.create": ("accounts", "Création d'un compte"),
    "user.activate": ("accounts", "Réactivation d'un compte"),
    "user.deactivate": ("accounts", "Désactivation d'un compte"),
    "user.erase": ("accounts", "Effacement des données d'un compte (RGPD)"),
    "matching.settings": ("settings", "Réglages du rapprochement"),
    "report.hourly_rate": ("settings", "Taux horaire du bénévolat"),
    "report.highlight_added": ("settings", "Témoignage retenu pour le bilan"),
    "report.highlight_removed": ("settings", "Témoignage retiré du bilan"),
    "branding.logo_set": ("settings", "Logo du Département enregistré"),
    "branding.logo_removed": ("settings", "Logo du Département retiré"),
    "report.highlight_updated": ("settings", "Témoignage modifié"),
    "report.highlight_answer": ("settings", "Réponse d'une organisation sur un témoignage"),
    "report.sent": ("settings", "Bilan marqué comme envoyé au Département"),
    "report.reopened": ("settings", "Bilan rouvert après son envoi"),
    "report.narrative": (
        "settings",
        "Texte d'un axe du bilan (conditions, résultats, perspectives)",
    ),
    "outbox.retry": ("mails", "Nouvel essai d'envoi d'un courriel"),
    "territory.commune": ("groups", "Territoire d'une commune"),
    "territory.file": ("groups", "Table des territoires chargée d'un fichier"),
    "territory.reset": ("groups", "Table des territoires remise à l'hypothèse"),
    "pairing.update": ("pairings", "Motif visible par les SCIC"),
    "user.update": ("accounts", "Modification de son compte"),
    "user.calendar_renew": ("accounts", "Nouvelle adresse de son agenda"),
    "sponsor_request.create": ("pairings", "Demande de parrainage d'une SCIC"),
    "sponsor_request.withdraw": ("pairings", "Demande de parrainage retirée"),
    "sponsor_request.decline": ("pairings", "Demande de parrainage refusée"),
    "sponsor_request.accept": ("pairings", "Demande de parrainage validée"),
    "sponsor_request.supersede": ("pairings", "Demande de parrainage sans suite"),
    "convention.create": ("conventions", "Saisie d'une convention"),
    "convention.update": ("conventions", "Correction d'une convention"),
    "convention.delete": ("conventions", "Suppression d'une convention"),
    "convention.reminder": ("conventions", "Rappel d'une échéance de convention"),
    "statement.update": ("conventions", "Montants du bilan financier"),
    "statement.line_add": ("conventions", "Sous-ligne ajoutée au bilan financier"),
    "statement.line_remove": ("conventions", "Sous-ligne retirée du bilan financier"),
    "statement.final": ("conventions", "Bilan financier marqué définitif"),
    "statement.reopen": ("conventions", "Bilan financier repassé en brouillon"),
}

# Actions no code writes any more: their entries stay in the journal and still read in
# French (the aid of a year became a convention's, migration 0019).
RETIRED_ACTIONS = {
    "report.aid": ("settings", "Montant de l'aide du Département (ancien réglage)"),
    "report.aid_removed": ("settings", "Retrait du montant de l'aide (ancien réglage)"),
}

# A convention's fields (convention.create / convention.update).
CONVENTION_FIELDS = {
    "funder": "Financeur",
    "reference": "Référence",
    "decision": "Décision",
    "decided_on": "Date de la décision",
    "beneficiary": "Bénéficiaire",
    "title": "Intitulé",
    "period_start": "Début de la période",
    "period_end": "Fin de la période",
    "aid_amount": "Montant de l'aide",
    "report_due": "Bilan final à remettre le",
    "extension_before": "Prolongation à demander avant le",
    "report_sent": "Bilan final remis",
    "report_sent_on": "Remis le",
    "notes": "Observations",
}

# An organisation's profile fields (organisation.create / organisation.update).
ORGANISATION_FIELDS = {
    "name": "Nom",
    "status": "Statut",
    "commune_insee": "Commune",
    "town_label": "Ville (hors Pas-de-Calais)",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "year_created": "Année de création",
    "sector": "Secteur",
    "legal_form": "Forme juridique",
    "colleges": "Collèges",
    "employees": "Salariés",
    "members_count": "Sociétaires",
    "description": "Présentation",
    "website": "Site web",
    "contact_email": "Courriel de contact",
    "mentor_capacity": "Capacité de parrainage",
    "public_directory": "Annuaire public",
    "in_difficulty": "En difficulté",
}
# An action of the register (action.update).
ACTION_FIELDS = {
    "title": "Intitulé",
    "axis": "Axe",
    "kind": "Type",
    "status": "Statut",
    "held_on": "Date",
    "ends_on": "Date de fin",
    "commune_insee": "Commune",
    "place_label": "Lieu",
    "host_ids": "Organisations qui accueillent",
    "outside_hosts": "Structures extérieures qui accueillent",
    "partner_ids": "Organisations partenaires ou présentes",
    "outside_partners": "Partenaires extérieurs",
    "audience": "Public",
    "people_count": "Personnes présentes",
    "organisations_count": "Organisations présentes",
}
DECLARATION_FIELDS = {"theme": "Thème", "text": "Texte", "urgency": "Urgence", "status": "État"}
# The fields a correction of a meeting may change (followup.correct / meeting.correct),
# named as on the recording forms.
FOLLOWUP_FIELDS = {
    "held_on": "Date de la rencontre",
    "start_time": "Heure de début",
    "format": "Format",
    "place": "Lieu",
    "participants": "Participants",
    "duration_minutes": "Durée",
    "volunteer_hours": "Heures de bénévolat",
    "summary": "Compte rendu",
    "next_meeting_on": "Prochaine rencontre envisagée",
}
MEETING_FIELDS = {
    "held_on": "Date de la rencontre",
    "start_time": "Heure de début",
    "duration_minutes": "Durée",
    "kind": "Type",
    "title": "Titre",
    "host_id": "Organisation qui accueille",
    "place": "Lieu",
    "participant_ids": "Organisations présentes",
    "other_participants": "Autres participant·es",
    "topics": "Sujets abordés",
    "volunteer_hours": "Heures de bénévolat",
}
NEED_STATES = {"open": "ouvert", "met": "satisfait", "withdrawn": "retiré"}
OFFER_STATES = {"active": "active", "withdrawn": "retirée"}


def family_of(code: str | None) -> str | None:
    action = ACTIONS.get(code or "") or RETIRED_ACTIONS.get(code or "")
    return action[0] if action else None


def action_label(code: str | None) -> str:
    """« Début d'un parrainage » for "pairing.active"; an unknown code is shown as it is."""
    action = ACTIONS.get(code or "") or RETIRED_ACTIONS.get(code or "")
    return action[1] if action else (code or "")


def family_choices() -> list[tuple[str, str]]:
    return list(FAMILIES.items())


def actions_of_family(family: str) -> list[str]:
    """The family's actions, the retired ones too (their old entries are still filtered)."""
    every = {**ACTIONS, **RETIRED_ACTIONS}
    return [code for code, (fam, _label) in every.items() if fam == family]
