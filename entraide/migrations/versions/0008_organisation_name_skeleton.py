"""Organisations: a look-alike skeleton of the name (UTS #39), unique beside the key

"Clіss XXI" (a Cyrillic і) or "C1iss XXI" could sit beside "Cliss XXI": the skeleton of
the name key maps look-alike characters to one prototype, and it is unique. Existing
names get their skeleton here; if two existing names already look alike, the later one's
skeleton is suffixed with its id so that the upgrade never fails (the coordination can
rename it; the form then refuses the look-alike).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 19:00:00

"""
from alembic import op
import sqlalchemy as sa

from entraide.text import confusable_skeleton


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_skeleton', sa.String(length=400), nullable=True))

    connection = op.get_bind()
    organisation = sa.table(
        'organisation',
        sa.column('id', sa.Integer),
        sa.column('name_key', sa.String),
        sa.column('name_skeleton', sa.String),
    )
    seen = set()
    rows = connection.execute(
        sa.select(organisation.c.id, organisation.c.name_key).order_by(organisation.c.id)
    ).all()
    for org_id, key in rows:
        skeleton = confusable_skeleton(key)[:380]
        if skeleton in seen:
            skeleton = f"{skeleton} #{org_id}"
        seen.add(skeleton)
        connection.execute(
            organisation.update()
            .where(organisation.c.id == org_id)
            .values(name_skeleton=skeleton)
        )

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.alter_column(
            'name_skeleton', existing_type=sa.String(length=400), nullable=False
        )
        batch_op.create_unique_constraint(
            batch_op.f('uq_organisation_name_skeleton'), ['name_skeleton']
        )


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisation_name_skeleton'), type_='unique')
        batch_op.drop_column('name_skeleton')
