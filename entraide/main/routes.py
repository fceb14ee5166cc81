"""Home page dispatch and the network overview."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..access import roles_required
from .queries import network_overview

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    """Send each role to its starting page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_member:
        return redirect(url_for("organisations.mine"))
    if current_user.is_coordinator:
        return redirect(url_for("organisations.index"))
    return redirect(url_for("main.overview"))


@bp.route("/synthese")
@roles_required("coordinator", "viewer")
def overview():
    """Aggregated figures of the network (what the funder may see)."""
    return render_template("main/overview.html", stats=network_overview())
