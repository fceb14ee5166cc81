"""The report's fixed wording about the Département's support, in one place.

Article 7 of the convention asks for the Département's logo and the amount of its aid on
every support: :func:`support_sentence` is that mention, read on the cover of the PDF, the
spreadsheet's cover sheet and the PDF's last lines.
"""

from decimal import Decimal

from babel.numbers import format_decimal

from ..models.action import AXES
from ..text import LOCALE, format_euros

# The Département's logo line, as its communication rules ask (domain.md, article 7).
SUPPORT_MENTION = "62 Pas-de-Calais, Mon Département"
# What the aid funds: the network's animation as a whole, not only the mutual aid.
FUNDED_PROGRAMME = "Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais"
FUNDER_NAME = "le Département du Pas-de-Calais"


def aid_euros(amount: Decimal) -> str:
    """« 17 500 € » for a whole amount (as the convention writes it), else « 17 500,50 € »."""
    if amount == amount.to_integral_value():
        return format_decimal(amount, format="#,##0", locale=LOCALE) + "\u00a0€"
    return format_euros(amount)


def support_sentence(aid_amount: Decimal | None) -> str:
    """« Action soutenue par le Département du Pas-de-Calais à hauteur de 17 500 € »."""
    if not aid_amount:
        return f"Action soutenue par {FUNDER_NAME}"
    return f"Action soutenue par {FUNDER_NAME} à hauteur de {aid_euros(aid_amount)}"


# The four axes of the programme (article 2 of the agreement), as the report titles them;
# their wording lives with the register of actions (one source).
AXIS_TITLES = {axis: f"Axe {axis} – {text}" for axis, text in AXES.items()}
