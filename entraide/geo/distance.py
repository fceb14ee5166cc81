"""Great-circle distances in kilometres: the project's one haversine.

The haversine formula on a sphere is within about 0.5 % of the ellipsoidal distance,
which is far below what matters for "how far apart are two cooperatives" across a
département 130 km wide.

The formula is written once, in :func:`haversine_km_radians` (numpy, element-wise);
the degree-based functions and the scalar one convert and call it. The matching
engine (pure too) imports it from here, its coordinates being in radians already.
"""

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "EARTH_RADIUS_KM",
    "distance_matrix_km",
    "haversine_km",
    "haversine_km_array",
    "haversine_km_radians",
]

# Mean Earth radius (IUGG, R1 = (2a + b) / 3).
EARTH_RADIUS_KM = 6371.0088


def haversine_km_radians(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Distances in km between points given in radians; broadcasts, NaN propagates."""
    lat1, lon1, lat2, lon2 = (np.asarray(x, dtype=np.float64) for x in (lat1, lon1, lat2, lon2))
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    # minimum() guards arcsin against h drifting just above 1 by rounding (antipodal points).
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


def haversine_km_array(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Distances in km between points in decimal degrees (WGS84); broadcasts (numpy rules)."""
    return haversine_km_radians(
        *(np.radians(np.asarray(x, dtype=np.float64)) for x in (lat1, lon1, lat2, lon2))
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two points given in decimal degrees (WGS84).

    One pair at a time through numpy (a few microseconds): for many pairs, use
    :func:`haversine_km_array`.
    """
    return float(haversine_km_array(lat1, lon1, lat2, lon2))


def distance_matrix_km(lats: ArrayLike, lons: ArrayLike) -> NDArray[np.float64]:
    """Symmetric n x n matrix of distances between n points (zero diagonal)."""
    lat = np.asarray(lats, dtype=np.float64).ravel()
    lon = np.asarray(lons, dtype=np.float64).ravel()
    if lat.shape != lon.shape:
        raise ValueError("lats and lons must have the same length")
    return haversine_km_array(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
