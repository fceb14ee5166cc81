"""Amounts in euros as a French coordinator types them (no request, no session).

« 17 500 », « 1286,50 », « 1 286.5 » are read; a negative amount, a third decimal, a
letter or an exponent are refused with a French message, never rounded away.
"""

import re
from decimal import Decimal, InvalidOperation

from ..models.convention import MAX_AMOUNT
from ..text import format_euros

# Digits, at most one decimal separator and two decimals; spaces between thousands
# (ordinary, no-break or narrow no-break) are dropped before this is checked.
_AMOUNT = re.compile(r"(?P<units>[0-9]+)(?:[.,](?P<cents>[0-9]*))?")
_SPACES = str.maketrans({" ": None, "\u00a0": None, "\u202f": None})


class AmountError(ValueError):
    """The text is not an amount; ``str(error)`` says why, in French."""


def parse_amount(text: str | None) -> Decimal | None:
    """The amount in ``text`` (None when empty), or AmountError with the reason in French."""
    value = (text or "").strip().translate(_SPACES)
    if not value:
        return None
    if value.startswith("-"):
        raise AmountError("Un montant ne peut pas être négatif.")
    match = _AMOUNT.fullmatch(value.removeprefix("+"))
    if match is None:
        raise AmountError(f"Montant illisible : « {value[:20]} » (exemples : 1 250 ou 1 250,50).")
    cents = match["cents"] or ""
    if len(cents) > 2:
        raise AmountError("Deux décimales au plus : les centimes.")
    try:
        amount = Decimal(f"{match['units']}.{cents or '0'}").quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise AmountError("Montant illisible.") from None
    if amount > MAX_AMOUNT:
        raise AmountError(f"Montant trop élevé : {format_euros(MAX_AMOUNT)} au plus.")
    return amount


def input_value(amount: Decimal | None) -> str:
    """An amount as a form field shows it: « 1286,50 », « 17500 » (no thousands spaces,
    so that what is shown is typed back unchanged)."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return str(int(amount))
    return f"{amount:.2f}".replace(".", ",")
