"""The report of a period: every aggregate, and the same figures as ``(headers, rows)`` tables.

The dashboard, the PDF, the spreadsheet and the CLI all start from :func:`build_report`, so
that a period gives the same numbers everywhere.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..actions import queries as action_queries
from ..models.followup import MEETING_FORMATS
from ..models.group import MEETING_KINDS
from ..models.organisation import STATUSES
from ..models.pairing import PAIRING_STATUSES
from ..suggestions import territory_table
from ..text import Hours
from ..themes import SECTORS, THEMES
from . import axes, queries
from .period import Period

# The Département's support, as its communication rules ask (domain.md).
SUPPORT_MENTION = "62 Pas-de-Calais, Mon Département"
WORKSHOP_COUNT = 5
CENT = Decimal("0.01")


@dataclass
class Table:
    """One sheet of the spreadsheet: a name (31 characters at most), headers and rows."""

    name: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    truncated: bool = False  # only the first rows are shown (page, PDF)


@dataclass
class Report:
    period: Period
    organisations: queries.OrganisationFigures
    themes: dict
    workshops: list[dict]
    pairings: dict
    first_meeting: dict
    followups: dict
    group_meetings: dict
    help_requests: dict
    balance: list[dict]
    territories: list[dict]
    hourly_rate: Decimal
    volunteer_hours: Decimal
    volunteer_amount: Decimal
    # The agreement's four axes (reports/axes.py): figures, dated actions, their documents.
    axes: list[dict] = field(default_factory=list)
    actions: list = field(default_factory=list)
    documents: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.organisations.total
            or self.pairings["total"]
            or self.followups["count"]
            or self.group_meetings["count"]
            or self.help_requests["posted"]
            or self.actions
        )


def workshops(themes: dict, period: Period) -> list[dict]:
    """Themes with the most open needs and the fewest offers: workshops to propose."""
    ranked = sorted(
        (code for code, f in themes.items() if f["open"] > 0),
        # The widest gap between needs and offers first, then the most needs.
        key=lambda code: (
            themes[code]["offers"] - themes[code]["open"],
            -themes[code]["open"],
            code,
        ),
    )[:WORKSHOP_COUNT]
    hosts = queries.hosts_by_theme(ranked, period)
    return [
        {
            "theme": code,
            "label": THEMES.get(code, code),
            "open": themes[code]["open"],
            "offers": themes[code]["offers"],
            "hosts": hosts.get(code, []),
        }
        for code in ranked
    ]


def build_report(period: Period) -> Report:
    """All the figures of a period (a bounded number of queries, whatever the data size)."""
    themes = queries.needs_by_theme(period)
    followups = queries.followups(period)
    group_meetings = queries.group_meetings(period)
    rate = queries.hourly_rate()
    hours = followups["hours"] + group_meetings["hours"]
    return Report(
        period=period,
        organisations=queries.organisations(period),
        themes=themes,
        workshops=workshops(themes, period),
        pairings=queries.pairings(period),
        first_meeting=queries.validation_to_first_meeting(period),
        followups=followups,
        group_meetings=group_meetings,
        help_requests=queries.help_requests(period),
        balance=queries.balance(period),
        territories=queries.by_territory(
            period, territory_table.assignments(), territory_table.territory_names()
        ),
        hourly_rate=rate,
        volunteer_hours=hours,
        volunteer_amount=(hours * rate).quantize(CENT, rounding=ROUND_HALF_UP),
        axes=axes.axis_summary(period, group_meetings["count"], followups["count"]),
        actions=action_queries.dated_list(period.start, period.end),
        documents=action_queries.documents(period.start, period.end),
    )


def valuation_rows(report: Report) -> list[list]:
    """The "contributions volontaires en nature" lines, charges (864) and resources (870)."""
    hours, rate, amount = Hours(report.volunteer_hours), report.hourly_rate, report.volunteer_amount
    return [
        ["864", "Personnel bénévole (emploi des contributions volontaires)", hours, rate, amount],
        ["870", "Bénévolat (contributions volontaires en nature)", hours, rate, amount],
    ]


BALANCE_HEADERS = [
    "Organisation",
    "Parrainages comme marraine",
    "Parrainages comme filleule",
    "Réponses aux appels données",
    "Réponses aux appels reçues",
    "Solde (donné − reçu)",
]


def balance_rows(report: Report) -> list[list]:
    return [
        [r["name"], r["mentor"], r["mentee"], r["given"], r["received"], r["balance"]]
        for r in report.balance
    ]


def _counts(name: str, first: str, counter, labels: dict) -> Table:
    rows = [[labels.get(code, code), n] for code, n in sorted(counter.items()) if n]
    return Table(name, [first, "Nombre"], rows)


def tables(report: Report) -> list[Table]:
    """Every table underlying the report, in the order of the spreadsheet's sheets."""
    orgs, pairings = report.organisations, report.pairings
    durations, first = pairings["durations_days"], report.first_meeting
    help_ = report.help_requests
    return [
        Table(
            "Synthèse",
            ["Indicateur", "Valeur"],
            [
                ["Période", report.period.label],
                ["Organisations membres", orgs.total],
                ["dont nouvelles sur la période", orgs.new],
                ["Jeunes SCIC et projets", orgs.young],
                ["SCIC expérimentées", orgs.experienced],
                ["Parrainages suivis sur la période", pairings["total"]],
                ["Rencontres de parrainage", report.followups["count"]],
                ["Rencontres de groupe", report.group_meetings["count"]],
                ["Appels à l'entraide publiés", help_["posted"]],
                ["Heures de bénévolat", Hours(report.volunteer_hours)],
                ["Taux horaire (€)", report.hourly_rate],
                ["Valorisation du bénévolat (€)", report.volunteer_amount],
            ],
        ),
        _counts("Organisations par statut", "Statut", orgs.by_status, STATUSES),
        _counts("Organisations par secteur", "Secteur", orgs.by_sector, SECTORS),
        Table(
            "Organisations par EPCI",
            ["EPCI", "Nombre"],
            [[epci, n] for epci, n in sorted(orgs.by_epci.items())],
        ),
        Table(
            "Par territoire",
            [
                "Territoire",
                "Organisations membres",
                "dont jeunes SCIC et projets",
                "Parrainages (territoire de la filleule)",
                "Rencontres de groupe (lieu d'accueil)",
            ],
            [
                [t["territory"], t["organisations"], t["young"], t["pairings"], t["meetings"]]
                for t in report.territories
            ],
        ),
        Table(
            "Besoins et offres par thème",
            ["Thème", "Besoins déclarés", "Besoins satisfaits", "Besoins ouverts", "Offres"],
            [
                [label, f["declared"], f["met"], f["open"], f["offers"]]
                for code, label in THEMES.items()
                if (f := report.themes.get(code))
            ],
        ),
        Table(
            "Ateliers proposés",
            ["Thème", "Besoins ouverts", "Offres", "Organisations pouvant animer"],
            [[w["label"], w["open"], w["offers"], ", ".join(w["hosts"])] for w in report.workshops],
        ),
        _counts("Parrainages par statut", "Statut", pairings["by_status"], PAIRING_STATUSES),
        Table(
            "Durées et délais",
            ["Indicateur", "Nombre", "Moyenne (jours)", "Médiane (jours)"],
            [
                [
                    "Durée des parrainages terminés",
                    durations["count"],
                    durations["mean"],
                    durations["median"],
                ],
                [
                    "Délai validation → 1re rencontre",
                    first["count"],
                    first["mean"],
                    first["median"],
                ],
                ["Parrainages validés sans rencontre", first["without_meeting"], None, None],
            ],
        ),
        Table(
            "Rencontres de parrainage",
            ["Format", "Rencontres", "Heures de bénévolat", "Durée (minutes)"],
            [
                [MEETING_FORMATS.get(code, code), f["count"], Hours(f["hours"]), f["minutes"]]
                for code, f in sorted(report.followups["by_format"].items())
            ],
        ),
        Table(
            "Rencontres de groupe",
            ["Type", "Rencontres", "Participations", "Heures de bénévolat"],
            [
                [MEETING_KINDS.get(code, code), f["count"], f["attendance"], Hours(f["hours"])]
                for code, f in sorted(report.group_meetings["by_kind"].items())
            ],
        ),
        Table(
            "Appels à l'entraide",
            ["Indicateur", "Nombre"],
            [
                ["Appels publiés", help_["posted"]],
                ["Appels ayant reçu une réponse", help_["answered"]],
                ["Réponses", help_["answers"]],
                ["Appels clos", help_["closed"]],
                ["Appels résolus", help_["solved"]],
            ],
        ),
        Table("Entraide par SCIC", BALANCE_HEADERS, balance_rows(report)),
        Table(
            "Valorisation du bénévolat",
            ["Compte", "Libellé", "Heures", "Taux horaire (€)", "Montant (€)"],
            valuation_rows(report),
        ),
    ]


def action_tables(report: Report) -> list[Table]:
    """The four axes' tables, after the others (sheets of the spreadsheet, PDF annex)."""
    return [
        Table("Actions par axe", axes.AXIS_HEADERS, axes.axis_table_rows(report.axes)),
        Table("Actions datées", axes.LIST_HEADERS, axes.list_rows(report.actions)),
        Table("Pièces justificatives", axes.DOCUMENT_HEADERS, axes.document_rows(report.documents)),
    ]
