"""Every figure as of its period: membership from « membre du réseau depuis », proposals
apart from followed parrainages, the unknown creation year, the close-out satisfaction."""

from datetime import date, datetime

from entraide.core.extensions import db
from entraide.followups import services as followups
from entraide.models import GroupMeeting
from entraide.pairings import services as pairings
from entraide.reports import queries
from entraide.reports.build import build_report
from entraide.reports.period import year_period
from entraide.reports.queries._sql import summary_stats
from entraide.reports.tables import tables
from tests.followups.conftest import start_pairing

Y2023, Y2024, Y2025 = year_period(2023), year_period(2024), year_period(2025)


def _row(report, table_name: str, label: str):
    table = next(t for t in tables(report) if t.name == table_name)
    return next(row for row in table.rows if row[0] == label)


def test_a_census_imported_later_counts_from_the_day_each_scic_joined(make):
    """Imported today with « membre depuis » 2022: members in 2023 and 2024, never new there."""
    for name in ("Cliss XXI", "Citiz", "Enercoop"):
        make.organisation(name, year_created=2004, member_since=date(2022, 3, 15))
    make.organisation("Toute Neuve", year_created=2024, member_since=date(2024, 9, 1))

    in_2023 = queries.organisations(Y2023)
    in_2024 = queries.organisations(Y2024)
    assert (in_2023.total, in_2023.new) == (3, 0)
    assert (in_2024.total, in_2024.new, in_2024.since_unknown) == (4, 1, 0)
    assert queries.organisations(year_period(2021)).total == 0
    report = build_report(Y2024)
    assert not report.is_empty  # the demo's « 0 organisations membres… Aucune activité »
    assert _row(report, "Synthèse", "dont entrées dans le réseau sur la période")[1] == 1


def test_an_organisation_archived_during_the_period_is_not_a_member_at_its_end(make):
    gone = make.organisation("Partie", member_since=date(2022, 1, 10))
    make.organisation("Restée", member_since=date(2022, 1, 10))
    gone.archived_at = datetime(2024, 6, 30, 12)
    db.session.commit()

    in_2024 = queries.organisations(Y2024)
    assert (in_2024.total, in_2024.left) == (1, 1)
    assert queries.organisations(Y2023).total == 2
    assert [m["name"] for m in queries.map_members(Y2024)[0]] == ["Restée"]


def test_without_a_date_of_joining_an_organisation_counts_from_its_entry_here(make):
    make.organisation("Sans Date")  # entered today, « membre depuis » empty
    assert queries.organisations(year_period(date.today().year - 1)).total == 0
    this_year = queries.organisations(year_period(date.today().year))
    assert (this_year.total, this_year.new, this_year.since_unknown) == (1, 0, 1)


def test_the_unknown_creation_year_is_its_own_category(make):
    make.organisation("Seed Com'Developpement", year_created=None, commune_insee="62041")
    make.organisation("Cliss XXI", year_created=2004, commune_insee="62041")
    make.organisation("Jeune", year_created=2023, commune_insee="62041")
    make.organisation("Projet", year_created=None, status="projet", commune_insee="62041")
    report = build_report(year_period(date.today().year))
    orgs = report.organisations
    assert (orgs.young, orgs.experienced, orgs.unknown_year) == (2, 1, 1)
    assert _row(report, "Synthèse", "SCIC dont l'année de création inconnue")[1] == 1
    assert _row(report, "Synthèse", "SCIC expérimentées")[1] == 1
    arrageois = _row(report, "Par territoire", "Arrageois")
    assert arrageois[1:5] == [4, 2, 1, 1]  # members, young, experienced, unknown year


def test_declined_and_withdrawn_proposals_are_not_followed_parrainages(make, duo):
    coordinator = duo["coordinator"]
    declined = pairings.propose(coordinator, duo["mentee"], duo["mentor"])
    pairings.answer(declined, None, "mentor", False, "Pas cette année")
    other = make.organisation("Autre Jeune", year_created=2023)
    withdrawn = pairings.propose(coordinator, other, duo["mentor"])
    pairings.stop(withdrawn, coordinator, "Note interne")
    db.session.commit()
    followed = start_pairing(duo)

    period = year_period(date.today().year)
    figures = queries.pairings(period)
    assert figures["by_status"] == {"active": 1}
    assert figures["total"] == 1
    assert figures["proposals"] == {"declined": 1, "withdrawn": 1}
    delay = queries.validation_to_first_meeting(period)
    assert (delay["validated"], delay["without_meeting"]) == (1, 1)  # the followed one only
    assert [row["name"] for row in queries.balance(period)] == ["Jeune Pousse", "Vieux Chêne"]
    assert {r["mentee"] for r in queries.balance(period)} == {0, 1}
    report = build_report(period)
    assert _row(report, "Parrainages par statut", "Parrainages suivis sur la période")[1] == 1
    assert _row(report, "Propositions non abouties", "Déclinée par une SCIC")[1] == 1
    assert _row(report, "Propositions non abouties", "Retirée par la coordination")[1] == 1
    label = "Parrainages acceptés sans rencontre enregistrée"
    assert _row(report, "Durées et délais", label)[1] == 1
    lens = _row(report, "Par territoire", "Lens-Hénin")
    assert lens[5] == 1  # one followed parrainage, not three
    assert followed.status == "active"


