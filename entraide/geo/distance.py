"""Great-circle distances in kilometres, scalar and numpy-vectorised.

The haversine formula on a sphere is within about 0.5 % of the ellipsoidal distance,
which is far below what matters for "how far apart are two cooperatives" across a
département 130 km wide.
"""

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["EARTH_RADIUS_KM", "distance_matrix_km", "haversine_km", "haversine_km_array"]

# Mean Earth radius (IUGG, R1 = (2a + b) / 3).
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two points given in decimal degrees (WGS84)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    # min() guards asin against h drifting just above 1 by rounding (antipodal points).
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def haversine_km_array(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Vectorised :func:`haversine_km`: the arguments broadcast together (numpy rules)."""
    phi1 = np.radians(np.asarray(lat1, dtype=np.float64))
    phi2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dphi = phi2 - phi1
    dlambda = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, h)))


def distance_matrix_km(lats: ArrayLike, lons: ArrayLike) -> NDArray[np.float64]:
    """Symmetric n x n matrix of distances between n points (zero diagonal)."""
    lat = np.asarray(lats, dtype=np.float64).ravel()
    lon = np.asarray(lons, dtype=np.float64).ravel()
    if lat.shape != lon.shape:
        raise ValueError("lats and lons must have the same length")
    return haversine_km_array(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
