"""Network-wide pairing: each mentee gets at most one new sponsor, within capacities.

The problem is a rectangular assignment. Every mentor is expanded into as
many identical "slots" as it has capacity left, mentees face slots, and every
row gets its own "left alone" column of cost 0, so that leaving a mentee (or a
slot) alone is allowed and the solver maximises the total score rather than
the number of pairs.

Only the candidate pairs (each mentee's top K at or above the minimum score)
enter the problem. The candidate graph is cut into connected components, each
solved exactly: with :func:`scipy.optimize.linear_sum_assignment` on a dense
matrix when the component is small (the usual case), with the sparse
Jonker–Volgenant solver of :mod:`scipy.sparse.csgraph` when a dense matrix
would be too large (tens of thousands of mentees all linked together).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

DENSE_CELLS_LIMIT = 4_000_000
"""Largest dense cost matrix (cells) handed to ``linear_sum_assignment`` (32 MB)."""


def assign_pairs(
    rows: np.ndarray,
    cols: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    min_score: float,
    *,
    dense_cells_limit: int = DENSE_CELLS_LIMIT,
) -> np.ndarray:
    """Choose the pairs maximising the total score under the capacities.

    Parameters
    ----------
    rows, cols : ndarray of int
        Mentee and mentor indices of the candidate pairs (indices follow
        ascending ids, which makes tie-breaking stable).
    scores : ndarray of float
        Scores of the candidate pairs, in [0, 1].
    capacity : ndarray of int
        Remaining capacity of every mentor index.
    min_score : float
        Pairs scoring below it are left out.
    dense_cells_limit : int, optional
        Components whose dense matrix would exceed this many cells use the
        sparse solver instead (same optimum).

    Returns
    -------
    ndarray of int64
        Positions of the chosen pairs in the input arrays, ascending.
    """
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    capacity = np.asarray(capacity, dtype=np.int64)
    keep = (scores >= min_score) & (capacity[cols] > 0) if len(cols) else np.zeros(0, bool)
    pair_ids = np.flatnonzero(keep)
    rows, cols, scores = rows[keep], cols[keep], scores[keep]
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    # Connected components of the bipartite graph (mentees first, then mentors).
    n_rows, n_cols = int(rows.max()) + 1, len(capacity)
    graph = sp.coo_matrix(
        (np.ones(len(rows)), (rows, cols + n_rows)), shape=(n_rows + n_cols, n_rows + n_cols)
    )
    _, label = connected_components(graph, directed=False)
    chosen = []
    edge_label = label[rows]
    order = np.argsort(edge_label, kind="stable")
    bounds = np.flatnonzero(np.diff(edge_label[order])) + 1
    for part in np.split(order, bounds):
        picked = _solve_component(rows[part], cols[part], scores[part], capacity, dense_cells_limit)
        chosen.append(pair_ids[part[picked]])
    return np.sort(np.concatenate(chosen))


def _solve_component(rows, cols, scores, capacity, dense_cells_limit) -> np.ndarray:
    """Exact assignment of one connected component; returns positions of the chosen pairs."""
    mentees, row_index = np.unique(rows, return_inverse=True)
    mentors, col_index = np.unique(cols, return_inverse=True)
    # A mentor never needs more slots than it has candidate mentees.
    slots = np.minimum(capacity[mentors], np.bincount(col_index, minlength=len(mentors)))
    first_slot = np.concatenate([[0], np.cumsum(slots)[:-1]])
    n_mentees, n_slots = len(mentees), int(slots.sum())
    # One edge per (pair, slot of its mentor).
    repeat = slots[col_index]
    edge_pair = np.repeat(np.arange(len(rows)), repeat)
    edge_mentee = np.repeat(row_index, repeat)
    offsets = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    edge_slot = np.repeat(first_slot[col_index], repeat) + offsets
    edge_score = scores[edge_pair]
    # The smaller side gives the rows: the solvers' work grows with rows × columns,
    # and when places are scarcer than mentees, slots-as-rows is several times faster.
    if n_slots < n_mentees:
        left, right, n_left, n_right = edge_slot, edge_mentee, n_slots, n_mentees
    else:
        left, right, n_left, n_right = edge_mentee, edge_slot, n_mentees, n_slots
    # Every row also gets its own "left alone" column, so nobody is forced into a pair.
    width = n_right + n_left
    if n_left * width <= dense_cells_limit:
        # Imported here: scipy.optimize takes about a second to import, a cost the
        # web app should not pay at start-up.
        from scipy.optimize import linear_sum_assignment

        cost = np.full((n_left, width), np.inf)
        cost[left, right] = -edge_score
        cost[np.arange(n_left), n_right + np.arange(n_left)] = 0.0
        row_ind, col_ind = linear_sum_assignment(cost)
    else:
        # Sparse solver: weights must be non-zero, so shift every cost by +2.
        data = np.concatenate([2.0 - edge_score, np.full(n_left, 2.0)])
        i = np.concatenate([left, np.arange(n_left)])
        j = np.concatenate([right, n_right + np.arange(n_left)])
        biadjacency = sp.csr_matrix((data, (i, j)), shape=(n_left, width))
        row_ind, col_ind = min_weight_full_bipartite_matching(biadjacency)
    real = col_ind < n_right
    # Each (left, right) edge is unique: find the chosen ones by their packed key.
    keys = left * width + right
    order = np.argsort(keys)
    found = order[np.searchsorted(keys, row_ind[real] * width + col_ind[real], sorter=order)]
    return edge_pair[found]
