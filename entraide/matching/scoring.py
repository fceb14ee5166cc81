"""Pair scores of (mentee, mentor) and each mentee's top-K candidates.

The score matrix of a large network never exists in memory: the mentees are
ranked block by block against every mentor with the ``float32`` kernel of
:mod:`.kernel` (blocks shared among threads, numpy releasing the GIL), each
block keeps only its K best per row, and the components of the kept pairs are
then recomputed exactly in ``float64`` for the result.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .distance import haversine_km_radians, proximity
from .features import affinity, encode, experience, theme_codes
from .kernel import Kernel, Workspace, block_keys, build_kernel, top_k_rows
from .text import join_texts, tfidf_pair
from .types import MatchingParams, OrgProfile

COMPONENTS = ("complementarity", "text", "proximity", "experience", "affinity")
"""Score components, in the column order of :attr:`TopK.components`."""


@dataclass(frozen=True)
class TopK:
    """Best candidates of every mentee, as flat arrays (one entry per candidate).

    Entries are sorted by mentee row and, inside a row, best first (equal
    scores by ascending mentor id).

    Attributes
    ----------
    rows, cols : ndarray of int64
        Mentee row and mentor column (indices into the fitted sequences).
    scores : ndarray of float64
        Weighted totals in [0, 1].
    components : ndarray of shape (n, 5)
        The components, in the order of :data:`COMPONENTS`.
    distances : ndarray of float64
        Great-circle distances in km, NaN when a location is unknown.
    blocked : ndarray of int64, shape (n_mentees,)
        Per mentee, how many mentors covering a need were left out because the
        pair was rejected, already exists, or is the organisation itself.
    """

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray
    components: np.ndarray
    distances: np.ndarray
    blocked: np.ndarray


class PairScorer:
    """Score (mentee, mentor) pairs and select each mentee's best candidates.

    Parameters
    ----------
    params : MatchingParams, optional
        Weights and half distance; defaults to ``MatchingParams()``.
    reference_year : int, optional
        Creation years after it are treated as unknown; defaults to this year.
    block_elements : int, default=131_072
        Pairs per ranking block: about 1 MB of ``float64`` keys, small enough to
        stay in the CPU cache.
    n_jobs : int, optional
        Threads ranking blocks in parallel; ``None`` uses every core (at most 8).
    dense_text : bool, optional
        Force the dense (True) or sparse (False) text product; chosen from the
        expected cost by default.

    Attributes
    ----------
    params_ : MatchingParams
        The parameters in use (``params`` or the defaults).
    theme_codes_ : list of str
    mentees_, mentors_ : SideFeatures
        The encoded mentees (by their needs) and mentors (by their offers).
    kernel_ : Kernel
        The ``float32`` ranking features.
    weights_ : ndarray of shape (5,)
        Weights divided by their sum, in the order of :data:`COMPONENTS`.
    reference_year_ : int
    block_rows_ : int
    """

    def __init__(
        self,
        params=None,
        *,
        reference_year=None,
        block_elements=131_072,
        n_jobs=None,
        dense_text=None,
    ):
        self.params = params
        self.reference_year = reference_year
        self.block_elements = block_elements
        self.n_jobs = n_jobs
        self.dense_text = dense_text

    def fit(self, mentees: Sequence[OrgProfile], mentors: Sequence[OrgProfile]) -> PairScorer:
        """Encode both sides and learn the TF-IDF vocabulary of needs and offers.

        Returns
        -------
        self : PairScorer
        """
        params = self.params or MatchingParams()
        params.check()
        self.reference_year_ = int(self.reference_year or datetime.date.today().year)
        codes = theme_codes([*mentees, *mentors])
        need_text, offer_text = tfidf_pair(
            [join_texts(n.text for n in org.needs) for org in mentees],
            [join_texts(o.text for o in org.offers) for org in mentors],
        )
        year = {"reference_year": self.reference_year_}
        self.theme_codes_ = codes
        self.mentees_ = encode(mentees, codes, need_text, side="mentee", **year)
        self.mentors_ = encode(mentors, codes, offer_text, side="mentor", **year)
        weights = np.array([params.weights[name] for name in COMPONENTS])
        weights /= weights.max()  # first, so that huge weights cannot overflow the sum
        self.weights_ = weights / weights.sum()
        self.params_ = params
        self.kernel_: Kernel = build_kernel(
            self.mentees_,
            self.mentors_,
            self.weights_,
            float(params.half_distance_km),
            self.dense_text,
        )
        self.block_rows_ = int(max(1, self.block_elements // max(1, len(mentors))))
        return self

    def pair_components(self, rows, cols) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Exact (``float64``) components, distances and totals of given pairs.

        Parameters
        ----------
        rows, cols : array-like of int
            Mentee rows and mentor columns, paired element-wise.

        Returns
        -------
        components : ndarray of shape (n, 5)
            In [0, 1], in the order of :data:`COMPONENTS`.
        distances : ndarray of shape (n,)
            Haversine distances in km, NaN when a location is unknown.
        totals : ndarray of shape (n,)
            Weighted sums divided by the sum of the weights, in [0, 1].
        """
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        e, m = self.mentees_, self.mentors_
        comp = np.einsum("ij,ij->i", e.themes[rows], m.themes[cols])
        text = np.asarray(e.text[rows].multiply(m.text[cols]).sum(axis=1)).ravel()
        distances = haversine_km_radians(e.lat[rows], e.lon[rows], m.lat[cols], m.lon[cols])
        components = np.column_stack(
            [
                comp,
                text,
                proximity(distances, float(self.params_.half_distance_km)),
                experience(e.years[rows], m.years[cols]),
                affinity(e.sectors[rows], m.sectors[cols]),
            ]
        )
        np.clip(components, 0.0, 1.0, out=components)
        totals = np.clip(components @ self.weights_, 0.0, 1.0)
        return components, distances, totals

    def score(self, rows, cols) -> np.ndarray:
        """Exact total scores of the pairs (mentee ``rows[i]``, mentor ``cols[i]``), in [0, 1]."""
        return self.pair_components(rows, cols)[2]

    def top_k(self, k: int, forbidden: Collection[tuple[int, int]] = frozenset()) -> TopK:
        """The ``k`` best allowed mentors of every mentee.

        A mentor is a candidate when it covers at least one need theme or its
        offer texts share terms with the need texts (otherwise there is nothing
        to work on together), it is not the mentee itself, the pair is not in
        ``forbidden`` (``(mentee_id, mentor_id)`` pairs) and its score is not 0
        (possible only when the complementarity weight is 0).
        """
        n, m = len(self.mentees_), len(self.mentors_)
        banned_rows, banned_mentors = self._banned_pairs(forbidden)
        order = self.kernel_.mentor_order  # kernel columns are mentors sorted by kind
        column_of = np.empty(m, dtype=np.int64)
        column_of[order] = np.arange(m)
        banned = (banned_rows, column_of[banned_mentors])
        starts = list(range(0, n if m else 0, self.block_rows_))
        jobs = max(1, min(self.n_jobs or min(8, os.cpu_count() or 1), len(starts)))
        chunks = [starts[i::jobs] for i in range(jobs)]

        def work(block_starts):
            ws = Workspace(min(self.block_rows_, n), m)
            out = []
            for start in block_starts:
                stop = min(n, start + self.block_rows_)
                key, relevant = block_keys(self.kernel_, start, stop, ws)
                inside = (banned[0] >= start) & (banned[0] < stop)
                r, c = banned[0][inside] - start, banned[1][inside]
                key[r, c] = -1.0
                rows, cols = top_k_rows(key, k, m)
                out.append((rows + start, order[cols], r[relevant[r, c]] + start))
            return out

        if jobs == 1:  # small networks: starting threads would cost more than the work
            parts = work(chunks[0])
        else:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                parts = [p for chunk in pool.map(work, chunks) for p in chunk]
        rows = np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int64)])
        cols = np.concatenate([p[1] for p in parts] or [np.zeros(0, np.int64)])
        blocked = np.bincount(
            np.concatenate([p[2] for p in parts] or [np.zeros(0, np.int64)]), minlength=n
        )
        components, distances, totals = self.pair_components(rows, cols)
        # Final order from the exact totals: by row, best first, equal scores by mentor id.
        order = np.lexsort((cols, -np.round(totals, 9), rows))
        return TopK(
            rows[order], cols[order], totals[order], components[order], distances[order], blocked
        )

    def _banned_pairs(self, forbidden) -> tuple[np.ndarray, np.ndarray]:
        """Rows and columns of the forbidden pairs and of any self pair."""
        col_of = {int(i): j for j, i in enumerate(self.mentors_.ids)}
        row_of = {int(i): j for j, i in enumerate(self.mentees_.ids)}
        pairs = {(row_of[a], col_of[b]) for a, b in forbidden if a in row_of and b in col_of}
        pairs |= {(row_of[i], col_of[i]) for i in row_of.keys() & col_of.keys()}
        rows = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        return rows[:, 0], rows[:, 1]
