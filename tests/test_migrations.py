"""The migrations build, from an empty database, exactly the schema of the models.

Run on a fresh SQLite file, and on PostgreSQL too when ``TEST_DATABASE_URL`` points to it
(in a schema of its own, dropped afterwards, so the suite's database is left alone).
"""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from entraide.app import MIGRATIONS_DIR, create_app
from entraide.core.extensions import db
from entraide.models import Theme
from entraide.themes import THEMES


def _backends():
    backends = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        backends.append(pytest.param("postgresql", id="postgresql"))
    return backends


@pytest.fixture(params=_backends())
def empty_app(request, tmp_path):
    """An app on an empty database of the given kind."""
    engine_options = {"pool_pre_ping": True}
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'migrations.sqlite3'}", None
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


def _run_on(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def _schema_differences(app) -> list:
    """What ``flask db check`` would find: autogenerate's diff of the database and models."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def _current_revision(app) -> str | None:
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _head() -> str:
    config_dir = ScriptDirectory(MIGRATIONS_DIR)
    return config_dir.get_current_head()


def test_upgrade_from_empty_matches_the_models(empty_app):
    assert _tables(empty_app) == set()

    with empty_app.app_context():
        upgrade()

    assert _current_revision(empty_app) == _head()
    assert _tables(empty_app) == set(db.metadata.tables) | {"alembic_version"}
    assert _schema_differences(empty_app) == []


def test_upgrade_seeds_the_themes_in_order(empty_app):
    with empty_app.app_context():
        upgrade()
        themes = db.session.scalars(db.select(Theme).order_by(Theme.position)).all()
        assert [(theme.code, theme.label) for theme in themes] == list(THEMES.items())


def test_downgrade_to_base_then_upgrade_again(empty_app):
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")

    assert _tables(empty_app) <= {"alembic_version"}
    assert _current_revision(empty_app) is None

    with empty_app.app_context():
        upgrade()

    assert _current_revision(empty_app) == _head()
    assert _schema_differences(empty_app) == []


def test_the_suite_database_matches_the_models(app):
    """The database every other test uses (SQLite, or PostgreSQL's public schema)."""
    assert _current_revision(app) == _head()
    assert _schema_differences(app) == []


def _insert_0008_organisation(name: str):
    """An organisation row with the columns of revision 0008."""
    from datetime import datetime
    from types import SimpleNamespace

    import sqlalchemy as sa

    from entraide.text import confusable_skeleton, normalise_key

    now = datetime(2025, 6, 1)
    values = {
        "name": name,
        "name_key": normalise_key(name),
        "name_skeleton": confusable_skeleton(normalise_key(name)),
        "status": "scic",
        "sector": "autre",
        "mentor_capacity": 0,
        "public_directory": False,
        "in_difficulty": False,
        "created_at": now,
        "updated_at": now,
    }
    table = sa.table("organisation", *(sa.column(key) for key in ("id", *values)))
    org_id = db.session.execute(table.insert().values(**values).returning(table.c.id)).scalar()
    return SimpleNamespace(id=org_id)


def _insert_0008_member(email: str, organisation_id: int):
    """A member account row with the columns of revision 0008."""
    from datetime import datetime
    from types import SimpleNamespace

    import sqlalchemy as sa

    values = {
        "email": email,
        "name": "",
        "role": "member",
        "organisation_id": organisation_id,
        "active": True,
        "session_token": email,
        "created_at": datetime(2025, 6, 1),
    }
    table = sa.table("user_account", *(sa.column(key) for key in ("id", *values)))
    user_id = db.session.execute(table.insert().values(**values).returning(table.c.id)).scalar()
    return SimpleNamespace(id=user_id)


def test_0009_cleans_what_the_old_races_left(empty_app):
    """Groups made by simultaneous validations before 0009: an organisation in several
    active groups, groups left with fewer than two members, two active groups with one
    name. Each change is in the audit trail."""
    from datetime import datetime
    from types import SimpleNamespace

    import sqlalchemy as sa

    from entraide.models import AuditEntry

    # The tables as 0008 has them (the models have 0009's columns).
    groups = sa.table(
        "territorial_group",
        *(sa.column(name) for name in ("id", "name", "archived_at", "contact_user_id")),
        sa.column("created_at"),
    )
    members = sa.table("group_member", sa.column("group_id"), sa.column("organisation_id"))
    accounts = sa.table(
        "user_account",
        *(sa.column(name) for name in ("id", "email", "name", "role", "organisation_id")),
        *(sa.column(name) for name in ("active", "session_token", "created_at")),
    )

    # Written without the models: later migrations add columns that 0008 has not.
    organisations = sa.table(
        "organisation",
        *(
            sa.column(name)
            for name in (
                "id",
                "name",
                "name_key",
                "name_skeleton",
                "status",
                "sector",
                "mentor_capacity",
                "public_directory",
                "in_difficulty",
                "created_at",
                "updated_at",
            )
        ),
    )
    accounts = sa.table(
        "user_account",
        *(sa.column(name) for name in ("id", "email", "name", "role", "organisation_id")),
        *(sa.column(name) for name in ("active", "session_token", "created_at")),
    )

    with empty_app.app_context():
        upgrade(revision="0008")
        orgs = {letter: SimpleNamespace(id=number) for number, letter in enumerate("ABCDEF", 1)}
        for letter, org in orgs.items():
            db.session.execute(
                organisations.insert().values(
                    id=org.id,
                    name=f"Coop {letter}",
                    name_key=f"coop {letter.lower()}",
                    name_skeleton=f"coop {letter.lower()}",
                    status="scic",
                    sector="autre",
                    mentor_capacity=0,
                    public_directory=False,
                    in_difficulty=False,
                    created_at=datetime(2025, 1, 1),
                    updated_at=datetime(2025, 1, 1),
                )
            )
        contact = SimpleNamespace(id=1)
        db.session.execute(
            accounts.insert().values(
                id=contact.id,
                email="c@exemple.fr",
                name="",
                role="member",
                organisation_id=orgs["C"].id,
                active=True,
                session_token="t" * 32,
                created_at=datetime(2025, 1, 1),
            )
        )
        made = {
            # 1-3: one validation made three times at once; 4: C joined it meanwhile;
            # 5: archived, left alone; 6: a second active "Lens".
            1: ("Lens", None, None, "ABC"),
            2: ("Lens", None, None, "ABC"),
            3: ("Lens", None, None, "ABC"),
            4: ("Arras", None, contact.id, "CD"),
            5: ("Lens", datetime(2025, 1, 1), None, "AB"),
            6: ("LENS", None, None, "EF"),
        }
        for group_id, (name, archived_at, contact_id, letters) in made.items():
            db.session.execute(
                groups.insert().values(
                    id=group_id,
                    name=name,
                    archived_at=archived_at,
                    contact_user_id=contact_id,
                    created_at=datetime(2025, 6, 1),
                )
            )
            for letter in letters:
                db.session.execute(
                    members.insert().values(group_id=group_id, organisation_id=orgs[letter].id)
                )
        db.session.commit()

        upgrade()

        state = {
            row.id: (row.name, row.name_key, row.archived_at is not None, row.contact_user_id)
            for row in db.session.execute(sa.text("SELECT * FROM territorial_group"))
        }
        assert state == {
            1: ("Lens", "lens", False, None),
            2: ("Lens", "lens", True, None),
            3: ("Lens", "lens", True, None),
            4: ("Arras", "arras", True, None),  # C went back to group 1, D was alone
            5: ("Lens", "lens", True, None),
            6: ("LENS (groupe 6)", "lens (groupe 6)", False, None),
        }
        name = {org.id: letter for letter, org in orgs.items()}
        rows = db.session.execute(
            sa.text("SELECT group_id, organisation_id, active FROM group_member")
        ).all()
        assert {(g, name[o]) for g, o, active in rows if active} == {
            (1, "A"),
            (1, "B"),
            (1, "C"),
            (6, "E"),
            (6, "F"),
        }
        assert {(g, name[o]) for g, o, active in rows if not active} == {
            (4, "D"),
            (5, "A"),
            (5, "B"),
        }
        entries = db.session.execute(
            sa.select(AuditEntry.object_id, AuditEntry.action).where(
                AuditEntry.object_type == "TerritorialGroup"
            )
        ).all()
        assert sorted(entries) == sorted(
            [(2, "group.member_remove")] * 3
            + [(3, "group.member_remove")] * 3
            + [(4, "group.member_remove")]
            + [(2, "group.archive"), (3, "group.archive"), (4, "group.archive")]
            + [(6, "group.rename")]
        )
        db.session.remove()


def test_0012_stores_the_territory_hypothesis(empty_app):
    """The seven territories and the 890 communes of the shipped hypothesis, each marked as
    such; a new territory still gets an id after them (PostgreSQL's sequence)."""
    from collections import Counter

    from entraide.models import CommuneTerritory, Territory

    with empty_app.app_context():
        upgrade()
        names = db.session.scalars(db.select(Territory.name).order_by(Territory.id)).all()
        assert names == [
            "Arrageois",
            "Artois",
            "Audomarois",
            "Boulonnais",
            "Calaisis",
            "Lens-Hénin",
            "Montreuillois-Ternois",
        ]
        rows = db.session.scalars(db.select(CommuneTerritory)).all()
        assert len(rows) == 890 and {row.source for row in rows} == {"hypothesis"}
        assert db.session.get(CommuneTerritory, "62041").territory.name == "Arrageois"
        assert Counter(row.territory.name for row in rows)["Lens-Hénin"] == 50
        db.session.add(Territory(name="Territoire d'essai"))
        db.session.commit()


def test_0013_keeps_the_group_contacts_shown(empty_app):
    """Accounts that are a group's contact person were shown to the group before the
    « personne de contact » choice existed: they start as contacts (audited); the others
    do not, and nobody has a phone."""
    from datetime import datetime

    import sqlalchemy as sa

    from entraide.models import AuditEntry

    parent = ScriptDirectory(MIGRATIONS_DIR).get_revision("0013").down_revision
    accounts = sa.table(
        "user_account",
        *(sa.column(name) for name in ("id", "email", "name", "role", "organisation_id")),
        *(sa.column(name) for name in ("active", "session_token", "created_at")),
    )
    orgs = sa.table("organisation", sa.column("id"))
    with empty_app.app_context():
        upgrade(revision=parent)
        connection = db.session.connection()
        for org_id, name in ((1, "Coop A"), (2, "Coop B")):
            connection.execute(
                sa.text(
                    "INSERT INTO organisation (id, name, name_key, name_skeleton, status, "
                    "sector, mentor_capacity, public_directory, in_difficulty, created_at, "
                    "updated_at) VALUES (:id, :name, :key, :key, 'scic', 'autre', 0, "
                    "false, false, :now, :now)"
                ),
                {"id": org_id, "name": name, "key": name.lower(), "now": datetime(2025, 6, 1)},
            )
        for user_id, org_id in ((1, 1), (2, 2)):
            connection.execute(
                accounts.insert().values(
                    id=user_id,
                    email=f"p{user_id}@exemple.fr",
                    name="",
                    role="member",
                    organisation_id=org_id,
                    active=True,
                    session_token=uuid.uuid4().hex,
                    created_at=datetime(2025, 6, 1),
                )
            )
        connection.execute(
            sa.text(
                "INSERT INTO territorial_group (id, name, name_key, contact_user_id, "
                "created_at) VALUES (1, 'Lens', 'lens', 1, :now)"
            ),
            {"now": datetime(2025, 6, 1)},
        )
        assert db.session.scalar(sa.select(sa.func.count()).select_from(orgs)) == 2
        db.session.commit()

        upgrade()

        rows = db.session.execute(
            sa.text("SELECT id, entraide_contact, phone FROM user_account ORDER BY id")
        ).all()
        assert [(row.id, bool(row.entraide_contact), row.phone) for row in rows] == [
            (1, True, None),
            (2, False, None),
        ]
        entries = db.session.execute(
            sa.select(AuditEntry.object_type, AuditEntry.object_id, AuditEntry.action)
        ).all()
        assert entries == [("User", 1, "user.update")]
        db.session.remove()


def test_0017_existing_meetings_are_held_and_the_rules_hold(empty_app):
    """Rows written before planning existed become held meetings, keep their actions
    through the upgrade and back (no table rebuild), and the database refuses a planned
    meeting without a time or a status it does not know."""
    from datetime import date, datetime

    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError

    now = datetime(2026, 1, 5)
    with empty_app.app_context():
        upgrade(revision="0016")
        org = {
            "status": "scic",
            "sector": "autre",
            "mentor_capacity": 1,
            "public_directory": False,
            "in_difficulty": False,
            "created_at": now,
            "updated_at": now,
            "proposable_sponsor": False,
        }
        for number, name in ((1, "Coop A"), (2, "Coop B")):
            db.session.execute(
                sa.text(
                    "INSERT INTO organisation (id, name, name_key, name_skeleton, status, sector, "
                    "mentor_capacity, public_directory, in_difficulty, created_at, updated_at, "
                    "proposable_sponsor) VALUES (:id, :name, :key, :key, :status, :sector, "
                    ":mentor_capacity, :public_directory, :in_difficulty, :created_at, "
                    ":updated_at, :proposable_sponsor)"
                ),
                {**org, "id": number, "name": name, "key": name.lower()},
            )
        db.session.execute(
            sa.text(
                "INSERT INTO pairing (id, mentee_id, mentor_id, status, objectives, "
                "planned_months, rhythm_days, created_at, updated_at, version) "
                "VALUES (1, 1, 2, 'active', '', 12, 30, :now, :now, 1)"
            ),
            {"now": now},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO followup (id, pairing_id, held_on, format, participants, "
                "volunteer_hours, summary, created_at) VALUES (1, 1, :day, 'visit', '', 2, "
                "'Point', :now)"
            ),
            {"day": date(2026, 1, 4), "now": now},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO followup_action (id, followup_id, description, owner) "
                "VALUES (1, 1, 'Envoyer les statuts', '')"
            )
        )
        db.session.execute(
            sa.text(
                "INSERT INTO group_meeting (id, held_on, kind, title, other_participants, topics, "
                "volunteer_hours, created_at) VALUES (1, :day, 'rencontre', 'Historique', '', '', "
                "0, :now)"
            ),
            {"day": date(2023, 5, 4), "now": now},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO user_account (id, email, name, role, active, session_token, "
                "created_at, entraide_contact) VALUES (1, 'c@exemple.fr', '', 'coordinator', "
                ":yes, 'tok', :now, :no)"
            ),
            {"now": now, "yes": True, "no": False},
        )
        db.session.commit()

        # 0017 itself: 0021 later moves this meeting without a group into the register.
        upgrade(revision="0017")
        assert db.session.execute(sa.text("SELECT status, sequence FROM followup")).one() == (
            "held",
            0,
        )
        assert db.session.execute(sa.text("SELECT status FROM group_meeting")).scalar() == "held"
        assert db.session.execute(sa.text("SELECT count(*) FROM followup_action")).scalar() == 1
        key = db.session.execute(sa.text("SELECT calendar_key FROM user_account")).scalar()
        assert key and len(key) == 32
        for statement in (
            "UPDATE followup SET status = 'planned'",  # a planned meeting has its time
            "UPDATE followup SET status = 'postponed', start_time = '10:00:00'",
            "UPDATE group_meeting SET status = 'cancelled'",  # cancelled: cancelled_at
            "UPDATE followup SET sequence = -1",
        ):
            with pytest.raises(IntegrityError):
                db.session.execute(sa.text(statement))
                db.session.flush()
            db.session.rollback()

        downgrade(revision="0016")
        assert db.session.execute(sa.text("SELECT count(*) FROM followup_action")).scalar() == 1
        assert db.session.execute(sa.text("SELECT count(*) FROM followup")).scalar() == 1
        db.session.remove()
