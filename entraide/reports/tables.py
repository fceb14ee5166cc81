"""The report's figures as ``(headers, rows)`` tables: one sheet each in the spreadsheet,
the same tables on the dashboard and in the PDF."""

from ..models.followup import MEETING_FORMATS
from ..models.group import MEETING_KINDS
from ..models.organisation import STATUSES
from ..models.pairing import SATISFACTION_LEVELS
from ..text import Hours, name_list
from ..themes import AGE_GROUPS, SECTORS, THEMES
from . import axes, queries
from .build import Report, Table, build_report

__all__ = [
    "Report",
    "Table",
    "action_tables",
    "axes_table",
    "build_report",
    "documents_table",
    "tables",
]


VALUATION_HEADERS = [
    "Contribution volontaire en nature",
    "Heures",
    "Taux horaire (€)",
    "Montant (€)",
    "Emploi (charge)",
    "Ressource (produit)",
]


def valuation_rows(report: Report) -> list[list]:
    """One valuation read once: its amount, and the two accounts it balances (the same
    amount stands as a charge on 864 and as a resource on 870, it is not counted twice)."""
    return [
        [
            "Bénévolat",
            Hours(report.volunteer_hours),
            report.hourly_rate,
            report.volunteer_amount,
            "864 – Personnel bénévole",
            "870 – Bénévolat",
        ]
    ]


BALANCE_HEADERS = [
    "Organisation",
    "Parrainages comme marraine",
    "Parrainages comme filleule",
    "Réponses aux appels données",
    "Réponses aux appels reçues",
]
# The coordination's dashboard only: never in a file, never for the funder (a negative
# figure says who is being helped).
BALANCE_COLUMN = "Solde (donné − reçu), coordination seulement"


def balance_rows(report: Report, with_balance: bool = False) -> list[list]:
    return [
        [r["name"], r["mentor"], r["mentee"], r["given"], r["received"]]
        + ([r["balance"]] if with_balance else [])
        for r in report.balance
    ]


def satisfaction_table(report: Report) -> Table:
    """Count, distribution and mean of the close-out satisfaction, from each side."""
    figures = report.satisfaction
    rows = []
    for level, label in SATISFACTION_LEVELS.items():
        sides = figures["levels"].get(level, {"mentee": 0, "mentor": 0})
        rows.append([label, sides["mentee"], sides["mentor"], sides["mentee"] + sides["mentor"]])
    levels = figures["levels"].values()
    mentees = sum(s["mentee"] for s in levels)
    mentors = sum(s["mentor"] for s in levels)
    rows.append(["Bilans donnés", mentees, mentors, figures["count"]])
    rows.append(["Satisfaction moyenne (sur 5)", None, None, figures["mean"]])
    return Table(
        "Satisfaction des parrainages",
        ["Satisfaction", "Filleules", "Marraines", "Ensemble"],
        rows if figures["count"] else [],
    )


def _counts(name: str, first: str, counter, labels: dict) -> Table:
    rows = [[labels.get(code, code), n] for code, n in sorted(counter.items()) if n]
    return Table(name, [first, "Nombre"], rows)


def _states(name: str, counter, labels: dict, total_label: str) -> Table:
    """Every state in its order, zeros included, then the total."""
    rows = [[label, counter.get(code, 0)] for code, label in labels.items()]
    return Table(name, ["Situation", "Nombre"], [*rows, [total_label, sum(counter.values())]])


def synthesis(report: Report) -> Table:
    orgs, help_ = report.organisations, report.help_requests
    proposals = report.pairings["proposals"]
    rows = [
        ["Période", report.period.label],
        ["Organisations membres en fin de période", orgs.total],
        ["dont entrées dans le réseau sur la période", orgs.new],
    ]
    if orgs.since_unknown:  # the coordination fills « membre du réseau depuis »
        rows.append(["dont date d'entrée dans le réseau non renseignée", orgs.since_unknown])
    rows += [
        ["Organisations sorties du réseau sur la période", orgs.left],
        [AGE_GROUPS["young"], orgs.young],
        [AGE_GROUPS["experienced"], orgs.experienced],
        [f"SCIC dont l'{AGE_GROUPS['unknown'].lower()}", orgs.unknown_year],
        ["Parrainages suivis sur la période", report.pairings["total"]],
        [
            "Propositions de parrainage déclinées ou retirées",
            proposals.get("declined", 0) + proposals.get("withdrawn", 0),
        ],
        ["Bilans de fin de parrainage", report.satisfaction["count"]],
        ["Satisfaction moyenne en fin de parrainage (sur 5)", report.satisfaction["mean"]],
        ["Rencontres de parrainage", report.followups["count"]],
        ["Rencontres de groupe", report.group_meetings["count"]],
        ["Appels à l'entraide publiés", help_["posted"]],
        ["Heures de bénévolat", Hours(report.volunteer_hours)],
        ["Taux horaire (€)", report.hourly_rate],
        ["Valorisation du bénévolat (€)", report.volunteer_amount],
    ]
    return Table("Synthèse", ["Indicateur", "Valeur"], rows)


