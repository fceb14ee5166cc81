"""Home page: a member's « À faire » and partners; the other roles' starting pages; the
health check."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user

from ..organisations.queries import partners_of
from ..web.access import roles_required
from . import health
from .todo import todo_for

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    """A member's home (what to do, who to reach); the others go to their starting page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_member:
        org = current_user.organisation
        partners = [p for p in partners_of(org.id) if not p.is_archived]
        return render_template("main/home.html", org=org, todo=todo_for(org), partners=partners)
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
