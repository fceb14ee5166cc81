"""What the dashboard page and the PDF show: the report, its tables, charts and map."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..actions.queries import by_axis
from ..conventions.queries import aid_mention, covering, statements_for
from ..geo.svgmap import Marker, group_colour, render_map
from ..models.followup import MEETING_FORMATS
from ..models.pairing import SATISFACTION_LEVELS
from ..testimonies import queries as testimonies
from ..text import Hours
from ..themes import SECTORS, THEMES
from . import axes, queries
from .charts import bar_chart
from .cover import cover_context
from .period import Period
from .queries.meetings import MEETING_LIST_HEADERS, group_meeting_list
from .tables import (
    BALANCE_COLUMN,
    BALANCE_HEADERS,
    Report,
    Table,
    axes_table,
    balance_rows,
    build_report,
    documents_table,
    tables,
)
from .wording import FUNDED_PROGRAMME, SUPPORT_MENTION

# Longer tables (the help given and received by each SCIC: 2 000 rows in a large network)
# are cut on the page and in the PDF; the spreadsheet and the CSV carry every row.
DISPLAY_ROWS = 30
# Each axis lists at most this many actions in the PDF (the most attended; a real year has
# far fewer), and a workshop theme names this many hosts: the files carry them all.
AXIS_LIST_ROWS = 15
HOSTS_SHOWN = 12
# The PDF prints a figure once: these tables repeat a chart above them (sectors,
# parrainages by situation) or section 5's list (workshops); the files keep them.
NOT_PRINTED = ("Organisations par secteur", "Parrainages par statut", "Ateliers proposés")
# Beyond this many points the map groups a town's members whatever their group: drawing
# costs grow faster than the number of points (on the page and, more, in the PDF).
MAX_MARKERS = 300


@dataclass(frozen=True)
class Chart:
    """A chart and its title, shown above it as the figure's caption (page and PDF)."""

    title: str
    svg: str  # "" when there is nothing to draw


def _chart(items, title: str, chart_id: str, unit: str = "") -> Chart:
    return Chart(title, bar_chart(items, title=title, chart_id=chart_id, unit=unit))


def charts(report: Report) -> list[Chart]:
    orgs, themes = report.organisations, report.themes
    return [
        _chart(
            [(SECTORS.get(c, c), n) for c, n in sorted(orgs.by_sector.items())],
            "Organisations membres par secteur",
            "graphique-secteurs",
        ),
        _chart(
            [(label, themes[c]["open"]) for c, label in THEMES.items() if c in themes],
            "Besoins ouverts en fin de période, par thème",
            "graphique-besoins",
        ),
        _chart(
            [
                (label, report.pairings["by_status"].get(c, 0))
                for c, label in queries.FOLLOWED_STATES.items()
            ],
            "Parrainages suivis sur la période, par situation en fin de période",
            "graphique-parrainages",
        ),
        _chart(
            [
                (label, sum(report.satisfaction["levels"].get(level, {}).values()))
                for level, label in SATISFACTION_LEVELS.items()
            ],
            "Satisfaction en fin de parrainage (bilans donnés sur la période)",
            "graphique-satisfaction",
        ),
        _chart(
            [
                (MEETING_FORMATS.get(c, c), Hours(f["hours"]))
                for c, f in sorted(report.followups["by_format"].items())
            ],
            "Heures de bénévolat des rencontres de parrainage, par format",
            "graphique-rencontres",
            unit=" h",
        ),
    ]


def _place(member: dict, by_group: bool) -> tuple:
    key = (round(member["lat"], 4), round(member["lon"], 4))
    return key + ((member["group"],) if by_group else ())


def _places(members: list[dict], by_group: bool) -> int:
    """How many markers :func:`_markers` would draw (counted without building them)."""
    return len({_place(m, by_group) for m in members if m["lat"] is not None})


def _markers(members: list[dict], groups: list[str], by_group: bool = True) -> tuple:
    """One marker per place and group: a town's members share a point (and a tooltip).

    ``by_group=False``: one marker per place, coloured by its most frequent group.
    """
    places: dict[tuple, list[dict]] = defaultdict(list)
    for member in members:
        if member["lat"] is not None:
            places[_place(member, by_group)].append(member)
    markers = []
    for key, found in sorted(places.items(), key=lambda item: item[1][0]["name"]):
        names = [m["name"] for m in found]
        label = names[0] if len(names) == 1 else f"{len(names)} membres : " + ", ".join(names[:5])
        label += "…" if len(names) > 5 else ""
        counts = Counter(m["group"] for m in found if m["group"] is not None)
        group = min(counts, key=lambda g: (-counts[g], g)) if counts else None
        if group is not None:
            label += f" ({groups[group]})"
        markers.append(Marker(lat=key[0], lon=key[1], label=label, group=group))
    return tuple(markers)


