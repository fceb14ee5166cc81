"""State changes of pairings: propose, consent, reject, stop, complete.

Every change goes through :func:`_move`, which refuses transitions that are not allowed,
records who did what and when, and writes the audit entry. Business rules that two
people could race on are backed by the database (see ``core.locks``):
- one live pairing per mentee: a partial unique index;
- the sponsor's capacity: a row lock on the sponsor, taken by every decision that uses a
  place (proposal, last consent), before the pairing's;
- a decision on a pairing (consent, stop, completion): a row lock on the pairing, read
  again under it, so both SCICs accepting at once start it, and a stop racing a
  completion is refused in French; the version column stays as the last guard;
- one active rejection per pair: a partial unique index; lifting one locks it.
"""

import logging
from datetime import date

from sqlalchemy import func, select

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock, lock_all
from ..followups.planning import cancel_all_planned
from ..models import (
    Need,
    Organisation,
    Pairing,
    PairingTransition,
    PairRejection,
    SponsorRequest,
)
from ..models._base import utcnow
from ..models.audit import record
from ..models.pairing import LIVE_STATUSES, TRANSITIONS
from . import notifications

log = logging.getLogger(__name__)


def _move(pairing: Pairing, to_status: str, actor, note: str | None = None) -> None:
    from_status = pairing.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise UserError(
            f"Ce parrainage est « {pairing.status_label} » : cette action n'est plus possible."
        )
    pairing.status = to_status
    if to_status in ("completed", "stopped", "declined"):
        pairing.ended_at = utcnow()
    db.session.add(
        PairingTransition(
            pairing=pairing,
            from_status=from_status,
            to_status=to_status,
            actor_id=getattr(actor, "id", None),
            actor_role=getattr(actor, "role", None),
            note=note,
        )
    )
    record(
        actor,
        pairing,
        f"pairing.{to_status}",
        before={"status": from_status},
        after={"status": to_status, "note": note},
    )
    log.info("pairing %s: %s -> %s", pairing.id, from_status, to_status)


def _lock_sponsor(mentor: Organisation) -> Organisation:
    """Lock the sponsor's row and read it again, so that two decisions cannot both use
    its last place (nor one use a place its capacity no longer has)."""
    return lock(mentor)


def _lock_pairing(pairing: Pairing) -> None:
    """Lock the pairing and read it again: the decision is checked on its latest state."""
    if lock(pairing) is None:
        raise UserError("Ce parrainage n'existe plus.")


def used_capacity(mentor_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Pairing)
            .where(Pairing.mentor_id == mentor_id, Pairing.status.in_(LIVE_STATUSES))
        )
        or 0
    )


def active_rejection(mentee_id: int, mentor_id: int) -> PairRejection | None:
    return db.session.execute(
        select(PairRejection).filter_by(mentee_id=mentee_id, mentor_id=mentor_id, lifted_at=None)
    ).scalar_one_or_none()


def live_pairing_of(mentee_id: int) -> Pairing | None:
    return db.session.execute(
        select(Pairing).where(Pairing.mentee_id == mentee_id, Pairing.status.in_(LIVE_STATUSES))
    ).scalar_one_or_none()


def propose(
    actor,
    mentee: Organisation,
    mentor: Organisation,
    *,
    needs=(),
    objectives: str = "",
    planned_months: int = 12,
    rhythm_days: int = 30,
    score: float | None = None,
) -> Pairing:
    """The coordinator validates a pair: it goes to both SCICs for their consent.

    The coordinator's validation is also its acceptance of the charter as mediator.
    """
    if mentee.id == mentor.id:
        raise UserError("Une organisation ne peut pas se parrainer elle-même.")
    if mentee.is_archived or mentor.is_archived:
        raise UserError("Une organisation archivée ne peut pas entrer dans un parrainage.")
    mentor = _lock_sponsor(mentor)
    if live_pairing_of(mentee.id) is not None:
        raise UserError(f"{mentee.name} a déjà un parrainage en cours ou proposé.")
    if mentor.mentor_capacity - used_capacity(mentor.id) <= 0:
        raise UserError(f"{mentor.name} n'a plus de place de parrainage disponible.")
    if active_rejection(mentee.id, mentor.id) is not None:
        raise UserError("Ce binôme a été écarté : levez d'abord le refus pour le proposer.")
    wrong_needs = [n for n in needs if n.organisation_id != mentee.id or not n.is_open]
    if wrong_needs:
        raise UserError("Les besoins choisis doivent être des besoins ouverts de la filleule.")
    pairing = Pairing(
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        status="proposed",
        objectives=objectives,
        planned_months=planned_months,
        rhythm_days=rhythm_days,
        score=score,
        created_by_id=actor.id,
        needs=list(needs),
    )
    db.session.add(pairing)
    db.session.flush()
    db.session.add(
        PairingTransition(
            pairing=pairing,
            from_status=None,
            to_status="proposed",
            actor_id=actor.id,
            actor_role=actor.role,
        )
    )
    record(
        actor,
        pairing,
        "pairing.proposed",
        after={"mentee_id": mentee.id, "mentor_id": mentor.id, "score": score},
    )
    _move(pairing, "awaiting_consent", actor)
    pairing.charter_coordinator_at = utcnow()
    _settle_requests(actor, pairing)
    return pairing


