"""Testimonies reach the funder only once approved: each organisation's answer about a
testimony's exact text, and the year's report marked as sent (which freezes them)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10 09:00:00

- ``report_highlight_approval``: one row per organisation a testimony names or comes
  from; its answer (pending, approved with or without its name, refused) is about the
  text whose SHA-256 it keeps; deleted with the testimony.
- ``report_submission``: a year's report marked as sent to the Département.

Testimonies selected before this revision have no approval row: those taken from a
parrainage's meeting or close-out evaluation are asked for again by the coordination (the
page says « approbations à demander ») and stay out of the funder's report until then.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_highlight_approval',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('highlight_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('named', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('from_source', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('text_digest', sa.String(length=64), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'approved_anonymous', 'refused')",
            name=op.f('ck_report_highlight_approval_status'),
        ),
        sa.CheckConstraint(
            "(status = 'pending') = (answered_at IS NULL)",
            name=op.f('ck_report_highlight_approval_answered_when_not_pending'),
        ),
        sa.ForeignKeyConstraint(
            ['answered_by_id'], ['user_account.id'],
            name=op.f('fk_report_highlight_approval_answered_by_id_user_account'),
        ),
        sa.ForeignKeyConstraint(
            ['highlight_id'], ['report_highlight.id'],
            name=op.f('fk_report_highlight_approval_highlight_id_report_highlight'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisation.id'],
            name=op.f('fk_report_highlight_approval_organisation_id_organisation'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_highlight_approval')),
        sa.UniqueConstraint(
            'highlight_id', 'organisation_id', name=op.f('uq_highlight_approval_org')
        ),
    )
    with op.batch_alter_table('report_highlight_approval', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_report_highlight_approval_highlight_id'), ['highlight_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_report_highlight_approval_organisation_id'),
            ['organisation_id'],
            unique=False,
        )

    op.create_table(
        'report_submission',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            'year BETWEEN 2000 AND 2100', name=op.f('ck_report_submission_year_range')
        ),
        sa.ForeignKeyConstraint(
            ['sent_by_id'], ['user_account.id'],
            name=op.f('fk_report_submission_sent_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_report_submission')),
    )


def downgrade():
    op.drop_table('report_submission')
    with op.batch_alter_table('report_highlight_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_highlight_approval_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_report_highlight_approval_highlight_id'))
    op.drop_table('report_highlight_approval')
