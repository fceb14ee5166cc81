"""French phone numbers: accepted forms, stored form, display (entraide.phone, pure)."""

import pytest

from entraide.phone import PHONE_PROBLEM, format_phone, normalise_phone


@pytest.mark.parametrize(
    "typed",
    [
        "03 21 12 34 56",
        "0321123456",
        "03.21.12.34.56",
        "03-21-12-34-56",
        "03/21/12/34/56",
        " 03\u00a021\u202f12 34 56 ",
        "+33 3 21 12 34 56",
        "+33 (0)3 21 12 34 56",
        "+33321123456",
        "0033 3 21 12 34 56",
    ],
)
def test_usual_french_forms_are_one_number(typed):
    assert normalise_phone(typed) == "0321123456"
    assert format_phone(normalise_phone(typed)) == "03 21 12 34 56"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "0612345678"),
        ("+262 262 12 34 56", "0262123456"),  # La Réunion
        ("+590 590 12 34 56", "0590123456"),  # Guadeloupe
        ("09 70 12 34 56", "0970123456"),
    ],
)
def test_mobiles_and_overseas_departments(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("empty", [None, "", "   ", " . - "])
def test_nothing_typed_is_no_number(empty):
    assert normalise_phone(empty) is None


@pytest.mark.parametrize(
    "bad",
    [
        "abc",
        "03 21 12 34 5",  # nine digits
        "03 21 12 34 567",  # eleven
        "00 21 12 34 56",  # no 00 prefix
        "3 21 12 34 56",
        "+44 20 7946 0958",  # not French
        "+33 0 3 21 12 34 56",
        "03 21 12 34 56 poste 12",
        "٠٣٢١١٢٣٤٥٦",  # Arabic-Indic digits
        "03٢١١٢٣٤٥٦",  # ASCII only after the prefix too
        "+33 ٣٢١١٢٣٤٥٦",
        "0" * 40,
        "+33(0)",
    ],
)
def test_anything_else_is_refused_in_french(bad):
    with pytest.raises(ValueError, match="Numéro de téléphone invalide") as caught:
        normalise_phone(bad)
    assert str(caught.value) == PHONE_PROBLEM


def test_display_leaves_an_unexpected_stored_value_alone():
    assert format_phone(None) == ""
    assert format_phone("12") == "12"
