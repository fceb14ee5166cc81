"""Home page dispatch."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from ..web.access import roles_required

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
    return redirect(url_for("reports.dashboard"))


@bp.route("/synthese")
@roles_required("coordinator", "viewer")
def overview():
    """The former overview's address: the dashboard replaced it (kept for bookmarks)."""
    return redirect(url_for("reports.dashboard"))
