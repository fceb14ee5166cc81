"""Home page dispatch, and the health check."""

from flask import Blueprint, jsonify, redirect, url_for
from flask_login import current_user

from ..web.access import roles_required
from . import health

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


@bp.route("/healthz")
def healthz():
    """Database, Redis and outbox backlog, as JSON (no login, no personal data)."""
    body, status = health.report()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, status
