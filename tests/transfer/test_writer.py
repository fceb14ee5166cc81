"""The CSV writer: spreadsheet-friendly bytes, safe against formula injection (pure)."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entraide.core.csvcells import escape_formula, unescape_formula, write_csv


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+33 3 21", "'+33 3 21"),
        ("-1.5", "'-1.5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=déjà", "''=déjà"),  # already quoted: one more, so that the import is exact
        ("'bonjour", "'bonjour"),
        ("Lens", "Lens"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_escape_formula(value, escaped):
    assert escape_formula(value) == escaped
    assert unescape_formula(escaped) == value


@given(st.text())
def test_unescape_undoes_escape(value):
    assert unescape_formula(escape_formula(value)) == value


@given(st.text())
def test_escaped_cells_never_start_a_formula(value):
    assert escape_formula(value)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_write_csv_bom_semicolon_crlf_and_types():
    data = write_csv(["name", "lat", "note"], [["Coop; Arras", -1.5, None], ["B", 2, "x\ny"]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "name;lat;note"
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows == [["name", "lat", "note"], ["Coop; Arras", "-1.5", ""], ["B", "2", "x\ny"]]


def test_write_csv_without_bom_with_comma():
    assert write_csv(["a", "b"], [["1", "2"]], delimiter=",", bom=False) == b"a,b\r\n1,2\r\n"


def test_numbers_stay_numbers_and_only_text_is_guarded():
    from decimal import Decimal

    from entraide.core.csvcells import write_csv

    text = write_csv(["n"], [[-4], [Decimal("-2.50")], [1.5], ["-4"], [True]], bom=False)
    assert text.decode().split("\r\n")[1:-1] == ["-4", "-2.50", "1.5", "'-4", "True"]


def test_a_french_spreadsheet_file_writes_numbers_with_a_decimal_comma():
    from decimal import Decimal

    rows = [[Decimal("-120.50")], [Decimal("1E+3")], [20.29], [7], ["2.5 h"]]
    text = write_csv(["n"], rows, bom=False, decimal_comma=True)
    # Numbers (never guarded, even negative); text stays as typed.
    assert text.decode().split("\r\n")[1:-1] == ["-120,50", "1000", "20,29", "7", "2.5 h"]


@pytest.mark.parametrize("trigger", ["\uff1d", "\uff0b", "\uff0d", "\uff20"])
def test_full_width_formula_triggers_are_guarded_and_round_trip(trigger):
    from entraide.core.csvcells import escape_formula, unescape_formula

    cell = trigger + "SOMME(A1:A2)"
    assert escape_formula(cell) == "'" + cell
    assert unescape_formula(escape_formula(cell)) == cell
    assert unescape_formula(escape_formula("'" + cell)) == "'" + cell
