"""A group's planned meetings: plan, change, record (« Noter le compte rendu »), cancel,
download the .ics. Who may: ``planning.can_manage_meetings`` / ``can_manage_meeting``
(others of the group 403); outside the group 404, the funder 403 (as the group page)."""

from datetime import date

from flask import Blueprint, abort, url_for
from flask_login import current_user, login_required

from ..calendars.events import group_meeting_event
from ..core.extensions import db
from ..meetings.views import cancel_page, form_page, ics_download, refuse, rescheduled
from ..models import GroupMeeting, TerritorialGroup
from ..text import plural
from . import planning, services
from .choices import fill_meeting_choices
from .forms import PLAN, RECORD, MeetingEditForm, MeetingForm

bp = Blueprint("group_planning", __name__, url_prefix="/groupes")
MEETING = "/<int:group_id>/rencontres/<int:meeting_id>"


def _back(group: TerritorialGroup, anchor: str = "prochaines-titre") -> str:
    return url_for("groups.show", group_id=group.id, _anchor=anchor)


def _group(group_id: int) -> TerritorialGroup:
    """The group if the user may see it (404 outside it, 403 for the funder), not archived."""
    if current_user.is_viewer:
        abort(403)
    group = db.session.get(TerritorialGroup, group_id)
    if group is None or not services.can_view(group, current_user):
        abort(404)
    return group


def _editable(group: TerritorialGroup) -> None:
    if group.archived_at is not None:
        refuse(services.ARCHIVED, _back(group))


def _meeting(group: TerritorialGroup, meeting_id: int, planned: bool = True) -> GroupMeeting:
    meeting = db.session.get(GroupMeeting, meeting_id)
    if meeting is None or meeting.group_id != group.id:
        abort(404)
    if planned:
        _editable(group)
        if not planning.can_manage_meeting(meeting, current_user):
            abort(403)
        if not meeting.is_planned:
            refuse(planning.NOT_PLANNED, _back(group))
    return meeting


def _members(group: TerritorialGroup) -> dict:
    return {org.id: org for org in group.members}


def _recipients(meeting: GroupMeeting) -> set[str]:
    """Who is invited and told: the members of the organisations expected."""
    return {e for org in meeting.expected for e in org.mail_recipients()}


@bp.route("/<int:group_id>/rencontres/prevoir", methods=["GET", "POST"])
@login_required
def plan(group_id: int):
    """Plan a meeting of the group: the organisations expected get the invitation."""
    group = _group(group_id)
    _editable(group)
    if not planning.can_manage_meetings(group, current_user):
        abort(403)
    form = MeetingForm(mode=PLAN, today=date.today())
    fill_meeting_choices(form, group)
    if not form.is_submitted():
        form.expected_ids.data = list(_members(group))  # the whole group, by default

    def apply():
        meeting = planning.plan_meeting(group, current_user, **form.plan_arguments(_members(group)))
        count = len(_recipients(meeting))
        return (
            f"La rencontre est prévue : invitation envoyée à {plural(count, 'personne')}, "
            "avec le fichier pour l'agenda.",
            "success",
        )

    return form_page(
        form,
        apply,
        done=_back(group),
        template="groups/meeting_form.html",
        group=group,
        meeting=None,
    )


def _change_form(group: TerritorialGroup, meeting: GroupMeeting, mode: str) -> MeetingEditForm:
    """The form of a planned meeting (change or record), filled from it; the organisations
    expected are ticked (as expected, or as the first guess of who came)."""
    form = MeetingEditForm(obj=meeting, mode=mode, today=date.today())
    fill_meeting_choices(form, group)
    if not form.is_submitted():
        ticked = form.expected_ids if mode == PLAN else form.participant_ids
        ticked.data = [org.id for org in meeting.expected]
    return form


@bp.route(f"{MEETING}/modifier", methods=["GET", "POST"])
@login_required
def edit(group_id: int, meeting_id: int):
    """Change a planned meeting: the organisations expected are told."""
    group = _group(group_id)
    meeting = _meeting(group, meeting_id)
    form = _change_form(group, meeting, PLAN)

    def apply():
        arguments = form.plan_arguments(_members(group))
        changed = planning.reschedule_meeting(
            meeting, current_user, version=form.version.data, **arguments
        )
        return rescheduled(changed, "les organisations attendues sont prévenues")

    return form_page(
        form,
        apply,
        done=_back(group),
        incomplete=planning.INCOMPLETE,
        template="groups/meeting_form.html",
        group=group,
        meeting=meeting,
    )


@bp.route(f"{MEETING}/compte-rendu", methods=["GET", "POST"])
@login_required
def record(group_id: int, meeting_id: int):
    """« Noter le compte rendu »: the planned meeting took place."""
    group = _group(group_id)
    meeting = _meeting(group, meeting_id)
    form = _change_form(group, meeting, RECORD)

    def apply():
        arguments = form.record_arguments(_members(group))
        planning.record_planned_meeting(
            meeting, current_user, version=form.version.data, **arguments
        )
        return "Le compte rendu de la rencontre est enregistré.", "success"

    return form_page(
        form,
        apply,
        done=_back(group, "rencontres-titre"),
        back=_back(group),
        incomplete=planning.INCOMPLETE,
        template="groups/meeting_form.html",
        group=group,
        meeting=meeting,
    )


@bp.route(f"{MEETING}/annuler", methods=["GET", "POST"])
@login_required
def cancel(group_id: int, meeting_id: int):
    """« Annuler la rencontre », after a confirmation page: kept « annulée », mails sent."""
    group = _group(group_id)
    meeting = _meeting(group, meeting_id)
    host = meeting.host
    return cancel_page(
        meeting,
        planning.cancel_meeting,
        back=_back(group),
        title=f"{meeting.title} (groupe {group.name})",
        where=meeting.place or (f"{host.name}, {host.town}" if host and host.town else "—"),
        recipients=len(_recipients(meeting)),
    )


@bp.route(f"{MEETING}/rencontre.ics")
@login_required
def download(group_id: int, meeting_id: int):
    """The planned (or cancelled) meeting as an .ics file, for every member of the group."""
    group = _group(group_id)
    meeting = _meeting(group, meeting_id, planned=False)
    return ics_download(meeting, group_meeting_event)
