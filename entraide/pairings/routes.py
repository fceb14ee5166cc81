"""Parrainage pages: review queue, proposal, consent, list and record."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..core.extensions import db
from ..models import Organisation, Pairing, PairRejection, SponsorRequest
from ..models.pairing import PAIRING_STATUSES
from ..web.access import coordinator_required, get_visible_or_404
from ..web.errors import back_to, refused
from ..web.forms import ConfirmForm, row_id
from . import notifications, services, sponsor_requests
from .choices import fill_propose_choices
from .forms import (
    AnswerForm,
    DeclineRequestForm,
    EndForm,
    ProposeForm,
    RejectForm,
    VisibleReasonForm,
)
from .queue import review_queue

bp = Blueprint("pairings", __name__, url_prefix="/parrainages")

CONFLICT = (
    "Une autre décision a été prise sur ce parrainage au même moment : "
    "rien n'a été enregistré, vérifiez la situation ci-dessous."
)


def _commit_or_conflict() -> bool:
    """Commit; on a concurrent change (constraint, stale version) roll back and say so."""
    try:
        db.session.commit()
        return True
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        flash(CONFLICT, "error")
        return False


@bp.route("/file")
@coordinator_required
def queue():
    """Every young SCIC waiting for a sponsor, with the proposed one and alternatives."""
    items, reason = review_queue()
    return render_template(
        "pairings/queue.html",
        items=items,
        reason=reason,
        reject_form=RejectForm(),
        requests=sponsor_requests.queue_requests(),
        decline_form=DeclineRequestForm(),
    )


@bp.route("/demandes/<int:request_id>/refuser", methods=["POST"])
@coordinator_required
def decline_request(request_id: int):
    """Decline a member's sponsorship request, with a reason its sender reads."""
    item = db.session.get(SponsorRequest, request_id) or abort(404)
    back = back_to(url_for("pairings.queue"))
    form = DeclineRequestForm()
    if not form.validate_on_submit():
        return refused(" ".join(form.reason.errors) or "Motif invalide.", back, 422)
    sponsor_requests.decline(current_user, item, form.reason.data)
    db.session.commit()
    flash("La demande est refusée ; la SCIC qui l'a envoyée lit votre motif.", "success")
    return redirect(back)


@bp.route("/nouveau", methods=["GET", "POST"])
@coordinator_required
def propose():
    """Confirm a pair (suggested or by hand) with its needs and objectives, then send it."""
    form = ProposeForm(
        mentee_id=request.args.get("mentee", 0, type=int),
        mentor_id=request.args.get("mentor", 0, type=int),
        score=request.args.get("score", ""),
    )
    fill_propose_choices(form)
    # From a member's request in the queue: its need chosen, its message shown.
    from_request = db.session.get(SponsorRequest, request.args.get("demande", 0, type=row_id))
    if from_request is not None and not form.is_submitted():
        form.need_ids.data = [from_request.need_id]
        need = from_request.need
        form.objectives.data = f"{need.theme.label} : {need.text}".strip()
    if form.validate_on_submit():
        mentee = db.session.get(Organisation, form.mentee_id.data)
        mentor = db.session.get(Organisation, form.mentor_id.data)
        back_to(url_for("pairings.queue"))
        pairing = services.propose(
            current_user,
            mentee,
            mentor,
            needs=services.open_needs_of(mentee.id, form.need_ids.data),
            objectives=form.objectives.data,
            planned_months=form.planned_months.data,
            rhythm_days=form.rhythm_days.data,
            score=form.score_value(),
        )
        notifications.consent_requested(pairing)  # queued: they go with the commit
        if not _commit_or_conflict():
            return redirect(url_for("pairings.queue"))
        flash("Le parrainage est proposé aux deux SCIC, qui doivent l'accepter.", "success")
        return redirect(url_for("pairings.show", pairing_id=pairing.id))
    status = 422 if form.is_submitted() else 200
    return render_template("pairings/propose.html", form=form, from_request=from_request), status


@bp.route("/ecarter", methods=["POST"])
@coordinator_required
def reject():
    """Set a suggested pair aside, with a reason: it will not be suggested again."""
    form = RejectForm()
    mentee = db.session.get(Organisation, request.form.get("mentee_id", 0, type=row_id))
    mentor = db.session.get(Organisation, request.form.get("mentor_id", 0, type=row_id))
    if not form.validate_on_submit() or mentee is None or mentor is None:
        message = " ".join(form.reason.errors) or "Binôme inconnu."
        return refused(message, url_for("pairings.queue"), 422)
    services.reject_pair(current_user, mentee, mentor, form.reason.data)
    if _commit_or_conflict():
        flash(f"Le binôme {mentee.name} – {mentor.name} est écarté.", "success")
    return redirect(url_for("pairings.queue"))


