"""The coordinator's review queue: suggestions of mentees that still need a sponsor."""

from dataclasses import dataclass

from sqlalchemy import select

from ..core.extensions import db
from ..matching import MenteeSuggestions, ProposedPair
from ..models import Organisation, Pairing
from ..suggestions.services import network_suggestions


@dataclass
class QueueItem:
    mentee: Organisation
    suggestions: MenteeSuggestions
    proposed: ProposedPair | None
    last_decline: Pairing | None


def review_queue() -> tuple[list[QueueItem], str | None]:
    """Each mentee with its proposed sponsor, its ranked alternatives and its last decline."""
    result = network_suggestions()
    proposed = {pair.mentee_id: pair for pair in result.proposed_pairs}
    mentee_ids = [m.id for m in result.mentees]
    orgs = {
        o.id: o
        for o in db.session.execute(
            select(Organisation).where(Organisation.id.in_(mentee_ids))
        ).scalars()
    }
    declines = {}
    for pairing in db.session.execute(
        select(Pairing)
        .where(Pairing.mentee_id.in_(mentee_ids), Pairing.status == "declined")
        .order_by(Pairing.ended_at)
    ).scalars():
        declines[pairing.mentee_id] = pairing  # the latest wins
    items = [
        QueueItem(orgs[m.id], m, proposed.get(m.id), declines.get(m.id))
        for m in result.mentees
        if m.id in orgs
    ]
    # Mentees with a proposed sponsor first, best score first; then the others by name.
    items.sort(
        key=lambda i: (
            i.proposed is None,
            -(i.proposed.score if i.proposed else 0),
            i.mentee.name_key,
        )
    )
    return items, result.reason
