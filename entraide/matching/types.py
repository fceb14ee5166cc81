"""Input dataclasses: the contract the web adapter fills from database rows.

Everything here is plain data (frozen dataclasses, standard types) so that the
matching engine can be used from a script, a test or the Flask app alike.
"""

from __future__ import annotations

import datetime
import decimal
import math
import numbers
from dataclasses import dataclass

URGENCY_WEIGHTS: dict[str, float] = {"low": 1.0, "normal": 2.0, "high": 3.0}
"""Weight of a need in the complementarity score, by urgency.

An urgent need counts three times a low one: a young SCIC facing a cash crisis
should be paired first with someone who has been through one. Unknown urgency
values count as ``"normal"``.
"""


@dataclass(frozen=True)
class NeedItem:
    """An open need declared by an organisation (theme code from ``THEMES``)."""

    id: int
    theme: str
    text: str = ""
    urgency: str = "normal"


@dataclass(frozen=True)
class OfferItem:
    """Something an organisation offers to share (theme code from ``THEMES``)."""

    id: int
    theme: str
    text: str = ""


@dataclass(frozen=True)
class OrgProfile:
    """What the matching engine knows of one member organisation.

    ``lat``/``lon`` are WGS84 degrees (``None`` when unknown); ``is_young`` is
    True for SCICs created in ``YOUNG_SINCE_YEAR`` or later and for projects;
    ``mentor_capacity`` is the number of young SCICs it accepts to sponsor at
    the same time (0 opts out) and ``active_mentees`` the part already used.
    """

    id: int
    name: str
    lat: float | None = None
    lon: float | None = None
    year_created: int | None = None
    sector: str | None = None
    is_young: bool = False
    mentor_capacity: int = 0
    active_mentees: int = 0
    needs: tuple[NeedItem, ...] = ()
    offers: tuple[OfferItem, ...] = ()
    commune_name: str | None = None
    epci: str | None = None
    in_departement: bool = True
    last_hosted_on: datetime.date | None = None

    @property
    def has_location(self) -> bool:
        """Whether ``lat``/``lon`` are finite WGS84 coordinates."""
        return _valid_coordinate(self.lat, 90.0) and _valid_coordinate(self.lon, 180.0)

    @property
    def remaining_capacity(self) -> int:
        """How many new young SCICs it can still sponsor (never negative)."""
        return max(0, int(self.mentor_capacity) - int(self.active_mentees))


def _valid_coordinate(value: object, bound: float) -> bool:
    # numbers.Real also admits numpy scalars; Decimal is what a Numeric column returns.
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        return False
    return math.isfinite(value) and -bound <= value <= bound


# French names of the weights, for validation messages shown to the coordinator.
_WEIGHT_LABELS = {
    "w_complementarity": "complémentarité",
    "w_text": "similarité des textes",
    "w_proximity": "proximité",
    "w_experience": "expérience",
    "w_affinity": "affinité de secteur",
}


