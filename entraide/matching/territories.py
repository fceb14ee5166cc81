"""Territorial groups of the network: who meets with whom, named, with a host.

Only organisations located in the Pas-de-Calais are grouped; the others are
listed as unplaced with the reason, so the coordinator can place them by hand.

When the members have territories (the Département's: Arrageois, Artois…, passed in
``OrgProfile.territory`` by the adapter), no group mixes two of them: each territory
is split on its own, and its groups are named after it (« Arrageois », or
« Arrageois 1 », « Arrageois 2 » when it has several). Without territories a group is
named after the communes it holds, most members first (« Arras – Achicourt »), never
after an intercommunality: a group cut across two EPCIs would carry the name of one
that most of its members are not in.
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
TERRITORY_ALONE_REASON = (
    "Seule organisation localisée du territoire « {} » : pas de groupe possible dans ce "
    "territoire. La rattacher à la main au groupe d'un territoire voisin, ou proposer les "
    "groupes sans tenir compte des territoires."
)
NO_COMMUNE_NAME = "Groupe sans commune renseignée"
NAMED_COMMUNES = 3  # communes named in a group's name; the others are counted
MAX_NAME = 120  # the length of a validated group's name


def make_groups(
    orgs: Sequence[OrgProfile],
    params: MatchingParams | None = None,
    *,
    same_territory: bool | None = None,
) -> GroupResult:
    """Partition the located members of the département into territorial groups.

    Parameters
    ----------
    orgs : sequence of OrgProfile
        Every member organisation (ids must be unique).
    params : MatchingParams, optional
        ``group_min_size`` and ``group_max_size`` are used.
    same_territory : bool, optional
        Keep every group inside one territory (``OrgProfile.territory``). By default,
        on as soon as a located member of the département has a territory. Members
        without one are then grouped among themselves.

    Returns
    -------
    GroupResult
        Groups sorted by name, members by id; unplaced organisations by id.
        With fewer located members than ``group_min_size`` (but at least two)
        in the département, or in a territory, they form a single, smaller group;
        a lone member is unplaced.

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
    if same_territory is None:
        same_territory = any(_territory(o) for o in placeable)
    parts: dict[str | None, list[OrgProfile]] = {}
    for org in placeable:
        parts.setdefault(_territory(org) if same_territory else None, []).append(org)

    found: list[tuple[str | None, list[OrgProfile]]] = []
    for territory in sorted(parts, key=lambda t: (t is None, _sort_key(t or ""))):
        part = parts[territory]
        points = project_km([o.lat for o in part], [o.lon for o in part])
        grouper = TerritorialGrouper(params.group_min_size, params.group_max_size).fit(points)
        reason = TERRITORY_ALONE_REASON.format(territory) if territory else ALONE_REASON
        for i in np.flatnonzero(grouper.labels_ < 0):
            unplaced.append(UnplacedOrg(part[i].id, part[i].name, reason))
        found += [(territory, [part[i] for i in group]) for group in grouper.groups_]

    with gc_paused():
        names = group_names(found)
        groups = [
            TerritorialGroup(
                name,
                tuple(OrgRef(o.id, o.name) for o in members),
                OrgRef(next_host(members).id, next_host(members).name),
                territory,
            )
            for name, (territory, members) in zip(names, found, strict=True)
        ]
    groups.sort(key=lambda g: (_sort_key(g.name), g.members[0].id))
    unplaced.sort(key=lambda u: u.id)
    return GroupResult(tuple(groups), tuple(unplaced))


def group_names(groups: Sequence[tuple[str | None, Sequence[OrgProfile]]]) -> list[str]:
    """Names of ``(territory, members)`` groups, unique, in the same order.

    A group inside a territory is named after it, numbered in order when the territory
    has several groups (« Arrageois 1 », « Arrageois 2 »); a group without a territory
    after its communes (:func:`group_name`).
    """
    per_territory = Counter(territory for territory, _ in groups if territory)
    seen: Counter[str] = Counter()
    names = []
    for territory, members in groups:
        if territory:
            seen[territory] += 1
            several = per_territory[territory] > 1
            names.append(f"{territory} {seen[territory]}" if several else territory)
        else:
            names.append(group_name(members))
    return unique_names(names)


def group_name(members: Sequence[OrgProfile]) -> str:
    """Name a group after the communes it holds, most members first.

    « Lens » for a group of one commune, « Arras – Achicourt » for two, and at most
    three names, the others counted: « Lens – Liévin – Harnes et 2 autres communes ».
    Ties go to the alphabetical first, so the name is stable. Never an EPCI's name:
    the members of a group are not all in the same intercommunality.
    """
    counts = Counter(
        o.commune_name.strip()
        for o in members
        if isinstance(o.commune_name, str) and o.commune_name.strip()
    )
    if not counts:
        return NO_COMMUNE_NAME
    ordered = sorted(counts, key=lambda name: (-counts[name], _sort_key(name)))
    shown = max(1, min(NAMED_COMMUNES, len(ordered)))
    while True:
        name = " – ".join(ordered[:shown])
        rest = len(ordered) - shown
        if rest:
            name += f" et {rest} autre commune" if rest == 1 else f" et {rest} autres communes"
        if len(name) <= MAX_NAME or shown == 1:
            return name[:MAX_NAME]
        shown -= 1


def unique_names(names: list[str]) -> list[str]:
    """Number repeated names in order of appearance: ``Lens``, ``Lens (2)``, ``Lens (3)``."""
    seen: Counter[str] = Counter()
    total = Counter(names)
    result = []
    for name in names:
        seen[name] += 1
        result.append(name if total[name] == 1 or seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def _territory(org: OrgProfile) -> str | None:
    value = org.territory
    return value.strip() or None if isinstance(value, str) else None


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


def _sort_key(name: str) -> tuple[str, str]:
    """French-friendly sort key: accents and case ignored first, then exact text."""
    return (strip_accents(name).casefold(), name)
