"""What each reader gets of the testimonies: the funder only approved texts, with the names
of the organisations that approved without their name replaced by a description; the
coordination every testimony with its answers; a member what awaits its answer."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.extensions import db
from ..models import HighlightApproval, Organisation, ReportHighlight, ReportSubmission
from ..models.testimony import text_digest
from ..suggestions import territory_table
from .names import NameFinder, of_commune, of_territory, replace_names
from .services import name_finder, sources_of

_KINDS = {
    "young": "une jeune SCIC",
    "experienced": "une SCIC expérimentée",
    "unknown": "une SCIC",
}
# Sources whose organisations must approve (a free text has none but the names it holds).
FROM_A_PARRAINAGE = ("followup", "evaluation", "group_meeting")


def describe(org: Organisation, territory_of: dict[str, str]) -> str:
    """« une jeune SCIC du Ternois »: its age group and its territory (else its commune)."""
    kind = "un projet de SCIC" if org.status == "projet" else _KINDS[org.age_group]
    territory = territory_of.get(org.commune_insee or "")
    if territory:
        return f"{kind} {of_territory(territory)}"
    if org.town:
        return f"{kind} {of_commune(org.town)}"
    return f"{kind} du réseau"


@dataclass
class Review:
    """One testimony as the coordination follows it."""

    highlight: ReportHighlight
    approvals: list[HighlightApproval] = field(default_factory=list)
    missing: bool = False  # organisations concerned that were never asked
    # Approvals of organisations the text named, no longer found by their current name:
    # renamed since, the text holds a name the funder would read in clear.
    renamed: list[HighlightApproval] = field(default_factory=list)
    shown_quote: str | None = None  # what the funder reads, None while not approved
    shown_title: str = ""

    @property
    def is_shown(self) -> bool:
        return self.shown_quote is not None

    @property
    def waiting(self) -> int:
        return sum(1 for a in self.approvals if a.status == "pending")

    @property
    def refused(self) -> list[HighlightApproval]:
        return [a for a in self.approvals if a.status == "refused"]


@dataclass(frozen=True)
class Shown:
    """A testimony as the funder reads it."""

    quote: str
    title: str


def _approvals_by_highlight(ids: list[int]) -> dict[int, list[HighlightApproval]]:
    found: dict[int, list[HighlightApproval]] = defaultdict(list)
    if ids:
        for approval in db.session.scalars(
            select(HighlightApproval)
            .where(HighlightApproval.highlight_id.in_(ids))
            .order_by(HighlightApproval.id)
        ):
            found[approval.highlight_id].append(approval)
    return found


def _resolve(review: Review, finder: NameFinder, describe_id, sources: set[int]) -> None:
    """Fill what the funder reads, if every organisation concerned approved this text.

    ``sources``: the organisations the testimony comes from now (a group meeting's
    participants may have been corrected since the approvals were asked)."""
    highlight, approvals = review.highlight, review.approvals
    asked = {a.organisation_id for a in approvals}
    named_now = finder.ids_in(highlight.title or "", highlight.quote)
    sourced = any(a.from_source for a in approvals)
    digest = text_digest(highlight.title, highlight.quote)
    # ``named``: this very text named the organisation when it was asked. Not found in it
    # now, it was renamed: its former name, which nothing would replace, stays in the text.
    review.renamed = [
        a
        for a in approvals
        if a.named and a.text_digest == digest and a.organisation_id not in named_now
    ]
    review.missing = (
        bool(named_now - asked)
        or bool(sources - asked)
        or bool(review.renamed)
        or (highlight.source_type in FROM_A_PARRAINAGE and not sourced)
    )
    if review.missing or not all(a.is_approved and a.text_digest == digest for a in approvals):
        return
    hidden = {a.organisation_id for a in approvals if a.status == "approved_anonymous"}

    def replacement(org_id: int) -> str | None:
        return describe_id(org_id) if org_id in hidden else None

    review.shown_quote = replace_names(highlight.quote, finder, replacement)
    review.shown_title = replace_names(highlight.title or "", finder, replacement)


def reviews(year: int) -> list[Review]:
    """Every testimony of the year, its answers and what the funder reads of it."""
    highlights = list(
        db.session.scalars(
            select(ReportHighlight)
            .where(ReportHighlight.year == year)
            .order_by(ReportHighlight.position, ReportHighlight.id)
        )
    )
    if not highlights:
        return []
    approvals = _approvals_by_highlight([h.id for h in highlights])
    found = [Review(h, approvals.get(h.id, [])) for h in highlights]
    hidden_ids = {
        a.organisation_id for r in found for a in r.approvals if a.status == "approved_anonymous"
    }
    organisations = (
        {
            org.id: org
            for org in db.session.scalars(
                select(Organisation).where(Organisation.id.in_(hidden_ids))
            )
        }
        if hidden_ids
        else {}
    )
    territory_of = territory_table.assignments() if organisations else {}

    def describe_id(org_id: int) -> str:
        org = organisations.get(org_id)
        return describe(org, territory_of) if org else "une SCIC du réseau"

    finder = name_finder()
    sources = sources_of((h.source_type, h.source_id) for h in highlights)
    for review in found:
        source = (review.highlight.source_type, review.highlight.source_id)
        _resolve(review, finder, describe_id, sources.get(source, set()))
    return found


def shown(year: int) -> list[Shown]:
    """The testimonies the funder reads for a year: approved ones only, names replaced."""
    return [Shown(r.shown_quote, r.shown_title) for r in reviews(year) if r.is_shown]


def awaiting(organisation_id: int) -> list[HighlightApproval]:
    """The approvals an organisation has still to give, in years not yet sent."""
    sent = select(ReportSubmission.year)
    return list(
        db.session.scalars(
            select(HighlightApproval)
            .join(ReportHighlight, ReportHighlight.id == HighlightApproval.highlight_id)
            .where(
                HighlightApproval.organisation_id == organisation_id,
                HighlightApproval.status == "pending",
                ReportHighlight.year.not_in(sent),
            )
            .order_by(HighlightApproval.requested_at, HighlightApproval.id)
        )
    )


def approval_of(highlight_id: int, organisation_id: int) -> HighlightApproval | None:
    return db.session.scalar(
        select(HighlightApproval).where(
            HighlightApproval.highlight_id == highlight_id,
            HighlightApproval.organisation_id == organisation_id,
        )
    )
