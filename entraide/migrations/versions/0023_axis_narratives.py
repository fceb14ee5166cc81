"""The coordination's narrative of each axis, per report year (the bilan's qualitative part)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 23:00:00

- ``axis_narrative``: one row per year and axis of the agreement (1 to 4), with the
  « conditions de réalisation », the « résultats obtenus » and the « perspectives ».
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'axis_narrative',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('axis', sa.Integer(), nullable=False),
        sa.Column('conditions', sa.Text(), nullable=False),
        sa.Column('results', sa.Text(), nullable=False),
        sa.Column('perspectives', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('axis BETWEEN 1 AND 4', name=op.f('ck_axis_narrative_axis_range')),
        sa.CheckConstraint(
            'year BETWEEN 2000 AND 2100', name=op.f('ck_axis_narrative_year_range')
        ),
        sa.ForeignKeyConstraint(
            ['updated_by_id'],
            ['user_account.id'],
            name=op.f('fk_axis_narrative_updated_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_axis_narrative')),
        sa.UniqueConstraint('year', 'axis', name='uq_axis_narrative_year_axis'),
    )


def downgrade():
    op.drop_table('axis_narrative')
