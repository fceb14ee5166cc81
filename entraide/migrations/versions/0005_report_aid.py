"""The Département's aid by year, a setting of the coordination instead of a config constant

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:20:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    aid = op.create_table('report_aid',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_report_aid_amount_positive')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_report_aid_year_range')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_report_aid_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_report_aid'))
    )
    # The amount the code used to carry (the 2024 agreement, see shared/docs/domain.md).
    op.bulk_insert(aid, [{'year': 2024, 'amount': 17500, 'updated_at': datetime.now(timezone.utc).replace(tzinfo=None)}])


def downgrade():
    op.drop_table('report_aid')
