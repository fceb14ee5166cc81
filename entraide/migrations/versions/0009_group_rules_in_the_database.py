"""Territorial groups' rules kept by the database: one active group per organisation, one
active group per name

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 09:00:00

Two coordinators validating groups at the same moment on PostgreSQL could put an
organisation in several active groups (six simultaneous validations made six groups),
and give two active groups one name. Two partial unique indexes now refuse it:

- ``group_member.active`` copies "the group is not archived" (the service clears it when
  it archives a group): at most one active membership per organisation;
- ``territorial_group.name_key``, the name compared like organisation names
  (``entraide.text.normalise_key``, imported here: a pure function): at most one active
  group per key.

Data the old races may have left is cleaned first, each change written to the audit trail
(no actor, a note saying why):

1. an organisation in several active groups stays in the oldest one (smallest id) and
   leaves the others; a group's contact person from an organisation that left is cleared;
2. an active group left with fewer than two organisations (a duplicate validation) is
   archived;
3. an active group whose name an older active group already has (compared by key) gets
   its id after its name, e.g. "Lens (groupe 12)".

On SQLite the new ``name_key`` keeps the empty default it was added with: dropping a
default rebuilds the table there, and dropping ``territorial_group`` while foreign keys
are enforced would delete its memberships (ON DELETE CASCADE). Nothing relies on it.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from entraide.text import normalise_key


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

NOTE = "Nettoyage de la mise à jour 0009 : "

group = sa.table(
    'territorial_group',
    sa.column('id', sa.Integer),
    sa.column('name', sa.String),
    sa.column('name_key', sa.Text),
    sa.column('contact_user_id', sa.Integer),
    sa.column('archived_at', sa.DateTime),
)
member = sa.table(
    'group_member',
    sa.column('group_id', sa.Integer),
    sa.column('organisation_id', sa.Integer),
    sa.column('active', sa.Boolean),
)
account = sa.table(
    'user_account', sa.column('id', sa.Integer), sa.column('organisation_id', sa.Integer)
)
audit = sa.table(
    'audit_entry',
    sa.column('created_at', sa.DateTime),
    sa.column('actor_id', sa.Integer),
    sa.column('actor_role', sa.String),
    sa.column('object_type', sa.String),
    sa.column('object_id', sa.Integer),
    sa.column('action', sa.String),
    sa.column('before', sa.JSON),
    sa.column('after', sa.JSON),
)


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _audit(bind, group_id, action, before=None, after=None):
    bind.execute(
        audit.insert().values(
            created_at=_now(),
            object_type='TerritorialGroup',
            object_id=group_id,
            action=action,
            before=before,
            after=after,
        )
    )


def _active_memberships(bind):
    return bind.execute(
        sa.select(member.c.organisation_id, member.c.group_id)
        .join(group, group.c.id == member.c.group_id)
        .where(group.c.archived_at.is_(None))
        .order_by(member.c.organisation_id, member.c.group_id)
    ).all()


def _leave_newer_groups(bind):
    kept = {}
    for org_id, group_id in _active_memberships(bind):
        if org_id not in kept:
            kept[org_id] = group_id
            continue
        bind.execute(
            member.delete().where(
                member.c.group_id == group_id, member.c.organisation_id == org_id
            )
        )
        after = {
            'organisation_id': org_id,
            'note': NOTE + f"l'organisation reste dans le groupe {kept[org_id]}, plus ancien.",
        }
        contact = bind.execute(
            sa.select(group.c.contact_user_id)
            .join(account, account.c.id == group.c.contact_user_id)
            .where(group.c.id == group_id, account.c.organisation_id == org_id)
        ).scalar()
        if contact is not None:
            bind.execute(group.update().where(group.c.id == group_id).values(contact_user_id=None))
            after['contact_user_id'] = None
        _audit(bind, group_id, 'group.member_remove', after=after)


def _archive_groups_too_small(bind):
    counts = (
        sa.select(sa.func.count())
        .where(member.c.group_id == group.c.id)
        .scalar_subquery()
    )
    small = bind.execute(
        sa.select(group.c.id).where(group.c.archived_at.is_(None), counts < 2).order_by(group.c.id)
    ).scalars().all()
    for group_id in small:
        bind.execute(group.update().where(group.c.id == group_id).values(archived_at=_now()))
        _audit(
            bind,
            group_id,
            'group.archive',
            after={'note': NOTE + "moins de deux organisations après le nettoyage."},
        )


def _fill_keys_and_rename_duplicates(bind):
    rows = bind.execute(
        sa.select(group.c.id, group.c.name, group.c.archived_at).order_by(group.c.id)
    ).all()
    taken = set()
    for group_id, name, archived_at in rows:
        key = normalise_key(name)
        if archived_at is None:
            if key in taken:
                suffix = f" (groupe {group_id})"
                new_name = name[: 120 - len(suffix)].rstrip() + suffix
                key = normalise_key(new_name)
                bind.execute(group.update().where(group.c.id == group_id).values(name=new_name))
                _audit(
                    bind,
                    group_id,
                    'group.rename',
                    before={'name': name},
                    after={'name': new_name, 'note': NOTE + "un groupe actif plus ancien porte ce nom."},
                )
            taken.add(key)
        bind.execute(group.update().where(group.c.id == group_id).values(name_key=key))


def upgrade():
    op.add_column('group_member', sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.add_column('territorial_group', sa.Column('name_key', sa.Text(), server_default='', nullable=False))
    if op.get_context().dialect.name == 'postgresql':
        op.alter_column('territorial_group', 'name_key', server_default=None)

    bind = op.get_bind()
    _leave_newer_groups(bind)
    _archive_groups_too_small(bind)
    _fill_keys_and_rename_duplicates(bind)
    archived = sa.select(group.c.id).where(group.c.archived_at.is_not(None))
    bind.execute(member.update().where(member.c.group_id.in_(archived)).values(active=False))

    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.create_index('uq_group_member_active_organisation', ['organisation_id'], unique=True, sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))

    with op.batch_alter_table('territorial_group', schema=None) as batch_op:
        batch_op.create_index('uq_territorial_group_active_name', ['name_key'], unique=True, sqlite_where=sa.text('archived_at IS NULL'), postgresql_where=sa.text('archived_at IS NULL'))


def downgrade():
    # The cleaning is not undone. Plain DROP COLUMN (SQLite 3.35+), not a table rebuild:
    # see the module's docstring.
    with op.batch_alter_table('territorial_group', schema=None) as batch_op:
        batch_op.drop_index('uq_territorial_group_active_name', sqlite_where=sa.text('archived_at IS NULL'), postgresql_where=sa.text('archived_at IS NULL'))

    with op.batch_alter_table('group_member', schema=None) as batch_op:
        batch_op.drop_index('uq_group_member_active_organisation', sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))

    op.drop_column('territorial_group', 'name_key')
    op.drop_column('group_member', 'active')
