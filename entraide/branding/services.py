"""Setting and removing the funder's logo (audited; never the file's bytes in the journal)."""

import logging

from ..core.errors import UserError
from ..core.extensions import db
from ..models import FunderLogo
from ..models._base import utcnow
from ..models.audit import record
from .images import LogoRefused, inspect_logo

log = logging.getLogger(__name__)


def current_logo() -> FunderLogo | None:
    return db.session.get(FunderLogo, 1)


def _state(logo: FunderLogo) -> dict:
    return {
        "media_type": logo.media_type,
        "bytes": len(logo.content),
        "width": logo.width,
        "height": logo.height,
        "alt_text": logo.alt_text,
    }


def set_logo(actor, data: bytes, alt_text: str) -> FunderLogo:
    """Store ``data`` as the logo if it is a PNG or a clean SVG; refuse with the reason."""
    try:
        checked = inspect_logo(data)
    except LogoRefused as error:
        raise UserError(str(error), 422) from None
    logo = current_logo()
    before = _state(logo) if logo else None
    if logo is None:
        logo = FunderLogo(id=1)
        db.session.add(logo)
    logo.media_type = checked.media_type
    logo.content = data
    logo.width, logo.height = checked.width, checked.height
    logo.alt_text = alt_text
    logo.uploaded_by_id = getattr(actor, "id", None)
    logo.uploaded_at = utcnow()
    record(actor, logo, "branding.logo_set", before=before, after=_state(logo))
    log.info("funder logo set (%s, %s bytes)", checked.media_type, len(data))
    return logo


def remove_logo(actor) -> None:
    """Forget the logo: the report then shows the support mention without it."""
    logo = current_logo()
    if logo is None:
        raise UserError("Aucun logo n'est enregistré.", 404)
    record(actor, logo, "branding.logo_removed", before=_state(logo))
    db.session.delete(logo)
    # Now, so that a logo set again in the same transaction is a new row, not the old one.
    db.session.flush()
