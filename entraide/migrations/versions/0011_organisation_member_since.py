"""Organisation.member_since: the day an organisation joined the network

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00

Nullable, no default: for the organisations already there the date is unknown (their
row's creation date is when they were entered here, not when they joined). The
coordinator fills it in the profile form or through the import (« membre depuis »).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('member_since', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('member_since')
