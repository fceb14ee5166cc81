"""Migration 0022 (corrections of meeting records), on SQLite and on PostgreSQL when
``TEST_DATABASE_URL`` points to it: a meeting planned then recorded gets its record's time
and author from the journal, the others keep theirs (their creation); the database
refuses a record time on a meeting not held; the actions and participants survive the
upgrade and the downgrade (no table rebuild)."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from entraide.core.extensions import db
from tests.test_migrations import empty_app  # noqa: F401 - the fixture

NOW = datetime(2026, 3, 2, 9, 0)
RECORDED = datetime(2026, 3, 20, 17, 45)


def _insert(statement: str, **values) -> None:
    db.session.execute(sa.text(statement), values)


def _world() -> None:
    """Two SCICs in a pairing, two accounts, a group; a meeting recorded straight away, one
    planned then recorded (with its journal entries), a group meeting planned then
    recorded, and one still planned."""
    for number, name in ((1, "Coop A"), (2, "Coop B")):
        _insert(
            "INSERT INTO organisation (id, name, name_key, name_skeleton, status, sector, "
            "mentor_capacity, public_directory, in_difficulty, created_at, updated_at, "
            "proposable_sponsor) VALUES (:id, :name, :key, :key, 'scic', 'autre', 1, :no, "
            ":no, :now, :now, :no)",
            id=number,
            name=name,
            key=name.lower(),
            now=NOW,
            no=False,
        )
        _insert(
            "INSERT INTO user_account (id, email, name, role, organisation_id, active, "
            "session_token, created_at, entraide_contact, calendar_key) VALUES (:id, :email, "
            "'', 'member', :id, :yes, :token, :now, :no, :key)",
            id=number,
            email=f"p{number}@exemple.fr",
            token=f"tok{number}",
            key=f"{number:032d}",
            now=NOW,
            yes=True,
            no=False,
        )
    _insert(
        "INSERT INTO pairing (id, mentee_id, mentor_id, status, objectives, planned_months, "
        "rhythm_days, created_at, updated_at, version) "
        "VALUES (1, 1, 2, 'active', '', 12, 30, :now, :now, 1)",
        now=NOW,
    )
    for number, status, start in ((1, "held", None), (2, "held", "14:30:00")):
        _insert(
            "INSERT INTO followup (id, pairing_id, held_on, format, participants, "
            "volunteer_hours, summary, created_at, created_by_id, status, start_time) "
            "VALUES (:id, 1, :day, 'visit', '', 2, 'Point', :now, 2, :status, :start)",
            id=number,
            day=date(2026, 3, 20),
            now=NOW,
            status=status,
            start=start,
        )
    _insert(
        "INSERT INTO followup_action (id, followup_id, description, owner) "
        "VALUES (1, 2, 'Envoyer les statuts', '')"
    )
    _insert(
        "INSERT INTO territorial_group (id, name, name_key, created_at) "
        "VALUES (1, 'Lens', 'lens', :now)",
        now=NOW,
    )
    for number, status in ((1, "held"), (2, "planned")):
        _insert(
            "INSERT INTO group_meeting (id, group_id, held_on, kind, title, host_id, "
            "other_participants, topics, volunteer_hours, created_at, created_by_id, status, "
            "start_time) VALUES (:id, 1, :day, 'rencontre', 'Rencontre', 1, '', '', 0, :now, "
            "2, :status, '18:00:00')",
            id=number,
            day=date(2026, 3, 25),
            now=NOW,
            status=status,
        )
    _insert("INSERT INTO meeting_participant (meeting_id, organisation_id) VALUES (1, 1)")
    journal = (
        (1, NOW, 2, "FollowUp", 2, "followup.plan"),
        (2, RECORDED, 1, "FollowUp", 2, "followup.record"),
        (3, RECORDED, 1, "GroupMeeting", 1, "meeting.record"),
        (4, RECORDED, 1, "FollowUp", 1, "followup.correct"),  # not a record
    )
    for entry_id, at, actor, kind, object_id, action in journal:
        _insert(
            "INSERT INTO audit_entry (id, created_at, actor_id, actor_role, object_type, "
            "object_id, action) VALUES (:id, :at, :actor, 'member', :kind, :object_id, :action)",
            id=entry_id,
            at=at,
            actor=actor,
            kind=kind,
            object_id=object_id,
            action=action,
        )
    db.session.commit()


def _rows(table: str) -> list[tuple]:
    return [
        tuple(row)
        for row in db.session.execute(
            sa.text(
                f"SELECT id, recorded_at, recorded_by_id, version FROM {table} ORDER BY id"
            ).columns(recorded_at=sa.DateTime)
        )
    ]


def test_0022_takes_the_record_of_planned_meetings_from_the_journal(empty_app):  # noqa: F811
    with empty_app.app_context():
        upgrade(revision="0021")
        _world()

        upgrade(revision="0022")

        assert _rows("followup") == [(1, None, None, 1), (2, RECORDED, 1, 1)]
        assert _rows("group_meeting") == [(1, RECORDED, 1, 1), (2, None, None, 1)]
        for statement in (
            # A record time on a meeting still planned, or put back to planned.
            "UPDATE group_meeting SET recorded_at = created_at WHERE id = 2",
            "UPDATE followup SET status = 'cancelled', cancelled_at = recorded_at WHERE id = 2",
            "UPDATE followup SET recorded_by_id = 99 WHERE id = 1",  # no such account
        ):
            with pytest.raises(IntegrityError):
                db.session.execute(sa.text(statement))
                db.session.flush()
            db.session.rollback()

        downgrade(revision="0021")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("followup")}
        assert not columns & {"recorded_at", "recorded_by_id", "corrected_at", "version"}
        assert db.session.execute(sa.text("SELECT count(*) FROM followup_action")).scalar() == 1
        count = "SELECT count(*) FROM meeting_participant"
        assert db.session.execute(sa.text(count)).scalar() == 1
        db.session.remove()