@bp.route("/refus")
@coordinator_required
def rejections():
    """The pairs set aside, and the ones whose rejection was lifted."""
    rows = (
        db.session.execute(
            select(PairRejection).order_by(
                PairRejection.lifted_at.is_not(None), PairRejection.created_at.desc()
            )
        )
        .scalars()
        .all()
    )
    return render_template("pairings/rejections.html", rejections=rows, confirm=ConfirmForm())


@bp.route("/refus/<int:rejection_id>/lever", methods=["POST"])
@coordinator_required
def lift(rejection_id: int):
    """Lift a rejection: the pair may be suggested again."""
    rejection = db.session.get(PairRejection, rejection_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.lift_rejection(current_user, rejection)
    if _commit_or_conflict():
        flash("Le refus est levé : ce binôme peut de nouveau être suggéré.", "success")
    return redirect(url_for("pairings.rejections"))


@bp.route("")
@login_required
def index():
    """Coordinator: every pairing; member: its organisation's pairings."""
    status = request.args.get("status") if request.args.get("status") in PAIRING_STATUSES else ""
    query = select(Pairing).order_by(Pairing.created_at.desc(), Pairing.id.desc())
    if current_user.is_member:
        org_id = current_user.organisation_id
        query = query.where((Pairing.mentee_id == org_id) | (Pairing.mentor_id == org_id))
    elif not current_user.is_coordinator:
        abort(403)
    if status:
        query = query.where(Pairing.status == status)
    pagination = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=25, error_out=False
    )
    return render_template("pairings/index.html", pagination=pagination, status=status)


@bp.route("/<int:pairing_id>")
@login_required
def show(pairing_id: int):
    """A pairing: the charter, the consents, the follow-up booklet, its history."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    side = pairing.side_of(current_user)
    return render_template(
        "pairings/show.html",
        pairing=pairing,
        side=side,
        answer_form=AnswerForm(),
        end_form=EndForm(),
        reason_form=VisibleReasonForm(visible_reason=pairing.visible_reason),
        confirm=ConfirmForm(),
    )


@bp.route("/<int:pairing_id>/reponse", methods=["POST"])
@login_required
def answer(pairing_id: int):
    """One SCIC accepts or declines the proposal."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    side = pairing.side_of(current_user)
    if side is None:
        abort(403)
    form = AnswerForm()
    back = back_to(url_for("pairings.show", pairing_id=pairing.id))
    if not form.validate_on_submit():
        message = " ".join(form.decision.errors + form.message.errors) or "Réponse invalide."
        return refused(message, back, 422)
    accept = form.decision.data == "accept"
    services.answer(pairing, current_user, side, accept, form.message.data)
    # Queued: the mails go with the commit, or not at all.
    org = pairing.mentee if side == "mentee" else pairing.mentor
    notifications.consent_answered(pairing, org, accept, form.message.data)
    if pairing.status == "active":
        notifications.pairing_started(pairing)
    if _commit_or_conflict():
        flash(
            "Votre réponse est enregistrée."
            + (" Le parrainage commence !" if pairing.status == "active" else ""),
            "success",
        )
    return redirect(back)


@bp.route("/<int:pairing_id>/arreter", methods=["POST"])
@coordinator_required
def stop(pairing_id: int):
    """Stop a pairing (or withdraw a proposal), with a reason."""
    pairing = db.session.get(Pairing, pairing_id) or abort(404)
    form = EndForm()
    back = back_to(url_for("pairings.show", pairing_id=pairing.id))
    if not form.validate_on_submit():
        errors = form.reason.errors + form.visible_reason.errors
        return refused(" ".join(errors) or "Formulaire invalide.", back, 422)
    services.stop(pairing, current_user, form.reason.data, form.visible_reason.data)
    if _commit_or_conflict():
        flash("Le parrainage est arrêté.", "success")
    return redirect(back)


@bp.route("/<int:pairing_id>/motif-visible", methods=["POST"])
@coordinator_required
def visible_reason(pairing_id: int):
    """Say to both SCICs why a refused, withdrawn or stopped pairing ended."""
    pairing = db.session.get(Pairing, pairing_id) or abort(404)
    form = VisibleReasonForm()
    back = back_to(url_for("pairings.show", pairing_id=pairing.id))
    if not form.validate_on_submit():
        return refused(" ".join(form.visible_reason.errors) or "Formulaire invalide.", back, 422)
    services.set_visible_reason(pairing, current_user, form.visible_reason.data)
    if _commit_or_conflict():
        flash("Le motif visible par les deux SCIC est enregistré.", "success")
    return redirect(back)


@bp.route("/<int:pairing_id>/terminer", methods=["POST"])
@coordinator_required
def complete(pairing_id: int):
    """Mark an active pairing completed: both SCICs are then asked for their evaluation."""
    pairing = db.session.get(Pairing, pairing_id) or abort(404)
    back = back_to(url_for("pairings.show", pairing_id=pairing.id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.complete(pairing, current_user)
    if _commit_or_conflict():
        flash("Le parrainage est terminé. Chaque SCIC peut maintenant donner son bilan.", "success")
    return redirect(back)
