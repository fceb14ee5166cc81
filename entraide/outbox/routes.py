"""The coordination's view of the outbox: mails waiting or failed, and « Réessayer »."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..core.extensions import db
from ..models import OutboxMail
from ..web.access import coordinator_required
from ..web.errors import back_to
from ..web.forms import ConfirmForm
from . import services
from .labels import KIND_LABELS, age_fr

bp = Blueprint("outbox", __name__, url_prefix="/courriels")


@bp.route("")
@coordinator_required
def index():
    """Mails not sent yet, failed ones first; how many went out."""
    pagination = db.paginate(
        services.pending_query(),
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )
    oldest = services.oldest_waiting()
    return render_template(
        "outbox/index.html",
        pagination=pagination,
        counts=services.counts(),
        oldest_age=age_fr(oldest) if oldest else None,
        mail_configured=bool(current_app.config.get("MAIL_SERVER")),
        retention_days=current_app.config["OUTBOX_RETENTION_DAYS"],
        kinds=KIND_LABELS,
        retryable=services.RETRYABLE,
        confirm=ConfirmForm(),
    )


@bp.route("/<int:mail_id>/reessayer", methods=["POST"])
@coordinator_required
def retry(mail_id: int):
    """Send a failed (or waiting) mail again now, with all its tries."""
    mail = db.session.get(OutboxMail, mail_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back_to(url_for("outbox.index"))
    recipient = mail.recipient
    services.retry(mail, current_user)
    db.session.commit()
    flash(f"Le courriel à {recipient} repart : il sera envoyé dans quelques instants.", "success")
    return redirect(url_for("outbox.index"))
