"""Territorial groups: validation from the suggestions, management, meetings, history."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.extensions import db
from ..meetings.views import correction_page
from ..models import GroupMeeting, Organisation, TerritorialGroup, User
from ..web.access import coordinator_required
from ..web.errors import back_to, refused
from ..web.forms import ConfirmForm, select_choices
from . import corrections, planning, services
from .choices import fill_add_choices, fill_contact_choices, fill_meeting_choices, group_map
from .forms import (
    RECORD,
    AddMemberForm,
    ContactForm,
    MeetingCorrectionForm,
    MeetingFilterForm,
    MeetingForm,
    RenameForm,
    ValidateGroupForm,
)

bp = Blueprint("groups", __name__, url_prefix="/groupes")


def _group_or_404(group_id: int) -> TerritorialGroup:
    """The group if the user may see it; 404 for others, 403 for the funder."""
    if current_user.is_viewer:
        abort(403)
    group = db.session.get(TerritorialGroup, group_id)
    if group is None or not services.can_view(group, current_user):
        abort(404)
    return group


def _form_errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


@bp.route("")
@coordinator_required
def index():
    """Active groups first, then archived ones."""
    groups = (
        db.session.execute(
            select(TerritorialGroup).order_by(
                TerritorialGroup.archived_at.is_not(None), TerritorialGroup.name
            )
        )
        .scalars()
        .all()
    )
    return render_template("groups/index.html", groups=groups)


@bp.route("/valider", methods=["POST"])
@coordinator_required
def validate():
    """Turn a suggested group (name and member ids) into a territorial group."""
    form = ValidateGroupForm()
    form.member_ids.choices = select_choices(
        (o.id, o.name)
        for o in db.session.execute(
            select(Organisation).where(Organisation.archived_at.is_(None))
        ).scalars()
    )
    back = back_to(url_for("suggestions.groups"))
    if not form.validate_on_submit():
        return refused(_form_errors(form) or "Groupe invalide.", back, 422)
    members = [db.session.get(Organisation, org_id) for org_id in set(form.member_ids.data)]
    group = services.create_group(current_user, form.name.data, members)
    db.session.commit()
    flash(f"Le groupe « {group.name} » est validé.", "success")
    return redirect(url_for("groups.show", group_id=group.id))


@bp.route("/le-mien")
@login_required
def mine():
    """A member's entry point: the active group of its organisation, if any."""
    if not current_user.is_member:
        abort(404)
    group = services.active_group_of(current_user.organisation_id)
    if group is None:
        return render_template("groups/no_group.html")
    return redirect(url_for("groups.show", group_id=group.id))


@bp.route("/<int:group_id>")
@login_required
def show(group_id: int):
    """A group: members, map, contact, meetings (management forms for the coordinator)."""
    group = _group_or_404(group_id)
    forms = {}
    if current_user.is_coordinator and group.archived_at is None:
        forms = {
            "rename": RenameForm(name=group.name),
            "add": AddMemberForm(),
            "contact": ContactForm(contact_id=group.contact_user_id or 0),
        }
        fill_add_choices(forms["add"], group)
        fill_contact_choices(forms["contact"], group)
    meetings = [m for m in group.meetings if not m.is_planned]
    planned = sorted(
        (m for m in group.meetings if m.is_planned), key=lambda m: (m.held_on, m.start_time)
    )
    return render_template(
        "groups/show.html",
        group=group,
        forms=forms,
        confirm=ConfirmForm(),
        map_svg=group_map(group, current_user),
        meetings=meetings,
        planned=planned,
        can_plan=planning.can_manage_meetings(group, current_user),
        can_manage=lambda m: planning.can_manage_meeting(m, current_user),
        today=date.today(),
    )


def _change(group_id: int, form_class, apply, success: str):
    """Shared shape of the coordinator's POST changes on a group."""
    group = db.session.get(TerritorialGroup, group_id) or abort(404)
    form = form_class()
    if form_class is AddMemberForm:
        fill_add_choices(form, group)
    elif form_class is ContactForm:
        fill_contact_choices(form, group)
    back = back_to(url_for("groups.show", group_id=group.id))
    if not form.validate_on_submit():
        return refused(_form_errors(form) or "Formulaire invalide.", back, 422)
    apply(group, form)
    db.session.commit()
    flash(success, "success")
    return redirect(back)


@bp.route("/<int:group_id>/nom", methods=["POST"])
@coordinator_required
def rename(group_id: int):
    """Rename a group."""
    return _change(
        group_id,
        RenameForm,
        lambda g, f: services.rename_group(g, current_user, f.name.data),
        "Le groupe est renommé.",
    )


