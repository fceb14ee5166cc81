"""Help requests that do not dead-end: how each organisation was told, outside contacts

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-09 10:00:00

- ``help_notification.source``: ``match`` (chosen when the request was posted, every
  existing row), ``new_offer`` (declared an offer on the theme while the request was
  open), ``relay`` (relayed by the coordination, with ``relayed_by_id`` and ``note``);
- ``help_outside_contact``: someone outside the network (a support body, a consultant)
  the coordination relayed a request to: a name and an address, nothing more, deleted
  with the request.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_notification', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('source', sa.String(length=10), server_default='match', nullable=False)
        )
        batch_op.add_column(sa.Column('relayed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_help_notification_relayed_by_id_user_account'),
            'user_account',
            ['relayed_by_id'],
            ['id'],
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_help_notification_source'),
            "source IN ('match', 'new_offer', 'relay')",
        )

    op.create_table(
        'help_outside_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('relayed_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['relayed_by_id'], ['user_account.id'],
            name=op.f('fk_help_outside_contact_relayed_by_id_user_account'),
        ),
        sa.ForeignKeyConstraint(
            ['request_id'], ['help_request.id'],
            name=op.f('fk_help_outside_contact_request_id_help_request'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_help_outside_contact')),
    )
    with op.batch_alter_table('help_outside_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_outside_contact_request_id'), ['request_id'])


def downgrade():
    with op.batch_alter_table('help_outside_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_outside_contact_request_id'))
    op.drop_table('help_outside_contact')
    with op.batch_alter_table('help_notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_help_notification_source'), type_='check')
        batch_op.drop_constraint(
            batch_op.f('fk_help_notification_relayed_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('note')
        batch_op.drop_column('relayed_by_id')
        batch_op.drop_column('source')
