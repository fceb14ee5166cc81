"""The Département's territories and the commune -> territory table, prefilled with the
hypothesis shipped in the package

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 09:00:00

The seven territories and the territory of each of the 890 communes come from the column
``territoire_proposed`` of ``entraide/data/communes-62-extended.csv`` (read through the
gazetteer, a pure module), every row marked ``hypothesis``. The coordination corrects the
table on its page (« Rapprochement » › « Territoires »). The downgrade drops both tables,
with the coordination's corrections.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from entraide.geo.gazetteer import get_gazetteer


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    territory = op.create_table('territory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_territory')),
    sa.UniqueConstraint('name', name=op.f('uq_territory_name'))
    )
    commune_territory = op.create_table('commune_territory',
    sa.Column('insee', sa.String(length=5), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("source IN ('hypothesis', 'coordination')", name=op.f('ck_commune_territory_source')),
    sa.ForeignKeyConstraint(['territory_id'], ['territory.id'], name=op.f('fk_commune_territory_territory_id_territory')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_commune_territory_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('insee', name=op.f('pk_commune_territory'))
    )
    with op.batch_alter_table('commune_territory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commune_territory_territory_id'), ['territory_id'], unique=False)

    communes = [c for c in get_gazetteer().communes() if c.territoire]
    names = sorted({c.territoire for c in communes})
    op.bulk_insert(territory, [{'id': i, 'name': name} for i, name in enumerate(names, 1)])
    ids = {name: i for i, name in enumerate(names, 1)}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(commune_territory, [
        {'insee': c.insee, 'territory_id': ids[c.territoire], 'source': 'hypothesis', 'updated_at': now}
        for c in communes
    ])
    if op.get_context().dialect.name == 'postgresql':
        # Explicit ids: the sequence must go on after them.
        op.execute("SELECT setval(pg_get_serial_sequence('territory', 'id'), (SELECT MAX(id) FROM territory))")


def downgrade():
    with op.batch_alter_table('commune_territory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commune_territory_territory_id'))

    op.drop_table('commune_territory')
    op.drop_table('territory')
