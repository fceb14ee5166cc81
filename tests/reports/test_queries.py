"""Each aggregate on the known network of conftest.py."""

from datetime import date, datetime
from decimal import Decimal

from entraide.core.extensions import db
from entraide.reports import queries, services
from entraide.reports.period import Period, year_period
from entraide.reports.tables import build_report, tables, valuation_rows

THIS_YEAR = year_period(date.today().year)
LAST_YEAR = year_period(date.today().year - 1)


def test_organisations(network):
    figures = queries.organisations(THIS_YEAR)
    # Entered today without « membre du réseau depuis »: members, never counted as new.
    assert (figures.total, figures.new, figures.since_unknown) == (3, 0, 3)
    assert (figures.young, figures.experienced, figures.unknown_year) == (1, 2, 0)
    assert figures.by_status == {"scic": 3}
    assert figures.by_sector == {"services": 2, "culture": 1}
    assert sum(figures.by_epci.values()) == 3


def test_needs_and_offers_by_theme(network):
    themes = queries.needs_by_theme(THIS_YEAR)
    assert themes["gouvernance"] == {"declared": 1, "met": 0, "open": 1, "offers": 1}
    assert themes["financement"] == {"declared": 1, "met": 1, "open": 0, "offers": 0}
    assert themes["communication"] == {"declared": 0, "met": 0, "open": 0, "offers": 1}


def test_workshops_name_the_hosts(network):
    report = build_report(THIS_YEAR)
    assert report.workshops == [
        {
            "theme": "gouvernance",
            "label": "Gouvernance et vie coopérative",
            "open": 1,
            "offers": 1,
            "hosts": ["Vieux Chêne"],
        }
    ]


def test_pairings_and_delay_to_first_meeting(network):
    pairings = queries.pairings(THIS_YEAR)
    assert pairings["by_status"] == {"active": 1}
    assert pairings["durations_days"]["count"] == 0
    delay = queries.validation_to_first_meeting(THIS_YEAR)
    assert (delay["validated"], delay["count"], delay["mean"], delay["without_meeting"]) == (
        1,
        1,
        0.0,
        0,
    )


def test_meetings_and_hours(network):
    followups = queries.followups(THIS_YEAR)
    assert followups["count"] == 2
    assert followups["hours"] == Decimal("3.5")
    groups = queries.group_meetings(THIS_YEAR)
    assert (groups["count"], groups["hours"], groups["attendance"]) == (1, Decimal(4), 2)
    assert groups["mean_attendance"] == 2.0


def test_help_requests(network):
    assert queries.help_requests(THIS_YEAR) == {
        "posted": 1,
        "answered": 1,
        "answers": 1,
        "closed": 0,
        "solved": 0,
    }


def test_balance_of_help_given_and_received(network):
    rows = queries.balance(THIS_YEAR)
    assert rows == [  # in name order: counts, not a ranking of who is helped
        {
            "name": "Jeune Pousse",
            "mentee": 1,
            "received": 1,
            "mentor": 0,
            "given": 0,
            "balance": -2,
        },
        {"name": "Vieux Chêne", "mentor": 1, "given": 1, "mentee": 0, "received": 0, "balance": 2},
    ]


def test_volunteer_time_valued_at_the_default_then_the_chosen_rate(network):
    report = build_report(THIS_YEAR)
    assert report.volunteer_hours == Decimal("7.5")
    assert report.hourly_rate == Decimal("20.29")
    assert report.volunteer_amount == Decimal("152.18")  # 152,175 rounded half up
    services.set_hourly_rate(network["coordinator"], Decimal("20"))
    report = build_report(THIS_YEAR)
    lines = valuation_rows(report)
    assert lines == [
        [
            "Bénévolat",
            Decimal("7.5"),
            Decimal("20.00"),
            Decimal("150.00"),
            "864 – Personnel bénévole",
            "870 – Bénévolat",
        ]
    ]


def test_map_members_coloured_by_group(network):
    members, groups = queries.map_members(THIS_YEAR)
    assert groups == []
    assert {m["name"] for m in members} == {"Jeune Pousse", "Vieux Chêne", "Coop Fragile"}
    assert all(m["lat"] is not None and m["group"] is None for m in members)


def test_an_empty_period_gives_zeros(network):
    report = build_report(LAST_YEAR)
    assert report.is_empty
    assert report.volunteer_amount == Decimal("0.00")
    assert all(t.rows == [] for t in tables(report) if t.name == "Entraide par SCIC")


def test_same_period_same_numbers(network):
    first = tables(build_report(THIS_YEAR))
    second = tables(build_report(Period(THIS_YEAR.start, THIS_YEAR.end)))
    assert [(t.name, t.headers, t.rows) for t in first] == [
        (t.name, t.headers, t.rows) for t in second
    ]


