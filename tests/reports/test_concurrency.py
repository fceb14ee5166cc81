"""Real concurrent transactions on PostgreSQL: the report's settings keep an exact audit
trail, a testimony is removed once, and no 500 (the aid is a convention's: see
tests/conventions/test_concurrency.py)."""

from decimal import Decimal

import entraide.reports.services as services
from entraide.core.extensions import db
from entraide.models import AuditEntry, ReportHighlight, User
from tests.concurrency import fresh, postgres_only, race, slow_down

pytestmark = postgres_only


def _trail(action: str) -> list[tuple]:
    entries = fresh(
        db.select(AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.action == action)
        .order_by(AuditEntry.id)
    ).all()
    return [(before, after) for before, after in entries]


def _chained(trail, key: str) -> bool:
    """Each change's "before" is the value the previous one wrote."""
    return all(
        later[0][key] == earlier[1][key] for earlier, later in zip(trail, trail[1:], strict=False)
    )


def test_two_rate_changes_at_once_keep_an_exact_trail(app, make, monkeypatch):
    coordinator = make.coordinator()
    services.set_hourly_rate(coordinator, Decimal("20"))
    db.session.commit()
    coordinator_id = coordinator.id
    slow_down(monkeypatch, services, "record")

    def change(rate):
        def job():
            services.set_hourly_rate(db.session.get(User, coordinator_id), Decimal(rate))

        return job

    assert race(app, [change("21"), change("22")]) == ["ok", "ok"]
    trail = _trail("report.hourly_rate")
    assert len(trail) == 3 and _chained(trail, "hourly_rate")


def test_a_testimony_removed_twice_at_once_is_removed_once(app, make, monkeypatch):
    coordinator = make.coordinator()
    highlight = services.add_highlight(coordinator, 2030, "Une belle rencontre")
    db.session.commit()
    ids = (coordinator.id, highlight.id)
    slow_down(monkeypatch, services, "record")

    def remove():
        services.remove_highlight(
            db.session.get(User, ids[0]), db.session.get(ReportHighlight, ids[1])
        )

    assert sorted(race(app, [remove, remove])) == ["UserError", "ok"]
    assert len(_trail("report.highlight_removed")) == 1