@bp.route("/<int:group_id>/membres", methods=["POST"])
@coordinator_required
def add_member(group_id: int):
    """Add an organisation to a group."""
    return _change(
        group_id,
        AddMemberForm,
        lambda g, f: services.add_member(
            g, current_user, db.session.get(Organisation, f.organisation_id.data)
        ),
        "L'organisation a rejoint le groupe.",
    )


@bp.route("/<int:group_id>/membres/<int:org_id>/retirer", methods=["POST"])
@coordinator_required
def remove_member(group_id: int, org_id: int):
    """Remove an organisation from a group."""
    org = db.session.get(Organisation, org_id) or abort(404)
    return _change(
        group_id,
        ConfirmForm,
        lambda g, f: services.remove_member(g, current_user, org),
        f"{org.name} a quitté le groupe.",
    )


@bp.route("/<int:group_id>/contact", methods=["POST"])
@coordinator_required
def contact(group_id: int):
    """Name the group's contact person (or none)."""
    return _change(
        group_id,
        ContactForm,
        lambda g, f: services.set_contact(
            g, current_user, db.session.get(User, f.contact_id.data) if f.contact_id.data else None
        ),
        "La personne de contact est enregistrée.",
    )


@bp.route("/<int:group_id>/archiver", methods=["POST"])
@coordinator_required
def archive(group_id: int):
    """Archive a group: kept with its meetings, no more changes."""
    return _change(
        group_id,
        ConfirmForm,
        lambda g, f: planning.archive(g, current_user),
        "Le groupe est archivé.",
    )


@bp.route("/<int:group_id>/rencontres/nouvelle", methods=["GET", "POST"])
@login_required
def new_meeting(group_id: int):
    """Record a meeting of the group that took place (the coordination or the relay
    organisation, see ``planning.can_manage_meetings``)."""
    group = _group_or_404(group_id)
    back = back_to(url_for("groups.show", group_id=group.id))
    if group.archived_at is not None:
        return refused("Ce groupe est archivé : il ne peut plus être modifié.", back)
    if not planning.can_manage_meetings(group, current_user):
        abort(403)
    form = MeetingForm(mode=RECORD)
    fill_meeting_choices(form, group)
    if form.validate_on_submit():
        members = {org.id: org for org in group.members}
        services.record_meeting(group, current_user, **form.record_arguments(members))
        db.session.commit()
        flash("La rencontre est enregistrée.", "success")
        return redirect(back)
    status = 422 if form.is_submitted() else 200
    return render_template("groups/meeting_form.html", group=group, form=form, meeting=None), status


def _meeting_or_404(meeting_id: int) -> GroupMeeting:
    """A group's meeting for whoever may see the group (others 404, the funder 403); a
    meeting without group (the network's own are actions now) for the coordination only."""
    if current_user.is_viewer:
        abort(403)
    meeting = db.session.get(GroupMeeting, meeting_id)
    if meeting is None:
        abort(404)
    if meeting.group is None:
        if not current_user.is_coordinator:
            abort(403)
    elif not services.can_view(meeting.group, current_user):
        abort(404)
    return meeting


def _meeting_back(meeting: GroupMeeting) -> str:
    if meeting.group is not None:
        return url_for("groups.show", group_id=meeting.group_id, _anchor=f"rencontre-{meeting.id}")
    return url_for("groups.meetings", _anchor=f"rencontre-{meeting.id}")


@bp.route("/rencontres/<int:meeting_id>/corriger", methods=["GET", "POST"])
@login_required
def correct_meeting(meeting_id: int):
    """Correct a recorded meeting (its author or the coordination, within 30 days)."""
    meeting = _meeting_or_404(meeting_id)
    back = back_to(_meeting_back(meeting))
    if (problem := corrections.refusal(meeting, current_user)) is not None:
        raise problem  # 403 (not theirs) or 409 (too late, group archived), written nowhere
    organisations = corrections.allowed_organisations(meeting)
    return correction_page(
        meeting,
        MeetingCorrectionForm(meeting=meeting, organisations=organisations),
        corrections.correct_meeting,
        back=back,
        done=back,
        incomplete=corrections.INCOMPLETE,
        template="groups/meeting_form.html",
        group=meeting.group,
    )


@bp.route("/rencontres")
@coordinator_required
def meetings():
    """The groups' meetings (the network's own meetings are in the actions register)."""
    filters = MeetingFilterForm(formdata=request.args)
    query = select(GroupMeeting).order_by(GroupMeeting.held_on.desc(), GroupMeeting.id.desc())
    valid = filters.validate()
    if valid and filters.kind.data:
        query = query.where(GroupMeeting.kind == filters.kind.data)
    pagination = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=25, error_out=False
    )
    return render_template(
        "groups/meetings.html", pagination=pagination, filters=filters
    ), 200 if valid else 422
