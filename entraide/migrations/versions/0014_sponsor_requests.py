"""« Qui peut m'aider ? » / « Qui puis-je aider ? »: the opt-in, the requests, the network's
version

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 10:00:00

- ``organisation.proposable_sponsor``: the organisation accepts to be proposed as a
  sponsor to young SCICs; off for every existing organisation (each one chooses);
- ``sponsor_request``: a young SCIC's request for a sponsor, or an experienced SCIC's
  offer of help, waiting in the coordination's queue; at most one open request per need
  and would-be sponsor (a partial unique index);
- ``network_version``: one row whose token changes with every change the matching
  depends on (``entraide.models.network_version``), the key of the cached results.
"""
import secrets
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    # Not in a batch: SQLite would rebuild the table for a default given as an expression,
    # and dropping ``organisation`` fails while its needs and accounts refer to it.
    op.add_column(
        'organisation',
        sa.Column('proposable_sponsor', sa.Boolean(), server_default=sa.false(), nullable=False),
    )

    op.create_table(
        'sponsor_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('mentee_id', sa.Integer(), nullable=False),
        sa.Column('mentor_id', sa.Integer(), nullable=False),
        sa.Column('requester_id', sa.Integer(), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('decline_reason', sa.Text(), nullable=True),
        sa.Column('pairing_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('ask', 'offer')", name=op.f('ck_sponsor_request_kind')
        ),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'declined', 'withdrawn', 'superseded')",
            name=op.f('ck_sponsor_request_status'),
        ),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['user_account.id'],
            name=op.f('fk_sponsor_request_created_by_id_user_account'),
        ),
        sa.ForeignKeyConstraint(
            ['decided_by_id'], ['user_account.id'],
            name=op.f('fk_sponsor_request_decided_by_id_user_account'),
        ),
        sa.ForeignKeyConstraint(
            ['mentee_id'], ['organisation.id'],
            name=op.f('fk_sponsor_request_mentee_id_organisation'),
        ),
        sa.ForeignKeyConstraint(
            ['mentor_id'], ['organisation.id'],
            name=op.f('fk_sponsor_request_mentor_id_organisation'),
        ),
        sa.ForeignKeyConstraint(
            ['need_id'], ['need.id'],
            name=op.f('fk_sponsor_request_need_id_need'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['pairing_id'], ['pairing.id'],
            name=op.f('fk_sponsor_request_pairing_id_pairing'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['requester_id'], ['organisation.id'],
            name=op.f('fk_sponsor_request_requester_id_organisation'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sponsor_request')),
    )
    with op.batch_alter_table('sponsor_request', schema=None) as batch_op:
        for column in ('need_id', 'mentee_id', 'mentor_id', 'requester_id', 'status'):
            batch_op.create_index(batch_op.f(f'ix_sponsor_request_{column}'), [column])
        batch_op.create_index(
            'uq_sponsor_request_open',
            ['need_id', 'mentor_id'],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        'network_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('id = 1', name=op.f('ck_network_version_single_row')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_network_version')),
    )
    version = sa.table(
        'network_version',
        sa.column('id', sa.Integer),
        sa.column('token', sa.String),
        sa.column('changed_at', sa.DateTime),
    )
    op.bulk_insert(
        version,
        [
            {
                'id': 1,
                'token': secrets.token_hex(16),
                'changed_at': datetime.now(timezone.utc).replace(tzinfo=None),
            }
        ],
    )


def downgrade():
    op.drop_table('network_version')
    with op.batch_alter_table('sponsor_request', schema=None) as batch_op:
        batch_op.drop_index(
            'uq_sponsor_request_open',
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        for column in ('status', 'requester_id', 'mentor_id', 'mentee_id', 'need_id'):
            batch_op.drop_index(batch_op.f(f'ix_sponsor_request_{column}'))
    op.drop_table('sponsor_request')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('proposable_sponsor')
