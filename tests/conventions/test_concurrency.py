"""Real concurrent transactions on PostgreSQL: a statement typed from two pages at once,
the daily job run twice at once, a convention removed twice at once."""

from datetime import date, timedelta
from decimal import Decimal

from entraide.conventions import bookkeeping, reminders, services
from entraide.core.extensions import db
from entraide.models import AuditEntry, Convention, ConventionReminder, OutboxMail, User
from tests.concurrency import fresh, postgres_only, race, slow_down
from tests.conventions.conftest import line

pytestmark = postgres_only


def test_two_pages_typing_the_statement_at_once_one_is_told_to_reload(
    app, new_convention, coordinator, monkeypatch
):
    convention = new_convention()
    ids = (coordinator.id, convention.id, line(convention, "Autres fournitures").id)
    slow_down(monkeypatch, bookkeeping, "record")

    def save(amount):
        def job():
            bookkeeping.save_amounts(
                db.session.get(User, ids[0]),
                db.session.get(Convention, ids[1]),
                {ids[2]: bookkeeping.LineAmounts(Decimal(amount), None, "")},
                1,  # both pages were loaded at version 1
            )

        return job

    assert sorted(race(app, [save("100"), save("200")])) == ["UserError", "ok"]
    assert len(fresh(db.select(AuditEntry).filter_by(action="statement.update")).all()) == 1


def test_the_daily_job_run_twice_at_once_mails_once(app, new_convention, monkeypatch):
    new_convention(
        period_start=date.today() - timedelta(days=100),
        period_end=date.today() - timedelta(days=1),
        report_due=date.today() + timedelta(days=30),
        extension_before=None,
    )
    slow_down(monkeypatch, reminders, "record")

    def run():
        for reminder in reminders.pending(date.today()):
            reminders.claim(reminder)

    assert sorted(race(app, [run, run])) == ["IntegrityError", "ok"]
    assert len(fresh(db.select(ConventionReminder)).all()) == 2  # 60 and 30, once each
    assert len(fresh(db.select(OutboxMail)).all()) == 1


def test_a_convention_removed_twice_at_once_is_removed_once(
    app, new_convention, coordinator, monkeypatch
):
    convention = new_convention()
    ids = (coordinator.id, convention.id)
    slow_down(monkeypatch, services, "record")

    def remove():
        services.delete_convention(
            db.session.get(User, ids[0]), db.session.get(Convention, ids[1]), None
        )

    assert sorted(race(app, [remove, remove])) == ["UserError", "ok"]
    assert len(fresh(db.select(AuditEntry).filter_by(action="convention.delete")).all()) == 1
