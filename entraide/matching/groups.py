"""Size-bounded geographic partition: the clustering behind territorial groups.

:class:`TerritorialGrouper` splits points of a plane (kilometres) into groups
of ``min_size`` to ``max_size`` points by recursive bisection:

1. the number of groups is fixed first, as close as possible to ``n`` divided
   by the middle size while keeping every group within bounds;
2. a set of points meant for ``g`` groups is cut in two, one part meant for
   ``g // 2`` groups and the other for the rest, along one of its two principal
   axes; among the cuts that keep both parts feasible, the one with the least
   within-part sum of squared distances (Ward's criterion) wins, so cuts fall
   into the empty space between towns rather than through them;
3. parts are cut again until each is meant for one group; all the parts of a
   level are cut together, with numpy operations over prefix sums per part.

Unlike k-means followed by repairs, the bounds hold by construction and the
result does not depend on a random start: the same points give the same
groups, without drawing any random number.

Some head counts cannot be split within narrow bounds (9 points in groups of
5 to 8; never when ``max_size >= 2 * min_size - 1``): the maximum is then kept
and the groups are as balanced as possible, so some fall just below the
minimum rather than anybody being left out.
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
        forms no group (unless ``min_size`` is 1).

    Attributes
    ----------
    labels_ : ndarray of int64, shape (n,)
        Group index of every point, -1 for a point left alone.
    groups_ : list of ndarray of int64
        Point indices of every group (ascending), groups ordered by their
        smallest index.
    n_groups_ : int
    """

    def __init__(self, min_size=4, max_size=8):
        self.min_size = min_size
        self.max_size = max_size

    def fit(self, X) -> TerritorialGrouper:
        """Compute the groups of the points ``X`` (array of shape ``(n, 2)``, kilometres).

        Returns
        -------
        self : TerritorialGrouper
        """
        X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
        low, high = int(self.min_size), int(self.max_size)
        if not 1 <= low <= high:
            raise ValueError("Tailles de groupe invalides : il faut 1 ≤ min ≤ max.")
        n = len(X)
        small = [np.arange(n)] if n >= 2 else []  # fewer than min_size: one group, if any
        groups = self._bisect(X) if n >= low else small
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
        if most < fewest:  # no split within bounds: keep the maximum, balance the sizes
            return fewest
        target = round(2 * n / (self.min_size + self.max_size))
        return min(max(target, fewest, 1), most)

    def _bisect(self, X: np.ndarray) -> list[np.ndarray]:
        """Recursive bisection, run level by level on all parts at once.

        ``perm`` lists the points part after part, ``size`` and ``meant``
        (groups meant) describe the parts in that order. Each level cuts every
        part meant for two groups or more with numpy operations over all of
        them (thousands of parts on a large network), not a Python loop per part.
        """
        perm = np.arange(len(X))
        size = np.array([len(X)])
        meant = np.array([self._n_groups(len(X))])
        groups: list[np.ndarray] = []
        while len(size):
            done = meant == 1
            finished = np.repeat(done, size)
            if done.any():
                groups.extend(np.split(perm[finished], np.cumsum(size[done])[:-1]))
            perm, size, meant = perm[~finished], size[~done], meant[~done]
            if not len(size):
                break
            start = np.concatenate([[0], np.cumsum(size)[:-1]])
            order, cut, g_left = _cut_parts(
                X, perm, start, size, meant, self.min_size, self.max_size
            )
            perm = perm[order]
            # Each part becomes its two halves, in place, so parts stay in perm order.
            size = np.column_stack([cut, size - cut]).ravel()
            meant = np.column_stack([g_left, meant - g_left]).ravel()
        return [np.sort(members) for members in groups]


def _cut_parts(X, perm, start, size, meant, low, high):
    """Best feasible cut of every part, on its major or minor axis (Ward's criterion).

    Returns
    -------
    order : ndarray
        Permutation of ``perm`` putting each part's points in the chosen axis
        order (parts stay in place).
    cut : ndarray
        Number of points of each part going to its first half.
    g_left : ndarray
        Groups meant for each first half.
    """
    part = np.repeat(np.arange(len(start)), size)
    g_left = meant // 2
    lo = np.maximum(g_left * low, size - (meant - g_left) * high)
    hi = np.minimum(g_left * high, size - (meant - g_left) * low)
    # A part that cannot respect the minimum is cut in proportion, within the maximum.
    balanced = np.rint(size * g_left / meant).astype(np.int64)
    balanced = np.clip(balanced, size - (meant - g_left) * high, g_left * high)
    lo, hi = np.where(lo > hi, balanced, lo), np.where(lo > hi, balanced, hi)
    points = X[perm]
    points = points - (np.add.reduceat(points, start) / size[:, None])[part]  # centred per part
    sxx, syy = (np.add.reduceat(points**2, start)).T
    sxy = np.add.reduceat(points[:, 0] * points[:, 1], start)
    # atan2 gives a unique angle, so axes never flip sign between runs.
    angle = 0.5 * np.arctan2(2.0 * sxy, sxx - syy)
    best = None
    for axis in (np.column_stack([np.cos(angle), np.sin(angle)]),
                 np.column_stack([-np.sin(angle), np.cos(angle)])):  # fmt: skip
        projection = (points * axis[part]).sum(axis=1)
        # Within each part, sort along the axis; equal projections keep index order.
        order = np.lexsort((perm, projection, part))
        cost, cut = _ward_cuts(points[order], start, size, lo, hi)
        if best is None:
            best = (cost, cut, order)
        else:
            minor = cost < best[0] - 1e-9
            best = (np.where(minor, cost, best[0]), np.where(minor, cut, best[1]),
                    np.where(minor[part], order, best[2]))  # fmt: skip
    return best[2], best[1], g_left


def _ward_cuts(points, start, size, lo, hi):
    """Least within-part sum of squares, and its cut, over the cuts ``lo..hi`` of each part.

    With prefix sums each candidate cut costs O(1): ``SSE(S) = Σ|x|² − |Σx|²/|S|``;
    ties go to the smallest cut.
    """
    sums = np.vstack([np.zeros(2), np.cumsum(points, axis=0)])
    squares = np.concatenate([[0.0], np.cumsum((points**2).sum(axis=1))])
    width = hi - lo + 1
    owner = np.repeat(np.arange(len(start)), width)
    cut = lo[owner] + np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width)
    begin, middle, end = start[owner], start[owner] + cut, start[owner] + size[owner]
    left = sums[middle] - sums[begin]
    right = sums[end] - sums[middle]
    cost = (squares[end] - squares[begin]) - (left**2).sum(axis=1) / cut
    cost -= (right**2).sum(axis=1) / (size[owner] - cut)
    # Rounded to the µkm² so that mathematically equal costs (duplicate locations)
    # tie exactly whatever the summation order, and fall to the smallest cut.
    cost = np.round(cost, 6)
    first = np.lexsort((cut, cost, owner))[np.concatenate([[0], np.cumsum(width)[:-1]])]
    return cost[first], cut[first]
