"""Turn organisation profiles into numpy arrays, one row per organisation.

The scorer works on these arrays only; this module is the single place that
reads :class:`OrgProfile` fields for scoring, and where bad values (unknown
theme, impossible year, missing coordinates) are tamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..themes import SECTORS, THEMES
from .types import URGENCY_WEIGHTS, NeedItem, OrgProfile

EARLIEST_YEAR = 1800
"""Creation years before this are treated as unknown (typing errors such as 208)."""

EXPERIENCE_HALF_GAP_YEARS = 5.0
"""Seniority gap (in years) at which the experience score reaches 0.5."""

UNKNOWN_EXPERIENCE = 0.5
"""Experience score when either creation year is unknown.

Neutral on purpose: 0 would penalise a sponsor for a blank field in its
profile, 1 would reward it; 0.5 is what a five-year head start earns.
"""

# "autre" is a catch-all, not a sector: two "autre" members share nothing.
_NO_AFFINITY_SECTORS = frozenset({"autre", ""})


@dataclass(frozen=True)
class SideFeatures:
    """Arrays describing one side (mentees or mentors) of the pair scores.

    Attributes
    ----------
    ids : ndarray of int64, shape (n,)
    themes : ndarray of shape (n, T)
        Mentees: urgency weights of their needs per theme, rows summing to 1.
        Mentors: 1 where they offer the theme, else 0.
    lat, lon : ndarray of float64, shape (n,)
        Location in radians, NaN when unknown.
    years : ndarray of float64, shape (n,)
        Creation year, NaN when unknown.
    sectors : ndarray of int64, shape (n,)
        Index of the sector, -1 when unknown or without affinity ("autre").
    text : scipy.sparse.csr_matrix of shape (n, V)
        L2-normalised TF-IDF rows of their need (or offer) texts.
    """

    ids: np.ndarray
    themes: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    years: np.ndarray
    sectors: np.ndarray
    text: sp.csr_matrix

    def __len__(self) -> int:
        return len(self.ids)


def theme_codes(orgs: Sequence[OrgProfile]) -> list[str]:
    """The known theme codes, followed by any unknown code met in the profiles (sorted)."""
    extra = {item.theme for org in orgs for item in (*org.needs, *org.offers)} - THEMES.keys()
    return [*THEMES, *sorted(extra, key=str)]


def need_theme_weights(needs: Sequence[NeedItem]) -> dict[str, float]:
    """Weight of each theme of an organisation's open needs.

    Two needs on the same theme count once, with the highest urgency: coverage
    is judged per theme, and duplicates must not inflate a theme's share.
    """
    weights: dict[str, float] = {}
    for need in needs:
        weight = URGENCY_WEIGHTS.get(need.urgency, URGENCY_WEIGHTS["normal"])
        weights[need.theme] = max(weights.get(need.theme, 0.0), weight)
    return weights


def encode(
    orgs: Sequence[OrgProfile],
    codes: Sequence[str],
    text: sp.csr_matrix,
    *,
    side: str,
    reference_year: int,
) -> SideFeatures:
    """Encode organisations as :class:`SideFeatures`.

    Parameters
    ----------
    orgs : sequence of OrgProfile
    codes : sequence of str
        Theme codes, in column order (see :func:`theme_codes`).
    text : scipy.sparse.csr_matrix
        TF-IDF rows of the organisations, in the same order.
    side : {"mentee", "mentor"}
        Mentees are encoded by their needs, mentors by their offers.
    reference_year : int
        Years after it are treated as unknown.
    """
    column = {code: j for j, code in enumerate(codes)}
    themes = np.zeros((len(orgs), len(codes)))
    for i, org in enumerate(orgs):
        if side == "mentee":
            weights = need_theme_weights(org.needs)
            total = sum(weights.values())
            for theme, weight in weights.items():
                themes[i, column[theme]] = weight / total
        else:
            themes[i, [column[offer.theme] for offer in org.offers]] = 1.0
    located = np.array([org.has_location for org in orgs], dtype=bool)
    lat = np.array([o.lat if ok else np.nan for o, ok in zip(orgs, located, strict=True)], float)
    lon = np.array([o.lon if ok else np.nan for o, ok in zip(orgs, located, strict=True)], float)
    sector_index = {code: j for j, code in enumerate(SECTORS)}
    return SideFeatures(
        ids=np.array([org.id for org in orgs], dtype=np.int64),
        themes=themes,
        lat=np.radians(lat.astype(np.float64)),
        lon=np.radians(lon.astype(np.float64)),
        years=np.array([clean_year(org.year_created, reference_year) for org in orgs], dtype=float),
        sectors=np.array(
            [
                -1 if org.sector in _NO_AFFINITY_SECTORS else sector_index.get(org.sector, -1)
                for org in orgs
            ],
            dtype=np.int64,
        ),
        text=text,
    )


def clean_year(year: object, reference_year: int) -> float:
    """The creation year as a float, or NaN when unknown or impossible."""
    if isinstance(year, bool) or not isinstance(year, int):
        return np.nan
    return float(year) if EARLIEST_YEAR <= year <= reference_year else np.nan


def experience(mentee_years: np.ndarray, mentor_years: np.ndarray) -> np.ndarray:
    """Experience score, element-wise with numpy broadcasting.

    ``gap / (gap + 5)`` where ``gap`` is how many years earlier the mentor was
    created than the mentee (0 if not earlier): 0 for no head start, 0.5 for
    five years, 0.8 for twenty, saturating so that the oldest SCIC does not
    crush everyone else. :data:`UNKNOWN_EXPERIENCE` when a year is unknown.
    """
    gap = np.maximum(np.subtract(mentee_years, mentor_years), 0.0)  # NaN stays NaN
    score = gap / (gap + EXPERIENCE_HALF_GAP_YEARS)
    return np.where(np.isnan(score), UNKNOWN_EXPERIENCE, score)


def affinity(mentee_sectors: np.ndarray, mentor_sectors: np.ndarray) -> np.ndarray:
    """1.0 where both declare the same (real) sector, else 0.0; element-wise, broadcasting."""
    same = np.equal(mentee_sectors, mentor_sectors) & (np.asarray(mentee_sectors) >= 0)
    return same.astype(np.float64)


def kinds(side: SideFeatures) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (year, sector) profiles of one side.

    Experience and affinity depend on nothing else, so a network of any size
    has at most a few hundred kinds per side, and every pair's value is a
    lookup in a small kinds-by-kinds table.

    Returns
    -------
    years, sectors : ndarray
        Year (NaN when unknown) and sector of every kind.
    kind : ndarray of int64, shape (n,)
        Kind of every organisation.
    """
    codes = np.column_stack([np.nan_to_num(side.years, nan=-1.0), side.sectors.astype(float)])
    unique, kind = np.unique(codes.reshape(-1, 2), axis=0, return_inverse=True)
    years = np.where(unique[:, 0] < 0, np.nan, unique[:, 0])
    return years, unique[:, 1].astype(np.int64), kind.reshape(-1).astype(np.int64)
