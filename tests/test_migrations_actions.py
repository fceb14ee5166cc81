"""0021: the network's meetings (group_meeting rows without a group) become actions of the
register, and go back on downgrade; the groups' meetings stay where they are. On SQLite,
and on PostgreSQL when TEST_DATABASE_URL points to it (the fixture of test_migrations)."""

from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from entraide.core.extensions import db
from tests.test_migrations import _insert_0008_organisation, empty_app  # noqa: F401

BEFORE, THIS = "0020", "0021"  # the lead renumbers at merge: keep these two in step

meetings = sa.table(
    "group_meeting",
    sa.column("id", sa.Integer),
    sa.column("group_id", sa.Integer),
    sa.column("held_on", sa.Date),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("host_id", sa.Integer),
    sa.column("other_participants", sa.Text),
    sa.column("topics", sa.Text),
    sa.column("volunteer_hours", sa.Numeric),
    sa.column("created_at", sa.DateTime),
    sa.column("status", sa.String),
    sa.column("start_time", sa.Time),
    sa.column("place", sa.String),
    sa.column("cancelled_at", sa.DateTime),
    sa.column("cancel_reason", sa.Text),
)
expected = sa.table("group_meeting_expected", sa.column("meeting_id"), sa.column("organisation_id"))
participants = sa.table(
    "meeting_participant", sa.column("meeting_id"), sa.column("organisation_id")
)
groups = sa.table(
    "territorial_group",
    sa.column("id"),
    sa.column("name"),
    sa.column("name_key"),
    sa.column("created_at", sa.DateTime),
)


def _meeting(**values) -> int:
    defaults = {
        "group_id": None,
        "other_participants": "",
        "topics": "",
        "volunteer_hours": Decimal(0),
        "created_at": datetime(2024, 1, 2),
    }
    row = {**defaults, **values}
    return db.session.execute(meetings.insert().values(**row).returning(meetings.c.id)).scalar()


def _before():
    upgrade(revision=BEFORE)
    toit = _insert_0008_organisation("Le Toit Commun")
    cliss = _insert_0008_organisation("Cliss XXI")
    db.session.execute(
        groups.insert().values(id=1, name="Lens", name_key="lens", created_at=datetime(2024, 1, 1))
    )
    network = _meeting(
        held_on=date(2022, 4, 1),
        kind="atelier",
        title="Atelier d'interconnaissance",
        host_id=toit.id,
        other_participants="Le Coron des Arts (accueil); APES; Pas-de-Calais Actif",
        topics="Se connaître.",
    )
    event = _meeting(held_on=date(2023, 11, 16), kind="evenement", title="Quinzaine", host_id=None)
    group = _meeting(group_id=1, held_on=date(2024, 3, 1), kind="rencontre", title="Chez Lens")
    # Planned and cancelled network meetings (0017): their status and place carry over.
    planned = _meeting(
        held_on=date(2099, 5, 4),
        kind="atelier",
        title="Atelier prévu",
        status="planned",
        start_time=time(14, 0),
        place="Salle des fêtes, Arras",
    )
    db.session.execute(expected.insert().values(meeting_id=planned, organisation_id=cliss.id))
    _meeting(
        held_on=date(2024, 2, 2),
        kind="atelier",
        title="Atelier annulé",
        status="cancelled",
        start_time=time(18, 30),
        cancelled_at=datetime(2024, 2, 1),
        cancel_reason="Neige.",
    )
    for meeting, org in ((network, toit.id), (network, cliss.id), (group, toit.id)):
        db.session.execute(participants.insert().values(meeting_id=meeting, organisation_id=org))
    db.session.commit()
    return toit.id, cliss.id, {"network": network, "event": event, "group": group}


