"""A pairing's planned meetings: plan, change, record (« Noter le compte rendu »), cancel,
download the .ics. Either SCIC of an active pairing or the coordination; the funder 403,
another SCIC 404 (as the booklet)."""

from datetime import date

from flask import Blueprint, abort, url_for
from flask_login import current_user

from ..calendars.events import followup_event
from ..core.extensions import db
from ..meetings.views import cancel_page, form_page, ics_download, refuse, rescheduled
from ..models import FollowUp, Pairing
from ..text import plural
from ..web.access import get_visible_or_404, roles_required
from . import planning, queries, services
from .forms import PLAN, RECORD, FollowUpEditForm, FollowUpForm

bp = Blueprint("followup_planning", __name__)
member_or_coordinator = roles_required("member", "coordinator")
MEETING = "/parrainages/<int:pairing_id>/rencontres/<int:followup_id>"


def _back(pairing: Pairing, anchor: str = "prochaines-titre") -> str:
    return url_for("pairings.show", pairing_id=pairing.id, _anchor=anchor)


def _pairing(pairing_id: int) -> Pairing:
    """The pairing, if the user may change its booklet (it is active); 409 otherwise."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    if not pairing.can_log(current_user):
        refuse(services.not_active_message(pairing), _back(pairing))
    return pairing


def _meeting(pairing: Pairing, followup_id: int, planned: bool = True) -> FollowUp:
    followup = db.session.get(FollowUp, followup_id)
    if followup is None or followup.pairing_id != pairing.id:
        abort(404)
    if planned and not followup.is_planned:
        refuse(planning.NOT_PLANNED, _back(pairing))
    return followup


@bp.route("/parrainages/<int:pairing_id>/rencontres/prevoir", methods=["GET", "POST"])
@member_or_coordinator
def plan(pairing_id: int):
    """Plan a meeting ahead: both SCICs get the invitation with its .ics."""
    pairing = _pairing(pairing_id)
    form = FollowUpForm(pairing=pairing, today=date.today(), mode=PLAN)

    def apply():
        followup = planning.plan_followup(pairing, current_user, **form.plan_arguments())
        return _invited(followup), "success"

    return form_page(
        form,
        apply,
        done=_back(pairing),
        template="followups/plan.html",
        pairing=pairing,
        followup=None,
    )


def _invited(followup: FollowUp) -> str:
    count = len(planning.recipients(followup.pairing))
    return (
        f"La rencontre du {followup.held_on:%d/%m/%Y} à {followup.start_time:%H:%M} est prévue : "
        f"invitation envoyée à {plural(count, 'personne')}, avec le fichier pour l'agenda."
    )


@bp.route(f"{MEETING}/modifier", methods=["GET", "POST"])
@member_or_coordinator
def edit(pairing_id: int, followup_id: int):
    """Change a planned meeting's day, time, place or who is expected."""
    pairing = _pairing(pairing_id)
    followup = _meeting(pairing, followup_id)
    form = FollowUpEditForm(obj=followup, pairing=pairing, today=date.today(), mode=PLAN)

    def apply():
        changed = planning.reschedule_followup(
            followup, current_user, version=form.version.data, **form.plan_arguments()
        )
        return rescheduled(changed, "les deux SCIC en sont prévenues")

    return form_page(
        form,
        apply,
        done=_back(pairing),
        incomplete=planning.INCOMPLETE,
        template="followups/plan.html",
        pairing=pairing,
        followup=followup,
    )


@bp.route(f"{MEETING}/compte-rendu", methods=["GET", "POST"])
@member_or_coordinator
def record(pairing_id: int, followup_id: int):
    """« Noter le compte rendu »: the planned meeting took place."""
    pairing = _pairing(pairing_id)
    followup = _meeting(pairing, followup_id)
    today = date.today()
    form = FollowUpEditForm(
        obj=followup,
        pairing=pairing,
        open_needs=queries.open_needs_of_mentee(pairing),
        today=today,
        mode=RECORD,
    )
    if not form.is_submitted() and not form.participants.data:
        # Who was expected is the first guess of who came (WTForms lets ``obj``, whose
        # participants are still empty, win over a keyword value: set it here).
        form.participants.data = followup.expected

    def apply():
        planning.record_planned_followup(
            followup, current_user, version=form.version.data, **form.service_arguments()
        )
        return "Le compte rendu est noté dans le carnet de suivi.", "success"

    return form_page(
        form,
        apply,
        done=_back(pairing, "carnet-titre"),
        back=_back(pairing),
        incomplete=planning.INCOMPLETE,
        template="followups/new.html",
        pairing=pairing,
        planned=followup,
        today=today,
    )


@bp.route(f"{MEETING}/annuler", methods=["GET", "POST"])
@member_or_coordinator
def cancel(pairing_id: int, followup_id: int):
    """« Annuler la rencontre », after a confirmation page: kept « annulée », mails sent."""
    pairing = _pairing(pairing_id)
    followup = _meeting(pairing, followup_id)
    return cancel_page(
        followup,
        planning.cancel_followup,
        back=_back(pairing),
        title=f"Rencontre de parrainage {pairing.mentee.name} – {pairing.mentor.name}",
        where=followup.place or followup.format_label,
        recipients=len(set(planning.recipients(pairing))),
    )


@bp.route(f"{MEETING}/rencontre.ics")
@member_or_coordinator
def download(pairing_id: int, followup_id: int):
    """The planned (or cancelled) meeting as an .ics file, for any calendar application."""
    pairing = get_visible_or_404(Pairing, pairing_id)
    followup = _meeting(pairing, followup_id, planned=False)
    return ics_download(followup, followup_event)