@dataclass(frozen=True)
class MatchingParams:
    """Tunable parameters of the sponsorship scores and of the territorial groups.

    Default weights (they sum to 1, so the total reads directly as a share):

    - ``w_complementarity = 0.40``: the heart of sponsorship is that the sponsor
      knows the subjects the young SCIC struggles with (its open needs);
    - ``w_proximity = 0.25``: a pairing lives on about one meeting a month for
      one to two years, in each other's premises, and the network found that
      events run by two SCICs of the same territory worked best;
    - ``w_text = 0.15``: free texts refine a theme match but are short and
      uneven, so they only nudge the ranking;
    - ``w_experience = 0.15``: young-versus-experienced is already a hard rule,
      so seniority only orders the experienced SCICs among themselves;
    - ``w_affinity = 0.05``: a shared sector helps (same regulations, same
      partners) but cross-sector mutual aid is the point of the network.

    ``half_distance_km`` is the distance at which proximity falls to 0.5: 25 km
    lies between Lens–Arras (16 km) and Calais–Boulogne (30 km), about a
    half-hour drive, still easy once a month.
    ``min_score = 0.25`` keeps out of the proposed pairing the pairs that cover
    little of the needs and are far away; they stay visible as candidates.
    Groups hold 4 to 8 organisations: enough to meet even when some are busy,
    few enough to host in a member's premises. ``random_state`` follows the
    scikit-learn convention and reaches the grouper, but no algorithm here
    draws random numbers today: results are deterministic whatever its value.
    """

    w_complementarity: float = 0.40
    w_text: float = 0.15
    w_proximity: float = 0.25
    w_experience: float = 0.15
    w_affinity: float = 0.05
    half_distance_km: float = 25.0
    top_k: int = 5
    min_score: float = 0.25
    group_min_size: int = 4
    group_max_size: int = 8
    random_state: int = 0

    @property
    def weights(self) -> dict[str, float]:
        """The five weights keyed by component name (without the ``w_`` prefix)."""
        return {name[2:]: float(getattr(self, name)) for name in _WEIGHT_LABELS}

    def validate(self) -> list[str]:
        """Check the parameters.

        Returns
        -------
        list of str
            French error messages, one per problem; empty when all is fine.
        """
        errors: list[str] = []
        weights_ok = True
        for name, label in _WEIGHT_LABELS.items():
            value = getattr(self, name)
            if not _is_number(value):
                errors.append(f"Le poids « {label} » doit être un nombre fini.")
                weights_ok = False
            elif value < 0:
                errors.append(f"Le poids « {label} » doit être positif ou nul.")
                weights_ok = False
        if weights_ok and not any(getattr(self, name) > 0 for name in _WEIGHT_LABELS):
            errors.append("Au moins un des poids doit être strictement positif.")
        if not _is_number(self.half_distance_km) or self.half_distance_km <= 0:
            errors.append("La demi-distance doit être un nombre de kilomètres strictement positif.")
        if not _is_int(self.top_k) or self.top_k < 1:
            errors.append(
                "Le nombre de suggestions par filleule doit être un entier au moins égal à 1."
            )
        if not _is_number(self.min_score) or not 0 <= self.min_score <= 1:
            errors.append("Le score minimal doit être compris entre 0 et 1.")
        errors.extend(self._validate_group_sizes())
        if not _is_int(self.random_state) or self.random_state < 0:
            errors.append("La graine aléatoire doit être un entier positif ou nul.")
        return errors

    def _validate_group_sizes(self) -> list[str]:
        low, high = self.group_min_size, self.group_max_size
        if not _is_int(low) or low < 1:
            return ["La taille minimale des groupes doit être un entier au moins égal à 1."]
        if not _is_int(high) or high < low:
            return [
                "La taille maximale des groupes doit être un entier au moins égal "
                "à la taille minimale."
            ]
        return []

    def check(self) -> None:
        """Raise ``ValueError`` with the French messages of :meth:`validate`, if any."""
        errors = self.validate()
        if errors:
            raise ValueError(" ".join(errors))


def _is_number(value: object) -> bool:
    # numbers.Real admits numpy scalars; Decimal is what a form's DecimalField gives.
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        return False
    return math.isfinite(value)


def _is_int(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int)


def check_unique_ids(orgs) -> None:
    """Raise ``ValueError`` if two organisations share an id (an adapter bug)."""
    seen: set[int] = set()
    duplicates = sorted({org.id for org in orgs if org.id in seen or seen.add(org.id)})
    if duplicates:
        shown = ", ".join(str(i) for i in duplicates[:10])
        raise ValueError(f"Identifiants d'organisation en double : {shown}.")


__all__ = [
    "NeedItem",
    "OfferItem",
    "OrgProfile",
    "MatchingParams",
    "URGENCY_WEIGHTS",
    "check_unique_ids",
]