def _settle_requests(actor, pairing: Pairing) -> None:
    """The proposal answers the mentee's open sponsorship requests: those naming its
    sponsor are accepted, the others are left without follow-up (they may be sent again)."""
    waiting = db.session.execute(
        select(SponsorRequest).where(
            SponsorRequest.mentee_id == pairing.mentee_id, SponsorRequest.status == "open"
        )
    ).scalars()
    for item in lock_all(waiting):
        if item.status != "open":
            continue  # withdrawn or declined a moment ago
        accepted = item.mentor_id == pairing.mentor_id
        item.status = "accepted" if accepted else "superseded"
        item.pairing_id = pairing.id if accepted else None
        item.decided_at, item.decided_by_id = utcnow(), getattr(actor, "id", None)
        if accepted:
            record(actor, item, "sponsor_request.accept", after={"pairing_id": pairing.id})
        else:
            record(actor, item, "sponsor_request.supersede", after={"pairing_id": pairing.id})
            if item.requester_id != pairing.mentee_id:  # a sponsor that offered its help
                notifications.request_superseded(item)


def answer(pairing: Pairing, actor, side: str, accept: bool, message: str | None) -> None:
    """One SCIC accepts or declines; both acceptances start the pairing."""
    # Sponsor first, then the pairing (the order of core.locks): the other SCIC's answer
    # waits, then reads this one, so that both acceptances do start the pairing.
    mentor = _lock_sponsor(pairing.mentor)
    _lock_pairing(pairing)
    if pairing.status != "awaiting_consent":
        raise UserError(
            f"Ce parrainage est « {pairing.status_label} » : il n'attend plus de réponse."
        )
    if getattr(pairing, f"{side}_consent") is not None:
        raise UserError("Votre organisation a déjà répondu à cette proposition.")
    setattr(pairing, f"{side}_consent", accept)
    setattr(pairing, f"{side}_message", message or None)
    setattr(pairing, f"{side}_answered_at", utcnow())
    org = pairing.mentee if side == "mentee" else pairing.mentor
    record(actor, pairing, "pairing.consent", after={"side": side, "accept": accept})
    if not accept:
        reason = f"Refus de {org.name}" + (f" : {message}" if message else "")
        pairing.end_reason = reason
        _move(pairing, "declined", actor, note=reason)
    elif pairing.mentee_consent and pairing.mentor_consent:
        # Re-check the sponsor's capacity (locked above): it may have changed meanwhile.
        live_elsewhere = used_capacity(mentor.id) - 1  # this pairing is live already
        if live_elsewhere >= mentor.mentor_capacity:
            raise UserError(f"{mentor.name} n'a plus de place de parrainage disponible.")
        pairing.start_date = date.today()
        _move(pairing, "active", actor)


def stop(pairing: Pairing, actor, reason: str, visible_reason: str | None = None) -> None:
    """End a pairing early, or withdraw a proposal (reason required): ``reason`` stays the
    coordination's, ``visible_reason`` is what both SCICs read."""
    _lock_pairing(pairing)
    if pairing.status == "active":
        # Its planned meetings will not take place: cancelled, with their mails.
        cancel_all_planned(pairing, actor, "Le parrainage est arrêté.")
    pairing.end_reason = reason
    pairing.visible_reason = (visible_reason or "").strip() or None
    _move(pairing, "stopped", actor, note=reason)


ENDED_FOR_THE_SCICS = ("declined", "stopped")


def set_visible_reason(pairing: Pairing, actor, visible_reason: str | None) -> None:
    """The coordination says (or changes) why a refused or stopped pairing ended, for both
    SCICs to read; empty takes it back."""
    _lock_pairing(pairing)
    if pairing.status not in ENDED_FOR_THE_SCICS:
        raise UserError(
            f"Ce parrainage est « {pairing.status_label} » : un motif visible ne se donne "
            "qu'à un parrainage refusé, retiré ou arrêté."
        )
    new = (visible_reason or "").strip() or None
    if len(new or "") > 1000:
        raise UserError("Le motif visible fait 1 000 caractères au plus.", 422)
    if new != pairing.visible_reason:
        record(
            actor,
            pairing,
            "pairing.update",
            before={"visible_reason": pairing.visible_reason},
            after={"visible_reason": new},
        )
        pairing.visible_reason = new


def complete(pairing: Pairing, actor) -> None:
    _lock_pairing(pairing)
    if pairing.status == "active":
        cancel_all_planned(pairing, actor, "Le parrainage est terminé.")
    _move(pairing, "completed", actor)


def reject_pair(actor, mentee: Organisation, mentor: Organisation, reason: str) -> PairRejection:
    """Remember that this pair must not be suggested again."""
    existing = active_rejection(mentee.id, mentor.id)
    if existing is not None:
        return existing  # a double submit changes nothing
    rejection = PairRejection(
        mentee_id=mentee.id, mentor_id=mentor.id, reason=reason, rejected_by_id=actor.id
    )
    db.session.add(rejection)
    record(
        actor,
        rejection,
        "pair.reject",
        after={"mentee_id": mentee.id, "mentor_id": mentor.id, "reason": reason},
    )
    return rejection


def lift_rejection(actor, rejection: PairRejection) -> None:
    if lock(rejection) is not None and rejection.lifted_at is None:
        rejection.lifted_at = utcnow()
        rejection.lifted_by_id = actor.id
        record(actor, rejection, "pair.reject_lifted")


def open_needs_of(org_id: int, need_ids) -> list[Need]:
    """The open needs of ``org_id`` among ``need_ids`` (others are ignored)."""
    if not need_ids:
        return []
    return list(
        db.session.execute(
            select(Need).where(
                Need.id.in_(need_ids), Need.organisation_id == org_id, Need.status == "open"
            )
        ).scalars()
    )
