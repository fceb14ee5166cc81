"""Helpers of the meetings' tests, both kinds (a pairing's, a group's): the journal of
one action, a record dated back, how many rows there are."""

from datetime import timedelta

from entraide.core.extensions import db
from entraide.models import AuditEntry
from entraide.models._base import utcnow


def journal(action: str) -> list[AuditEntry]:
    """The committed journal entries of ``action``, oldest first."""
    db.session.expire_all()
    query = db.select(AuditEntry).filter_by(action=action).order_by(AuditEntry.id)
    return db.session.scalars(query).all()


def date_back(model, row_id: int, **delta) -> None:
    """Date a meeting's recording back in time (as a test may, through SQL)."""
    table = model.__table__
    db.session.execute(
        db.update(table)
        .where(table.c.id == row_id)
        .values(created_at=utcnow() - timedelta(**delta))
    )
    db.session.commit()


def row_counts(*models) -> tuple[int, ...]:
    """How many rows each model has: a refusal leaves them as they were."""
    return tuple(db.session.scalar(db.select(db.func.count(model.id))) for model in models)
