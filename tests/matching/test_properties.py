"""Property tests (hypothesis) on random small networks."""

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entraide.matching import MatchingParams, NeedItem, OfferItem, OrgProfile, suggest

THEMES = ["gouvernance", "financement", "gestion", "emploi"]
WORDS = ["assemblée", "collège", "trésorerie", "prêt", "embauche", "comptabilité", ""]
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.lists(st.sampled_from(WORDS), max_size=3).map(" ".join)
needs = st.lists(
    st.builds(
        NeedItem,
        st.integers(1, 9),
        st.sampled_from(THEMES),
        texts,
        st.sampled_from(["low", "normal", "high", "???"]),
    ),
    max_size=3,
)
offers = st.lists(
    st.builds(OfferItem, st.integers(1, 9), st.sampled_from(THEMES), texts), max_size=3
)


@st.composite
def networks(draw, max_size=12):
    size = draw(st.integers(0, max_size))
    orgs = []
    for i in range(1, size + 1):
        located = draw(st.booleans()) or draw(st.booleans())
        capacity = draw(st.integers(0, 3))
        orgs.append(
            OrgProfile(
                i,
                f"Org {i}",
                lat=draw(st.floats(50.0, 51.0)) if located else None,
                lon=draw(st.floats(1.6, 3.2)) if located else None,
                year_created=draw(st.none() | st.integers(1990, 2026)),
                sector=draw(st.sampled_from([None, "commerce", "culture", "autre"])),
                is_young=draw(st.booleans()),
                mentor_capacity=capacity,
                active_mentees=draw(st.integers(0, capacity + 1)),
                needs=tuple(draw(needs)),
                offers=tuple(draw(offers)),
            )
        )
    return orgs


def pair_sets(orgs):
    ids = [o.id for o in orgs] or [0]
    return st.sets(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6)


@FAST
@given(data=st.data(), orgs=networks(), top_k=st.integers(1, 4))
def test_hard_rules_hold(data, orgs, top_k):
    excluded = data.draw(pair_sets(orgs))
    existing = data.draw(pair_sets(orgs))
    params = MatchingParams(top_k=top_k, min_score=data.draw(st.sampled_from([0.0, 0.25])))
    result = suggest(orgs, params, excluded_pairs=excluded, existing_pairs=existing)
    by_id = {o.id: o for o in orgs}
    for mentee in result.mentees:
        assert by_id[mentee.id].is_young and by_id[mentee.id].needs
        assert len(mentee.candidates) <= top_k
        assert bool(mentee.candidates) != bool(mentee.reason)
        scores = [c.score for c in mentee.candidates]
        assert scores == sorted(scores, reverse=True)
        for c in mentee.candidates:
            mentor = by_id[c.id]
            assert c.id != mentee.id
            assert (mentee.id, c.id) not in excluded | existing
            assert not mentor.is_young and mentor.active_mentees < mentor.mentor_capacity
            assert all(0.0 <= v <= 1.0 for v in c.components.values())
            assert 0.0 <= c.score <= 1.0
    used = {}
    for pair in result.proposed_pairs:
        assert pair.mentee_id != pair.mentor_id
        assert (pair.mentee_id, pair.mentor_id) not in excluded | existing
        assert pair.score >= params.min_score
        used[pair.mentor_id] = used.get(pair.mentor_id, 0) + 1
    for mentor_id, count in used.items():
        assert count <= by_id[mentor_id].mentor_capacity - by_id[mentor_id].active_mentees
    mentees = [p.mentee_id for p in result.proposed_pairs]
    assert len(mentees) == len(set(mentees))


@FAST
@given(orgs=networks(), seed=st.integers(0, 10**6))
def test_output_is_deterministic_and_order_independent(orgs, seed):
    shuffled = list(orgs)
    np.random.default_rng(seed).shuffle(shuffled)
    assert suggest(orgs).to_dict() == suggest(orgs).to_dict() == suggest(shuffled).to_dict()


@FAST
@given(data=st.data(), orgs=networks(), step=st.floats(0.05, 0.95))
def test_moving_a_mentor_closer_never_lowers_its_score(data, orgs, step):
    params = MatchingParams(top_k=50)
    by_id = {o.id: o for o in orgs}
    located = [
        (mentee, candidate)
        for mentee in suggest(orgs, params).mentees
        for candidate in mentee.candidates
        if by_id[mentee.id].has_location and by_id[candidate.id].has_location
    ]
    if not located:
        return
    mentee, candidate = data.draw(st.sampled_from(located))
    target, mentor = by_id[mentee.id], by_id[candidate.id]
    closer = dataclasses.replace(
        mentor,
        lat=mentor.lat + step * (target.lat - mentor.lat),
        lon=mentor.lon + step * (target.lon - mentor.lon),
    )
    moved = [closer if o.id == mentor.id else o for o in orgs]
    (after,) = [
        c
        for m in suggest(moved, params).mentees
        if m.id == mentee.id
        for c in m.candidates
        if c.id == mentor.id
    ]
    assert after.score >= candidate.score - 1e-12
    assert after.distance_km <= candidate.distance_km + 1e-9