def test_workshops_rank_the_widest_gap_between_needs_and_offers(network, make):
    org = make.organisation("Nouvelle Coop", year_created=2024)
    make.need(org, "subventions")  # 1 need, no offer: the widest gap
    make.need(org, "lieu")
    make.offer(network["fragile"], "lieu")  # lieu and gouvernance: 1 need, 1 offer each
    themes = [w["theme"] for w in build_report(THIS_YEAR).workshops]
    assert themes == ["subventions", "gouvernance", "lieu"]


def test_a_large_network_is_mapped_per_town_then_per_epci(network, monkeypatch):
    from entraide.reports import context

    svg, legend = context.member_map(THIS_YEAR)
    assert legend == [("#5A5A5A", "Sans groupe")]
    assert svg.count("<circle") == 2  # Lens (2 members) and Liévin
    monkeypatch.setattr(context, "MAX_MARKERS", 1)
    svg, _ = context.member_map(THIS_YEAR)
    assert svg.count("<circle") == 1  # one EPCI: Lens - Liévin


def test_figures_by_territory(network, make):
    """Members, young ones, pairings (the young SCIC's territory) and group meetings (where
    hosted) per territory of the coordination's table; what has none in a last row."""
    make.organisation("Coop d'Arras", commune_insee="62041", year_created=2010)
    make.organisation(
        "Coop Lilloise", commune_insee=None, latitude=50.63, longitude=3.06, town_label="Lille"
    )
    report = build_report(THIS_YEAR)
    rows = {row["territory"]: row for row in report.territories}
    assert list(rows)[:7] == [
        "Arrageois",
        "Artois",
        "Audomarois",
        "Boulonnais",
        "Calaisis",
        "Lens-Hénin",
        "Montreuillois-Ternois",
    ]
    # Jeune Pousse (Lens, young, the mentee), Coop Fragile (Lens) and Vieux Chêne (Liévin,
    # the meeting's host).
    assert rows["Lens-Hénin"] == {
        "territory": "Lens-Hénin",
        "organisations": 3,
        "young": 1,
        "experienced": 2,
        "unknown": 0,
        "pairings": 1,
        "meetings": 1,
    }
    assert rows["Arrageois"]["organisations"] == 1 and rows["Arrageois"]["young"] == 0
    assert rows[queries.network.OUTSIDE_TERRITORIES]["organisations"] == 1  # Lille
    table = next(t for t in tables(report) if t.name == "Par territoire")
    assert table.headers[0] == "Territoire"
    assert ["Lens-Hénin", 3, 1, 2, 0, 1, 1] in table.rows
    assert sum(row[1] for row in table.rows) == report.organisations.total


def test_figures_by_territory_follow_the_coordination_table(network, app_ctx):
    from entraide.suggestions import territory_table

    territory_table.assign(None, "Liévin", "Artois")  # the meeting's host moves
    rows = {row["territory"]: row for row in build_report(THIS_YEAR).territories}
    assert rows["Artois"]["meetings"] == 1 and rows["Lens-Hénin"]["meetings"] == 0
    assert rows["Artois"]["organisations"] == 1 and rows["Lens-Hénin"]["organisations"] == 2
    # Nothing without territory: no last row.
    assert queries.network.OUTSIDE_TERRITORIES not in rows


def test_the_hosts_of_a_past_workshop_are_the_offers_of_that_time(app_ctx, make):
    """A past period's workshop names the members whose offer stood at its end: not an
    offer made since, and still an offer withdrawn since."""
    young = make.organisation("Jeune", year_created=2023, member_since=date(2020, 1, 1))
    then = make.organisation("Ancienne", year_created=2004, member_since=date(2020, 1, 1))
    since = make.organisation("Arrivée", year_created=2004, member_since=date(2020, 1, 1))
    need = make.need(young, theme="financement")
    need.created_at = datetime(LAST_YEAR.start.year, 3, 1)
    withdrawn = make.offer(then, theme="financement")
    withdrawn.created_at = datetime(LAST_YEAR.start.year, 2, 1)
    withdrawn.status, withdrawn.closed_at = "withdrawn", datetime.utcnow()
    make.offer(since, theme="financement")  # offered today, after last year
    db.session.commit()
    [workshop] = build_report(LAST_YEAR).workshops
    assert (workshop["theme"], workshop["offers"]) == ("financement", 1)
    assert workshop["hosts"] == ["Ancienne"]
    [workshop] = build_report(THIS_YEAR).workshops
    assert workshop["hosts"] == ["Arrivée"]
