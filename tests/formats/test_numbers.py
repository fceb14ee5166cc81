"""Numbers as the French read them, the same whichever way they are formatted."""

from decimal import Decimal

import pytest
from babel.numbers import format_decimal

from entraide.text import Hours, format_number

NNBSP = "\u202f"


@pytest.mark.parametrize(
    "value", [0, 7, -7, 999, 1000, -1234, 1234567, -98765432, 10**15, Decimal("2500")]
)
def test_whole_numbers_group_thousands_as_babel_does(value):
    assert format_number(value) == format_decimal(value, format="#,##0", locale="fr_FR")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234, f"1{NNBSP}234"),
        (Decimal("1234.5"), f"1{NNBSP}234,50"),
        (Hours("1.5"), "1,5"),
        (2.25, "2,2"),
    ],
)
def test_numbers_read_the_french_way(value, shown):
    assert format_number(value) == shown
