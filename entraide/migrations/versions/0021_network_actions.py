"""The actions of the agreement's four axes, their supporting documents; the network's
meetings move into them

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-10 10:00:00

- ``network_action``: an action of axis 1 to 4 (kind, dates, place, outside hosts and
  partners, headcount, status, a short account); ``action_organisation`` (member
  organisations as host or partner), ``action_audience`` (its publics) and
  ``action_document`` (pièces justificatives: the file is on disk under a random name,
  the row says what it is).
- The network's meetings (``group_meeting`` rows without a group: the 2022-2023 history)
  become actions, so that nothing is counted twice: group meetings stay group meetings,
  the network's own meetings are actions. A meeting's status (0017: planned, held,
  cancelled) and place carry over, the organisations expected at a planned one become its
  partners, a cancellation's reason goes to the account. The history knew some dates to the
  month only, written as the 1st: a 1st becomes "known to the month".
- Downgrade: the held actions of a meeting-like kind go back to ``group_meeting`` as
  network meetings (held, host, participants, other participants, place, account as
  topics; the 0017 columns' defaults otherwise); the
  others (communication, planned or cancelled actions) and the documents' rows are lost
  with the tables (their files stay on disk).
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

ACTION_KINDS = (
    "rencontre_reseau",
    "atelier",
    "groupe_travail",
    "formation",
    "formation_collectivites",
    "table_ronde",
    "conference",
    "evenement",
    "site",
    "reseaux_sociaux",
    "presse",
    "support_imprime",
    "autre",
)
AUDIENCES = ("scic", "elus", "techniciens", "grand_public", "etudiants", "autre")
# group_meeting.kind at 0015 -> (action kind, axis, audiences).
FROM_MEETING = {
    "rencontre": ("rencontre_reseau", 1, ("scic",)),
    "atelier": ("atelier", 1, ("scic",)),
    "formation": ("formation", 1, ("scic",)),
    "groupe_travail": ("groupe_travail", 1, ("scic",)),
    "conference": ("conference", 3, ("scic", "grand_public")),
    "evenement": ("evenement", 3, ("grand_public",)),
}
TO_MEETING = {
    "rencontre_reseau": "rencontre",
    "atelier": "atelier",
    "formation": "formation",
    "formation_collectivites": "formation",
    "groupe_travail": "groupe_travail",
    "conference": "conference",
    "table_ronde": "conference",
    "evenement": "evenement",
}
HOST_SUFFIX = " (accueil)"


def _in(column, values):
    return column + " IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _create_tables():
    op.create_table(
        "network_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("axis", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("month_only", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("commune_insee", sa.String(length=5), nullable=True),
        sa.Column("place_label", sa.String(length=200), nullable=False),
        sa.Column("outside_hosts", sa.Text(), nullable=False),
        sa.Column("outside_partners", sa.Text(), nullable=False),
        sa.Column("people_count", sa.Integer(), nullable=True),
        sa.Column("organisations_count", sa.Integer(), nullable=True),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("axis BETWEEN 1 AND 4", name=op.f("ck_network_action_axis_range")),
        sa.CheckConstraint(_in("kind", ACTION_KINDS), name=op.f("ck_network_action_kind")),
        sa.CheckConstraint(
            _in("status", ("planned", "held", "cancelled")), name=op.f("ck_network_action_status")
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= held_on", name=op.f("ck_network_action_ends_after_start")
        ),
        sa.CheckConstraint(
            "people_count IS NULL OR people_count >= 0",
            name=op.f("ck_network_action_people_positive"),
        ),
        sa.CheckConstraint(
            "organisations_count IS NULL OR organisations_count >= 0",
            name=op.f("ck_network_action_organisations_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_network_action_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_action")),
    )
    with op.batch_alter_table("network_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_action_held_on"), ["held_on"])

    op.create_table(
        "action_organisation",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            _in("role", ("host", "partner")), name=op.f("ck_action_organisation_role")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["network_action.id"],
            name=op.f("fk_action_organisation_action_id_network_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_action_organisation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "action_id", "organisation_id", name=op.f("pk_action_organisation")
        ),
    )
    with op.batch_alter_table("action_organisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_organisation_organisation_id"), ["organisation_id"]
        )

    op.create_table(
        "action_audience",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.CheckConstraint(_in("audience", AUDIENCES), name=op.f("ck_action_audience_audience")),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["network_action.id"],
            name=op.f("fk_action_audience_action_id_network_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "audience", name=op.f("pk_action_audience")),
    )

    op.create_table(
        "action_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            _in("kind", ("attendance", "programme", "photo", "press")),
            name=op.f("ck_action_document_kind"),
        ),
        sa.CheckConstraint(
            _in("content_type", ("application/pdf", "image/png", "image/jpeg")),
            name=op.f("ck_action_document_content_type"),
        ),
        sa.CheckConstraint(
            "size_bytes > 0 AND size_bytes <= 10485760", name=op.f("ck_action_document_size_range")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["network_action.id"],
            name=op.f("fk_action_document_action_id_network_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_action_document_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_document")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_action_document_stored_name")),
    )
    with op.batch_alter_table("action_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_document_action_id"), ["action_id"])


# The tables as this revision reads and writes them (never the models: they move on).
meeting = sa.table(
    "group_meeting",
    sa.column("id", sa.Integer),
    sa.column("group_id", sa.Integer),
    sa.column("held_on", sa.Date),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("host_id", sa.Integer),
    sa.column("other_participants", sa.Text),
    sa.column("topics", sa.Text),
    sa.column("volunteer_hours", sa.Numeric(7, 2)),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    # Since 0017 (status 'held' by default, place '' and sequence 0 NOT NULL).
    sa.column("status", sa.String),
    sa.column("place", sa.String),
    sa.column("sequence", sa.Integer),
    sa.column("start_time", sa.Time),
    sa.column("cancelled_at", sa.DateTime),
    sa.column("cancel_reason", sa.Text),
    sa.column("duration_minutes", sa.Integer),
)
participant = sa.table("meeting_participant", sa.column("meeting_id"), sa.column("organisation_id"))
expected = sa.table("group_meeting_expected", sa.column("meeting_id"), sa.column("organisation_id"))
action = sa.table(
    "network_action",
    sa.column("id", sa.Integer),
    sa.column("axis", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("status", sa.String),
    sa.column("held_on", sa.Date),
    sa.column("ends_on", sa.Date),
    sa.column("month_only", sa.Boolean),
    sa.column("commune_insee", sa.String),
    sa.column("place_label", sa.String),
    sa.column("outside_hosts", sa.Text),
    sa.column("outside_partners", sa.Text),
    sa.column("people_count", sa.Integer),
    sa.column("organisations_count", sa.Integer),
    sa.column("account", sa.Text),
    sa.column("created_by_id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("updated_at", sa.DateTime),
    sa.column("version", sa.Integer),
)
link = sa.table(
    "action_organisation", sa.column("action_id"), sa.column("organisation_id"), sa.column("role")
)
audience = sa.table("action_audience", sa.column("action_id"), sa.column("audience"))


def _names(text):
    return [" ".join(part.split()) for part in (text or "").split(";") if part.strip()]


def _move_network_meetings(bind):
    rows = (
        bind.execute(sa.select(meeting).where(meeting.c.group_id.is_(None)).order_by(meeting.c.id))
        .mappings()
        .all()
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    for row in rows:
        kind, axis, publics = FROM_MEETING.get(row["kind"], ("autre", 1, ("scic",)))
        members = set(
            bind.execute(
                sa.select(participant.c.organisation_id).where(
                    participant.c.meeting_id == row["id"]
                )
            ).scalars()
        )
        invited = set(
            bind.execute(
                sa.select(expected.c.organisation_id).where(expected.c.meeting_id == row["id"])
            ).scalars()
        )
        outside = _names(row["other_participants"])
        hosts = [n[: -len(HOST_SUFFIX)] for n in outside if n.endswith(HOST_SUFFIX)]
        partners = [n for n in outside if not n.endswith(HOST_SUFFIX)]
        present = len(members | ({row["host_id"]} if row["host_id"] else set())) + len(outside)
        account = row["topics"] or ""
        hours = row["volunteer_hours"] or 0
        if hours:
            account = (account + f"\nHeures de bénévolat notées : {hours} h").strip()
        if row["status"] == "cancelled" and row["cancel_reason"]:
            account = (account + f"\nAnnulée : {row['cancel_reason']}").strip()
        held_on = row["held_on"]
        status = row["status"] or "held"
        if status == "held" and held_on > date.today():
            status = "planned"
        action_id = bind.execute(
            action.insert()
            .values(
                axis=axis,
                kind=kind,
                title=row["title"],
                status=status,
                held_on=held_on,
                ends_on=None,
                month_only=held_on.day == 1,
                commune_insee=None,
                place_label=row["place"] or "",
                outside_hosts="; ".join(hosts),
                outside_partners="; ".join(partners),
                people_count=None,
                organisations_count=present or None,
                account=account,
                created_by_id=row["created_by_id"],
                created_at=row["created_at"] or now,
                updated_at=now,
                version=1,
            )
            .returning(action.c.id)
        ).scalar_one()
        if row["host_id"]:
            bind.execute(
                link.insert().values(
                    action_id=action_id, organisation_id=row["host_id"], role="host"
                )
            )
        for org_id in sorted((members | invited) - {row["host_id"]}):
            bind.execute(
                link.insert().values(action_id=action_id, organisation_id=org_id, role="partner")
            )
        for code in publics:
            bind.execute(audience.insert().values(action_id=action_id, audience=code))
        bind.execute(participant.delete().where(participant.c.meeting_id == row["id"]))
        bind.execute(expected.delete().where(expected.c.meeting_id == row["id"]))
        bind.execute(meeting.delete().where(meeting.c.id == row["id"]))


def _move_back_to_meetings(bind):
    rows = (
        bind.execute(
            sa.select(action)
            .where(action.c.status == "held", action.c.kind.in_(list(TO_MEETING)))
            .order_by(action.c.id)
        )
        .mappings()
        .all()
    )
    for row in rows:
        links = bind.execute(
            sa.select(link.c.organisation_id, link.c.role)
            .where(link.c.action_id == row["id"])
            .order_by(link.c.organisation_id)
        ).all()
        hosts = [org_id for org_id, role in links if role == "host"]
        others = [n + HOST_SUFFIX for n in _names(row["outside_hosts"])]
        others += _names(row["outside_partners"])
        meeting_id = bind.execute(
            meeting.insert()
            .values(
                group_id=None,
                held_on=row["held_on"],
                kind=TO_MEETING[row["kind"]],
                title=row["title"],
                host_id=hosts[0] if hosts else None,
                other_participants="; ".join(others),
                topics=row["account"] or "",
                volunteer_hours=0,
                created_by_id=row["created_by_id"],
                created_at=row["created_at"],
                status="held",
                place=(row["place_label"] or "")[:200],
                sequence=0,
                start_time=None,
                cancelled_at=None,
                cancel_reason=None,
                duration_minutes=None,
            )
            .returning(meeting.c.id)
        ).scalar_one()
        for org_id in sorted({org_id for org_id, _role in links}):
            bind.execute(participant.insert().values(meeting_id=meeting_id, organisation_id=org_id))


def upgrade():
    _create_tables()
    _move_network_meetings(op.get_bind())


def downgrade():
    _move_back_to_meetings(op.get_bind())
    with op.batch_alter_table("action_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_document_action_id"))
    op.drop_table("action_document")
    op.drop_table("action_audience")
    with op.batch_alter_table("action_organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_organisation_organisation_id"))
    op.drop_table("action_organisation")
    with op.batch_alter_table("network_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_action_held_on"))
    op.drop_table("network_action")
