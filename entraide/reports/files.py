"""The tables of the report's files, in the order the funder reads them: the cover, the
figures' tables, the four axes' figures and dated actions, the group meetings, each
convention's financial statement, each axis's narrative, the approved testimonies and the
annex of pièces justificatives. The spreadsheet has one sheet per table; the zip one CSV each.

The testimonies come from ``testimonies.queries.shown`` only (approved, names replaced).
"""

from ..conventions.queries import covering, statements_for
from ..models.narrative import NARRATIVE_PARTS
from ..testimonies import queries as testimonies
from . import narratives
from .build import Table
from .cover import cover_rows
from .period import Period
from .queries.meetings import MEETING_LIST_HEADERS, group_meeting_list
from .tables import action_tables, build_report, tables
from .wording import AXIS_TITLES

COVER_NAME = "Couverture"


def cover_table(period: Period) -> Table:
    conventions = covering(period.start, period.end)
    aid = sum(c.aid_amount for c in conventions) if conventions else None
    return Table(COVER_NAME, ["Rubrique", "Valeur"], cover_rows(conventions, period, aid))


def narratives_table(period: Period) -> Table:
    rows = []
    for axis, row in narratives.of_year(period.year).items():
        for part, label in NARRATIVE_PARTS.items():
            if row is not None and getattr(row, part):
                rows.append([AXIS_TITLES[axis], label, getattr(row, part)])
    return Table("Conditions et résultats par axe", ["Axe", "Partie", "Texte"], rows)


def testimonies_table(period: Period) -> Table:
    return Table(
        "Témoignages",
        ["Témoignage", "Attribution"],
        [[shown.quote, shown.title] for shown in testimonies.shown(period.year)],
    )


def meetings_table(period: Period) -> Table:
    return Table("Liste des rencontres de groupe", MEETING_LIST_HEADERS, group_meeting_list(period))


def statement_tables(period: Period) -> list[Table]:
    return [
        Table(f"Bilan financier {convention.reference}", headers, rows)
        for convention, headers, rows in statements_for(period.start, period.end)
    ]


def file_tables(period: Period) -> list[Table]:
    """Every table the funder's files carry (no balance, no unapproved text)."""
    report = build_report(period)
    by_axis, dated, documents = action_tables(report)
    return [
        cover_table(period),
        *tables(report),
        by_axis,
        dated,
        meetings_table(period),
        *statement_tables(period),
        narratives_table(period),
        testimonies_table(period),
        documents,  # the annex, last as in the PDF
    ]
