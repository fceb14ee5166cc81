"""Conventions with the funder and their financial statement; the per-year aid setting
becomes conventions

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 22:00:00

- ``convention``: funder, reference, decision, beneficiary, title, period, aid, the final
  report's due date, the date before which an extension must be asked, whether the report
  was handed in, the statement's status (draft or final) and a version (optimistic lock);
- ``statement_line``: the statement's lines (accounts and sub-lines) with their budget,
  réalisé and explanation;
- ``convention_reminder``: the deadline reminders already mailed (unique keys).

``report_aid`` (0005) was a second place for the same amount: each of its rows becomes a
convention over that calendar year, then the table goes. The 2024 row is the 2024
agreement (dossier 2024-03658, the amount 0005 carried from the code; see
``data/conventions.csv``), recorded with its known terms and the amount the row holds;
another year becomes « AIDE-<year> », to be completed by the coordination. Each gets the
statement lines of the 2024 budget's form (a frozen copy of ``conventions/template.py``).
Downgrading writes back one ``report_aid`` row per convention covering one calendar year.
"""
from datetime import date, datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

FUNDER = 'Département du Pas-de-Calais'
AGREEMENT_2024 = {
    'reference': '2024-03658',
    'decision': 'Commission Permanente du 27 mai 2024',
    'decided_on': date(2024, 5, 27),
    'title': "Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais",
    'report_due': date(2025, 6, 1),
    'extension_before': date(2024, 6, 30),
    'notes': 'Reprise du montant 2024 des réglages du bilan ; termes de la convention '
    '(articles 3, 4 et 6).',
}
# side, account, label, sub-lines ((account, label), ...): conventions/template.py in 0019.
TEMPLATE = [
    ('charge', '60', 'Achats', [('60', 'Autres fournitures')]),
    ('charge', '61', 'Services extérieurs', []),
    ('charge', '62', 'Autres services extérieurs', [
        ('62', 'Rémunérations intermédiaires et honoraires'),
        ('62', 'Publicité, publications'),
        ('62', 'Déplacements, missions'),
    ]),
    ('charge', '63', 'Impôts et taxes', []),
    ('charge', '64', 'Charges de personnel', [
        ('64', 'Rémunération des personnels'),
        ('64', 'Charges sociales'),
        ('64', 'Autres charges de personnel'),
    ]),
    ('charge', '65', 'Autres charges de gestion courante', []),
    ('charge', '66', 'Charges financières', []),
    ('charge', '67', 'Charges exceptionnelles', []),
    ('charge', '68', 'Dotation aux amortissements', []),
    ('charge', 'indirect', "Charges indirectes affectées à l'action",
     [('indirect', 'Charges fixes de fonctionnement')]),
    ('produit', '70', 'Ventes de produits finis, de marchandises, prestations de services', []),
    ('produit', '73', 'Dotations et produits de tarification', []),
    ('produit', '74', "Subventions d'exploitation", [('74', 'Conseil départemental')]),
    ('produit', '75', 'Autres produits de gestion courante', []),
    ('produit', '76', 'Produits financiers', []),
    ('produit', '77', 'Produits exceptionnels', []),
    ('contribution_emploi', '86', 'Emplois des contributions volontaires en nature', [
        ('860', 'Secours en nature'),
        ('861', 'Mise à disposition gratuite de biens et services'),
        ('862', 'Prestations'),
        ('864', 'Personnel bénévole'),
    ]),
    ('contribution_ressource', '87', 'Contributions volontaires en nature', [
        ('870', 'Bénévolat'),
        ('871', 'Prestations en nature'),
        ('875', 'Dons en nature'),
    ]),
]


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _create_tables():
    op.create_table(
        'convention',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('funder', sa.String(length=200), nullable=False),
        sa.Column('reference', sa.String(length=60), nullable=False),
        sa.Column('decision', sa.String(length=200), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.Column('beneficiary', sa.String(length=200), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('aid_amount', sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column('report_due', sa.Date(), nullable=True),
        sa.Column('extension_before', sa.Date(), nullable=True),
        sa.Column('report_sent', sa.Boolean(), nullable=False),
        sa.Column('report_sent_on', sa.Date(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('statement_status', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('aid_amount >= 0', name=op.f('ck_convention_aid_amount_positive')),
        sa.CheckConstraint(
            'extension_before IS NULL OR '
            '(extension_before >= period_start AND extension_before <= period_end)',
            name=op.f('ck_convention_extension_within_period'),
        ),
        sa.CheckConstraint('period_end >= period_start', name=op.f('ck_convention_period_order')),
        sa.CheckConstraint(
            'report_due IS NULL OR report_due >= period_end',
            name=op.f('ck_convention_report_due_after_period'),
        ),
        sa.CheckConstraint(
            "statement_status IN ('draft', 'final')",
            name=op.f('ck_convention_statement_status'),
        ),
        sa.ForeignKeyConstraint(
            ['updated_by_id'], ['user_account.id'],
            name=op.f('fk_convention_updated_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_convention')),
        sa.UniqueConstraint('funder', 'reference', name='uq_convention_funder_reference'),
    )
    op.create_table(
        'statement_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('convention_id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('side', sa.String(length=30), nullable=False),
        sa.Column('account', sa.String(length=10), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('budget', sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column('actual', sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column('explanation', sa.Text(), nullable=False),
        sa.CheckConstraint(
            'actual IS NULL OR actual >= 0', name=op.f('ck_statement_line_actual_positive')
        ),
        sa.CheckConstraint(
            'budget IS NULL OR budget >= 0', name=op.f('ck_statement_line_budget_positive')
        ),
        sa.CheckConstraint(
            "side IN ('charge', 'produit', 'contribution_emploi', 'contribution_ressource')",
            name=op.f('ck_statement_line_side'),
        ),
        sa.ForeignKeyConstraint(
            ['convention_id'], ['convention.id'],
            name=op.f('fk_statement_line_convention_id_convention'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['parent_id'], ['statement_line.id'],
            name=op.f('fk_statement_line_parent_id_statement_line'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_line')),
    )
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_line_convention_id'), ['convention_id'])
        batch_op.create_index(batch_op.f('ix_statement_line_parent_id'), ['parent_id'])
    op.create_table(
        'convention_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('convention_id', sa.Integer(), nullable=False),
        sa.Column('reason_key', sa.String(length=120), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['convention_id'], ['convention.id'],
            name=op.f('fk_convention_reminder_convention_id_convention'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_convention_reminder')),
        sa.UniqueConstraint('reason_key', name='uq_convention_reminder_reason_key'),
    )
    with op.batch_alter_table('convention_reminder', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_convention_reminder_convention_id'), ['convention_id']
        )


_TYPES = {
    'decided_on': sa.Date, 'period_start': sa.Date, 'period_end': sa.Date,
    'report_due': sa.Date, 'extension_before': sa.Date, 'aid_amount': sa.Numeric(12, 2),
    'report_sent': sa.Boolean, 'created_at': sa.DateTime, 'updated_at': sa.DateTime,
}
# Typed columns: the dialect writes dates and times itself (SQLite's own date adapter is
# deprecated since Python 3.12).
CONVENTION = sa.table(
    'convention',
    *(sa.column(name, _TYPES.get(name)) for name in (
        'id', 'funder', 'reference', 'decision', 'decided_on', 'beneficiary', 'title',
        'period_start', 'period_end', 'aid_amount', 'report_due', 'extension_before',
        'report_sent', 'notes', 'statement_status', 'created_at', 'updated_at',
        'updated_by_id', 'version',
    )),
)
LINE = sa.table(
    'statement_line',
    *(sa.column(name) for name in (
        'id', 'convention_id', 'parent_id', 'side', 'account', 'label', 'position',
        'explanation',
    )),
)
AID = sa.table(
    'report_aid', sa.column('year'), sa.column('amount', sa.Numeric(10, 2)),
    sa.column('updated_at', sa.DateTime), sa.column('updated_by_id'),
)


def _convention_of(year, amount, updated_by_id):
    values = {
        'funder': FUNDER,
        'reference': f'AIDE-{year}',
        'decision': '',
        'decided_on': None,
        'beneficiary': 'Cliss XXI',
        'title': f"Aide du Département pour {year} (reprise des réglages du bilan)",
        'report_due': None,
        'extension_before': None,
        'notes': f"Reprise du montant {year} des réglages du bilan : complétez la référence, "
        "la décision et les échéances.",
    }
    if year == 2024:
        values.update(AGREEMENT_2024)
    now = _now()
    return {
        **values,
        'period_start': date(year, 1, 1),
        'period_end': date(year, 12, 31),
        'aid_amount': amount,
        'report_sent': False,
        'statement_status': 'draft',
        'created_at': now,
        'updated_at': now,
        'updated_by_id': updated_by_id,
        'version': 1,
    }


def _add_statement(connection, convention_id):
    position = 0
    for side, account, label, sublines in TEMPLATE:
        position += 10
        head_id = connection.execute(
            LINE.insert().values(
                convention_id=convention_id, parent_id=None, side=side, account=account,
                label=label, position=position, explanation='',
            ).returning(LINE.c.id)
        ).scalar()
        for number, sublabel in sublines:
            position += 10
            connection.execute(
                LINE.insert().values(
                    convention_id=convention_id, parent_id=head_id, side=side,
                    account=number, label=sublabel, position=position, explanation='',
                )
            )


def upgrade():
    _create_tables()
    connection = op.get_bind()
    aids = connection.execute(
        sa.select(AID.c.year, AID.c.amount, AID.c.updated_by_id).order_by(AID.c.year)
    ).all()
    for year, amount, updated_by_id in aids:
        convention_id = connection.execute(
            CONVENTION.insert()
            .values(**_convention_of(year, amount, updated_by_id))
            .returning(CONVENTION.c.id)
        ).scalar()
        _add_statement(connection, convention_id)
    op.drop_table('report_aid')


def downgrade():
    op.create_table(
        'report_aid',
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('amount >= 0', name=op.f('ck_report_aid_amount_positive')),
        sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_report_aid_year_range')),
        sa.ForeignKeyConstraint(
            ['updated_by_id'], ['user_account.id'],
            name=op.f('fk_report_aid_updated_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('year', name=op.f('pk_report_aid')),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            CONVENTION.c.period_start, CONVENTION.c.period_end, CONVENTION.c.aid_amount,
            CONVENTION.c.updated_by_id,
        ).order_by(CONVENTION.c.id)
    ).all()
    years = {}
    for start, end, amount, updated_by_id in rows:
        one_year = start == date(start.year, 1, 1) and end == date(start.year, 12, 31)
        if one_year and 2000 <= start.year <= 2100 and amount < 10**8:
            years.setdefault(start.year, (amount, updated_by_id))
    for year, (amount, updated_by_id) in sorted(years.items()):
        connection.execute(
            AID.insert().values(
                year=year, amount=amount, updated_at=_now(), updated_by_id=updated_by_id
            )
        )
    with op.batch_alter_table('convention_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_convention_reminder_convention_id'))
    op.drop_table('convention_reminder')
    with op.batch_alter_table('statement_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_line_parent_id'))
        batch_op.drop_index(batch_op.f('ix_statement_line_convention_id'))
    op.drop_table('statement_line')
    op.drop_table('convention')
