"""The coordination's narrative of each axis, per report year: read and written here.

Changing a text is audited with the lengths only (the texts are in the row; the journal
need not copy them).
"""

from ..core.errors import UserError
from ..core.extensions import db
from ..models import AxisNarrative
from ..models.audit import record
from ..models.narrative import MAX_NARRATIVE_LENGTH, NARRATIVE_AXES, NARRATIVE_PARTS


def of_year(year: int) -> dict[int, AxisNarrative | None]:
    """Each axis's narrative for ``year`` (None where nothing is written yet)."""
    rows = db.session.scalars(db.select(AxisNarrative).filter_by(year=year)).all()
    found = {row.axis: row for row in rows}
    return {axis: found.get(axis) for axis in NARRATIVE_AXES}


def save(actor, year: int, axis: int, texts: dict[str, str]) -> AxisNarrative:
    """Write the three texts of an axis for a year (created on first save)."""
    if axis not in NARRATIVE_AXES:
        raise UserError("Cet axe n'existe pas dans la convention.", 404)
    cleaned = {part: (texts.get(part) or "").strip() for part in NARRATIVE_PARTS}
    if any(len(text) > MAX_NARRATIVE_LENGTH for text in cleaned.values()):
        raise UserError(f"Chaque texte compte au plus {MAX_NARRATIVE_LENGTH} caractères.", 422)
    narrative = db.session.scalar(
        db.select(AxisNarrative).filter_by(year=year, axis=axis).with_for_update()
    )
    if narrative is None:
        narrative = AxisNarrative(year=year, axis=axis)
        db.session.add(narrative)
    before = {part: len(getattr(narrative, part) or "") for part in NARRATIVE_PARTS}
    for part, text in cleaned.items():
        setattr(narrative, part, text)
    narrative.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    after = {part: len(text) for part, text in cleaned.items()}
    record(actor, narrative, "report.narrative", {"year": year, "axis": axis, **before}, after)
    return narrative
