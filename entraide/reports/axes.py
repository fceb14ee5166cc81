"""The report's part on the agreement's four axes: figures per axis, the dated list of the
actions, and the annex of the pièces justificatives (as ``(headers, rows)`` tables too).

Axis 1 counts the registered actions plus the group meetings and the pairing meetings of
the period, which are never typed in the register (no double count).
"""

from ..actions import queries as actions
from ..models.action import AXIS_SHORT
from ..text import plural

AXIS_HEADERS = [
    "Axe",
    "Actions du registre",
    "Rencontres de groupe",
    "Rencontres de parrainage",
    "Total",
    "Personnes présentes (cumul)",
    "Organisations présentes (cumul)",
    "Prévues",
    "Annulées",
]
LIST_HEADERS = [
    "Axe",
    "Date",
    "Action",
    "Type",
    "Statut",
    "Lieu",
    "Accueil",
    "Partenaires et présentes",
    "Public",
    "Personnes",
    "Organisations",
]
AXIS_LIST_HEADERS = ["Date", "Action", "Lieu", "Accueil", "Public", "Présentes"]
DOCUMENT_HEADERS = ["Pièce", "Type de pièce", "Format", "Action", "Date de l'action"]


def axis_summary(period, group_meetings: int, pairing_meetings: int) -> list[dict]:
    figures = actions.axis_figures(period.start, period.end)
    return actions.axis_rows(figures, group_meetings, pairing_meetings)


def axis_table_rows(axes: list[dict]) -> list[list]:
    return [
        [
            a["label"],
            a["actions"],
            a["group_meetings"],
            a["pairing_meetings"],
            a["total"],
            a["people"],
            a["organisations"],
            a["planned"],
            a["cancelled"],
        ]
        for a in axes
    ]


def list_rows(action_list) -> list[list]:
    return [
        [
            AXIS_SHORT.get(a.axis, a.axis),
            a.when,
            a.title,
            a.kind_label,
            a.status_label,
            a.place,
            ", ".join(a.host_names),
            ", ".join(a.partner_names),
            ", ".join(a.audience_labels),
            a.people_count,
            a.organisations_count,
        ]
        for a in action_list
    ]


def document_rows(documents) -> list[list]:
    return [
        [d.original_name, d.kind_label, d.type_label, d.action.title, d.action.when]
        for d in documents
    ]


def presence(action) -> str:
    """« 25 personnes, 4 organisations » (what was counted), or « — »."""
    parts = []
    if action.people_count is not None:
        parts.append(plural(action.people_count, "personne"))
    if action.organisations_count is not None:
        parts.append(plural(action.organisations_count, "organisation"))
    return ", ".join(parts) or "—"


def listed_in_pdf(action_list, limit: int) -> list:
    """The actions an axis lists in the PDF: all of them up to ``limit``; beyond, the
    ``limit`` most attended (held first, then by people present), in date order.

    A real year holds a few dozen actions; a register of hundreds would make the bilan a
    directory the funder cannot read (and take minutes to lay out): the spreadsheet and
    the CSV joined to it list them all.
    """
    if len(action_list) <= limit:
        return list(action_list)
    ranked = sorted(
        action_list,
        key=lambda a: (a.status != "held", -(a.people_count or 0), a.held_on, a.id),
    )
    return sorted(ranked[:limit], key=lambda a: (a.held_on, a.id))


def axis_list_rows(action_list) -> list[list]:
    """One axis' actions for the PDF (the axis is the table's title; a planned one says so)."""
    return [
        [
            a.when + ("" if a.status == "held" else f" ({a.status_label.lower()})"),
            a.title,
            a.place or "—",
            ", ".join(a.host_names) or "—",
            ", ".join(a.audience_labels) or "—",
            presence(a),
        ]
        for a in action_list
    ]
