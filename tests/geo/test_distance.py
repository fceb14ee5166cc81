"""Great-circle distances."""

import math

import numpy as np
import pytest

from entraide.geo import get_gazetteer
from entraide.geo.distance import (
    EARTH_RADIUS_KM,
    distance_matrix_km,
    haversine_km,
    haversine_km_array,
    haversine_km_radians,
)


def _between(a: str, b: str) -> float:
    gaz = get_gazetteer()
    first, second = gaz.resolve(a), gaz.resolve(b)
    return haversine_km(first.lat, first.lon, second.lat, second.lon)


def test_arras_lens():
    # Between the centres of the communes' outlines (town halls are about 17-18 km apart).
    assert 16 < _between("Arras", "Lens") < 19


def test_calais_boulogne():
    assert 28 < _between("Calais", "Boulogne-sur-Mer") < 33


def test_one_degree_of_latitude():
    assert haversine_km(50.0, 2.0, 51.0, 2.0) == pytest.approx(math.pi * EARTH_RADIUS_KM / 180)


def test_zero_symmetric_and_antipodal():
    assert haversine_km(50.4, 2.8, 50.4, 2.8) == 0.0
    assert haversine_km(50.9, 1.8, 50.3, 2.7) == pytest.approx(haversine_km(50.3, 2.7, 50.9, 1.8))
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_array_matches_scalar_and_broadcasts():
    lat1, lon1 = np.array([50.29, 50.95, 50.0]), np.array([2.77, 1.88, 3.0])
    lat2, lon2 = 50.44, 2.82  # a scalar broadcasts against the arrays
    got = haversine_km_array(lat1, lon1, lat2, lon2)
    assert got.shape == (3,)
    expected = [haversine_km(a, b, lat2, lon2) for a, b in zip(lat1, lon1, strict=True)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_radians_variant_is_the_same_formula_and_propagates_nan():
    lat1, lon1 = np.array([50.29, math.nan]), np.array([2.77, 1.88])
    got = haversine_km_radians(np.radians(lat1), np.radians(lon1), math.radians(50.44), 0.0492)
    assert got[0] == pytest.approx(haversine_km(50.29, 2.77, 50.44, math.degrees(0.0492)))
    assert math.isnan(got[1])


def test_distance_matrix():
    lats, lons = [50.29, 50.44, 50.95], [2.77, 2.82, 1.88]
    matrix = distance_matrix_km(lats, lons)
    assert matrix.shape == (3, 3)
    np.testing.assert_allclose(np.diag(matrix), 0.0, atol=1e-9)
    np.testing.assert_allclose(matrix, matrix.T)
    assert matrix[0, 2] == pytest.approx(haversine_km(50.29, 2.77, 50.95, 1.88))


def test_distance_matrix_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        distance_matrix_km([50.0, 51.0], [2.0])
