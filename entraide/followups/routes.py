"""Follow-up pages: log a meeting, mark an action done, the close-out, the dashboard."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..core.extensions import db
from ..meetings.views import correction_page
from ..models import FollowUp, FollowUpAction, Pairing
from ..text import plural
from ..web.access import coordinator_required, get_visible_or_404, roles_required
from ..web.errors import back_to, refused
from . import corrections, queries, reminders, services
from .forms import (
    ActionDoneForm,
    EvaluationForm,
    FollowUpCorrectionForm,
    FollowUpForm,
    ManualReminderForm,
)

bp = Blueprint("followups", __name__)
BOOKLET_PAGE_ARG = "carnet"  # the booklet's page, in the pairing page's query string

# The funder (viewer) gets 403; a member of another SCIC gets 404 (get_visible_or_404).
member_or_coordinator = roles_required("member", "coordinator")
CONFLICT = (
    "Une autre modification a été enregistrée au même moment : rien n'a été "
    "enregistré, vérifiez la situation ci-dessous."
)


@bp.app_context_processor
def _booklet_helpers():
    # The pairing page (owned by the pairings package) includes followups/_booklet.html.
    def followup_booklet(pairing: Pairing, user) -> queries.Booklet:
        page = request.args.get(BOOKLET_PAGE_ARG, 1, type=int)
        return queries.booklet(pairing, user, page=max(page, 1))

    def pairing_reminders(pairing: Pairing) -> reminders.ReminderInfo:
        return reminders.infos([pairing], date.today())[pairing.id]

    return {
        "followup_booklet": followup_booklet,
        "booklet_page_arg": BOOKLET_PAGE_ARG,
        "pairing_reminders": pairing_reminders,
    }


def _back(pairing: Pairing) -> str:
    return url_for("pairings.show", pairing_id=pairing.id)


def _refused(message: str, pairing: Pairing, status: int = 409):
    return refused(message, _back(pairing), status)


def _commit(pairing: Pairing, conflict: str = CONFLICT):
    """Commit once; on a concurrent change (constraint, stale row) roll back and answer 409
    (None if committed)."""
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError):
        # Before anything reads the session again (the page's link reads pairing.id).
        db.session.rollback()
        return _refused(conflict, pairing)
    return None


@bp.route("/parrainages/<int:pairing_id>/rencontres/nouvelle", methods=["GET", "POST"])
@member_or_coordinator
def new(pairing_id: int):
    """Log a meeting or an exchange of an active pairing, its actions and needs met."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    if not pairing.can_log(current_user):
        return _refused(services.not_active_message(pairing), pairing)
    form = FollowUpForm(
        pairing=pairing, open_needs=queries.open_needs_of_mentee(pairing), today=date.today()
    )
    if form.validate_on_submit():
        back_to(_back(pairing))
        services.log_followup(pairing, current_user, **form.service_arguments())
        if (refused := _commit(pairing)) is not None:
            return refused
        flash("La rencontre est notée dans le carnet de suivi.", "success")
        return redirect(_back(pairing) + "#carnet-titre")
    status = 422 if form.is_submitted() else 200
    return render_template("followups/new.html", form=form, pairing=pairing), status


@bp.route(
    "/parrainages/<int:pairing_id>/rencontres/<int:followup_id>/corriger", methods=["GET", "POST"]
)
@member_or_coordinator
def correct(pairing_id: int, followup_id: int):
    """Correct a recorded meeting (its author or the coordination, within 30 days)."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    followup = db.session.get(FollowUp, followup_id)
    if followup is None or followup.pairing_id != pairing.id:
        abort(404)
    back_to(_back(pairing))
    if (problem := corrections.refusal(followup, current_user)) is not None:
        raise problem  # 403 (not theirs) or 409 (too late), written nowhere
    return correction_page(
        followup,
        FollowUpCorrectionForm(followup=followup, today=date.today()),
        corrections.correct_followup,
        back=_back(pairing),
        done=_back(pairing) + f"#rencontre-{followup.id}",
        incomplete=corrections.INCOMPLETE,
        template="followups/new.html",
        pairing=pairing,
    )


@bp.route("/parrainages/<int:pairing_id>/actions/<int:action_id>/faite", methods=["POST"])
@member_or_coordinator
def action_done(pairing_id: int, action_id: int):
    """Mark an action of the booklet done (either SCIC or the coordinator)."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    action = db.session.get(FollowUpAction, action_id)
    if action is None or action.followup.pairing_id != pairing.id:
        abort(404)
    if not ActionDoneForm().validate_on_submit():
        abort(400)
    back_to(_back(pairing))
    changed = services.mark_action_done(action, current_user)
    if (refused := _commit(pairing)) is not None:
        return refused
    if changed:
        flash(f"Action faite : {action.description}", "success")
    return redirect(_back(pairing) + "#carnet-titre")


