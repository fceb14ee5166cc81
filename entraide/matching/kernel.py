"""Fast ranking kernel: the total score of a block of mentees against every mentor.

Scoring 25 000 mentees against 10 000 mentors is 250 million pairs, so this
pass is written for speed: ``float32`` blocks small enough to stay in the CPU
cache, weights folded into precomputed features, few array passes, and no
multi-threaded BLAS call (tiny products are far slower threaded; the caller
parallelises blocks instead, numpy and scipy releasing the GIL):

- complementarity and text similarity are one sparse-by-dense product of
  ``[w_c · need weights | w_t · need TF-IDF]`` by ``[offers | offer TF-IDF]``
  (the text goes through a sparse-by-sparse product when the vocabulary is
  too large for a dense offer matrix);
- experience and sector affinity depend only on (year, sector) of each side,
  so they come from a small precomputed kinds-by-kinds table, one row per
  mentee expanded by a sequential ``np.repeat`` over the mentors, which the
  kernel keeps sorted by kind;
- the haversine term ``a`` is the sum of two squared rank-2 products (no
  trigonometric call per pair; angles measured from an origin inside the
  network, so ``float32`` keeps centimetre accuracy), ``asin`` its Taylor
  series (relative error below 1e-7 up to 2 500 km; beyond, the proximity is
  below 1e-30 anyway) and the weighted proximity a single ``exp``.

This kernel only *ranks*. The components and scores of the kept candidates
are then recomputed exactly in ``float64`` (``PairScorer.pair_components``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .distance import EARTH_RADIUS_KM
from .features import SideFeatures, affinity, experience, kinds

ZERO_WEIGHT = 1e-20
"""Stand-in for a zero complementarity or text weight, so that ``ct > 0`` still
means "covers a need"; far below the float32 resolution of any total."""

GROUP = 64
"""Columns per group in the top-K search (see :func:`top_k_rows`)."""

DENSE_TEXT_MAX_TERMS = 2048
"""Largest vocabulary for which the offer texts are held as a dense matrix."""


@dataclass(frozen=True)
class Kernel:
    """Precomputed ``float32`` features of both sides (see the module docstring)."""

    need: sp.csr_matrix  # (n, D) weighted need themes [| weighted TF-IDF]
    offer: np.ndarray  # (D, m)
    need_text: sp.csr_matrix | None  # (n, V), sparse text path only
    offer_text: sp.csr_matrix | None  # (V, m)
    geo_e: np.ndarray  # (4, n) factors of sin(Δφ/2) and sqrt(cos φ1 cos φ2) sin(Δλ/2)
    geo_m: np.ndarray  # (4, m)
    log_w_e: np.ndarray  # (n,) log w_p, or -inf when the location is unknown
    log_m: np.ndarray  # (m,) 0, or -inf when the location is unknown
    static: np.ndarray  # (kinds_e, kinds_m) w_e·experience + w_a·affinity
    kind_e: np.ndarray  # (n,) row of each mentee in `static`
    kind_counts: np.ndarray  # (kinds_m,) mentors of each kind (columns are sorted by kind)
    mentor_order: np.ndarray  # (m,) mentor index of each kernel column
    asin_coefs: tuple[float, ...]  # exponent = x · (c0 + a (c1 + a (c2 + a c3)))
    col_offset: np.ndarray  # (m,) float64 tie-breaker (from the mentor index), see top_k_rows

    @property
    def n_mentors(self) -> int:
        return self.offer.shape[1]


def geo_factors(lat, lon, side: str, origin: tuple[float, float]) -> np.ndarray:
    """Factors whose products give the haversine term (radians in, NaN for unknown).

    ``sin((φ1 − φ2)/2) = sin(δ1/2) cos(δ2/2) − cos(δ1/2) sin(δ2/2)`` with
    ``δ = φ − φ0``, and the same for the longitudes scaled by ``sqrt(cos φ)``.
    Measuring angles from an origin inside the network keeps the terms small,
    so ``float32`` distances are accurate to the centimetre, not the metre.
    """
    phi = (np.nan_to_num(lat, nan=origin[0]) - origin[0]) / 2
    lam = (np.nan_to_num(lon, nan=origin[1]) - origin[1]) / 2
    root_cos = np.sqrt(np.cos(np.nan_to_num(lat)))
    if side == "mentee":
        rows = [np.sin(phi), -np.cos(phi), root_cos * np.sin(lam), -root_cos * np.cos(lam)]
    else:
        rows = [np.cos(phi), np.sin(phi), root_cos * np.cos(lam), root_cos * np.sin(lam)]
    return np.array(rows, dtype=np.float32).reshape(4, -1)


def build_kernel(
    e: SideFeatures, m: SideFeatures, weights, half_distance_km: float, dense_text=None
) -> Kernel:
    """Precompute the ``float32`` features of mentees ``e`` and mentors ``m``.

    Parameters
    ----------
    weights : array-like of shape (5,)
        Normalised weights, in the order of ``scoring.COMPONENTS``.
    dense_text : bool, optional
        Fold the text into the main product (fast while the offer texts share
        many terms with the needs) or use a sparse-by-sparse product; chosen
        from the expected cost by default.
    """
    w_c, w_t, w_p, w_e, w_a = (float(w) for w in weights)
    w_c, w_t = w_c or ZERO_WEIGHT, w_t or ZERO_WEIGHT
    vocabulary = e.text.shape[1]
    if dense_text is None:
        # Shared terms per pair ≈ multiply-adds of the sparse product; one sparse
        # output entry costs about as much as a thousand rows of the dense one.
        p_e = np.asarray((e.text != 0).mean(axis=0)).ravel() if len(e) else np.zeros(vocabulary)
        p_m = np.asarray((m.text != 0).mean(axis=0)).ravel() if len(m) else np.zeros(vocabulary)
        dense_text = vocabulary <= 64 + 1000 * float(p_e @ p_m)
    dense_text = dense_text and vocabulary <= DENSE_TEXT_MAX_TERMS
    years_e, sectors_e, kind_e = kinds(e)
    years_m, sectors_m, kind_m = kinds(m)
    # Kernel columns hold the mentors sorted by kind, so that each row of the
    # experience-and-affinity table expands with one sequential np.repeat.
    order = np.argsort(kind_m, kind="stable")
    need, offer = [sp.csr_matrix(w_c * e.themes)], [m.themes.T]
    need_text = offer_text = None
    if dense_text:
        need.append(w_t * e.text)
        offer.append(m.text.T.toarray())
    elif vocabulary:
        need_text = (w_t * e.text).astype(np.float32).tocsr()
        offer_text = m.text.T.astype(np.float32).tocsr()[:, order]
    static = w_e * experience(years_e[:, None], years_m[None, :])
    static += w_a * affinity(sectors_e[:, None], sectors_m[None, :])
    log_w_p = math.log(w_p) if w_p > 0 else -np.inf
    located = np.concatenate([e.lat + e.lon, m.lat + m.lon])
    located = ~np.isnan(located)
    both = (np.concatenate([e.lat, m.lat])[located], np.concatenate([e.lon, m.lon])[located])
    origin = (float(np.median(both[0])), float(np.median(both[1]))) if located.any() else (0.0, 0.0)
    k = -math.log(2.0) * 2.0 * EARTH_RADIUS_KM / half_distance_km
    return Kernel(
        need=sp.hstack(need, format="csr", dtype=np.float32),
        offer=np.ascontiguousarray(np.vstack(offer)[:, order], dtype=np.float32),
        need_text=need_text,
        offer_text=offer_text,
        geo_e=geo_factors(e.lat, e.lon, "mentee", origin),
        geo_m=geo_factors(m.lat[order], m.lon[order], "mentor", origin),
        log_w_e=np.where(np.isnan(e.lat) | np.isnan(e.lon), -np.inf, log_w_p).astype(np.float32),
        log_m=np.where(np.isnan(m.lat + m.lon), -np.inf, 0.0)[order].astype(np.float32),
        static=static.astype(np.float32),
        kind_e=kind_e,
        kind_counts=np.bincount(kind_m, minlength=len(years_m)),
        mentor_order=order,
        asin_coefs=(k, k / 6.0, k * 3.0 / 40.0, k * 5.0 / 112.0),
        col_offset=order * 2.0**-53,
    )


class Workspace:
    """Reusable block buffers of one worker thread (no page faults on every block)."""

    def __init__(self, rows: int, m: int):
        self.f32 = [np.empty((rows, m), np.float32) for _ in range(3)]
        self.mask = np.empty((rows, m), bool)
        # Pad to whole groups (padding stays at -2) where the grouped search pays off.
        width = -(-m // GROUP) * GROUP if m >= 8 * GROUP else m
        self.key = np.full((rows, width), -2.0)


def block_keys(k: Kernel, start: int, stop: int, ws: Workspace) -> tuple[np.ndarray, np.ndarray]:
    """Ranking keys of mentees ``start:stop`` against every mentor.

    Returns
    -------
    key : ndarray of float64, shape (stop - start, padded m)
        ``total − i · 2⁻⁵³`` (``i`` the mentor index, see :func:`top_k_rows`)
        where the mentor covers a need, ``− i · 2⁻⁵³`` (not positive) where it
        covers none, -2 in the padding.
    relevant : ndarray of bool, shape (stop - start, m)
        Whether the mentor covers at least one need (by theme or text).
    """
    b, m = stop - start, k.n_mentors
    t, a, work = (buf[:b] for buf in ws.f32)
    total = k.need[start:stop] @ k.offer  # scipy: single-threaded, GIL released
    if k.need_text is not None:
        product = (k.need_text[start:stop] @ k.offer_text).tocsr()
        rows = np.repeat(np.arange(b), np.diff(product.indptr))
        total[rows, product.indices] += product.data
    relevant = np.greater(total, 0.0, out=ws.mask[:b])
    total += np.repeat(k.static[k.kind_e[start:stop]], k.kind_counts, axis=1)
    if k.log_w_e[start:stop].max(initial=-np.inf) > -np.inf:
        e, g = k.geo_e[:, start:stop, None], k.geo_m[:, None, :]
        for first in (0, 2):  # a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)
            np.multiply(e[first], g[first], out=t)
            np.multiply(e[first + 1], g[first + 1], out=work)
            t += work
            np.square(t, out=t)
            if first:
                a += t
            else:  # keep the latitude term in `a`, reuse the other buffer as `t`
                a, t = t, a
        np.sqrt(a, out=t)  # t = x = sin(d / 2R)
        c0, c1, c2, c3 = k.asin_coefs
        np.multiply(a, c3, out=work)
        work += c2
        work *= a
        work += c1
        work *= a
        work += c0
        work *= t  # −ln 2 · d / h, with asin(x) ≈ x (1 + a/6 + 3a²/40 + 5a³/112)
        work += k.log_w_e[start:stop, None]
        work += k.log_m
        np.exp(work, out=work)  # w_p · 0.5 ** (d / h), 0 for an unknown location
        total += work
    total *= relevant
    key = ws.key[:b]
    np.subtract(total, k.col_offset, out=key[:, :m])
    return key, relevant


def top_k_rows(key: np.ndarray, k: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the ``k`` largest positive keys of every row, best first.

    Keys are ``float32`` totals minus ``i · 2⁻⁵³`` (``i`` the mentor index):
    distinct for every column, ordered like the totals (a float32 total has no
    bit that fine), and equal totals fall to the smaller index, that is the
    smaller mentor id. Instead of partitioning whole rows, the search takes the
    maximum of each group of columns (columns ``j, j + G, j + 2G…``), keeps the
    ``k`` groups with the largest maxima, which hold the ``k`` best keys, and
    partitions only those.
    """
    b, width = key.shape
    if k * GROUP < width and width % GROUP == 0:
        n_groups = width // GROUP
        maxima = key.reshape(b, GROUP, n_groups).max(axis=1)
        best = np.argpartition(maxima, n_groups - k, axis=1)[:, -k:]
        cols = (best[:, :, None] + n_groups * np.arange(GROUP)).reshape(b, -1)
    else:
        cols = np.broadcast_to(np.arange(m), (b, m))
    values = np.take_along_axis(key, cols, axis=1)
    kk = min(k, cols.shape[1])
    part = np.argpartition(values, cols.shape[1] - kk, axis=1)[:, -kk:]
    part = np.take_along_axis(part, np.argsort(-np.take_along_axis(values, part, axis=1)), axis=1)
    cols = np.take_along_axis(cols, part, axis=1).ravel()
    rows = np.repeat(np.arange(b), kk)
    keep = key[rows, cols] > 0
    return rows[keep], cols[keep]
