"""Territorial groups of the network: who meets with whom, named, with a host.

Only organisations located in the Pas-de-Calais are grouped; the others are
listed as unplaced with the reason, so the coordinator can place them by hand.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .distance import project_km
from .groups import TerritorialGrouper
from .results import GroupResult, OrgRef, TerritorialGroup, UnplacedOrg, gc_paused
from .text import strip_accents
from .types import MatchingParams, OrgProfile, check_unique_ids

OUTSIDE_REASON = (
    "Située hors du Pas-de-Calais : les groupes territoriaux réunissent les membres du département."
)
NO_LOCATION_REASON = "Localisation inconnue : renseigner sa commune pour rejoindre un groupe."
ALONE_REASON = "Seule organisation localisée dans le département : pas de groupe possible."


def make_groups(orgs: Sequence[OrgProfile], params: MatchingParams | None = None) -> GroupResult:
    """Partition the located members of the département into territorial groups.

    Parameters
    ----------
    orgs : sequence of OrgProfile
        Every member organisation (ids must be unique).
    params : MatchingParams, optional
        ``group_min_size`` and ``group_max_size`` are used.

    Returns
    -------
    GroupResult
        Groups sorted by name, members by id; unplaced organisations by id.
        With fewer located members than ``group_min_size`` (but at least two)
        they form a single, smaller group; a lone member is unplaced.

    Raises
    ------
    ValueError
        If ``params`` is invalid or two organisations share an id.
    """
    params = params or MatchingParams()
    params.check()
    orgs = sorted(orgs, key=lambda o: o.id)
    check_unique_ids(orgs)
    unplaced: list[UnplacedOrg] = []
    placeable: list[OrgProfile] = []
    for org in orgs:
        # Location first: without coordinates, "outside" may only mean "unknown commune".
        if not org.has_location:
            unplaced.append(UnplacedOrg(org.id, org.name, NO_LOCATION_REASON))
        elif not org.in_departement:
            unplaced.append(UnplacedOrg(org.id, org.name, OUTSIDE_REASON))
        else:
            placeable.append(org)
    points = project_km([o.lat for o in placeable], [o.lon for o in placeable])
    grouper = TerritorialGrouper(params.group_min_size, params.group_max_size).fit(points)
    for i in np.flatnonzero(grouper.labels_ < 0):
        unplaced.append(UnplacedOrg(placeable[i].id, placeable[i].name, ALONE_REASON))
    with gc_paused():
        members = [[placeable[i] for i in group] for group in grouper.groups_]
        names = unique_names([group_name(group) for group in members])
        groups = [
            TerritorialGroup(
                name,
                tuple(OrgRef(o.id, o.name) for o in group),
                OrgRef(next_host(group).id, next_host(group).name),
            )
            for name, group in zip(names, members, strict=True)
        ]
    groups.sort(key=lambda g: (_sort_key(g.name), g.members[0].id))
    unplaced.sort(key=lambda u: u.id)
    return GroupResult(tuple(groups), tuple(unplaced))


def group_name(members: Sequence[OrgProfile]) -> str:
    """Name a group after its main commune, or its main EPCI when no commune dominates.

    The main commune names the group when it holds at least half of the
    members ("Lens"); a group spread over several communes is better named by
    its intercommunality ("CA de Lens - Liévin"). Ties go to the alphabetical
    first, so the name is stable.
    """
    commune = _most_common(o.commune_name for o in members)
    if commune and commune[1] * 2 >= len(members):
        return commune[0]
    epci = _most_common(o.epci for o in members)
    if epci:
        return epci[0]
    return commune[0] if commune else "Groupe sans commune renseignée"


def unique_names(names: list[str]) -> list[str]:
    """Number repeated names in order of appearance: ``Lens``, ``Lens (2)``, ``Lens (3)``."""
    seen: Counter[str] = Counter()
    total = Counter(names)
    result = []
    for name in names:
        seen[name] += 1
        result.append(name if total[name] == 1 or seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def next_host(members: Sequence[OrgProfile]) -> OrgProfile:
    """Suggested host of the next meeting: who has waited longest.

    Members that never hosted come first, then the oldest ``last_hosted_on``;
    ties go to the smallest id. Each meeting then moves the turn along.
    """
    return min(
        members, key=lambda o: (_hosted_on(o) is not None, _hosted_on(o) or datetime.date.min, o.id)
    )


def _hosted_on(org: OrgProfile) -> datetime.date | None:
    """``last_hosted_on`` as a plain date (a datetime would not compare with a date)."""
    value = org.last_hosted_on
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def _most_common(values) -> tuple[str, int] | None:
    counts = Counter(v.strip() for v in values if isinstance(v, str) and v.strip())
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], _sort_key(item[0])))


def _sort_key(name: str) -> tuple[str, str]:
    """French-friendly sort key: accents and case ignored first, then exact text."""
    return (strip_accents(name).casefold(), name)