@bp.route("/parrainages/<int:pairing_id>/bilan", methods=["GET", "POST"])
@roles_required("member")
def evaluate(pairing_id: int):
    """One SCIC's close-out evaluation of a completed pairing, once per side."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    side = pairing.side_of(current_user)
    organisation = pairing.mentee if side == "mentee" else pairing.mentor
    if pairing.status != "completed":
        return _refused("Le bilan se donne quand le parrainage est terminé.", pairing)
    if queries.evaluation_of(pairing, organisation.id) is not None:
        return _refused(services.already_evaluated_message(), pairing)
    form = EvaluationForm(
        open_needs=queries.open_needs_of_mentee(pairing),
        employees_now=organisation.employees,
        members_now=organisation.members_count,
    )
    if form.validate_on_submit():
        back_to(_back(pairing))
        services.evaluate(
            pairing,
            current_user,
            organisation,
            satisfaction=form.satisfaction.data,
            what_helped=form.what_helped.data or "",
            needs_met=form.chosen_needs(),
            employees_now=form.employees_now.data,
            members_now=form.members_now.data,
        )
        # Two people of the same SCIC at once: the unique constraint keeps one evaluation.
        if (refused := _commit(pairing, services.already_evaluated_message())) is not None:
            return refused
        flash("Merci : votre bilan est enregistré.", "success")
        return redirect(_back(pairing) + "#bilan-titre")
    status = 422 if form.is_submitted() else 200
    return render_template(
        "followups/evaluate.html", form=form, pairing=pairing, organisation=organisation
    ), status


@bp.route("/suivi")
@coordinator_required
def dashboard():
    """Active pairings to follow up first: late, then to nudge, then up to date."""
    today = date.today()
    rows = queries.dashboard_rows(today)
    infos = reminders.infos([row.pairing for row in rows], today)
    return render_template("followups/dashboard.html", rows=rows, reminders=infos)


@bp.route("/parrainages/<int:pairing_id>/relance", methods=["GET", "POST"])
@coordinator_required
def remind(pairing_id: int):
    """« Relancer maintenant »: the preview of the mail, then its queueing once confirmed."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    today = date.today()
    if pairing.status != "active":
        return _refused(reminders.not_active_message(pairing), pairing)
    form = ManualReminderForm()
    if form.validate_on_submit():
        back_to(_back(pairing))
        try:
            reminder = reminders.claim_manual(pairing, current_user, today, form.fingerprint.data)
        except IntegrityError:  # the same click twice, or the daily command at that moment
            db.session.rollback()
            return _refused(reminders.already_today_message(), pairing)
        if (refused := _commit(pairing, reminders.already_today_message())) is not None:
            return refused
        count = plural(len(reminder.recipients), "destinataire")
        flash(f"La relance est mise en file d'envoi pour {count}.", "success")
        return redirect(_back(pairing) + "#relances-titre")
    if reminders.manual_key(pairing.id, today) in reminders.sent_keys_of(pairing):
        return _refused(reminders.already_today_message(), pairing)
    reminder = reminders.manual(pairing, today)
    form.fingerprint.data = reminders.fingerprint(reminder)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "followups/remind.html",
        form=form,
        pairing=pairing,
        reminder=reminder,
        reasons=reminders.reasons_of(pairing, reminder),
    ), status
