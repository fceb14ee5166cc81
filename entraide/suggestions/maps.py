"""Pictures of the matching results (SVG maps from the geo package)."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from flask import url_for

from ..geo.gazetteer import get_gazetteer
from ..geo.svgmap import Area, Marker, area_fill, render_map
from ..matching import GroupResult
from ..text import normalise_key


@dataclass(frozen=True)
class TerritoryKey:
    """A line of the map's legend: a territory, its colour, its groups and members."""

    name: str
    fill: str
    groups: int
    members: int


def _names(assignments: dict[str, str]) -> list[str]:
    return sorted(set(assignments.values()), key=lambda n: (normalise_key(n), n))


def territory_areas(assignments: dict[str, str]) -> tuple[Area, ...]:
    """The territories drawn as whole EPCIs: each EPCI takes the territory of most of its
    communes (in the shipped hypothesis, all of them). Colours follow the names' order."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for commune in get_gazetteer().communes():
        territory = assignments.get(commune.insee)
        if territory:
            counts[commune.epci_siren][territory] += 1
    epcis: dict[str, list[str]] = defaultdict(list)
    for siren, found in counts.items():
        epcis[min(found, key=lambda name: (-found[name], name))].append(siren)
    return tuple(
        Area(name, tuple(sorted(epcis[name])), area_fill(index))
        for index, name in enumerate(_names(assignments))
        if epcis[name]
    )


def split_communes(assignments: dict[str, str]) -> int:
    """Communes whose territory is not the one their EPCI is drawn in (the map cannot
    show them apart)."""
    drawn = {siren: area.name for area in territory_areas(assignments) for siren in area.epcis}
    return sum(
        1
        for commune in get_gazetteer().communes()
        if assignments.get(commune.insee) != drawn.get(commune.epci_siren)
    )


def territory_legend(
    result: GroupResult, orgs: dict, assignments: dict[str, str]
) -> list[TerritoryKey]:
    """The territories with their colour and how many proposed groups and members each
    holds (a member counts in the territory of its commune)."""
    members: Counter[str] = Counter()
    groups: dict[str, set[int]] = defaultdict(set)
    for index, group in enumerate(result.groups):
        for member in group.members:
            org = orgs.get(member.id)
            territory = assignments.get(getattr(org, "commune_insee", None) or "")
            if territory:
                members[territory] += 1
                groups[territory].add(index)
    return [
        TerritoryKey(name, area_fill(index), len(groups[name]), members[name])
        for index, name in enumerate(_names(assignments))
    ]


def groups_map(result: GroupResult, orgs: dict, assignments: dict[str, str] | None = None) -> str:
    """The members of each group, one colour per group, linked to their pages, over the
    territories of the coordination's table."""
    markers = []
    for index, group in enumerate(result.groups):
        for member in group.members:
            org = orgs.get(member.id)
            location = org.location if org is not None else None
            if location is None:
                continue
            markers.append(
                Marker(
                    location[0],
                    location[1],
                    f"{member.name} – {group.name}",
                    group=index,
                    href=url_for("organisations.show", org_id=member.id),
                )
            )
    groups, placed = len(result.groups), len(markers)
    return render_map(
        markers,
        title="Groupes territoriaux proposés",
        description=f"{groups} groupe{'s' if groups > 1 else ''}, {placed} organisation"
        f"{'s placées' if placed > 1 else ' placée'} sur la carte du Pas-de-Calais.",
        areas=territory_areas(assignments or {}),
    )
