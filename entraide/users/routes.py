"""The coordinator's management of accounts."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.services import queue_invitation
from ..core.extensions import db
from ..models import Organisation, User
from ..web.access import coordinator_required
from ..web.errors import back_to
from ..web.forms import ConfirmForm
from . import services
from .forms import AccountForm, InviteForm

bp = Blueprint("users", __name__)


@bp.route("/utilisateurs")
@coordinator_required
def index():
    """Every account, with its role, organisation and last login."""
    page = request.args.get("page", 1, type=int)
    query = db.select(User).order_by(User.role, User.email)
    pagination = db.paginate(
        query, page=page, per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )
    return render_template("users/index.html", pagination=pagination, confirm=ConfirmForm())


@bp.route("/utilisateurs/inviter", methods=["GET", "POST"])
@coordinator_required
def invite():
    """Invite a person by email; the link is shown when no mail server is configured."""
    form = InviteForm(organisation_id=request.args.get("org", 0, type=int))
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data or 0)
        back_to(url_for("users.invite"))
        user = services.create_user(
            current_user,
            form.email.data,
            form.role.data,
            name=form.name.data,
            organisation=organisation,
        )
        link = queue_invitation(user)
        db.session.commit()
        return _after_invitation(user, link)
    status = 422 if form.is_submitted() else 200
    return render_template("users/invite.html", form=form), status


def _after_invitation(user: User, link: str):
    if current_app.config.get("MAIL_SERVER"):
        flash(f"Invitation en cours d'envoi à {user.email}.", "success")
        return redirect(url_for("users.index"))
    # No SMTP: the mail only goes to the log; the coordinator passes the link on.
    return render_template("users/invitation_link.html", user=user, link=link)


@bp.route("/utilisateurs/<int:user_id>/reinviter", methods=["POST"])
@coordinator_required
def resend(user_id: int):
    """Send the invitation again to someone who has not chosen a password yet."""
    user = db.session.get(User, user_id) or abort(404)
    if user.has_password or not ConfirmForm().validate_on_submit():
        abort(400)
    link = queue_invitation(user)
    db.session.commit()
    return _after_invitation(user, link)


@bp.route("/utilisateurs/<int:user_id>/activation", methods=["POST"])
@coordinator_required
def toggle_active(user_id: int):
    """Deactivate or reactivate an account."""
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id or not ConfirmForm().validate_on_submit():
        abort(400)
    services.set_active(user, current_user, not user.active)
    db.session.commit()
    flash("Le compte est désactivé." if not user.active else "Le compte est réactivé.", "success")
    return redirect(url_for("users.index"))


@bp.route("/mon-compte", methods=["GET", "POST"])
@login_required
def account():
    """Each person's own page: name, and for a member the contact choice and phone."""
    form = AccountForm(obj=current_user)
    if request.method == "GET":
        form.phone.data = current_user.phone_display
    if form.validate_on_submit():
        back_to(url_for("users.account"))
        services.update_account(
            current_user,
            current_user,
            name=form.name.data,
            entraide_contact=form.entraide_contact.data,
            phone=form.phone.data,
        )
        db.session.commit()
        flash("Votre compte est enregistré.", "success")
        return redirect(url_for("users.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("users/account.html", form=form), status
