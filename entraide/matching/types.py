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

from . import settings as _settings
from .settings import DEFAULTS, WEIGHT_NAMES

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
    ``territory`` is the Département's territory of its commune (Arrageois…), from the
    coordination's table; ``None`` when unknown or outside the département.
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
    territory: str | None = None

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


@dataclass(frozen=True)
class MatchingParams:
    """Tunable parameters of the sponsorship scores and of the territorial groups.

    The ten settings (names, bounds, defaults and why these defaults) are declared
    once in :mod:`entraide.matching.settings`; the fields below take their defaults
    from there and :meth:`validate` checks their bounds from there. No algorithm here
    draws random numbers: results are deterministic, so there is no ``random_state``.
    """

    w_complementarity: float = DEFAULTS["w_complementarity"]
    w_text: float = DEFAULTS["w_text"]
    w_proximity: float = DEFAULTS["w_proximity"]
    w_experience: float = DEFAULTS["w_experience"]
    w_affinity: float = DEFAULTS["w_affinity"]
    half_distance_km: float = DEFAULTS["half_distance_km"]
    top_k: int = DEFAULTS["top_k"]
    min_score: float = DEFAULTS["min_score"]
    group_min_size: int = DEFAULTS["group_min_size"]
    group_max_size: int = DEFAULTS["group_max_size"]

    @property
    def weights(self) -> dict[str, float]:
        """The five weights keyed by component name (without the ``w_`` prefix)."""
        return {name[2:]: float(getattr(self, name)) for name in WEIGHT_NAMES}

    def validate(self) -> list[str]:
        """Check the parameters against the bounds of :data:`settings.SETTINGS`.

        Returns
        -------
        list of str
            French error messages, one per problem; empty when all is fine.
        """
        errors: list[str] = []
        weights, weights_ok = [], True
        for setting in _settings.SETTINGS:
            value = getattr(self, setting.name)
            ok = setting.accepts(value)
            if not ok:
                errors.append(setting.error_fr)
            if setting.is_weight:
                weights.append(value)
                weights_ok = weights_ok and ok
        if weights and weights_ok and not any(value > 0 for value in weights):
            errors.append("Au moins un des poids doit être strictement positif.")
        low, high = self.group_min_size, self.group_max_size
        if _is_int(low) and _is_int(high) and high < low:
            errors.append(
                "La taille maximale des groupes doit être un entier au moins égal "
                "à la taille minimale."
            )
        return errors

    def check(self) -> None:
        """Raise ``ValueError`` with the French messages of :meth:`validate`, if any."""
        errors = self.validate()
        if errors:
            raise ValueError(" ".join(errors))


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
