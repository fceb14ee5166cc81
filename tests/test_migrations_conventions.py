"""Migration 0019: the conventions, and the per-year aid setting turned into conventions.

On a fresh SQLite file, and on PostgreSQL too when ``TEST_DATABASE_URL`` points to it (in
a schema of its own), like ``test_migrations.py``.
"""

import os
import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from entraide.app import MIGRATIONS_DIR, create_app
from entraide.conventions.template import ACCOUNTS
from entraide.core.extensions import db
from tests.test_migrations import _backends, _run_on, _schema_differences, _tables

REVISION = "0019"
PARENT = ScriptDirectory(MIGRATIONS_DIR).get_revision(REVISION).down_revision
AID = sa.table(
    "report_aid",
    sa.column("year"),
    sa.column("amount", sa.Numeric(10, 2)),
    sa.column("updated_at", sa.DateTime),
    sa.column("updated_by_id"),
)


@pytest.fixture(params=_backends())
def empty_app(request, tmp_path):
    engine_options = {"pool_pre_ping": True}
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'conventions.sqlite3'}", None
    else:
        url, schema = os.environ["TEST_DATABASE_URL"], f"migrations_{uuid.uuid4().hex[:10]}"
        _run_on(url, f'CREATE SCHEMA "{schema}"')
        engine_options["connect_args"] = {"options": f"-csearch_path={schema}"}
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "SECRET_KEY": "migration-tests-only",
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()
    if schema:
        _run_on(url, f'DROP SCHEMA "{schema}" CASCADE')


def _conventions():
    return db.session.execute(
        sa.text(
            "SELECT id, reference, title, aid_amount, period_start, period_end, report_due, "
            "extension_before, decided_on FROM convention ORDER BY period_start"
        )
    ).all()


def _line_count(convention_id: int) -> int:
    return db.session.scalar(
        sa.text("SELECT count(*) FROM statement_line WHERE convention_id = :id"),
        {"id": convention_id},
    )


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def test_the_2024_aid_becomes_the_2024_agreement(empty_app):
    """From an empty database: 0005's 2024 amount is the 2024 convention, with its terms
    and the statement lines of the 2024 budget's form; the aid table is gone."""
    with empty_app.app_context():
        upgrade()
        assert "report_aid" not in _tables(empty_app)
        [row] = _conventions()
        assert row.reference == "2024-03658"
        assert Decimal(row.aid_amount) == Decimal("17500.00")
        assert (_day(row.period_start), _day(row.period_end)) == (
            date(2024, 1, 1),
            date(2024, 12, 31),
        )
        assert _day(row.report_due) == date(2025, 6, 1)
        assert _day(row.extension_before) == date(2024, 6, 30)
        assert _day(row.decided_on) == date(2024, 5, 27)
        template_lines = sum(1 + len(account.sublines) for account in ACCOUNTS)
        assert _line_count(row.id) == template_lines
        db.session.remove()
    assert _schema_differences(empty_app) == []


def test_every_aid_row_becomes_a_convention_and_comes_back_on_downgrade(empty_app):
    """A corrected 2024 amount and another year's: two conventions; downgrading writes
    the calendar-year conventions back as aid rows (and nothing else)."""
    with empty_app.app_context():
        upgrade(revision=PARENT)
        db.session.execute(sa.delete(AID))
        for year, amount in ((2023, "30000"), (2024, "18000.50")):
            db.session.execute(
                AID.insert().values(
                    year=year, amount=Decimal(amount), updated_at=datetime(2025, 1, 1)
                )
            )
        db.session.commit()

        upgrade(revision=REVISION)
        rows = _conventions()
        assert [(r.reference, Decimal(r.aid_amount)) for r in rows] == [
            ("AIDE-2023", Decimal("30000.00")),
            ("2024-03658", Decimal("18000.50")),
        ]
        assert "reprise des réglages du bilan" in rows[0].title
        assert all(_line_count(r.id) > 0 for r in rows)
        # A two-year convention cannot be one year's aid: it does not go back.
        db.session.execute(
            sa.text(
                "INSERT INTO convention (funder, reference, decision, beneficiary, title, "
                "period_start, period_end, aid_amount, report_sent, notes, statement_status, "
                "created_at, updated_at, version) VALUES ('D', '2021-05918', '', 'C', 'T', "
                ":start, :end, 35280, false, '', 'draft', :now, :now, 1)"
            ),
            {"start": date(2022, 1, 1), "end": date(2023, 12, 31), "now": datetime(2025, 1, 1)},
        )
        db.session.commit()

        downgrade(revision=PARENT)
        assert {"convention", "statement_line", "convention_reminder"} & _tables(empty_app) == set()
        aids = db.session.execute(sa.select(AID.c.year, AID.c.amount).order_by(AID.c.year))
        assert [(year, Decimal(amount)) for year, amount in aids] == [
            (2023, Decimal("30000.00")),
            (2024, Decimal("18000.50")),
        ]
        db.session.remove()

        upgrade()
        assert [r.reference for r in _conventions()] == ["AIDE-2023", "2024-03658"]
        db.session.remove()