def test_a_parrainage_is_counted_where_it_stood_at_the_end_of_the_period(duo):
    """Completed in 2025, it was running at the end of 2024; accepted in 2025, a 2024
    proposal was still awaiting an answer."""
    pairing = start_pairing(duo)
    pairing.created_at = datetime(2024, 3, 1)
    pairing.start_date = date(2024, 3, 20)
    pairing.status, pairing.ended_at = "completed", datetime(2025, 2, 1)
    db.session.commit()
    assert queries.pairings(Y2024)["by_status"] == {"active": 1}
    assert queries.pairings(Y2025)["by_status"] == {"completed": 1}
    assert queries.pairings(Y2025)["durations_days"]["count"] == 1

    pairing.start_date = date(2025, 1, 5)
    db.session.commit()
    in_2024 = queries.pairings(Y2024)
    assert (in_2024["total"], in_2024["proposals"]) == (0, {"awaiting": 1})


def test_the_close_out_satisfaction_is_reported_as_figures(duo):
    pairing = start_pairing(duo)
    pairings.complete(pairing, duo["coordinator"])
    followups.evaluate(
        pairing, None, duo["mentee"], satisfaction=5, what_helped="TEXTE-PRIVE-ÉVALUATION"
    )
    followups.evaluate(pairing, None, duo["mentor"], satisfaction=4)
    db.session.commit()

    report = build_report(year_period(date.today().year))
    assert report.satisfaction["count"] == 2
    assert report.satisfaction["mean"] == 4.5
    table = next(t for t in tables(report) if t.name == "Satisfaction des parrainages")
    assert table.headers == ["Satisfaction", "Filleules", "Marraines", "Ensemble"]
    assert table.rows[3] == ["4 – Satisfaite", 0, 1, 1]
    assert table.rows[4] == ["5 – Très satisfaite", 1, 0, 1]
    assert table.rows[-2:] == [
        ["Bilans donnés", 1, 1, 2],
        ["Satisfaction moyenne (sur 5)", None, None, 4.5],
    ]
    assert _row(report, "Synthèse", "Satisfaction moyenne en fin de parrainage (sur 5)")[1] == 4.5
    assert "TEXTE-PRIVE-ÉVALUATION" not in repr(tables(report))
    assert queries.satisfaction(Y2023)["count"] == 0


def test_the_map_of_a_past_year_colours_its_members_by_the_groups_of_that_year(make):
    """A group archived since still colours the map of the years it stood; a group made
    later does not colour an earlier year."""
    from entraide.groups import services as groups

    first = make.organisation("Première", member_since=date(2022, 1, 10), commune_insee="62041")
    second = make.organisation("Seconde", member_since=date(2022, 1, 10), commune_insee="62041")
    third = make.organisation("Troisième", member_since=date(2022, 1, 10), commune_insee="62041")
    old = groups.create_group(None, "Groupe de 2024", [first, second])
    old.created_at = datetime(2024, 2, 1, 10)
    db.session.commit()
    groups.archive_group(old, None)
    old.archived_at = datetime(2025, 1, 15, 10)
    new = groups.create_group(None, "Groupe de 2025", [first, third])
    new.created_at = datetime(2025, 1, 20, 10)
    db.session.commit()

    members, names = queries.map_members(Y2024)
    assert names == ["Groupe de 2024"]
    coloured = {m["name"]: m["group"] for m in members}
    assert coloured == {"Première": 0, "Seconde": 0, "Troisième": None}
    members, names = queries.map_members(Y2025)
    assert names == ["Groupe de 2025"]
    coloured = {m["name"]: m["group"] for m in members}
    assert coloured == {"Première": 0, "Seconde": None, "Troisième": 0}
    assert queries.map_members(Y2023)[1] == []


def test_means_round_a_half_up_as_a_reader_does(make, duo):
    """3, 3, 3 and 4 average 3,25: the report says 3,3 (a float's round gave 3,2)."""
    other = {
        "mentee": make.organisation("Autre Jeune", year_created=2023),
        "mentor": make.organisation("Autre Chêne", year_created=2004, mentor_capacity=2),
        "coordinator": duo["coordinator"],
    }
    other["mentee_user"], other["mentor_user"] = (
        make.member(other["mentee"]),
        make.member(other["mentor"]),
    )
    for pair, (mentee_says, mentor_says) in ((duo, (3, 3)), (other, (3, 4))):
        pairing = start_pairing(pair)
        pairings.complete(pairing, duo["coordinator"])
        followups.evaluate(pairing, None, pair["mentee"], satisfaction=mentee_says)
        followups.evaluate(pairing, None, pair["mentor"], satisfaction=mentor_says)
    db.session.commit()
    report = build_report(year_period(date.today().year))
    assert report.satisfaction["mean"] == 3.3
    members = [duo["mentee"], duo["mentor"], other["mentee"], other["mentor"]]
    for size in (3, 3, 3, 4):
        meeting = GroupMeeting(held_on=date.today(), kind="rencontre", title="Rencontre")
        meeting.participants = members[:size]
        db.session.add(meeting)
    db.session.commit()
    assert queries.group_meetings(year_period(date.today().year))["mean_attendance"] == 3.3
    assert summary_stats([3, 3, 3, 4]) == {"count": 4, "mean": 3.3, "median": 3.0}
    assert summary_stats([1, 2])["mean"] == 1.5 and summary_stats([1, 2, 2])["mean"] == 1.7
