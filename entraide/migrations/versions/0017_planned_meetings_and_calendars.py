"""Meetings planned ahead, calendars: a meeting's status, time, place and who is expected;
each person's calendar feed key; a mail's attachment

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-11 09:00:00

- ``followup`` and ``group_meeting``: ``status`` (``planned``, ``held``, ``cancelled``;
  every existing row is ``held``), ``start_time`` (wall-clock time in Europe/Paris),
  ``place``, ``sequence`` (the iCalendar SEQUENCE), ``cancelled_at``, ``cancel_reason``;
  ``followup.expected`` (who is expected, in words), ``group_meeting.duration_minutes``;
  ``group_meeting_expected``: the organisations expected at a planned group meeting.
- ``user_account.calendar_key``: the stored half of the personal feed's secret address,
  one for every account (renewing it kills the old address).
- ``outbox``: one attachment per mail (name, MIME type, text).

The new CHECK constraints are added with their columns (``ALTER TABLE … ADD COLUMN …
CONSTRAINT … CHECK``) on SQLite, not by a batch rebuild: dropping ``followup`` or
``group_meeting`` while foreign keys are enforced would delete their actions and
participants (ON DELETE CASCADE). A constraint that reads two columns is attached to the
newer one, so that the downgrade's plain DROP COLUMNs (SQLite 3.35+) work in order.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

STATUS_CHECK = "status IN ('planned', 'held', 'cancelled')"
TIME_CHECK = "status = 'held' OR start_time IS NOT NULL"
CANCELLED_CHECK = (
    "(status = 'cancelled' AND cancelled_at IS NOT NULL) "
    "OR (status <> 'cancelled' AND cancelled_at IS NULL)"
)
SEQUENCE_CHECK = "sequence >= 0"
DURATION_CHECK = "duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 1440"
ATTACHMENT_CHECK = (
    "attachment IS NULL OR (attachment_name IS NOT NULL AND attachment_type IS NOT NULL)"
)

account = sa.table('user_account', sa.column('id', sa.Integer), sa.column('calendar_key', sa.String))


def _sqlite() -> bool:
    return op.get_context().dialect.name == 'sqlite'


def _add(table: str, column: sa.Column, ddl: str, check: tuple[str, str] | None = None):
    """Add a column, with its named CHECK constraint when given.

    ``ddl`` is the column's SQL (type, default, nullability) for SQLite's ADD COLUMN.
    """
    if _sqlite():
        constraint = f" CONSTRAINT ck_{table}_{check[0]} CHECK ({check[1]})" if check else ""
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column.name} {ddl}{constraint}')
        return
    op.add_column(table, column)
    if check:
        op.create_check_constraint(f'ck_{table}_{check[0]}', table, check[1])


def _planning_columns(table: str) -> None:
    _add(
        table,
        sa.Column('status', sa.String(length=10), server_default='held', nullable=False),
        "VARCHAR(10) DEFAULT 'held' NOT NULL",
        ('status', STATUS_CHECK),
    )
    _add(table, sa.Column('start_time', sa.Time(), nullable=True), 'TIME', ('planned_has_time', TIME_CHECK))
    _add(
        table,
        sa.Column('place', sa.String(length=200), server_default='', nullable=False),
        "VARCHAR(200) DEFAULT '' NOT NULL",
    )
    _add(
        table,
        sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
        "INTEGER DEFAULT '0' NOT NULL",
        ('sequence_positive', SEQUENCE_CHECK),
    )
    _add(
        table,
        sa.Column('cancelled_at', sa.DateTime(), nullable=True),
        'DATETIME',
        ('cancelled_at_when_cancelled', CANCELLED_CHECK),
    )
    _add(table, sa.Column('cancel_reason', sa.Text(), nullable=True), 'TEXT')
    op.create_index(f'ix_{table}_status', table, ['status'], unique=False)


def upgrade():
    _planning_columns('followup')
    _add(
        'followup',
        sa.Column('expected', sa.Text(), server_default='', nullable=False),
        "TEXT DEFAULT '' NOT NULL",
    )
    _planning_columns('group_meeting')
    _add(
        'group_meeting',
        sa.Column('duration_minutes', sa.Integer(), nullable=True),
        'INTEGER',
        ('duration_range', DURATION_CHECK),
    )
    op.create_table(
        'group_meeting_expected',
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['meeting_id'], ['group_meeting.id'],
            name=op.f('fk_group_meeting_expected_meeting_id_group_meeting'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisation.id'],
            name=op.f('fk_group_meeting_expected_organisation_id_organisation'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('meeting_id', 'organisation_id', name=op.f('pk_group_meeting_expected')),
    )

    # Plain ADD COLUMN and CREATE INDEX: no rebuild of user_account (see 0013).
    op.add_column('user_account', sa.Column('calendar_key', sa.String(length=32), nullable=True))
    bind = op.get_bind()
    for user_id in bind.execute(sa.select(account.c.id).order_by(account.c.id)).scalars().all():
        bind.execute(
            account.update().where(account.c.id == user_id).values(calendar_key=secrets.token_hex(16))
        )
    op.create_index('uq_user_account_calendar_key', 'user_account', ['calendar_key'], unique=True)

    op.add_column('outbox', sa.Column('attachment_name', sa.String(length=100), nullable=True))
    op.add_column('outbox', sa.Column('attachment_type', sa.String(length=100), nullable=True))
    _add('outbox', sa.Column('attachment', sa.Text(), nullable=True), 'TEXT', ('attachment_named', ATTACHMENT_CHECK))


def _drop_planning_columns(table: str) -> None:
    op.drop_index(f'ix_{table}_status', table_name=table)
    # The columns carrying a two-column CHECK first, ``status`` last (module docstring).
    for column in ('start_time', 'cancelled_at', 'cancel_reason', 'sequence', 'place', 'status'):
        op.drop_column(table, column)  # with its own CHECK constraint


def downgrade():
    op.drop_column('outbox', 'attachment')
    op.drop_column('outbox', 'attachment_type')
    op.drop_column('outbox', 'attachment_name')
    op.drop_index('uq_user_account_calendar_key', table_name='user_account')
    op.drop_column('user_account', 'calendar_key')
    op.drop_table('group_meeting_expected')
    op.drop_column('group_meeting', 'duration_minutes')
    _drop_planning_columns('group_meeting')
    op.drop_column('followup', 'expected')
    _drop_planning_columns('followup')
