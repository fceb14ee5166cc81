"""French explanations: why a sponsor is suggested, why a mentee has none.

Every sentence a coordinator or a member reads is built here, from the score
components, so the wording stays consistent and easy to review in one place.
"""

from __future__ import annotations

from ..themes import SECTORS, THEMES
from .features import need_theme_weights
from .types import URGENCY_WEIGHTS, OrgProfile

TEXT_REASON_THRESHOLD = 0.05
"""Below this cosine similarity, shared words are incidental and not worth a sentence."""


def theme_label(code: str) -> str:
    """French label of a theme code (the code itself when unknown)."""
    return THEMES.get(code, code)


def quoted(labels) -> str:
    """``« A », « B »``: French quotation marks.

    Plain spaces rather than no-break ones, so that the sentences match the
    documented examples byte for byte; the web layer may refine typography.
    """
    return ", ".join(f"« {label} »" for label in labels)


def fr_decimal(value: float, digits: int = 2) -> str:
    """A number with a decimal comma, as written in French (``0,25``)."""
    return f"{value:.{digits}f}".replace(".", ",")


def fr_km(distance_km: float) -> str:
    """A distance in whole kilometres with French digit grouping (``1 234 km``)."""
    return f"{distance_km:,.0f} km".replace(",", " ")


class ReasonWriter:
    """Writes the French reasons of many candidates, formatting each piece once.

    On a large network the same needs, offers and sentences come back for
    every candidate; caching them per organisation id (unique within one call
    of ``suggest``) makes explaining 100 000 candidates cheap.
    """

    def __init__(self):
        self._needs: dict[int, tuple[tuple[str, bool], ...]] = {}
        self._offers: dict[int, frozenset[str]] = {}
        self._sentences: dict[tuple, str] = {}

    def reasons(
        self,
        mentee: OrgProfile,
        mentor: OrgProfile,
        components: dict[str, float],
        distance_km: float | None,
        mentor_year: int | None,
    ) -> tuple[str, ...]:
        """Sentences explaining a candidate, in the order of the score components.

        Parameters
        ----------
        mentee, mentor : OrgProfile
        components : dict of str to float
            The pair's score components (see ``scoring.COMPONENTS``).
        distance_km : float or None
            Great-circle distance, ``None`` when a location is unknown.
        mentor_year : int or None
            The mentor's creation year once cleaned (``None`` if unknown or impossible).
        """
        needs = self._needs.get(mentee.id)
        if needs is None:
            needs = self._needs[mentee.id] = ordered_needs(mentee.needs)
        offered = self._offers.get(mentor.id)
        if offered is None:
            offered = self._offers[mentor.id] = frozenset(o.theme for o in mentor.offers)
        reasons = [self._sentence("covered", t, u) for t, u in needs if t in offered]
        if components["text"] >= TEXT_REASON_THRESHOLD:
            percent = round(100 * components["text"])
            reasons.append(
                f"Descriptions des besoins et des offres proches (similarité de {percent} %)"
            )
        reasons.append(_distance_reason(mentee, mentor, distance_km))
        if mentor_year is not None:
            reasons.append(f"SCIC depuis {mentor_year}")
        else:
            reasons.append("Année de création inconnue : expérience comptée comme moyenne")
        if components["affinity"] > 0:
            reasons.append(f"Même secteur ({SECTORS.get(mentor.sector, mentor.sector)})")
        missing = tuple(theme for theme, _ in needs if theme not in offered)
        if missing:
            reasons.append(self._sentence("missing", missing))
        return tuple(reasons)

    def _sentence(self, *key) -> str:
        sentence = self._sentences.get(key)
        if sentence is None:
            if key[0] == "covered":
                label = quoted([theme_label(key[1])])
                kind = "Besoin urgent" if key[2] else "Besoin"
                sentence = f"{kind} {label} couvert par l'offre {label}"
            else:
                word = "Besoin non couvert" if len(key[1]) == 1 else "Besoins non couverts"
                sentence = f"{word} : {quoted(theme_label(t) for t in key[1])}"
            self._sentences[key] = sentence
        return sentence


def candidate_reasons(mentee, mentor, components, distance_km, mentor_year) -> tuple[str, ...]:
    """Reasons of a single candidate (see :meth:`ReasonWriter.reasons`)."""
    return ReasonWriter().reasons(mentee, mentor, components, distance_km, mentor_year)


def ordered_needs(needs) -> tuple[tuple[str, bool], ...]:
    """(theme, urgent) of each need theme, most urgent first, then by label."""
    weights = need_theme_weights(needs)
    order = sorted(weights, key=lambda t: (-weights[t], theme_label(t)))
    return tuple((t, weights[t] >= URGENCY_WEIGHTS["high"]) for t in order)


def _distance_reason(mentee: OrgProfile, mentor: OrgProfile, distance_km: float | None) -> str:
    if distance_km is None:
        return "Distance inconnue : localisation manquante"
    if mentee.commune_name and mentee.commune_name == mentor.commune_name:
        return f"Même commune ({mentor.commune_name})"
    if distance_km < 1:
        return "À moins d'un kilomètre"
    return fr_km(distance_km)


def no_candidate_reason(
    mentee: OrgProfile,
    *,
    volunteers: int,
    available: int,
    blocked: int,
) -> str:
    """Why a mentee has no candidate, from the most general cause to the most specific.

    Parameters
    ----------
    mentee : OrgProfile
    volunteers : int
        Experienced organisations that accept to sponsor (capacity above 0).
    available : int
        Among them, those with capacity left.
    blocked : int
        Available ones covering at least one of the mentee's needs but left out
        because the coordinator rejected the pair or it already exists.
    """
    if volunteers == 0:
        return "Aucune SCIC expérimentée ne s'est encore proposée pour parrainer."
    if available == 0:
        return "Toutes les SCIC qui parrainent ont déjà atteint leur capacité."
    if blocked == 0:
        labels = sorted({theme_label(n.theme) for n in mentee.needs})
        needs = "son besoin" if len(labels) == 1 else "ses besoins"
        return (
            f"Aucune SCIC expérimentée disponible ne propose d'aide sur {needs} ({quoted(labels)})."
        )
    return (
        "Les parrainages possibles ont déjà été écartés par la coordination ou sont déjà en cours."
    )


def empty_result_reason(*, n_orgs: int, n_mentees: int, n_candidates: int, min_score: float) -> str:
    """Top-level reason for an empty list of mentees or of proposed pairs."""
    if n_orgs == 0:
        return "Aucune organisation dans le réseau : rien à proposer."
    if n_mentees == 0:
        return "Aucune jeune SCIC n'a de besoin ouvert : aucun parrainage à proposer."
    if n_candidates == 0:
        return "Aucune jeune SCIC n'a de SCIC marraine possible (voir le motif donné pour chacune)."
    return (
        f"Aucun binôme n'atteint le score minimal ({fr_decimal(min_score)}) : "
        "les SCIC marraines possibles restent affichées pour chaque jeune SCIC."
    )
