"""Log in and out, invitations, password reset and change."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user

from ..core.extensions import db
from . import services, sessions
from .forms import ChangePasswordForm, LoginForm, ResetRequestForm, SetPasswordForm
from .redirects import safe_next
from .tokens import load_token

bp = Blueprint("auth", __name__)


def _start_session(user) -> None:
    sessions.start(user)
    services.record_login(user)


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = safe_next(request.args.get("next"))
            _start_session(user)
            db.session.commit()
            return redirect(target or url_for("main.home"))
        flash("Adresse ou mot de passe incorrect.", "error")
    status = 422 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout():
    """Log out and invalidate the session everywhere it was copied."""
    services.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("auth.login"))


def _password_from_link(purpose: str, max_age_key: str, template: str, token: str):
    user, problem = load_token(token, purpose, current_app.config[max_age_key])
    if user is None:
        return render_template("auth/link_invalid.html", message=problem), 400
    form = SetPasswordForm()
    form._email = user.email
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        _start_session(user)
        db.session.commit()
        flash("Votre mot de passe est enregistré. Bienvenue !", "success")
        return redirect(url_for("main.home"))
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, user=user), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Accept an invitation by choosing a password."""
    return _password_from_link("invite", "INVITATION_MAX_AGE", "auth/invitation.html", token)


@bp.route("/mot-de-passe/nouveau/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link."""
    return _password_from_link("reset", "PASSWORD_RESET_MAX_AGE", "auth/reset.html", token)


@bp.route("/mot-de-passe/oublie", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address exists or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.queue_password_reset(form.email.data)
        db.session.commit()
        flash("Si un compte correspond à cette adresse, un lien vient de lui être envoyé.", "info")
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot.html", form=form), status


@bp.route("/compte/mot-de-passe", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's password; other sessions end."""
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form._email = user.email
    if form.validate_on_submit():
        if not user.check_password(form.current.data):
            form.current.errors.append("Le mot de passe actuel est incorrect.")
        else:
            services.set_password(user, form.password.data)
            _start_session(user)
            db.session.commit()
            flash("Votre mot de passe a été changé.", "success")
            return redirect(url_for("main.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/change_password.html", form=form), status
