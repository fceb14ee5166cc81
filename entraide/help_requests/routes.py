"""Help requests: post, read, answer, close; the coordinator's follow-up of open ones."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.extensions import db
from ..models import HelpNotification, HelpRequest
from ..text import plural
from ..web.access import coordinator_required, roles_required
from ..web.errors import back_to, refused
from . import notifications, services
from .forms import AnswerForm, CloseForm, HelpRequestForm, RelayForm, StatusFilterForm

bp = Blueprint("help_requests", __name__, url_prefix="/entraide")


def _request_or_404(request_id: int) -> HelpRequest:
    if current_user.is_viewer:
        abort(403)
    item = db.session.get(HelpRequest, request_id)
    if item is None or not services.can_view(item, current_user):
        abort(404)
    return item


def _newest_first(query):
    return query.order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())


@bp.route("")
@roles_required("member", "coordinator")
def index():
    """Member: its calls, those it was asked to help with, the network's open calls."""
    if current_user.is_coordinator:
        return redirect(url_for("help_requests.follow_up"))
    org_id = current_user.organisation_id
    mine = (
        db.session.execute(
            _newest_first(select(HelpRequest).where(HelpRequest.organisation_id == org_id))
        )
        .scalars()
        .all()
    )
    notified = select(HelpNotification.request_id).where(HelpNotification.organisation_id == org_id)
    open_others = (
        db.session.execute(
            _newest_first(
                select(HelpRequest).where(
                    HelpRequest.status == "open", HelpRequest.organisation_id != org_id
                )
            ).limit(100)
        )
        .scalars()
        .all()
    )
    asked_ids = set(db.session.execute(notified).scalars())
    return render_template(
        "help_requests/index.html",
        mine=mine,
        asked=[r for r in open_others if r.id in asked_ids],
        others=[r for r in open_others if r.id not in asked_ids],
    )


@bp.route("/suivi")
@coordinator_required
def follow_up():
    """Coordinator: the calls (open by default) with the notified SCICs and the answers."""
    filters = StatusFilterForm(formdata=request.args)
    valid = filters.validate()
    status = filters.status.data if valid else "open"
    query = _newest_first(select(HelpRequest))
    if status != "all":
        query = query.where(HelpRequest.status == status)
    pagination = db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=20, error_out=False
    )
    return render_template(
        "help_requests/follow_up.html", pagination=pagination, filters=filters
    ), 200 if valid else 422


@bp.route("/nouveau", methods=["GET", "POST"])
@roles_required("member")
def new():
    """A member launches a call for its organisation; the best-placed SCICs are emailed."""
    form = HelpRequestForm()
    if form.validate_on_submit():
        back_to(url_for("help_requests.index"))
        item = services.post_request(
            current_user,
            current_user.organisation,
            form.theme.data,
            form.title.data,
            form.text.data,
        )
        notifications.responders_notified(item)  # queued: they go with the commit
        db.session.commit()
        count = len(item.notifications)
        flash(
            "Votre appel à l'entraide est lancé"
            + (
                f" : {plural(count, 'organisation prévenue', 'organisations prévenues')}."
                if count
                else ". Aucune autre organisation ne propose d'aide sur ce thème pour l'instant : "
                "la coordination le voit et peut relayer."
            ),
            "success",
        )
        return redirect(url_for("help_requests.show", request_id=item.id))
    status = 422 if form.is_submitted() else 200
    return render_template("help_requests/new.html", form=form), status


@bp.route("/<int:request_id>")
@login_required
def show(request_id: int):
    """A call: its text, and (for the requester and the coordinator) the answers."""
    item = _request_or_404(request_id)
    can_relay = services.can_relay(item, current_user)
    relay_form = None
    if can_relay:
        relay_form = RelayForm()
        relay_form.organisation_ids.choices = [
            (org.id, org.name) for org in services.relay_choices(item)
        ]
    return render_template(
        "help_requests/show.html",
        item=item,
        answer_form=AnswerForm(),
        close_form=CloseForm(),
        relay_form=relay_form,
        can_answer=services.can_answer(item, current_user),
        can_close=services.can_close(item, current_user),
        see_answers=services.can_see_answers(item, current_user),
    )


@bp.route("/<int:request_id>/relayer", methods=["POST"])
@coordinator_required
def relay(request_id: int):
    """The coordination relays the call to chosen members and/or an outside contact."""
    item = _request_or_404(request_id)
    back = back_to(url_for("help_requests.show", request_id=item.id))
    form = RelayForm()
    if not form.validate_on_submit():
        errors = [e for f in form for e in f.errors]
        return refused(" ".join(errors) or "Formulaire invalide.", back, 422)
    told, contact = services.relay(
        item,
        current_user,
        form.organisation_ids.data,
        note=form.note.data,
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data,
    )
    db.session.commit()
    names = [n.organisation.name for n in told] + ([contact.name] if contact else [])
    flash(f"Appel relayé à {', '.join(names)}.", "success")
    return redirect(back)


@bp.route("/<int:request_id>/reponses", methods=["POST"])
@roles_required("member")
def answer(request_id: int):
    """A member answers the call for its organisation."""
    item = _request_or_404(request_id)
    back = back_to(url_for("help_requests.show", request_id=item.id))
    form = AnswerForm()
    if not form.validate_on_submit():
        return refused(" ".join(form.message.errors) or "Réponse invalide.", back, 422)
    reply = services.answer(item, current_user, form.message.data)
    notifications.answer_received(reply)
    db.session.commit()
    flash("Votre réponse est envoyée à l'organisation qui a lancé l'appel.", "success")
    return redirect(back)


@bp.route("/<int:request_id>/clore", methods=["POST"])
@roles_required("member", "coordinator")
def close(request_id: int):
    """The requester or the coordinator closes the call, saying whether it was solved."""
    item = _request_or_404(request_id)
    back = back_to(url_for("help_requests.show", request_id=item.id))
    if not (current_user.is_coordinator or services.is_requester(item, current_user)):
        abort(403)
    form = CloseForm()
    if not form.validate_on_submit():
        return refused(
            " ".join(form.solved.errors + form.note.errors) or "Formulaire invalide.", back, 422
        )
    services.close(item, current_user, form.solved.data == "yes", form.note.data)
    db.session.commit()
    flash("L'appel à l'entraide est clos.", "success")
    return redirect(back)
