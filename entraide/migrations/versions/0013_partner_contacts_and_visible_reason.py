"""Partners reach each other: each account's « personne de contact pour l'entraide » choice
and phone number; the reason of a pairing's end that both SCICs may read

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-10 09:00:00

- ``user_account.entraide_contact`` (false by default): the person chose, on « Mon
  compte », to be shown to the partners of its organisation (name, address, phone).
- ``user_account.phone``: ten national digits (``entraide.phone``), optional.
- ``pairing.visible_reason``: the « motif visible par les SCIC » of a refused, withdrawn
  or stopped pairing; ``end_reason`` stays the coordination's own note.

The group pages showed their contact person (name and address) to every member of the
group before this choice existed: the accounts that are a group's contact person today
keep being shown, so they start with ``entraide_contact`` true (one audit entry each,
with a note saying why); they may untick it on « Mon compte ».

Plain ADD/DROP COLUMN, no table rebuild on SQLite: rebuilding ``user_account`` while
foreign keys are enforced would fail on the rows pointing at it (see 0009).
"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

NOTE = (
    "Mise à jour 0013 : personne de contact d'un groupe territorial, déjà montrée aux "
    'membres du groupe.'
)

account = sa.table(
    'user_account', sa.column('id', sa.Integer), sa.column('entraide_contact', sa.Boolean)
)
group = sa.table('territorial_group', sa.column('contact_user_id', sa.Integer))
audit = sa.table(
    'audit_entry',
    sa.column('created_at', sa.DateTime),
    sa.column('object_type', sa.String),
    sa.column('object_id', sa.Integer),
    sa.column('action', sa.String),
    sa.column('after', sa.JSON),
)


def upgrade():
    op.add_column(
        'user_account',
        sa.Column('entraide_contact', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column('user_account', sa.Column('phone', sa.String(length=10), nullable=True))
    op.add_column('pairing', sa.Column('visible_reason', sa.Text(), nullable=True))

    bind = op.get_bind()
    contacts = (
        bind.execute(
            sa.select(group.c.contact_user_id)
            .where(group.c.contact_user_id.is_not(None))
            .distinct()
            .order_by(group.c.contact_user_id)
        )
        .scalars()
        .all()
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for user_id in contacts:
        bind.execute(account.update().where(account.c.id == user_id).values(entraide_contact=True))
        bind.execute(
            audit.insert().values(
                created_at=now,
                object_type='User',
                object_id=user_id,
                action='user.update',
                after={'entraide_contact': True, 'note': NOTE},
            )
        )


def downgrade():
    op.drop_column('pairing', 'visible_reason')
    op.drop_column('user_account', 'phone')
    op.drop_column('user_account', 'entraide_contact')
