"""Matching settings: the CHECK constraints take the declared bounds (those the form had)

The bounds of the ten settings are now declared once (entraide/matching/settings.py).
Three constraints were looser than the form: the weights had no upper bound, the half
distance was only positive, the group sizes had no upper bound. They now check the
declared bounds; their names stay. ``top_k_range`` and ``min_score_range`` keep their
bounds (``min_score >= 0 AND min_score <= 1`` is ``min_score BETWEEN 0 AND 1``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_WEIGHTS = ('w_complementarity', 'w_text', 'w_proximity', 'w_experience', 'w_affinity')

_UPGRADED = {
    'weights_positive': ' AND '.join(f'{name} BETWEEN 0 AND 10' for name in _WEIGHTS),
    'half_distance_positive': 'half_distance_km BETWEEN 1 AND 300',
    'group_sizes': 'group_min_size BETWEEN 1 AND 50 AND group_max_size BETWEEN 1 AND 100 '
    'AND group_max_size >= group_min_size',
}

_PREVIOUS = {
    'weights_positive': ' AND '.join(f'{name} >= 0' for name in _WEIGHTS),
    'half_distance_positive': 'half_distance_km > 0',
    'group_sizes': 'group_min_size >= 1 AND group_max_size >= group_min_size',
}


def _replace_constraints(conditions):
    with op.batch_alter_table('matching_settings', schema=None) as batch_op:
        for name, condition in conditions.items():
            full_name = f'ck_matching_settings_{name}'
            batch_op.drop_constraint(batch_op.f(full_name), type_='check')
            batch_op.create_check_constraint(batch_op.f(full_name), condition)


def upgrade():
    _replace_constraints(_UPGRADED)


def downgrade():
    _replace_constraints(_PREVIOUS)
