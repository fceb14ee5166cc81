"""Size-bounded geographic partition: the clustering behind territorial groups.

:class:`TerritorialGrouper` splits points of a plane (kilometres) into groups
of ``min_size`` to ``max_size`` points by recursive bisection:

1. the number of groups is fixed first, as close as possible to ``n`` divided
   by the middle size while keeping every group within bounds (always
   possible when ``max_size >= 2 * min_size - 1``, which ``MatchingParams``
   enforces);
2. a set of points meant for ``g`` groups is cut in two, one part meant for
   ``g // 2`` groups and the other for the rest, along one of its two principal
   axes; among the cuts that keep both parts feasible, the one with the least
   within-part sum of squared distances (Ward's criterion) wins, so cuts fall
   into the empty space between towns rather than through them;
3. parts are cut again until each is meant for one group.

Unlike k-means followed by repairs, the bounds hold by construction and the
result does not depend on a random start: the same points give the same
groups, without drawing any random number.
"""

from __future__ import annotations

import math

import numpy as np


class TerritorialGrouper:
    """Partition planar points into compact groups of bounded size.

    Parameters
    ----------
    min_size, max_size : int, default=4, 8
        Bounds on the size of every group. With fewer than ``min_size`` points
        (but at least two) all points form one smaller group: in a network that
        small, meeting all together is the sensible answer. A single point
        forms no group.
    random_state : int, default=0
        Accepted for the scikit-learn convention and passed on by
        ``make_groups``; the bisection draws no random number, so it has no
        effect and the output is deterministic whatever its value.

    Attributes
    ----------
    labels_ : ndarray of int64, shape (n,)
        Group index of every point, -1 for a point left alone.
    groups_ : list of ndarray of int64
        Point indices of every group (ascending), groups ordered by their
        smallest index.
    n_groups_ : int
    """

    def __init__(self, min_size=4, max_size=8, random_state=0):
        self.min_size = min_size
        self.max_size = max_size
        self.random_state = random_state

    def fit(self, X) -> TerritorialGrouper:
        """Compute the groups of the points ``X`` (array of shape ``(n, 2)``, kilometres).

        Returns
        -------
        self : TerritorialGrouper
        """
        X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
        low, high = int(self.min_size), int(self.max_size)
        if not 1 <= low <= high or high < 2 * low - 1:
            raise ValueError(
                "Tailles de groupe invalides : il faut 1 ≤ min ≤ max et max ≥ 2 × min − 1."
            )
        n = len(X)
        groups: list[np.ndarray] = []
        if n >= low:
            stack = [(np.arange(n), self._n_groups(n))]
            while stack:
                idx, g = stack.pop()
                if g == 1:
                    groups.append(np.sort(idx))
                    continue
                left, right, g_left = self._split(X, idx, g)
                stack.extend([(right, g - g_left), (left, g_left)])
        elif n >= 2:
            groups.append(np.arange(n))
        groups.sort(key=lambda members: int(members[0]))
        self.groups_ = groups
        self.n_groups_ = len(groups)
        self.labels_ = np.full(n, -1, dtype=np.int64)
        for label, members in enumerate(groups):
            self.labels_[members] = label
        return self

    def _n_groups(self, n: int) -> int:
        """Number of groups for ``n`` points: near the middle size, within the bounds."""
        fewest, most = math.ceil(n / self.max_size), n // self.min_size
        target = round(2 * n / (self.min_size + self.max_size))
        return min(max(target, fewest, 1), most)

    def _split(self, X, idx, g):
        """Cut ``idx`` (meant for ``g`` groups) in two feasible, compact parts."""
        n, g_left = len(idx), g // 2
        g_right = g - g_left
        lo = max(g_left * self.min_size, n - g_right * self.max_size)
        hi = min(g_left * self.max_size, n - g_right * self.min_size)
        points = X[idx]
        points = points - points.mean(axis=0)  # centring avoids cancellation in the sums
        best = None
        for axis in _principal_axes(points):
            # Sort along the axis; equal projections keep index order (determinism).
            order = np.lexsort((idx, points @ axis))
            cost = _ward_costs(points[order], lo, hi)
            cut = int(np.argmin(cost))
            if best is None or cost[cut] < best[0] - 1e-9:
                best = (cost[cut], order, lo + cut)
        _, order, cut = best
        return idx[order[:cut]], idx[order[cut:]], g_left


def _principal_axes(centred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Major then minor axis of a centred point cloud (closed form for 2 × 2).

    The angle from ``atan2`` is unique, so the axes (and thus which part is
    "left") never flip sign from one run to the next.
    """
    sxx, syy = np.einsum("ij,ij->j", centred, centred)
    sxy = float(centred[:, 0] @ centred[:, 1])
    angle = 0.5 * math.atan2(2.0 * sxy, sxx - syy)
    c, s = math.cos(angle), math.sin(angle)
    return np.array([c, s]), np.array([-s, c])


def _ward_costs(points: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Within-part sum of squared distances for every cut position ``lo..hi``.

    The cut at ``c`` separates ``points[:c]`` from ``points[c:]``; with prefix
    sums each cost is O(1): ``SSE(S) = Σ|x|² − |Σx|² / |S|``.
    """
    n = len(points)
    sums = np.cumsum(points, axis=0)
    squares = np.cumsum(np.einsum("ij,ij->i", points, points))
    cuts = np.arange(lo, hi + 1)
    left_sums = sums[cuts - 1]
    left = squares[cuts - 1] - np.einsum("ij,ij->i", left_sums, left_sums) / cuts
    right_sums = sums[-1] - left_sums
    right = (squares[-1] - squares[cuts - 1]) - np.einsum("ij,ij->i", right_sums, right_sums) / (
        n - cuts
    )
    return left + right
