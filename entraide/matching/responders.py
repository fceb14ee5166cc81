"""Who to notify about a help request ("appel à l'entraide"): the best-placed responders.

A help request is urgent and short-term: unlike a sponsorship, it asks for no
seniority and no capacity, only for someone who offers help on the theme, close
enough to meet soon, and whose offer texts speak of the same thing. Pure: dataclasses
in, a ranked list out; no Flask, no database.

Examples
--------
>>> from entraide.matching import OfferItem, OrgProfile
>>> call = HelpCall(org_id=1, theme="gouvernance", text="Préparer notre assemblée générale",
...                 lat=50.43, lon=2.83)
>>> near = OrgProfile(2, "Voisine", lat=50.43, lon=2.80,
...                   offers=(OfferItem(1, "gouvernance", "Animer une assemblée générale"),))
>>> [r.org_id for r in rank_responders(call, [near])]
[2]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .distance import haversine_km_radians, proximity
from .explain import TEXT_REASON_THRESHOLD, fr_km, quoted, theme_label
from .text import join_texts, tfidf_pair
from .types import OrgProfile

DEFAULT_TOP = 5
"""Organisations notified per request: enough for one answer, few enough not to spam."""


@dataclass(frozen=True)
class HelpCall:
    """A help request as the engine sees it: the requester, a theme, a text, a place."""

    org_id: int
    theme: str
    text: str = ""
    lat: float | None = None
    lon: float | None = None
    commune_name: str | None = None


@dataclass(frozen=True)
class ResponderParams:
    """Weights of the responders' score.

    Proximity weighs more than the text (0.6 against 0.4): an urgent request is
    best answered by someone who can come over this week, and the theme is
    already a hard filter; the text only reorders candidates that offer it.
    ``half_distance_km`` is the sponsorship default (25 km, about Lens–Arras).
    """

    w_proximity: float = 0.6
    w_text: float = 0.4
    half_distance_km: float = 25.0
    top: int = DEFAULT_TOP

    def check(self) -> None:
        """Raise ``ValueError`` (French message) on invalid parameters."""
        weights = (self.w_proximity, self.w_text)
        if not all(_finite(w) and w >= 0 for w in weights) or sum(weights) <= 0:
            raise ValueError("Les poids doivent être positifs ou nuls, et pas tous nuls.")
        if not _finite(self.half_distance_km) or self.half_distance_km <= 0:
            raise ValueError("La demi-distance doit être strictement positive.")
        if isinstance(self.top, bool) or not isinstance(self.top, int) or self.top < 1:
            raise ValueError("Le nombre d'organisations à prévenir doit être au moins 1.")


class RankedResponder(NamedTuple):
    """One organisation to notify: its id, its score in [0, 1], why (French)."""

    org_id: int
    score: float
    reason: str


def rank_responders(
    call: HelpCall,
    candidates: Sequence[OrgProfile],
    params: ResponderParams | None = None,
) -> list[RankedResponder]:
    """Rank the organisations that offer help on ``call.theme``, best first.

    Parameters
    ----------
    call : HelpCall
        The request; its ``org_id`` is never among the results.
    candidates : sequence of OrgProfile
        Organisations with their *active* offers, of any age and capacity.
    params : ResponderParams, optional

    Returns
    -------
    list of RankedResponder
        At most ``params.top`` entries, by decreasing score, equal scores by id.
        Empty when nobody else offers the theme.
    """
    params = params or ResponderParams()
    params.check()
    eligible = [
        org
        for org in candidates
        if org.id != call.org_id and any(o.theme == call.theme for o in org.offers)
    ]
    if not eligible:
        return []
    texts = [join_texts(o.text for o in org.offers if o.theme == call.theme) for org in eligible]
    left, right = tfidf_pair([call.text], texts)
    similarity = np.clip(np.asarray(right @ left.T.toarray()).ravel(), 0.0, 1.0)
    distances = _distances(call, eligible)
    near = proximity(distances, params.half_distance_km)
    total = params.w_proximity + params.w_text
    scores = (params.w_proximity * near + params.w_text * similarity) / total
    order = sorted(
        range(len(eligible)), key=lambda i: (-round(float(scores[i]), 9), eligible[i].id)
    )
    return [
        RankedResponder(
            eligible[i].id,
            float(scores[i]),
            _reason(call, eligible[i], distances[i], float(similarity[i])),
        )
        for i in order[: params.top]
    ]


def _distances(call: HelpCall, orgs: Sequence[OrgProfile]) -> np.ndarray:
    """Distances in km from the requester; NaN where either location is unknown."""
    here_lat = math.radians(call.lat) if _finite(call.lat) else math.nan
    here_lon = math.radians(call.lon) if _finite(call.lon) else math.nan
    lat = np.radians([o.lat if o.has_location else math.nan for o in orgs])
    lon = np.radians([o.lon if o.has_location else math.nan for o in orgs])
    return haversine_km_radians(here_lat, here_lon, lat, lon)  # the scalars broadcast


def _reason(call: HelpCall, org: OrgProfile, distance_km: float, similarity: float) -> str:
    parts = [f"Propose son aide sur {quoted([theme_label(call.theme)])}"]
    if math.isnan(distance_km):
        parts.append("distance inconnue (localisation manquante)")
    elif call.commune_name and call.commune_name == org.commune_name:
        parts.append(f"même commune ({org.commune_name})")
    elif distance_km < 1:
        parts.append("à moins d'un kilomètre")
    else:
        parts.append(f"à {fr_km(distance_km)}")
    if similarity >= TEXT_REASON_THRESHOLD:
        parts.append(f"offre proche de la demande (similarité de {round(100 * similarity)} %)")
    return " ; ".join(parts) + "."


def _finite(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


__all__ = ["DEFAULT_TOP", "HelpCall", "RankedResponder", "ResponderParams", "rank_responders"]
