"""The columns of the organisations file: their French headers, the names also accepted (pure).

The export writes :data:`COLUMNS` in this order, under their French header (:data:`HEADERS`)
or, in the technical form, under their key. The import reads them in any order, by any of
their names (:data:`ALIASES`), comparing headers without case, accents, hyphens,
underscores or brackets: « Année de création », « annee_de_creation » and
« year_created » are one column.
"""

import re

from ..core.csvcells import unescape_formula
from ..text import normalise_key

__all__ = [
    "ALIASES",
    "COLUMNS",
    "HEADERS",
    "column_letter",
    "header_key",
    "recognise",
]

# key -> the French header the export writes (the template file's, too).
HEADERS: dict[str, str] = {
    "name": "nom",
    "commune": "commune",
    "postal_code": "code postal",
    "town": "ville",
    "lat": "latitude",
    "lon": "longitude",
    "status": "statut",
    "sector": "secteur",
    "year_created": "année de création",
    "member_since": "membre depuis",
    "mentor_capacity": "capacité de parrainage",
    "in_difficulty": "en difficulté",
    "contact_email": "courriel de contact",
    "needs": "besoins",
    "needs_text": "besoins (textes)",
    "offers": "offres",
    "offers_text": "offres (textes)",
}
COLUMNS: tuple[str, ...] = tuple(HEADERS)

# Other names a coordinator's file may give a column (compared by :func:`header_key`).
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("nom de l'organisation", "organisation", "raison sociale"),
    "commune": ("code INSEE", "insee"),
    "postal_code": ("cp",),
    "town": ("town_label",),
    "lat": ("lat",),
    "lon": ("lon", "long", "lng"),
    "year_created": ("année", "année création", "création"),
    "member_since": ("date d'adhésion", "adhésion", "entrée dans le réseau", "membre du réseau"),
    "mentor_capacity": ("capacité",),
    "in_difficulty": ("difficulté",),
    "contact_email": ("courriel", "email", "e-mail", "mail", "adresse électronique"),
    "needs_text": ("textes des besoins",),
    "offers_text": ("textes des offres",),
}
_PUNCTUATION = re.compile(r"[_().:*\[\]]")


def header_key(raw: str) -> str:
    """A header compared without case, accents, hyphens, underscores or brackets."""
    return " ".join(_PUNCTUATION.sub(" ", normalise_key(unescape_formula(raw or ""))).split())


ALIASES: dict[str, str] = {
    header_key(name): key
    for key, french in HEADERS.items()
    for name in (key, french, *_OTHER_NAMES.get(key, ()))
}


def recognise(raw: str) -> str | None:
    """The column key a header names, or None."""
    return ALIASES.get(header_key(raw))


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# What each column holds, for the import page and the model workbook: (required, content).
COLUMN_HELP: dict[str, tuple[str, str]] = {
    "name": (
        "oui",
        "Nom de l'organisation. S'il existe déjà (sans tenir compte des majuscules, des "
        "accents ni des tirets), l'organisation est mise à jour.",
    ),
    "commune": (
        "oui, ou « ville », ou latitude et longitude",
        "Nom ou code INSEE d'une commune du Pas-de-Calais. Une commune mal écrite est "
        "signalée avec les noms les plus proches (« Voulez-vous dire : … ? »).",
    ),
    "postal_code": ("non", "Code postal : aide à reconnaître la commune et doit lui correspondre."),
    "town": (
        "non",
        "Ville affichée. Sans commune ni coordonnées, la ville sert de commune (« Lille - "
        "Arras » : Arras) ; une ville hors du Pas-de-Calais est gardée sans position sur la "
        "carte.",
    ),
    "lat": ("non", "Latitude, avec la longitude, pour un membre hors du département."),
    "lon": ("non", "Longitude (virgule ou point décimal)."),
    "status": ("non", "SCIC ou Projet (« scic » ou « projet » ; SCIC par défaut)."),
    "sector": ("non", "Libellé ou code du secteur (Autre par défaut)."),
    "year_created": (
        "non",
        "Année de création, de 1844 à l'année en cours ; « ? » ou « inconnue » si on ne la "
        "connaît pas.",
    ),
    "member_since": (
        "non",
        "Entrée dans le réseau : une année (2022, lue 01/01/2022) ou une date (15/03/2022 ou "
        "2022-03-15).",
    ),
    "mentor_capacity": (
        "non",
        "Nombre de jeunes SCIC que l'organisation peut parrainer en même temps, de 0 à 20.",
    ),
    "in_difficulty": ("non", "oui ou non (visible de la coordination seulement)."),
    "contact_email": ("non", "Courriel de contact."),
    "needs": (
        "non",
        "Thèmes des besoins (libellés ou codes), séparés par « | » ou « ; ».",
    ),
    "needs_text": (
        "non",
        "Une ligne « thème : texte » par besoin (2 000 caractères au plus par texte). Une "
        "ligne qui ne commence pas par un thème continue le texte du dessus. Avec un seul "
        "besoin, le texte seul suffit.",
    ),
    "offers": ("non", "Thèmes des offres, comme pour les besoins."),
    "offers_text": ("non", "Une ligne « thème : texte » par offre, comme pour les besoins."),
}
