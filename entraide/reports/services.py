"""State changes of the report: the hourly rate and the selected highlights (never commit).

The Département's aid is no longer a setting here: each convention records its own
(``entraide.conventions``), and the report names the conventions covering its period.

At the same moment as another change (see ``core.locks``): the settings row is locked and
read again before it changes, so that each audit entry's "before" is the value the change
replaced; the settings row created twice is refused by the primary key; a removal locks
its row, so that a second removal is told it is gone.
"""

import logging
from decimal import Decimal

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock
from ..models import ReportHighlight, ReportSettings
from ..models.audit import record
from ..models.report import (
    DEFAULT_HOURLY_RATE,
    HIGHLIGHT_SOURCES,
)
from ..testimonies import services as testimonies

log = logging.getLogger(__name__)


def get_settings() -> ReportSettings:
    """The single settings row (locked), created with the default rate when missing."""
    settings = db.session.get(
        ReportSettings, 1, with_for_update={"key_share": True}, populate_existing=True
    )
    if settings is None:
        settings = ReportSettings(id=1, hourly_rate=DEFAULT_HOURLY_RATE)
        db.session.add(settings)
        db.session.flush()
    return settings


def set_hourly_rate(actor, rate: Decimal) -> ReportSettings:
    """Change how volunteer hours are valued (audited)."""
    rate = Decimal(rate).quantize(Decimal("0.01"))
    if not rate.is_finite() or rate < 0:
        raise ValueError("Le taux horaire doit être positif ou nul.")
    settings = get_settings()
    before = {"hourly_rate": str(settings.hourly_rate)}
    settings.hourly_rate = rate
    settings.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(actor, settings, "report.hourly_rate", before, {"hourly_rate": str(rate)})
    log.info("hourly rate set to %s by %s", rate, getattr(actor, "id", None))
    return settings


def add_highlight(
    actor,
    year: int,
    quote: str,
    title: str = "",
    source_type: str = "free",
    source_id: int | None = None,
    position: int = 0,
) -> ReportHighlight:
    """Select a testimony for a year's report and ask the organisations it names or comes
    from for their approval: the funder reads it only once they all approved its text."""
    if source_type not in HIGHLIGHT_SOURCES:
        raise ValueError("Source inconnue.")
    testimonies.check_open(year)
    source_id = source_id if source_type != "free" else None
    if testimonies.source_organisations(source_type, source_id) is None:
        raise UserError("Ce compte rendu ou ce bilan n'existe plus : choisissez-en un autre.", 422)
    highlight = ReportHighlight(
        year=year,
        quote=quote,
        title=title or "",
        source_type=source_type,
        source_id=source_id,
        position=position or 0,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(highlight)
    db.session.flush()
    record(actor, highlight, "report.highlight_added", None, {"year": year, "source": source_type})
    testimonies.request_approvals(highlight)
    log.info("highlight %s added for %s", highlight.id, year)
    return highlight


def update_highlight(
    actor, highlight: ReportHighlight, quote: str, title: str = "", position: int = 0
) -> ReportHighlight:
    """Correct a testimony: a new text is asked for approval again (earlier answers were
    about the old one); saving it unchanged asks those never asked."""
    if lock(highlight) is None:
        raise UserError("Ce témoignage vient d'être retiré du bilan.", 404)
    testimonies.check_open(highlight.year)
    before = {"year": highlight.year, "text_changed": False}
    changed = (highlight.quote, highlight.title or "") != (quote, title or "")
    highlight.quote, highlight.title, highlight.position = quote, title or "", position or 0
    db.session.flush()
    record(
        actor,
        highlight,
        "report.highlight_updated",
        before,
        {"year": highlight.year, "text_changed": changed},
    )
    testimonies.request_approvals(highlight)
    return highlight


def remove_highlight(actor, highlight: ReportHighlight) -> None:
    """Withdraw a testimony from the report (with the answers about it)."""
    if lock(highlight) is None:
        raise UserError("Ce témoignage vient d'être retiré du bilan.")
    testimonies.check_open(highlight.year)
    record(actor, highlight, "report.highlight_removed", {"year": highlight.year}, None)
    db.session.delete(highlight)
    db.session.flush()
    log.info("highlight %s removed", highlight.id)
