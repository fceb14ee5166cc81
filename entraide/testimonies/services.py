"""Asking, giving and freezing the approval of testimonies (never commit).

Who must approve a testimony: the organisations of the parrainage it comes from (both
SCICs of a meeting's or an evaluation's pairing; the host and participants of a group
meeting) and every organisation its text names. Their answer is about the exact text:
editing it asks them again. Once the year's report is marked sent, answers are frozen.

At the same moment as another change (``core.locks``): a testimony's row is locked before
its approval rows. An edit locks the testimony, then its approvals (``request_approvals``);
an answer locks the testimony, then its approval, and compares the text the person read
with the testimony's current text, so that an answer never covers a text edited meanwhile.
An answer then reads whether the year is sent; marking a year sent locks every approval row of
that year first, so that an answer either lands before the report was sent or is refused.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock, lock_all
from ..models import (
    FollowUp,
    GroupMeeting,
    HighlightApproval,
    Organisation,
    Pairing,
    PairingEvaluation,
    ReportHighlight,
    ReportSubmission,
)
from ..models._base import utcnow
from ..models.audit import record
from ..models.group import meeting_participant
from ..models.network_version import current_token
from ..models.testimony import APPROVAL_STATUSES, text_digest
from ..text import format_date
from . import notifications
from .names import NameFinder

log = logging.getLogger(__name__)


_FINDERS: dict[str, NameFinder] = {}  # the network's version -> its names (one kept)


def name_finder() -> NameFinder:
    """Every organisation's name (archived ones too: a text may name a former member).

    Kept per process for the network's version (``models.network_version``), which every
    commit that changes an organisation renews: 2 000 names take tens of milliseconds to
    index, the dashboard reads them at each view."""
    token = current_token()
    finder = _FINDERS.get(token) if token else None
    if finder is None:
        finder = NameFinder(db.session.execute(select(Organisation.id, Organisation.name)).all())
        if token:
            _FINDERS.clear()
            _FINDERS[token] = finder
    return finder


def source_organisations(source_type: str, source_id: int | None) -> set[int] | None:
    """The organisations a testimony comes from; None when its source does not exist."""
    if source_type == "free":
        return set()
    if source_id is None:
        return None
    return sources_of([(source_type, source_id)]).get((source_type, source_id))


def sources_of(sources: Iterable[tuple[str, int | None]]) -> dict[tuple[str, int], set[int]]:
    """The organisations each source comes from, in a query or two per kind of source (a
    year's testimonies at once); a free text's, or a source that no longer exists, absent."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for source_type, source_id in sources:
        if source_type != "free" and source_id is not None:
            wanted[source_type].add(source_id)
    found: dict[tuple[str, int], set[int]] = {}
    for source_type, model in (("followup", FollowUp), ("evaluation", PairingEvaluation)):
        if wanted[source_type]:
            for source_id, *orgs in db.session.execute(
                select(model.id, Pairing.mentee_id, Pairing.mentor_id)
                .join(Pairing, model.pairing_id == Pairing.id)
                .where(model.id.in_(wanted[source_type]))
            ):
                found[(source_type, source_id)] = {org for org in orgs if org is not None}
    if meeting_ids := wanted["group_meeting"]:
        for source_id, host_id in db.session.execute(
            select(GroupMeeting.id, GroupMeeting.host_id).where(GroupMeeting.id.in_(meeting_ids))
        ):
            found[("group_meeting", source_id)] = {host_id} if host_id is not None else set()
        for source_id, org_id in db.session.execute(
            select(meeting_participant.c.meeting_id, meeting_participant.c.organisation_id).where(
                meeting_participant.c.meeting_id.in_(meeting_ids)
            )
        ):
            if ("group_meeting", source_id) in found:
                found[("group_meeting", source_id)].add(org_id)
    return found


def sent_on(year: int) -> ReportSubmission | None:
    return db.session.get(ReportSubmission, year)


def check_open(year: int) -> None:
    """Refuse a change of a year whose report is marked sent (409)."""
    sent = sent_on(year)
    if sent is not None:
        raise UserError(
            f"Le bilan {year} a été marqué comme envoyé au Département le "
            f"{format_date(sent.sent_at)} : ses témoignages et leurs approbations ne changent "
            "plus. La coordination peut le rouvrir si besoin.",
            409,
        )


def request_approvals(highlight: ReportHighlight) -> list[HighlightApproval]:
    """Ask every organisation concerned about the testimony's current text.

    An organisation that already answered about this exact text keeps its answer; one that
    answered about another text is asked again; one no longer concerned is dropped. Each
    organisation newly asked gets a mail.
    """
    sources = source_organisations(highlight.source_type, highlight.source_id) or set()
    named = name_finder().ids_in(highlight.title or "", highlight.quote)
    digest = text_digest(highlight.title, highlight.quote)
    # Locked, and read as committed: an answer landing meanwhile is either seen (and its
    # status reset if the text changed) or waits for this commit, then finds the new text.
    existing = {
        approval.organisation_id: approval
        for approval in db.session.scalars(
            select(HighlightApproval)
            .where(HighlightApproval.highlight_id == highlight.id)
            .order_by(HighlightApproval.id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        )
    }
    # The same text still names an organisation renamed since (by its former name, which
    # the finder no longer knows): it stays concerned, with its answer, until the text is
    # corrected (``queries`` keeps the testimony from the funder meanwhile).
    named |= {org_id for org_id, a in existing.items() if a.named and a.text_digest == digest}
    for org_id, approval in existing.items():
        if org_id not in sources | named:
            db.session.delete(approval)
    asked = []
    for org_id in sorted(sources | named):
        approval = existing.get(org_id)
        if approval is None:
            approval = HighlightApproval(highlight_id=highlight.id, organisation_id=org_id)
            db.session.add(approval)
        approval.named, approval.from_source = org_id in named, org_id in sources
        if approval.id is None or approval.text_digest != digest:
            approval.status, approval.text_digest = "pending", digest
            approval.requested_at, approval.answered_at, approval.answered_by_id = (
                utcnow(),
                None,
                None,
            )
            asked.append(approval)
    db.session.flush()
    for approval in asked:
        notifications.approval_requested(approval)
    log.info("highlight %s: %s approvals asked", highlight.id, len(asked))
    return asked


def source_changed(source_type: str, source_id: int) -> list[HighlightApproval]:
    """The organisations a source comes from changed (a group meeting's host or
    participants corrected): its testimonies ask those newly concerned, in the years not yet
    sent (a sent year's stay frozen; ``queries`` keeps such a testimony from the funder
    until the coordination reopens the year and asks them). The testimonies are locked
    first, by id, as an edit does."""
    highlights = db.session.scalars(
        select(ReportHighlight).where(
            ReportHighlight.source_type == source_type, ReportHighlight.source_id == source_id
        )
    ).all()
    asked = []
    for highlight in lock_all(highlights):
        if sent_on(highlight.year) is None:
            asked += request_approvals(highlight)
    return asked


def answer(approval: HighlightApproval, actor, status: str, digest: str) -> HighlightApproval:
    """An organisation approves (with or without its name) or refuses the text it read;
    it may change its answer until the year's report is marked sent."""
    if status not in APPROVAL_STATUSES or status == "pending":
        raise UserError("Réponse inconnue : approuvez, approuvez sans votre nom ou refusez.", 422)
    # The testimony first, as an edit does (``update_highlight``, then ``request_approvals``):
    # an edit in progress finishes before the answer reads the text it is about.
    highlight = lock(approval.highlight) if approval.highlight is not None else None
    if highlight is None or lock(approval) is None:
        raise UserError("Ce témoignage vient d'être retiré du bilan.", 404)
    check_open(highlight.year)
    current = text_digest(highlight.title, highlight.quote)
    if digest != current or approval.text_digest != current:
        raise UserError(
            "Le texte de ce témoignage a changé depuis que vous l'avez lu : relisez-le avant "
            "de répondre.",
            409,
        )
    before = {"status": approval.status}
    if approval.status != status:
        approval.status = status
        approval.answered_at = utcnow()
        approval.answered_by_id = getattr(actor, "id", None)
        db.session.flush()
        record(
            actor,
            highlight,
            "report.highlight_answer",
            before,
            {"status": status, "organisation_id": approval.organisation_id, "year": highlight.year},
        )
        log.info("highlight %s: organisation %s answered", highlight.id, approval.organisation_id)
    return approval


def mark_sent(actor, year: int) -> tuple[ReportSubmission, bool]:
    """The year's report went to the Département: its testimonies' approvals freeze.
    A second click changes nothing (returns False)."""
    approvals = db.session.scalars(
        select(HighlightApproval)
        .join(ReportHighlight, ReportHighlight.id == HighlightApproval.highlight_id)
        .where(ReportHighlight.year == year)
    ).all()
    lock_all(approvals)
    sent = sent_on(year)
    if sent is not None:
        return sent, False
    sent = ReportSubmission(year=year, sent_by_id=getattr(actor, "id", None))
    db.session.add(sent)
    db.session.flush()
    record(actor, sent, "report.sent", None, {"year": year})
    return sent, True


def reopen(actor, year: int) -> None:
    """Undo « envoyé » (a mistake, a corrected report to send again): answers may change."""
    sent = sent_on(year)
    if sent is None or lock(sent) is None:
        raise UserError(f"Le bilan {year} n'est pas marqué comme envoyé.", 409)
    record(actor, sent, "report.reopened", {"year": year, "sent_at": sent.sent_at.isoformat()})
    db.session.delete(sent)
    db.session.flush()
