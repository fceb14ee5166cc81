"""Territorial groups: bounded sizes, compactness, names, hosts, unplaced members."""

import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entraide.matching import MatchingParams, OrgProfile, TerritorialGrouper, make_groups
from entraide.matching.territories import ALONE_REASON, NO_LOCATION_REASON, OUTSIDE_REASON

from .factories import PLACES, org


def scattered(n, seed=0, epci="CA de Lens - Liévin"):
    rng = np.random.default_rng(seed)
    return [
        OrgProfile(
            i,
            f"Org {i}",
            lat=float(rng.uniform(50.2, 51.0)),
            lon=float(rng.uniform(1.6, 3.1)),
            commune_name=f"Commune {i % 7}",
            epci=epci,
        )
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize("n", [4, 7, 8, 9, 13, 17, 31, 64, 101])
@pytest.mark.parametrize(("low", "high"), [(4, 8), (3, 5), (1, 1), (5, 9), (2, 12)])
def test_sizes_stay_within_bounds(n, low, high):
    result = make_groups(scattered(n), MatchingParams(group_min_size=low, group_max_size=high))
    sizes = [len(g.members) for g in result.groups]
    assert all(low <= s <= high for s in sizes) if n >= low else sizes == [n]
    assert sum(sizes) == n and result.unplaced == ()
    ids = [m.id for g in result.groups for m in g.members]
    assert sorted(ids) == list(range(1, n + 1))


@settings(max_examples=30, deadline=None)
@given(
    points=st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=0, max_size=60),
    low=st.integers(1, 5),
    extra=st.integers(0, 6),
)
def test_grouper_bounds_hold_for_any_points(points, low, extra):
    high = 2 * low - 1 + extra
    grouper = TerritorialGrouper(low, high).fit(np.array(points).reshape(-1, 2))
    sizes = [len(g) for g in grouper.groups_]
    if len(points) >= low:
        assert all(low <= s <= high for s in sizes) and sum(sizes) == len(points)
    elif len(points) >= 2:
        assert sizes == [len(points)]
    else:
        assert sizes == []
    assert grouper.labels_.shape == (len(points),)


@pytest.mark.parametrize(("low", "high"), [(5, 8), (5, 6), (4, 4)])
def test_narrow_bounds_keep_the_maximum_and_the_minimum_whenever_possible(low, high):
    for n in range(low, 40):
        sizes = [len(g) for g in TerritorialGrouper(low, high).fit(scattered_points(n)).groups_]
        assert sum(sizes) == n and max(sizes) <= high
        feasible = any(g * low <= n <= g * high for g in range(1, n + 1))
        assert min(sizes) >= (low if feasible else low - 2), (n, sizes)


def scattered_points(n, seed=0):
    return np.random.default_rng(seed).uniform(0, 100, size=(n, 2))


def test_separate_towns_make_separate_groups():
    orgs = [org(i, place="Calais", lat=50.95 + i / 1000, lon=1.86) for i in range(1, 6)]
    orgs += [org(i, place="Arras", lat=50.29 + i / 1000, lon=2.78) for i in range(6, 11)]
    result = make_groups(orgs)
    assert sorted(g.name for g in result.groups) == ["Arras", "Calais"]
    for group in result.groups:
        assert {m.id for m in group.members} in ({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10})


def test_identical_locations_are_still_split_within_bounds():
    orgs = [org(i, place="Lens") for i in range(1, 51)]
    result = make_groups(orgs)
    assert all(4 <= len(g.members) <= 8 for g in result.groups)
    names = [g.name for g in result.groups]
    assert len(set(names)) == len(names) and "Lens" in names and "Lens (2)" in names


def test_a_group_over_several_communes_is_named_after_them_not_after_an_epci():
    """The name says where the members are: no intercommunality most of them are not in."""
    orgs = [
        org(i, place=p, epci="CA de Lens - Liévin")
        for i, p in enumerate(["Lens", "Liévin"] * 2 + ["Béthune"], 1)
    ]
    (group,) = make_groups(orgs).groups
    assert group.name == "Lens – Liévin – Béthune"


def test_unplaced_members_get_a_reason():
    orgs = [
        org(1, place="Lille", in_departement=False),
        org(2),  # no location
        org(3, lat=float("nan"), lon=2.8),
        org(4, place="Lens"),
    ]
    result = make_groups(orgs)
    assert result.groups == ()
    reasons = {u.id: u.reason for u in result.unplaced}
    assert reasons == {
        1: OUTSIDE_REASON,
        2: NO_LOCATION_REASON,
        3: NO_LOCATION_REASON,
        4: ALONE_REASON,
    }


def test_fewer_members_than_the_minimum_make_one_small_group():
    result = make_groups([org(1, place="Lens"), org(2, place="Arras"), org(3, place="Calais")])
    (group,) = result.groups
    assert [m.id for m in group.members] == [1, 2, 3]


def test_empty_and_all_outside():
    assert make_groups([]).to_dict() == {"groups": [], "unplaced": []}
    result = make_groups([org(i, place="Lille", in_departement=False) for i in range(1, 6)])
    assert result.groups == () and len(result.unplaced) == 5


def test_host_rotation():
    day = datetime.date
    orgs = [
        org(1, place="Lens", last_hosted_on=day(2024, 3, 1)),
        org(2, place="Lens", last_hosted_on=datetime.datetime(2023, 5, 1, 18, 0)),
        org(3, place="Lens", last_hosted_on=day(2023, 5, 1)),
        org(4, place="Lens", last_hosted_on=day(2024, 1, 1)),
    ]
    assert make_groups(orgs).groups[0].host.id == 2  # oldest, ties by id
    orgs.append(org(9, place="Lens"))
    orgs.append(org(7, place="Lens"))
    assert make_groups(orgs).groups[0].host.id == 7  # never hosted first, then smallest id


def test_deterministic_and_order_independent():
    orgs = scattered(120, seed=3)
    first = make_groups(orgs).to_dict()
    assert make_groups(list(reversed(orgs))).to_dict() == first


def test_json_contract():
    data = make_groups(scattered(9) + [org(99)]).to_dict()
    assert set(data) == {"groups", "unplaced"}
    group = data["groups"][0]
    assert set(group) == {"name", "members", "host"}
    assert set(group["members"][0]) == {"id", "name"} and set(group["host"]) == {"id", "name"}
    assert data["unplaced"] == [{"id": 99, "name": "Org 99", "reason": NO_LOCATION_REASON}]


def test_real_places_are_known():
    assert set(PLACES) >= {"Lens", "Arras", "Calais"}
