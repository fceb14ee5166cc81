"""Corrections of meeting records: who corrected them last, and a version against races

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-06 22:00:00

- ``followup`` and ``group_meeting`` gain ``corrected_at`` and ``corrected_by_id`` (the
  last correction, shown on the page; the journal keeps every one) and ``version``, the
  optimistic lock that makes a correction sent from a stale form fail instead of
  overwriting the one saved meanwhile (existing rows start at 1).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None

TABLES = ('followup', 'group_meeting')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('corrected_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('corrected_by_id', sa.Integer(), nullable=True))
            batch_op.add_column(
                sa.Column('version', sa.Integer(), server_default='1', nullable=False)
            )
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_corrected_by_id_user_account'),
                'user_account',
                ['corrected_by_id'],
                ['id'],
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f'fk_{table}_corrected_by_id_user_account'), type_='foreignkey'
            )
            batch_op.drop_column('version')
            batch_op.drop_column('corrected_by_id')
            batch_op.drop_column('corrected_at')
