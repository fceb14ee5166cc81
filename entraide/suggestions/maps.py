"""Pictures of the matching results (SVG maps from the geo package)."""

from flask import url_for

from ..geo.svgmap import Marker, render_map
from ..matching import GroupResult


def groups_map(result: GroupResult, orgs: dict) -> str:
    """The members of each group, one colour per group, linked to their pages."""
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
    return render_map(
        markers,
        title="Groupes territoriaux proposés",
        description=f"{len(result.groups)} groupes, {len(markers)} organisations "
        "placées sur la carte du Pas-de-Calais.",
    )
