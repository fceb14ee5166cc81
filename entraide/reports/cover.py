"""What the funder reads first and between the figures: the cover (convention, beneficiary,
period, aid, the Département's logo and article 7's mention) and each axis's narrative."""

from decimal import Decimal

from ..branding.services import current_logo
from ..models.narrative import NARRATIVE_PARTS
from . import narratives
from .period import Period
from .wording import AXIS_TITLES, FUNDED_PROGRAMME, SUPPORT_MENTION, support_sentence

BENEFICIARY = "Cliss XXI, animatrice du Réseau des SCIC du Pas-de-Calais"


def cover_rows(conventions: list, period: Period, aid_amount: Decimal | None) -> list[list]:
    """The cover as (label, value) lines: the PDF's cover and the spreadsheet's first sheet."""
    rows = [["Programme", FUNDED_PROGRAMME]]
    for convention in conventions:
        decision = convention.decision
        if convention.decided_on is not None and not decision:  # the wording often has it
            decision = f"décision du {convention.decided_on.strftime('%d/%m/%Y')}"
        rows += [
            ["Convention", f"n° {convention.reference} – {convention.title}"],
            ["Financeur", convention.funder],
            ["Décision", decision or "non renseignée"],
            ["Bénéficiaire", convention.beneficiary],
            [
                "Période de la convention",
                f"du {convention.period_start.strftime('%d/%m/%Y')} "
                f"au {convention.period_end.strftime('%d/%m/%Y')}",
            ],
            ["Aide du Département", convention.aid_amount],
        ]
    if not conventions:
        rows += [["Convention", "à préciser"], ["Bénéficiaire", BENEFICIARY]]
    rows += [
        ["Période du bilan", period.label],
        ["Mention du soutien (article 7)", f"{SUPPORT_MENTION} – {support_sentence(aid_amount)}"],
    ]
    return rows


def cover_context(period: Period, conventions: list, aid_amount: Decimal | None) -> dict:
    return {
        "logo": current_logo(),
        "support_sentence": support_sentence(aid_amount),
        "cover_rows": cover_rows(conventions, period, aid_amount),
        "axis_titles": AXIS_TITLES,
        "narratives": narratives.of_year(period.year),
        "narrative_parts": NARRATIVE_PARTS,
    }
