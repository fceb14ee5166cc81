"""The coordinator's review queue: suggestions of mentees that still need a sponsor.

Mentees whose members asked for a sponsor, or whom an SCIC offered to sponsor (open
requests of ``sponsor_requests``), come first; the pairs they named are marked.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.extensions import db
from ..matching import MenteeSuggestions, ProposedPair
from ..models import Organisation, Pairing, SponsorRequest
from ..models.need import open_need_themes
from ..suggestions.services import network_suggestions


@dataclass
class QueueItem:
    mentee: Organisation
    suggestions: MenteeSuggestions
    proposed: ProposedPair | None
    last_decline: Pairing | None
    requested: frozenset[int] = field(default=frozenset())  # sponsors named by open requests
    need_themes: list[tuple[str, int]] = field(default_factory=list)  # open needs by theme


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
    requested: dict[int, set[int]] = {}
    for mentee_id, mentor_id in db.session.execute(
        select(SponsorRequest.mentee_id, SponsorRequest.mentor_id).where(
            SponsorRequest.status == "open", SponsorRequest.mentee_id.in_(mentee_ids)
        )
    ):
        requested.setdefault(mentee_id, set()).add(mentor_id)
    themes = open_need_themes(mentee_ids)
    items = [
        QueueItem(
            orgs[m.id],
            m,
            proposed.get(m.id),
            declines.get(m.id),
            frozenset(requested.get(m.id, ())),
            themes.get(m.id, []),
        )
        for m in result.mentees
        if m.id in orgs
    ]
    # Mentees named by a member's request first; then those with a proposed sponsor,
    # best score first; then the others by name.
    items.sort(
        key=lambda i: (
            not i.requested,
            i.proposed is None,
            -(i.proposed.score if i.proposed else 0),
            i.mentee.name_key,
        )
    )
    return items, result.reason
