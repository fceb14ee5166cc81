"""Why each organisation was notified of a help request: the ranking's score and reason

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score', sa.Numeric(precision=5, scale=4), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('help_notification', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('score')
