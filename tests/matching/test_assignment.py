"""The network-wide pairing is optimal, within capacities, and deterministic."""

import itertools

import numpy as np
import pytest

from entraide.matching.assignment import assign_pairs


def brute_force(rows, cols, scores, capacity, min_score):
    """Best total over every choice of at most one pair per mentee (tiny instances)."""
    by_row = {}
    for e, (r, s) in enumerate(zip(rows, scores)):
        if s >= min_score:
            by_row.setdefault(r, []).append(e)
    best = 0.0
    for choice in itertools.product(*[[None, *edges] for edges in by_row.values()]):
        used = [cols[e] for e in choice if e is not None]
        if all(used.count(c) <= capacity[c] for c in set(used)):
            best = max(best, sum(scores[e] for e in choice if e is not None))
    return best


def random_instance(seed, n_rows=6, n_cols=4, k=3):
    rng = np.random.default_rng(seed)
    rows, cols = [], []
    for r in range(n_rows):
        for c in rng.choice(n_cols, size=rng.integers(0, k + 1), replace=False):
            rows.append(r)
            cols.append(int(c))
    scores = np.round(rng.random(len(rows)), 2)  # rounding creates ties on purpose
    capacity = rng.integers(0, 3, size=n_cols)
    return np.array(rows, int), np.array(cols, int), scores, capacity


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("dense_cells_limit", [10**9, 0])
def test_pairing_is_optimal_and_respects_capacities(seed, dense_cells_limit):
    rows, cols, scores, capacity = random_instance(seed)
    chosen = assign_pairs(rows, cols, scores, capacity, 0.2, dense_cells_limit=dense_cells_limit)
    assert len(set(rows[chosen])) == len(chosen)  # one sponsor per mentee
    assert all(np.bincount(cols[chosen], minlength=len(capacity)) <= capacity)
    assert all(scores[chosen] >= 0.2)
    assert scores[chosen].sum() == pytest.approx(brute_force(rows, cols, scores, capacity, 0.2))


def test_pairing_maximises_the_total_score_not_the_number_of_pairs():
    # Mentee 0 may take mentor 0 or 1; mentee 1 only mentor 0; one place each.
    rows, cols, capacity = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([1, 1])
    chosen = assign_pairs(rows, cols, np.array([0.5, 0.4, 0.3]), capacity, 0.0)
    assert chosen.tolist() == [1, 2]  # 0.4 + 0.3 beats 0.5 alone
    chosen = assign_pairs(rows, cols, np.array([0.9, 0.05, 0.06]), capacity, 0.0)
    assert chosen.tolist() == [0]  # 0.9 alone beats 0.05 + 0.06


def test_empty_input():
    assert assign_pairs([], [], [], np.array([1]), 0.0).tolist() == []


@pytest.mark.parametrize("seed", range(10))
def test_both_orientations_agree_with_brute_force(seed):
    # Plenty of places (slots outnumber mentees), then scarce places.
    for capacity_high in (6, 1):
        rows, cols, scores, _ = random_instance(seed, n_rows=5, n_cols=3)
        capacity = np.full(3, capacity_high)
        chosen = assign_pairs(rows, cols, scores, capacity, 0.0)
        assert scores[chosen].sum() == pytest.approx(brute_force(rows, cols, scores, capacity, 0.0))
