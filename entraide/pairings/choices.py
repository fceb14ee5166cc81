"""Options of the proposal form: who may be a mentee, a sponsor, which needs."""

from sqlalchemy import select

from ..core.extensions import db
from ..models import Need, Organisation
from ..text import shorten
from ..web.forms import select_choices


def fill_propose_choices(form) -> None:
    active = (
        db.session.execute(
            select(Organisation)
            .where(Organisation.archived_at.is_(None))
            .order_by(Organisation.name_key)
        )
        .scalars()
        .all()
    )
    form.mentee_id.choices = select_choices(
        [(0, "Choisissez…")] + [(o.id, o.name) for o in active if o.is_young]
    )
    form.mentor_id.choices = select_choices(
        [(0, "Choisissez…")]
        + [
            (o.id, f"{o.name} (capacité {o.mentor_capacity})")
            for o in active
            if o.mentor_capacity > 0
        ]
    )
    mentee_id = form.mentee_id.data or 0
    needs = (
        db.session.execute(
            select(Need)
            .where(Need.organisation_id == mentee_id, Need.status == "open")
            .order_by(Need.id)
        )
        .scalars()
        .all()
    )
    form.need_ids.choices = select_choices(
        [(n.id, f"{n.theme.label} – {shorten(n.text, 80)}") for n in needs]
    )
    if not form.is_submitted():
        form.need_ids.data = [n.id for n in needs]
