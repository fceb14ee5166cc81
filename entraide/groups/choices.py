"""Options of the group forms, and the group's map."""

from flask import url_for
from sqlalchemy import select

from ..core.extensions import db
from ..geo.svgmap import Marker, render_map
from ..models import Organisation, TerritorialGroup
from ..models.group import group_member
from ..text import plural
from ..web.forms import select_choices
from .services import contact_candidates


def fill_add_choices(form, group: TerritorialGroup) -> None:
    """Organisations that may join: not archived, in no active group."""
    grouped = (
        select(group_member.c.organisation_id)
        .join(TerritorialGroup, TerritorialGroup.id == group_member.c.group_id)
        .where(TerritorialGroup.archived_at.is_(None))
    )
    orgs = db.session.execute(
        select(Organisation)
        .where(Organisation.archived_at.is_(None), Organisation.id.not_in(grouped))
        .order_by(Organisation.name_key)
    ).scalars()
    form.organisation_id.choices = select_choices(
        [(0, "Choisissez…")]
        + [(org.id, f"{org.name} ({org.town or 'commune inconnue'})") for org in orgs]
    )


def fill_contact_choices(form, group: TerritorialGroup) -> None:
    people = contact_candidates(group)
    form.contact_id.choices = select_choices(
        [(0, "Aucune personne de contact")]
        + [(u.id, f"{u.name or u.email} – {u.organisation.name}") for u in people]
    )


def fill_meeting_choices(form, group: TerritorialGroup) -> None:
    """The group's organisations, for the host and the present or expected ones."""
    members = [(org.id, org.name) for org in group.members]
    form.host_id.choices = select_choices([(0, "Choisissez…")] + members)
    for name in ("participant_ids", "expected_ids"):
        if name in form:
            getattr(form, name).choices = select_choices(members)


def group_map(group: TerritorialGroup, user) -> str:
    """The members on the map; links only to the pages the user may open."""
    markers = []
    for org in group.members:
        location = org.location
        if location is None:
            continue
        href = url_for("organisations.show", org_id=org.id) if org.can_view(user) else None
        markers.append(Marker(location[0], location[1], org.name, group=0, href=href))
    return render_map(
        markers,
        title=f"Carte du groupe {group.name}",
        width=420,
        height=300,
        map_id=f"carte-groupe-{group.id}",
        description=plural(
            len(markers), "organisation du groupe placée", "organisations du groupe placées"
        )
        + " sur la carte du Pas-de-Calais.",
    )
