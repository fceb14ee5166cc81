"""Fixed taxonomies shared by the web app and the matching engine (no Flask here).

The themes come from the difficulties the network identified in its 2022-2023 report
(see docs in ``shared/docs/domain.md``); the sectors are those of the census.
"""

THEMES: dict[str, str] = {
    "benevolat": "Bénévolat et sociétaires bénévoles",
    "dirigeance": "Statut des dirigeant·es",
    "subventions": "Accès aux subventions",
    "collectivites": "Relations avec les collectivités",
    "gouvernance": "Gouvernance et vie coopérative",
    "gestion": "Gestion et administration",
    "financement": "Financement et fonds propres",
    "juridique": "Statuts et juridique",
    "communication": "Communication",
    "numerique": "Outils numériques et logiciels libres",
    "emploi": "Emploi et ressources humaines",
    "commercial": "Développement commercial",
    "lieu": "Locaux et tiers-lieux",
    "evenementiel": "Événements et ateliers",
    "difficultes": "Traverser une difficulté économique",
}

SECTORS: dict[str, str] = {
    "services": "Services",
    "energie": "Énergie",
    "commerce": "Commerce",
    "industrie": "Industrie",
    "action_sociale": "Action sociale",
    "sante": "Santé",
    "culture": "Culture",
    "agriculture": "Agriculture",
    "habitat": "Habitat",
    "mobilite": "Mobilité",
    "autre": "Autre",
}

URGENCIES: dict[str, str] = {"low": "Faible", "normal": "Normale", "high": "Élevée"}

# Statuses of a member organisation: a SCIC, or a project on its way to becoming one.
STATUSES: dict[str, str] = {"scic": "SCIC", "projet": "Projet (association ou porteur de projet)"}

# Organisations created in this year or later count as young (domain.md), as do projects.
YOUNG_SINCE_YEAR = 2021

# The three age groups the reports and the API count apart (Organisation.age_group): a
# SCIC whose creation year is unknown is neither young nor experienced.
AGE_GROUPS: dict[str, str] = {
    "young": "Jeunes SCIC et projets",
    "experienced": "SCIC expérimentées",
    "unknown": "Année de création inconnue",
}
