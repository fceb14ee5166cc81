"""The demo tells no story about real organisations: the census SCICs and the two
projects carry the facts of the sources only, and everything invented lives in
organisations whose names say « fictive » / « fictif »."""

import csv
import re
from datetime import date
from pathlib import Path

from entraide.core.extensions import db
from entraide.models import (
    AuditEntry,
    GroupMeeting,
    HelpAnswer,
    HelpNotification,
    HelpRequest,
    Need,
    Offer,
    Organisation,
    Pairing,
    PairingEvaluation,
    PairRejection,
    SponsorRequest,
    TerritorialGroup,
    User,
)
from entraide.themes import SECTORS

CENSUS = Path(__file__).resolve().parents[2] / "entraide" / "data" / "scic-census-62.csv"
NETWORK_START = date(2022, 4, 1)  # the first meeting of the network's report (2022-04)
PROJECTS = {"Le Coron des Arts": "Lens", "De rives en rêves": None}  # domain.md
FICTIONAL = re.compile(r"\bfictif|\bfictive", re.IGNORECASE)


def census() -> list[dict]:
    with CENSUS.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def real_orgs() -> list[Organisation]:
    names = [row["name"] for row in census()] + list(PROJECTS)
    return list(db.session.scalars(db.select(Organisation).where(Organisation.name.in_(names))))


def _nothing_invented(org: Organisation) -> dict:
    """Every field a census row does not give, as the demo left it."""
    return {
        field: getattr(org, field)
        for field in (
            "legal_form",
            "colleges",
            "employees",
            "members_count",
            "description",
            "website",
            "contact_email",
            "mentor_capacity",
            "proposable_sponsor",
            "public_directory",
            "in_difficulty",
            "archived_at",
        )
    }


EMPTY = {
    "legal_form": None,
    "colleges": None,
    "employees": None,
    "members_count": None,
    "description": None,
    "website": None,
    "contact_email": None,
    "mentor_capacity": 0,
    "proposable_sponsor": False,
    "public_directory": False,
    "in_difficulty": False,
    "archived_at": None,
}


def test_every_census_scic_has_the_census_facts_and_nothing_else(demo):
    rows = census()
    assert len(rows) == 21
    for row in rows:
        org = db.session.execute(db.select(Organisation).filter_by(name=row["name"])).scalar_one()
        year = int(row["year_created"]) if row["year_created"] else None
        assert (org.status, org.year_created, SECTORS[org.sector]) == ("scic", year, row["sector"])
        if org.commune is not None and org.commune.name == row["town"]:
            assert org.town_label is None and org.latitude is None  # a commune of the 62
        else:  # outside the département, or two towns: the census's words are kept
            assert org.town_label == row["town"], org.name
        expected_since = date(year, 1, 1) if year and year > 2022 else NETWORK_START
        assert org.member_since == expected_since, org.name
        assert _nothing_invented(org) == EMPTY, org.name


def test_the_two_projects_have_the_facts_of_the_sources_only(demo):
    for name, commune in PROJECTS.items():
        org = db.session.execute(db.select(Organisation).filter_by(name=name)).scalar_one()
        assert (org.status, org.year_created, org.sector) == ("projet", None, "autre")
        assert (org.commune.name if org.commune else None) == commune
        assert (org.town_label, org.latitude, org.longitude) == (None, None, None)
        assert org.member_since == NETWORK_START
        assert _nothing_invented(org) == EMPTY


def _count(model, *conditions) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*conditions))


def test_nothing_happens_to_the_real_organisations(demo):
    ids = [org.id for org in real_orgs()]
    assert len(ids) == 23
    assert _count(Need, Need.organisation_id.in_(ids)) == 0
    assert _count(Offer, Offer.organisation_id.in_(ids)) == 0
    assert _count(User, User.organisation_id.in_(ids)) == 0
    either = (Pairing.mentee_id.in_(ids)) | (Pairing.mentor_id.in_(ids))
    assert _count(Pairing, either) == 0
    asked = SponsorRequest.mentee_id.in_(ids) | SponsorRequest.mentor_id.in_(ids)
    assert _count(SponsorRequest, asked) == 0
    assert (
        _count(PairRejection, PairRejection.mentee_id.in_(ids) | PairRejection.mentor_id.in_(ids))
        == 0
    )
    assert _count(PairingEvaluation, PairingEvaluation.organisation_id.in_(ids)) == 0
    assert _count(HelpRequest, HelpRequest.organisation_id.in_(ids)) == 0
    assert _count(HelpAnswer, HelpAnswer.organisation_id.in_(ids)) == 0
    assert _count(HelpNotification, HelpNotification.organisation_id.in_(ids)) == 0
    groups = db.session.scalars(db.select(TerritorialGroup)).all()
    assert groups and not any(org.id in ids for g in groups for org in g.members)
    # Their meetings are the network's real 2022-2023 history (no group), nothing else.
    for meeting in db.session.scalars(db.select(GroupMeeting)):
        names = {org.id for org in meeting.participants} | {meeting.host_id}
        if names & set(ids):
            assert meeting.group_id is None and meeting.held_on < date(2024, 1, 1)
    # In the journal: their creation, by the system, and nothing else.
    about = db.session.execute(
        db.select(AuditEntry.action, AuditEntry.actor_id).where(
            AuditEntry.object_type == "Organisation", AuditEntry.object_id.in_(ids)
        )
    ).all()
    assert sorted(set(about)) == [("organisation.create", None)]


def test_the_real_organisations_are_not_in_the_public_directory(demo, client):
    orgs = real_orgs()
    page = client.get("/annuaire?page=1")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    listed = client.get("/api/v1/organisations?per_page=100").get_json()
    api_names = {item["name"] for item in listed["items"]}
    for org in orgs:
        assert org.name not in body and org.name.replace("'", "&#39;") not in body
        assert client.get(f"/annuaire/{org.id}").status_code == 404
        assert org.name not in api_names
    assert api_names and all(FICTIONAL.search(name) for name in api_names)


def test_whatever_is_not_real_says_it_is_fictional(demo):
    real = {org.id for org in real_orgs()}
    others = db.session.scalars(db.select(Organisation).where(Organisation.id.not_in(real))).all()
    assert len(others) >= 12
    assert [org.name for org in others if not FICTIONAL.search(org.name)] == []
    # Every member account belongs to one of them; contact people have fictional numbers.
    members = db.session.scalars(db.select(User).filter_by(role="member")).all()
    assert members and all(user.organisation_id not in real for user in members)
    for user in members:
        assert user.email.endswith(".example"), user.email
        assert user.phone is None or user.phone.startswith("035301"), user.phone
