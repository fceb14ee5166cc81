"""The demonstration network's marker

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-10 10:00:00

- ``demo_marker``: one row (``id = 1``) while the demonstration network is loaded
  (``flask demo``); every page then shows « Données de démonstration ». A database
  loaded by an older ``flask demo`` has no row: ``flask demo --reset`` rebuilds it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'demo_marker',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('loaded_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_demo_marker_single_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_demo_marker')),
    )


def downgrade():
    op.drop_table('demo_marker')