def test_network_meetings_move_into_the_register_and_back(empty_app):  # noqa: F811
    with empty_app.app_context():
        toit, cliss, ids = _before()
        upgrade(revision=THIS)
        rows = (
            db.session.execute(
                sa.text(
                    "SELECT id, title, axis, kind, status, month_only, outside_hosts, "
                    "outside_partners, organisations_count, account, held_on "
                    "FROM network_action ORDER BY held_on"
                )
            )
            .mappings()
            .all()
        )
        assert [r["title"] for r in rows] == [
            "Atelier d'interconnaissance",
            "Quinzaine",
            "Atelier annulé",
            "Atelier prévu",
        ]
        workshop, event, cancelled, planned = rows
        assert cancelled["status"] == "cancelled" and "Neige." in cancelled["account"]
        assert planned["status"] == "planned"
        assert (
            db.session.execute(
                sa.text("SELECT place_label FROM network_action WHERE id = :a"),
                {"a": planned["id"]},
            ).scalar()
            == "Salle des fêtes, Arras"
        )
        invited = db.session.execute(
            sa.text("SELECT organisation_id, role FROM action_organisation WHERE action_id = :a"),
            {"a": planned["id"]},
        ).all()
        assert invited == [(cliss, "partner")]
        assert (
            db.session.execute(sa.text("SELECT count(*) FROM group_meeting_expected")).scalar() == 0
        )
        assert (workshop["axis"], workshop["kind"], workshop["status"]) == (1, "atelier", "held")
        assert bool(workshop["month_only"]) and not bool(event["month_only"])
        assert workshop["outside_hosts"] == "Le Coron des Arts"
        assert workshop["outside_partners"] == "APES; Pas-de-Calais Actif"
        assert workshop["organisations_count"] == 5 and workshop["account"] == "Se connaître."
        assert (event["axis"], event["kind"], event["organisations_count"]) == (
            3,
            "evenement",
            None,
        )
        links = db.session.execute(
            sa.text(
                "SELECT organisation_id, role FROM action_organisation WHERE action_id = :a "
                "ORDER BY organisation_id"
            ),
            {"a": workshop["id"]},
        ).all()
        assert sorted(links) == sorted([(toit, "host"), (cliss, "partner")])
        publics = (
            db.session.execute(
                sa.text("SELECT audience FROM action_audience WHERE action_id = :a"),
                {"a": event["id"]},
            )
            .scalars()
            .all()
        )
        assert sorted(publics) == ["grand_public"]
        left = db.session.execute(sa.text("SELECT id, group_id FROM group_meeting")).all()
        assert left == [(ids["group"], 1)]
        kept = db.session.execute(sa.text("SELECT meeting_id FROM meeting_participant")).scalars()
        assert list(kept) == [ids["group"]]
        db.session.commit()

        downgrade(revision=BEFORE)
        assert "network_action" not in inspect(db.engine).get_table_names()
        back = (
            db.session.execute(
                sa.text(
                    "SELECT id, group_id, held_on, kind, title, host_id, other_participants, "
                    "topics, status, sequence, place FROM group_meeting ORDER BY held_on"
                )
            )
            .mappings()
            .all()
        )
        assert [r["title"] for r in back] == [
            "Atelier d'interconnaissance",
            "Quinzaine",
            "Chez Lens",
        ]
        # Only held actions go back (the planned and the cancelled one are lost), as held
        # meetings with the 0017 columns' defaults.
        assert {(r["status"], r["sequence"], r["place"]) for r in back} == {("held", 0, "")}
        restored = back[0]
        assert (restored["group_id"], restored["kind"], restored["host_id"]) == (
            None,
            "atelier",
            toit,
        )
        assert restored["other_participants"] == (
            "Le Coron des Arts (accueil); APES; Pas-de-Calais Actif"
        )
        assert restored["topics"] == "Se connaître."
        present = db.session.execute(
            sa.text("SELECT organisation_id FROM meeting_participant WHERE meeting_id = :m"),
            {"m": restored["id"]},
        ).scalars()
        assert sorted(present) == sorted([toit, cliss])
        db.session.commit()
        upgrade()  # and up again, to the head
