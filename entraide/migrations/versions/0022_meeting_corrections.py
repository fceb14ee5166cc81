"""Corrections of meeting records: when and by whom a planned meeting was recorded, who
corrected a record last, and a version against races

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-12 09:00:00

- ``followup`` and ``group_meeting`` gain ``recorded_at`` and ``recorded_by_id`` (when and
  by whom a planned meeting was recorded as held: its record's author, and the start of
  the 30 days in which it may be corrected; empty for a meeting recorded straight away,
  whose creation is its record), ``corrected_at`` and ``corrected_by_id`` (the last
  correction, shown on the page; the journal keeps every one) and ``version``, the
  optimistic lock that makes a correction, a change or a record sent from a stale form
  fail instead of overwriting the one saved meanwhile (existing rows start at 1).
- Meetings planned then recorded before this revision get ``recorded_at`` and
  ``recorded_by_id`` from the journal's entry of that record.

As in 0017, the columns are added (``ALTER TABLE … ADD COLUMN``, with their foreign key
and CHECK constraint) and dropped without rebuilding the tables on SQLite: dropping
``followup`` or ``group_meeting`` while foreign keys are enforced would delete their
actions and participants (ON DELETE CASCADE).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

# The journal's name of each table's rows, and the action that records a planned one.
TABLES = {'followup': ('FollowUp', 'followup.record'), 'group_meeting': ('GroupMeeting', 'meeting.record')}
RECORDED_CHECK = "recorded_at IS NULL OR status = 'held'"
PEOPLE = ('recorded_by_id', 'corrected_by_id')


def _sqlite() -> bool:
    return op.get_context().dialect.name == 'sqlite'


def _add_person(table: str, column: str) -> None:
    name = f'fk_{table}_{column}_user_account'
    if _sqlite():
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES user_account (id)')
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, table, 'user_account', [column], ['id'])


def _backfill(table: str, object_type: str, action: str) -> None:
    """A meeting planned then recorded: its record's time and author, from the journal."""
    entry = (
        f"FROM audit_entry WHERE audit_entry.object_type = '{object_type}' "
        f"AND audit_entry.action = '{action}' AND audit_entry.object_id = {table}.id"
    )
    op.execute(
        f"UPDATE {table} SET recorded_at = (SELECT max(audit_entry.created_at) {entry}), "
        f"recorded_by_id = (SELECT audit_entry.actor_id {entry} "
        f"ORDER BY audit_entry.created_at DESC, audit_entry.id DESC LIMIT 1) "
        f"WHERE status = 'held' AND EXISTS (SELECT 1 {entry})"
    )


def upgrade():
    for table, (object_type, action) in TABLES.items():
        if _sqlite():
            op.execute(
                f'ALTER TABLE {table} ADD COLUMN recorded_at DATETIME '
                f'CONSTRAINT ck_{table}_recorded_when_held CHECK ({RECORDED_CHECK})'
            )
        else:
            op.add_column(table, sa.Column('recorded_at', sa.DateTime(), nullable=True))
            op.create_check_constraint(f'ck_{table}_recorded_when_held', table, RECORDED_CHECK)
        op.add_column(table, sa.Column('corrected_at', sa.DateTime(), nullable=True))
        for column in PEOPLE:
            _add_person(table, column)
        op.add_column(table, sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        _backfill(table, object_type, action)


def downgrade():
    for table in TABLES:
        op.drop_column(table, 'version')
        for column in reversed(PEOPLE):
            if not _sqlite():  # SQLite drops the column's own REFERENCES with it
                op.drop_constraint(f'fk_{table}_{column}_user_account', table, type_='foreignkey')
            op.drop_column(table, column)
        op.drop_column(table, 'corrected_at')
        op.drop_column(table, 'recorded_at')  # with its CHECK constraint