def _at_epci_centres(members: list[dict]) -> list[dict]:
    """Members moved to the mean position of their EPCI's members (others stay put)."""
    positions: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for member in members:
        if member["epci"] and member["lat"] is not None:
            positions[member["epci"]].append((member["lat"], member["lon"]))
    centres = {
        epci: (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        for epci, points in positions.items()
    }
    moved = []
    for member in members:
        lat, lon = centres.get(member["epci"], (member["lat"], member["lon"]))
        moved.append({**member, "lat": lat, "lon": lon})
    return moved


@lru_cache(maxsize=16)
def _render(markers: tuple[Marker, ...]) -> str:
    # Drawing thousands of markers takes seconds (render_map fans out overlapping ones):
    # the members and groups change seldom, so the same markers reuse the same SVG.
    return render_map(
        markers,
        title="Organisations membres dans le Pas-de-Calais, par groupe territorial",
        map_id="carte-membres",
    )


def member_map(period: Period) -> tuple[str, list[tuple[str, str]]]:
    """The SVG map of the members coloured by group, and the legend's (colour, name).

    One marker per place and group; a large network one per town, a very large one one
    per EPCI (the level is chosen by counting places, then only its markers are built)."""
    members, groups = queries.map_members(period)
    legend = [(group_colour(i), name) for i, name in enumerate(groups)]
    legend.append((group_colour(None), "Sans groupe"))
    by_group = _places(members, by_group=True) <= MAX_MARKERS
    if by_group or _places(members, by_group=False) <= MAX_MARKERS:
        markers = _markers(members, groups, by_group=by_group)
    else:  # a very large network: one point per EPCI
        markers = _markers(_at_epci_centres(members), groups, by_group=False)
    return _render(markers), legend


def display_tables(all_tables: list[Table]) -> list[Table]:
    """The page and the PDF show the first rows of the long tables; the files have all."""
    shown = []
    for table in all_tables:
        if len(table.rows) > DISPLAY_ROWS:
            table = Table(table.name, table.headers, table.rows[:DISPLAY_ROWS], truncated=True)
        shown.append(table)
    return shown


def axis_lists(report: Report) -> list[tuple[dict, Table]]:
    """Each axis's figures and the table of its dated actions (the most attended ones
    when there are more than :data:`AXIS_LIST_ROWS`)."""
    grouped = by_axis(report.actions)
    lists = []
    for row in report.axes:
        actions = grouped.get(row["axis"], [])
        listed = axes.listed_in_pdf(actions, AXIS_LIST_ROWS)
        note = ""
        if len(listed) < len(actions):
            note = (
                f"Les {len(listed)} actions les plus fréquentées sur {len(actions)} sont "
                "listées ici ; le tableur (XLSX, feuille « Actions datées ») et le CSV "
                "« actions-datees » les listent toutes."
            )
        table = Table(
            f"{row['label']} : actions datées",
            axes.AXIS_LIST_HEADERS,
            axes.axis_list_rows(listed),
            truncated=bool(note),
            note=note,
        )
        lists.append((row, table))
    return lists


def _with_balance(all_tables: list[Table], report: Report) -> list[Table]:
    """The coordination's dashboard: the help table with each SCIC's balance."""
    headers = [*BALANCE_HEADERS, BALANCE_COLUMN]
    return [
        Table(t.name, headers, balance_rows(report, with_balance=True))
        if t.headers == BALANCE_HEADERS
        else t
        for t in all_tables
    ]


def dashboard_context(period: Period, coordination: bool = False) -> dict:
    """What the dashboard page shows (a bounded number of queries): the figures, charts,
    map, tables and approved testimonies, and the figures per axis without their lists.

    ``coordination``: the coordination's dashboard, which adds each SCIC's balance of
    help given and received; the funder's page and every file (the PDF included, which
    the coordination sends) never have it.
    """
    report = build_report(period)
    svg_map, legend = member_map(period)
    all_tables = tables(report, hosts_shown=HOSTS_SHOWN)
    if coordination:
        all_tables = _with_balance(all_tables, report)
    # The coordination sees what is held back; the funder only what is approved.
    waiting = (
        sum(1 for r in testimonies.reviews(period.year) if not r.is_shown) if coordination else 0
    )
    return {
        "testimonies_waiting": waiting,
        "period": period,
        "report": report,
        "tables": display_tables(all_tables),
        "axes_table": axes_table(report),
        "hosts_shown": HOSTS_SHOWN,
        "charts": charts(report),
        "map_svg": svg_map,
        "map_legend": legend,
        # Approved texts only, names replaced where an organisation asked for it.
        "highlights": testimonies.shown(period.year),
    }


def report_context(period: Period, coordination: bool = False) -> dict:
    """Everything the PDF needs: the dashboard's content, the cover, the conventions and
    their financial statements, each axis's dated actions, the documents, the meetings."""
    context = dashboard_context(period, coordination)
    report = context["report"]
    conventions = covering(period.start, period.end)
    aid_amount = sum((c.aid_amount for c in conventions), Decimal(0)) or None
    return {
        **cover_context(period, conventions, aid_amount),
        **context,
        # Section 4's tables, without those a chart or section 5 already shows.
        "printed_tables": [t for t in context["tables"][1:-1] if t.name not in NOT_PRINTED],
        # The PDF's annex shows the first pièces; the files list them all.
        "documents_table": display_tables([documents_table(report)])[0],
        "axis_lists": axis_lists(report),
        "support_mention": SUPPORT_MENTION,
        "funded_programme": FUNDED_PROGRAMME,
        # The conventions whose period overlaps the report's: their aid is the one named.
        "conventions": conventions,
        "aid_mention": aid_mention(conventions),
        "aid_amount": aid_amount,
        "statements": statements_for(period.start, period.end),
        # The PDF shows the first ones; the spreadsheet and the zip carry them all.
        "meeting_list": display_tables(
            [
                Table(
                    "Rencontres des groupes de la période",
                    MEETING_LIST_HEADERS,
                    group_meeting_list(period),
                )
            ]
        )[0],
    }
