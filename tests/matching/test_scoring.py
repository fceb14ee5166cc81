"""PairScorer: the fast float32 ranking agrees with the exact float64 scores."""

import math

import numpy as np
import pytest

from entraide.geo.distance import haversine_km
from entraide.matching import (
    COMPONENTS,
    MatchingParams,
    NeedItem,
    OfferItem,
    OrgProfile,
    PairScorer,
)
from entraide.matching.distance import proximity
from entraide.themes import SECTORS, THEMES

WORDS = ["assemblée", "collège", "trésorerie", "subvention", "recrutement", "local", "presse"]


def random_network(seed, n_mentees=40, n_mentors=70):
    rng = np.random.default_rng(seed)
    themes, sectors = list(THEMES)[:6], [*SECTORS, None]

    def profile(i, young):
        located = rng.random() > 0.15
        items = rng.choice(themes, size=rng.integers(1, 4), replace=True)
        texts = [" ".join(rng.choice(WORDS, size=3)) if rng.random() > 0.3 else "" for _ in items]
        return OrgProfile(
            i,
            f"Org {i}",
            lat=float(rng.uniform(50.0, 51.0)) if located else None,
            lon=float(rng.uniform(1.6, 3.2)) if located else None,
            year_created=int(rng.integers(1995, 2025)) if rng.random() > 0.1 else None,
            sector=sectors[rng.integers(len(sectors))],
            is_young=young,
            mentor_capacity=0 if young else int(rng.integers(1, 4)),
            needs=tuple(
                NeedItem(j, t, x, str(rng.choice(["low", "normal", "high"])))
                for j, (t, x) in enumerate(zip(items, texts))
            )
            if young
            else (),
            offers=()
            if young
            else tuple(OfferItem(j, t, x) for j, (t, x) in enumerate(zip(items, texts))),
        )

    mentees = [profile(i, True) for i in range(1, n_mentees + 1)]
    mentors = [profile(i, False) for i in range(1000, 1000 + n_mentors)]
    return mentees, mentors


def brute_force_top(scorer, k, forbidden=()):
    n, m = len(scorer.mentees_), len(scorer.mentors_)
    rows, cols = np.divmod(np.arange(n * m), m)
    components, _, totals = scorer.pair_components(rows, cols)
    relevant = (components[:, 0] > 0) | (components[:, 1] > 0)
    expected = {}
    for r in range(n):
        mask = (rows == r) & relevant
        allowed = [
            (totals[i], scorer.mentors_.ids[cols[i]])
            for i in np.flatnonzero(mask)
            if (scorer.mentees_.ids[r], scorer.mentors_.ids[cols[i]]) not in forbidden
        ]
        expected[r] = sorted(allowed, key=lambda t: (-t[0], t[1]))[:k]
    return expected


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "options",
    [
        {"dense_text": True, "n_jobs": 1},
        {"dense_text": False, "n_jobs": 2, "block_elements": 300},
        {"block_elements": 1, "n_jobs": 3},
    ],
)
def test_top_k_matches_a_brute_force_on_exact_scores(seed, options):
    mentees, mentors = random_network(seed)
    scorer = PairScorer(MatchingParams(), reference_year=2025, **options).fit(mentees, mentors)
    forbidden = {(1, 1000), (2, 1001), (3, 1065)}
    top = scorer.top_k(4, forbidden)
    expected = brute_force_top(scorer, 4, forbidden)
    for r in range(len(mentees)):
        got = top.scores[top.rows == r]
        want = np.array([t for t, _ in expected[r]])
        # float32 ranking may swap candidates tied to 1e-7; the scores must agree.
        np.testing.assert_allclose(got, want, atol=5e-7)
        assert np.all(np.diff(got) <= 0)


def test_kernel_totals_match_exact_totals():
    mentees, mentors = random_network(5, 30, 50)
    scorer = PairScorer(reference_year=2025, n_jobs=1).fit(mentees, mentors)
    from entraide.matching.kernel import Workspace, block_keys

    key, relevant = block_keys(scorer.kernel_, 0, 30, Workspace(30, 50))
    order = scorer.kernel_.mentor_order  # kernel columns hold mentors sorted by kind
    rows, cols = np.divmod(np.arange(30 * 50), 50)
    _, _, totals = scorer.pair_components(rows, order[cols])
    fast = (key[:, :50] + order * 2.0**-53).ravel()
    np.testing.assert_allclose(fast, np.where(relevant.ravel(), totals, 0), atol=5e-7)


def test_components_are_exact():
    young = OrgProfile(
        1,
        "A",
        lat=50.4328,
        lon=2.8317,
        year_created=2021,
        sector="culture",
        is_young=True,
        needs=(NeedItem(1, "gestion", urgency="high"), NeedItem(2, "lieu", urgency="low")),
    )
    elder = OrgProfile(
        2,
        "B",
        lat=50.2910,
        lon=2.7775,
        year_created=2011,
        sector="culture",
        mentor_capacity=1,
        offers=(OfferItem(1, "gestion"),),
    )
    scorer = PairScorer(reference_year=2025).fit([young], [elder])
    components, distances, totals = scorer.pair_components([0], [0])
    d = haversine_km(50.4328, 2.8317, 50.2910, 2.7775)
    assert distances[0] == pytest.approx(d, rel=1e-9)
    expected = [3 / 4, 0.0, 0.5 ** (d / 25), 10 / 15, 1.0]
    np.testing.assert_allclose(components[0], expected, rtol=1e-9)
    weights = np.array([MatchingParams().weights[c] for c in COMPONENTS])
    assert totals[0] == pytest.approx(float(weights @ expected))
    assert scorer.score([0], [0]).tolist() == totals.tolist()


def test_haversine_and_proximity():
    # Lens - Arras is about 16 km; Calais - Boulogne about 28 km.
    assert haversine_km(50.4328, 2.8317, 50.2910, 2.7775) == pytest.approx(16.2, abs=0.3)
    assert haversine_km(50.9513, 1.8587, 50.7264, 1.6147) == pytest.approx(30.0, abs=1.5)
    assert proximity(np.array([0.0, 25.0, 50.0, math.nan]), 25.0).tolist() == [1, 0.5, 0.25, 0]


def test_overlapping_sides_never_pair_an_org_with_itself():
    both = OrgProfile(
        1,
        "A",
        lat=50.4,
        lon=2.8,
        needs=(NeedItem(1, "gestion"),),
        offers=(OfferItem(1, "gestion"),),
        mentor_capacity=1,
    )
    other = OrgProfile(
        2, "B", lat=50.4, lon=2.8, offers=(OfferItem(1, "gestion"),), mentor_capacity=1
    )
    top = PairScorer().fit([both], [both, other]).top_k(5)
    assert top.cols.tolist() == [1]
    assert top.blocked.tolist() == [1]
