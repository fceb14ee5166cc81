"""Each person's calendar feed (no login: the address is the secret) and its renewal.

The feed answers 404 and nothing else for any token that opens no feed (unknown,
renewed, the account deactivated, the funder's), never sets a cookie, and may be kept
by the reader's own calendar only (``Cache-Control: private``). Its requests are
counted per address (``RATELIMIT_CALENDAR_FEED``): a calendar application reads it a few
times a day.
"""

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..core.extensions import db
from ..core.links import absolute_url
from . import keys, services
from .feed import events_for
from .forms import RenewFeedForm
from .ics import calendar_bytes
from .responses import ics_response

bp = Blueprint("calendars", __name__)
REFRESH = timedelta(hours=6)


@bp.app_context_processor
def _feed_helpers():
    # « Mon compte » (owned by the users package) includes calendars/_account.html.
    def calendar_feed_url(user) -> str | None:
        token = keys.token_of(user)
        return absolute_url("calendars.feed", token=token) if token else None

    return {"calendar_feed_url": calendar_feed_url}


@bp.route("/agenda/<token>.ics")
def feed(token: str):
    """The person's calendar (iCalendar): meetings, deadlines, answers awaited."""
    user = keys.user_of(token)
    if user is None:
        abort(404)
    name = "Entraide – " + (user.organisation.name if user.organisation else "coordination")
    ics = calendar_bytes(
        events_for(user, date.today()),
        name=name,
        refresh=REFRESH,
        stamp=datetime.now(UTC),
    )
    response = ics_response(ics)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.route("/mon-compte/agenda/renouveler", methods=["GET", "POST"])
@login_required
def renew():
    """A new secret address for one's calendar: the old one stops working (404)."""
    if not keys.has_feed(current_user):
        abort(404)
    form = RenewFeedForm()
    if form.validate_on_submit():
        services.renew_key(current_user)
        db.session.commit()
        flash(
            "Votre agenda a une nouvelle adresse : l'ancienne ne fonctionne plus. Abonnez "
            "votre application d'agenda à la nouvelle.",
            "success",
        )
        return redirect(url_for("users.account", _anchor="agenda-titre"))
    return render_template("calendars/renew.html", form=form)
