"""Hypothesis strategies for hostile form values (strings only: that is what a browser sends).

Every strategy yields values the test client can encode (no lone surrogates); what the
browser would never send (NUL, control characters, 100 000 characters) is included.
"""

from datetime import date

from hypothesis import strategies as st

# Payloads a hostile or clumsy user types: formulas, markup, SQL, paths, format strings.
PAYLOADS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example";"clic")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE organisation; --",
    "' OR '1'='1",
    "../../etc/passwd",
    "%s%s%s%n",
    "{{ 7*7 }}",
    "{% raw %}",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "   ",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0x10",
    "١٢",  # Arabic-Indic digits: int() accepts them
    "²",  # a digit for str.isdigit(), not for int()
    "9" * 30,
    "-" + "9" * 30,
)

_CHARS = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be encoded
_CONTROL = st.characters(min_codepoint=0, max_codepoint=31)


def long_text(min_size: int = 1_000, max_size: int = 100_000):
    """A long string, built cheaply (one repeated chunk)."""
    return st.tuples(st.text(_CHARS, min_size=1, max_size=5), st.integers(min_size, max_size)).map(
        lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]]
    )


def nasty_text():
    """Any string a request may carry."""
    return st.one_of(
        st.text(_CHARS, max_size=60),
        st.text(_CONTROL, max_size=10),
        st.sampled_from(PAYLOADS),
        long_text(),
    )


def numbers():
    """Numbers as text: in range, out of range, overflowing, not numbers at all."""
    return st.one_of(
        st.integers(-(2**70), 2**70).map(str),
        st.integers(-5, 60).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats(-1000, 1000).map(lambda x: str(x).replace(".", ",")),
        nasty_text(),
    )


def dates():
    """Dates as text: real (from year 1 to 9999), impossible, other formats, garbage."""
    return st.one_of(
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
        st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)).map(date.isoformat),
        st.sampled_from(
            [
                "2024-02-30",
                "2023-02-29",
                "0000-00-00",
                "2024-13-01",
                "31/12/2024",
                "2024-1-1",
                "9999-12-31",
                "0001-01-01",
                "+002024-01-01",
                "2024-01-01T00:00",
                "20240101",
            ]
        ),
        nasty_text(),
    )


def ids(*known: int):
    """Identifiers: the world's (of this SCIC or another), unknown, negative, huge, garbage."""
    values = st.one_of(
        st.integers(-(2**64), 2**64),
        st.sampled_from([0, -1, 2**31, 2**63]),
    )
    if known:
        values = st.one_of(st.sampled_from(known), values)
    return st.one_of(values.map(str), nasty_text())


def choice(*good: str):
    """A select or radio value: one of the valid ones, or anything."""
    return st.one_of(st.sampled_from(good), nasty_text()) if good else nasty_text()


def boolean():
    return st.sampled_from(["y", "on", "1", "true", "false", "", "0", "\x00"])


def several(strategy, max_size: int = 4):
    """A field sent several times (multi-selects, or a single field repeated)."""
    return st.lists(strategy, max_size=max_size)


def form(**fields):
    """A form body where each field may be missing (browsers and scripts omit fields)."""
    return st.fixed_dictionaries({}, optional=fields)
