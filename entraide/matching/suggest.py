"""Sponsorship suggestions for the whole network: who may sponsor whom, and a proposed pairing.

Roles are fixed by hard rules before any score is computed:

- a **mentee** is a young organisation (created in ``YOUNG_SINCE_YEAR`` or
  later, or a project) with at least one open need: without a need there is
  nothing to sponsor;
- a **mentor** is an organisation that is *not* young and has sponsorship
  capacity left (``active_mentees < mentor_capacity``). Young SCICs are the
  ones the programme supports: asking them to sponsor would load the members
  that the network found short of time and means. Capacity 0 is an opt-out.

A pair is never proposed with itself, nor when the coordinator rejected it
(``excluded_pairs``) or it already exists (``existing_pairs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .assignment import assign_pairs
from .explain import ReasonWriter, empty_result_reason, no_candidate_reason
from .results import Candidate, MenteeSuggestions, ProposedPair, SuggestionResult, gc_paused
from .scoring import COMPONENTS, PairScorer
from .types import MatchingParams, OrgProfile, check_unique_ids


def is_mentee(org: OrgProfile) -> bool:
    """Young and with at least one open need."""
    return bool(org.is_young) and len(org.needs) > 0


def is_mentor(org: OrgProfile) -> bool:
    """Experienced (not young) and with sponsorship capacity left."""
    return not org.is_young and org.remaining_capacity > 0


def suggest(
    orgs: Sequence[OrgProfile],
    params: MatchingParams | None = None,
    *,
    excluded_pairs: Iterable[tuple[int, int]] = frozenset(),
    existing_pairs: Iterable[tuple[int, int]] = frozenset(),
    reference_year: int | None = None,
) -> SuggestionResult:
    """Rank sponsors for every mentee and propose a pairing of the whole network.

    Parameters
    ----------
    orgs : sequence of OrgProfile
        Every member organisation (ids must be unique).
    params : MatchingParams, optional
        Weights, ``top_k``, ``min_score``...; ``MatchingParams()`` by default.
    excluded_pairs : iterable of (mentee_id, mentor_id)
        Pairs the coordinator rejected: never suggested again.
    existing_pairs : iterable of (mentee_id, mentor_id)
        Pairs already under way: not suggested again.
    reference_year : int, optional
        Year used to sanitise creation years (later ones are unknown); this year
        by default.

    Returns
    -------
    SuggestionResult
        Mentees sorted by id, each with its candidates best first (ties by
        mentor id) or a French reason; proposed pairs sorted by decreasing
        score then mentee id.

    Raises
    ------
    ValueError
        If ``params`` is invalid (French messages of ``MatchingParams.validate``)
        or two organisations share an id.
    """
    params = params or MatchingParams()
    params.check()
    orgs = list(orgs)
    check_unique_ids(orgs)
    mentees = sorted((o for o in orgs if is_mentee(o)), key=lambda o: o.id)
    mentors = sorted((o for o in orgs if is_mentor(o)), key=lambda o: o.id)
    if not mentees:
        reason = empty_result_reason(
            n_orgs=len(orgs), n_mentees=0, n_candidates=0, min_score=params.min_score
        )
        return SuggestionResult(reason=reason)

    scorer = PairScorer(params, reference_year=reference_year).fit(mentees, mentors)
    forbidden = {*map(tuple, excluded_pairs), *map(tuple, existing_pairs)}
    top = scorer.top_k(params.top_k, forbidden)
    volunteers = sum(1 for o in orgs if not o.is_young and o.mentor_capacity > 0)
    with gc_paused():
        suggestions = _mentee_suggestions(mentees, mentors, top, scorer, volunteers)
    capacity = np.array([m.remaining_capacity for m in mentors], dtype=np.int64)
    chosen = assign_pairs(top.rows, top.cols, top.scores, capacity, float(params.min_score))
    chosen = chosen.tolist()
    rows, cols, scores = top.rows.tolist(), top.cols.tolist(), top.scores.tolist()
    pairs = [
        ProposedPair(
            mentees[rows[e]].id,
            mentees[rows[e]].name,
            mentors[cols[e]].id,
            mentors[cols[e]].name,
            scores[e],
        )
        for e in chosen
    ]
    pairs.sort(key=lambda p: (-round(p.score, 9), p.mentee_id))
    reason = None
    if not pairs:
        reason = empty_result_reason(
            n_orgs=len(orgs),
            n_mentees=len(mentees),
            n_candidates=len(top.rows),
            min_score=params.min_score,
        )
    return SuggestionResult(tuple(suggestions), tuple(pairs), reason)


def _mentee_suggestions(mentees, mentors, top, scorer, volunteers) -> list[MenteeSuggestions]:
    """Candidates with their French reasons, or the reason why there is none, per mentee."""
    writer = ReasonWriter()
    years = [None if np.isnan(y) else int(y) for y in scorer.mentors_.years]
    cols, scores = top.cols.tolist(), top.scores.tolist()
    components, blocked = top.components.tolist(), top.blocked.tolist()
    distances = [None if np.isnan(d) else d for d in top.distances.tolist()]
    starts = np.searchsorted(top.rows, np.arange(len(mentees) + 1)).tolist()
    result = []
    for i, mentee in enumerate(mentees):
        candidates = []
        for e in range(starts[i], starts[i + 1]):
            mentor = mentors[cols[e]]
            parts = dict(zip(COMPONENTS, components[e], strict=True))
            reasons = writer.reasons(mentee, mentor, parts, distances[e], years[cols[e]])
            candidates.append(
                Candidate(mentor.id, mentor.name, scores[e], parts, distances[e], reasons)
            )
        reason = None
        if not candidates:
            reason = no_candidate_reason(
                mentee, volunteers=volunteers, available=len(mentors), blocked=blocked[i]
            )
        result.append(MenteeSuggestions(mentee.id, mentee.name, tuple(candidates), reason))
    return result
