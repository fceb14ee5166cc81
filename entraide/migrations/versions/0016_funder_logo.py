"""The funder's logo for the report (agreement, article 7)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 22:00:00

- ``funder_logo``: one row, a PNG or a checked SVG (under a megabyte), its text for
  readers who cannot see it, who uploaded it and when.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'funder_logo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('media_type', sa.String(length=20), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('width', sa.Integer(), nullable=True),
        sa.Column('height', sa.Integer(), nullable=True),
        sa.Column('alt_text', sa.String(length=200), nullable=False),
        sa.Column('uploaded_at', sa.DateTime(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('id = 1', name=op.f('ck_funder_logo_single_row')),
        sa.CheckConstraint(
            "media_type IN ('image/png', 'image/svg+xml')",
            name=op.f('ck_funder_logo_media_type'),
        ),
        sa.ForeignKeyConstraint(
            ['uploaded_by_id'],
            ['user_account.id'],
            name=op.f('fk_funder_logo_uploaded_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_funder_logo')),
    )


def downgrade():
    op.drop_table('funder_logo')
