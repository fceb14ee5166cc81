"""French telephone numbers: what a person may type, what is stored, what is shown.

Stored: the ten national digits ("0321123456"), the one form every French number has,
overseas departments included (0262…, 0590…, 0594…, 0596…). Shown: in pairs
("03 21 12 34 56"). Typed: the national form with any of the usual separators
(spaces, dots, dashes, slashes), or the international one: +33 or 0033, with or
without the "(0)" some write after it, and +262, +590, +594, +596 for the overseas
departments, whose national numbers are those digits after a 0. Pure: no Flask, no
database.
"""

import re

PHONE_MAX = 10  # the stored national digits
PHONE_INPUT_MAX = 30  # what a form accepts before even reading it
PHONE_PROBLEM = (
    "Numéro de téléphone invalide : écrivez un numéro français à dix chiffres, "
    "par exemple 03 21 12 34 56 ou +33 3 21 12 34 56."
)

_SEPARATORS = re.compile(r"[\s.\-/\u00a0\u202f]+")
_NATIONAL = re.compile(r"0[1-9][0-9]{8}")
# +33 (metropolitan France), and the overseas departments with their own country code.
_INTERNATIONAL = re.compile(r"(?:\+|00)(?:33|262|590|594|596)(?:\(0\))?([1-9][0-9]{8})")


def normalise_phone(text: str | None) -> str | None:
    """The stored form of a typed number, None when empty; ValueError (French) if invalid."""
    compact = _SEPARATORS.sub("", text or "")
    if not compact:
        return None
    if len(compact) > PHONE_INPUT_MAX:
        raise ValueError(PHONE_PROBLEM)
    if _NATIONAL.fullmatch(compact):
        return compact
    match = _INTERNATIONAL.fullmatch(compact)
    if match:
        return "0" + match.group(1)
    raise ValueError(PHONE_PROBLEM)


def format_phone(stored: str | None) -> str:
    """The stored national digits in pairs, "03 21 12 34 56" (anything else as it is)."""
    if not stored:
        return ""
    if _NATIONAL.fullmatch(stored):
        return " ".join(stored[i : i + 2] for i in range(0, 10, 2))
    return stored