def territories_table(report: Report) -> Table:
    return Table(
        "Par territoire",
        [
            "Territoire",
            "Organisations membres",
            "dont jeunes SCIC et projets",
            "dont SCIC expérimentées",
            "dont année de création inconnue",
            "Parrainages suivis (territoire de la filleule)",
            "Rencontres de groupe (lieu d'accueil)",
        ],
        [
            [
                t["territory"],
                t["organisations"],
                t["young"],
                t["experienced"],
                t["unknown"],
                t["pairings"],
                t["meetings"],
            ]
            for t in report.territories
        ],
    )


def delays_table(report: Report) -> Table:
    durations, first = report.pairings["durations_days"], report.first_meeting
    return Table(
        "Durées et délais",
        ["Indicateur", "Nombre", "Moyenne (jours)", "Médiane (jours)"],
        [
            [
                "Durée des parrainages terminés ou arrêtés",
                durations["count"],
                durations["mean"],
                durations["median"],
            ],
            ["Délai validation → 1re rencontre", first["count"], first["mean"], first["median"]],
            [
                "Parrainages acceptés sans rencontre enregistrée",
                first["without_meeting"],
                None,
                None,
            ],
        ],
    )


def tables(report: Report, hosts_shown: int | None = None) -> list[Table]:
    """Every table underlying the report, in the order of the spreadsheet's sheets (the
    same for the coordination and the funder: no balance, no private text).

    ``hosts_shown``: the page and the PDF name that many workshop hosts per theme, then
    « et N autres » (the files name them all)."""
    orgs, pairings, help_ = report.organisations, report.pairings, report.help_requests
    return [
        synthesis(report),
        _counts("Organisations par statut", "Statut", orgs.by_status, STATUSES),
        _counts("Organisations par secteur", "Secteur", orgs.by_sector, SECTORS),
        Table(
            "Organisations par EPCI",
            ["EPCI", "Nombre"],
            [[epci, n] for epci, n in sorted(orgs.by_epci.items())],
        ),
        territories_table(report),
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
            [
                [w["label"], w["open"], w["offers"], name_list(w["hosts"], hosts_shown)]
                for w in report.workshops
            ],
        ),
        _states(
            "Parrainages par statut",
            pairings["by_status"],
            queries.FOLLOWED_STATES,
            "Parrainages suivis sur la période",
        ),
        _states(
            "Propositions non abouties",
            pairings["proposals"],
            queries.PROPOSAL_STATES,
            "Propositions sans parrainage",
        ),
        delays_table(report),
        satisfaction_table(report),
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
        Table("Valorisation du bénévolat", VALUATION_HEADERS, valuation_rows(report)),
    ]


def axes_table(report: Report) -> Table:
    """The figures per axis (the dashboard shows this one of the axes' tables)."""
    return Table("Actions par axe", axes.AXIS_HEADERS, axes.axis_table_rows(report.axes))


def documents_table(report: Report) -> Table:
    """The annex: the pièces justificatives of the period's actions."""
    return Table(
        "Pièces justificatives", axes.DOCUMENT_HEADERS, axes.document_rows(report.documents)
    )


def action_tables(report: Report) -> list[Table]:
    """The four axes' tables, after the others (sheets of the spreadsheet, PDF annex)."""
    return [
        axes_table(report),
        Table("Actions datées", axes.LIST_HEADERS, axes.list_rows(report.actions)),
        documents_table(report),
    ]
