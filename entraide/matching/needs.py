"""The engine need by need: who can help with one need, which needs one sponsor can meet.

The members' side of the sponsorship suggestions (« Qui peut m'aider ? », « Qui puis-je
aider ? »). The pair score, its components and the French reasons are those of
:func:`~entraide.matching.suggest` (:class:`PairScorer`, :class:`ReasonWriter`), computed
for a young SCIC reduced to a single need (the text similarity's vocabulary is learned on
the texts of that computation: the need and the sponsors' offers):

- :func:`candidates_for_need`: the best sponsors whose offers cover the theme of one need;
- :func:`needs_for_mentor`: the needs of young SCICs whose theme one sponsor's offers
  cover, best first.

Only a sponsor that offers the need's theme is "able to help" here: the coordination's
suggestions also keep sponsors whose offer texts merely share words with the needs, but a
member reading « Besoin non couvert » under its own need would be misled. The caller
chooses who may appear (the sponsors who opted in, the young SCICs without a sponsor).

Examples
--------
>>> from entraide.matching import NeedItem, OfferItem, OrgProfile
>>> need = NeedItem(7, "gouvernance", "Préparer notre assemblée générale")
>>> young = OrgProfile(1, "Jeune SCIC", lat=50.43, lon=2.83, year_created=2023,
...                    is_young=True, needs=(need,))
>>> elder = OrgProfile(2, "SCIC aînée", lat=50.45, lon=2.80, year_created=2008,
...                    mentor_capacity=1, offers=(OfferItem(3, "gouvernance"),))
>>> [c.id for c in candidates_for_need(young, need, [elder], reference_year=2025)]
[2]
>>> [m.need_id for m in needs_for_mentor(elder, [young], reference_year=2025)]
[7]
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .explain import ReasonWriter
from .results import Candidate
from .scoring import COMPONENTS, PairScorer
from .suggest import is_mentor
from .types import MatchingParams, NeedItem, OrgProfile


@dataclass(frozen=True)
class NeedMatch:
    """One need a sponsor could help with: whose it is, how well, how far, why (French)."""

    need_id: int
    org_id: int
    org_name: str
    theme: str
    score: float
    distance_km: float | None
    reasons: tuple[str, ...] = ()


def need_row(org: OrgProfile, need: NeedItem) -> OrgProfile:
    """``org`` reduced to one of its needs, under an id of its own (minus the need's id).

    The scorer and the reason writer key their work by id: two needs of one organisation
    must not share it, and a negative id never meets a sponsor's.
    """
    return replace(org, id=-need.id, needs=(need,))


def offers_theme(org: OrgProfile, theme: str) -> bool:
    return any(offer.theme == theme for offer in org.offers)


def candidates_for_need(
    mentee: OrgProfile,
    need: NeedItem,
    mentors: Sequence[OrgProfile],
    params: MatchingParams | None = None,
    *,
    excluded: Collection[int] = frozenset(),
    top_k: int | None = None,
    reference_year: int | None = None,
) -> tuple[Candidate, ...]:
    """The best sponsors for one need of ``mentee``, best first (equal scores by id).

    Parameters
    ----------
    mentee : OrgProfile
        The young SCIC (its other needs are ignored).
    need : NeedItem
    mentors : sequence of OrgProfile
        Possible sponsors; only those that are not young, have capacity left, are not in
        ``excluded`` and offer the need's theme are ranked.
    params : MatchingParams, optional
        Weights and ``top_k`` (the stored settings); ``MatchingParams()`` by default.
    excluded : collection of int
        Sponsor ids left out (pairs the coordination rejected, or that already exist).
    top_k : int, optional
        How many to keep; ``params.top_k`` by default.
    """
    params = params or MatchingParams()
    able = [
        m
        for m in mentors
        if is_mentor(m)
        and m.id not in excluded
        and m.id != mentee.id
        and offers_theme(m, need.theme)
    ]
    if not able:
        return ()
    row = need_row(mentee, need)
    scorer = PairScorer(params, reference_year=reference_year, n_jobs=1).fit([row], able)
    top = scorer.top_k(int(top_k or params.top_k))
    writer = ReasonWriter()
    candidates = []
    for col, score, parts, distance in zip(
        top.cols.tolist(),
        top.scores.tolist(),
        top.components.tolist(),
        top.distances.tolist(),
        strict=True,
    ):
        mentor, distance = able[col], _km(distance)
        components = dict(zip(COMPONENTS, parts, strict=True))
        reasons = writer.reasons(row, mentor, components, distance, _year(scorer, col))
        candidates.append(Candidate(mentor.id, mentor.name, score, components, distance, reasons))
    return tuple(candidates)


def needs_for_mentor(
    mentor: OrgProfile,
    mentees: Sequence[OrgProfile],
    params: MatchingParams | None = None,
    *,
    excluded: Collection[int] = frozenset(),
    reference_year: int | None = None,
) -> tuple[NeedMatch, ...]:
    """The needs of ``mentees`` whose theme ``mentor`` offers, best first (then by need id).

    Parameters
    ----------
    mentor : OrgProfile
        The sponsor (its capacity is not checked here: the caller says what it may do).
    mentees : sequence of OrgProfile
        Young SCICs with their open needs; organisations that are not young, and
        ``mentor`` itself, are skipped.
    excluded : collection of int
        Mentee ids left out (pairs the coordination rejected, or that already exist).
    """
    params = params or MatchingParams()
    themes = {offer.theme for offer in mentor.offers}
    pairs = [
        (org, need)
        for org in mentees
        if org.is_young and org.id != mentor.id and org.id not in excluded
        for need in org.needs
        if need.theme in themes
    ]
    if not pairs:
        return ()
    rows = [need_row(org, need) for org, need in pairs]
    scorer = PairScorer(params, reference_year=reference_year, n_jobs=1).fit(rows, [mentor])
    index = np.arange(len(rows))
    components, distances, totals = scorer.pair_components(index, np.zeros_like(index))
    year = _year(scorer, 0)
    writer = ReasonWriter()
    matches = []
    for (org, need), row, parts, distance, total in zip(
        pairs, rows, components.tolist(), distances.tolist(), totals.tolist(), strict=True
    ):
        distance = _km(distance)
        parts = dict(zip(COMPONENTS, parts, strict=True))
        reasons = writer.reasons(row, mentor, parts, distance, year)
        matches.append(NeedMatch(need.id, org.id, org.name, need.theme, total, distance, reasons))
    matches.sort(key=lambda m: (-round(m.score, 9), m.need_id))
    return tuple(matches)


def _km(distance: float) -> float | None:
    return None if math.isnan(distance) else distance


def _year(scorer: PairScorer, col: int) -> int | None:
    year = scorer.mentors_.years[col]
    return None if np.isnan(year) else int(year)
