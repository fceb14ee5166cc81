"""Amounts typed the French way: read exactly, or refused with the reason in French."""

from decimal import Decimal

import pytest

from entraide.conventions.amounts import AmountError, input_value, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("17500", Decimal("17500.00")),
        ("17 500", Decimal("17500.00")),
        ("17\u202f500,5", Decimal("17500.50")),  # narrow no-break space, comma
        ("17\u00a0500.25", Decimal("17500.25")),  # no-break space, dot
        ("0", Decimal("0.00")),
        ("1286,", Decimal("1286.00")),
        ("  42,10  ", Decimal("42.10")),
        ("+5", Decimal("5.00")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_french_and_dot_amounts_are_read_exactly(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "Un montant ne peut pas être négatif."),
        ("-0,01", "Un montant ne peut pas être négatif."),
        ("12,345", "Deux décimales au plus : les centimes."),
        ("0.001", "Deux décimales au plus : les centimes."),
        ("douze", "Montant illisible : « douze »"),
        ("1e3", "Montant illisible"),
        ("NaN", "Montant illisible"),
        ("Infinity", "Montant illisible"),
        ("1,2,3", "Montant illisible"),
        ("1.234,56", "Montant illisible"),
        ("١٢", "Montant illisible"),  # digits Python's Decimal would take
        ("12 €", "Montant illisible"),
        ("100000000,01", "Montant trop élevé"),
    ],
)
def test_bad_amounts_are_refused_in_french(text, message):
    with pytest.raises(AmountError) as error:
        parse_amount(text)
    assert message in str(error.value)


def test_what_a_field_shows_is_read_back_unchanged():
    for amount in (Decimal("17500.00"), Decimal("1286.50"), Decimal("0.05"), Decimal("0")):
        assert parse_amount(input_value(amount)) == amount
    assert input_value(Decimal("1286.50")) == "1286,50"
    assert input_value(None) == ""
