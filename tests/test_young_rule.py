"""Organisation.is_young: one rule, the same in Python and in SQL."""

import pytest
from sqlalchemy import select

from entraide.core.extensions import db
from entraide.models import Organisation
from entraide.themes import YOUNG_SINCE_YEAR

# (status, year_created, young?): the boundary 2020/2021 and the unknown year included.
CASES = [
    ("scic", None, False),  # unknown year: counted with the experienced ones
    ("scic", 1995, False),
    ("scic", YOUNG_SINCE_YEAR - 1, False),
    ("scic", YOUNG_SINCE_YEAR, True),
    ("scic", 2025, True),
    ("projet", None, True),
    ("projet", 1995, True),
    ("projet", YOUNG_SINCE_YEAR - 1, True),
    ("projet", YOUNG_SINCE_YEAR, True),
]


def test_boundary_is_2021():
    assert YOUNG_SINCE_YEAR == 2021


@pytest.fixture
def organisations(make):
    return {
        make.organisation(f"Cas {i}", status=status, year_created=year).id: expected
        for i, (status, year, expected) in enumerate(CASES)
    }


def test_python_and_sql_sides_agree(organisations):
    db.session.expire_all()
    python_side = {o.id: o.is_young for o in db.session.scalars(select(Organisation))}
    rows = db.session.execute(select(Organisation.id, Organisation.is_young)).all()
    sql_side = {id_: value for id_, value in rows}
    assert None not in sql_side.values()  # never NULL, so that NOT is_young is its complement
    assert {k: bool(v) for k, v in sql_side.items()} == python_side == organisations


def test_where_and_where_not_split_every_organisation(organisations):
    young = set(db.session.scalars(select(Organisation.id).where(Organisation.is_young)))
    elder = set(db.session.scalars(select(Organisation.id).where(~Organisation.is_young)))
    assert young == {id_ for id_, expected in organisations.items() if expected}
    assert elder == {id_ for id_, expected in organisations.items() if not expected}
