"""Declaring, editing and closing needs and offers; the coordinator's overview."""

import re

import pytest

from entraide.core.extensions import db
from entraide.declarations.services import close_need
from entraide.models import AuditEntry, Need, Offer, Organisation
from entraide.organisations.services import archive_organisation
from tests.web.helpers import field_errors, location_path, text_of

NEED = {
    "theme": "subventions",
    "text": "Savoir si nous pouvons recevoir des subventions",
    "urgency": "high",
}
OFFER = {"theme": "numerique", "text": "Logiciels libres et hébergement"}


@pytest.fixture
def org(make):
    return make.organisation("SCIC Alpha")


@pytest.fixture
def member(make, org):
    return make.member(org)


@pytest.fixture
def signed_in(member, login_as):
    """The client, logged in as the member of SCIC Alpha."""
    return login_as(member)


def _counts(in_db) -> tuple[int, int, int]:
    with in_db() as session:
        return tuple(
            session.scalar(db.select(db.func.count(model.id)))
            for model in (Need, Offer, AuditEntry)
        )


def _audit(in_db, object_type, object_id) -> list[AuditEntry]:
    with in_db() as session:
        entries = session.scalars(
            db.select(AuditEntry)
            .filter_by(object_type=object_type, object_id=object_id)
            .order_by(AuditEntry.id)
        ).all()
        session.expunge_all()
        return entries


def _row(in_db, model, row_id):
    with in_db() as session:
        row = session.get(model, row_id)
        session.expunge(row)
        return row


# Needs ------------------------------------------------------------------------------------


def test_need_lifecycle(member, signed_in, in_db):
    client, org_page = signed_in, f"/organisations/{member.organisation_id}"
    assert client.get(org_page + "/besoins/nouveau").status_code == 200

    response = client.post(org_page + "/besoins/nouveau", data=NEED)

    assert location_path(response) == org_page
    with in_db() as session:
        need = session.scalars(db.select(Need)).one()
        need_id = need.id
        assert (need.theme_code, need.text, need.urgency, need.status) == (
            "subventions",
            NEED["text"],
            "high",
            "open",
        )
    assert NEED["text"] in text_of(client.get(org_page))

    edited = {"theme": "gouvernance", "text": "Préparer notre AG", "urgency": "low"}
    page = client.get(f"/besoins/{need_id}/modifier")
    assert '<option selected value="subventions">' in text_of(page)
    assert '<option selected value="high">' in text_of(page)
    assert NEED["text"] in text_of(page)
    assert client.post(f"/besoins/{need_id}/modifier", data=edited).status_code == 302
    assert client.post(f"/besoins/{need_id}/clore", data={"outcome": "met"}).status_code == 302
    closed = _row(in_db, Need, need_id)
    assert (closed.status, closed.theme_code, closed.urgency) == ("met", "gouvernance", "low")
    assert closed.closed_at is not None
    assert client.post(f"/besoins/{need_id}/rouvrir").status_code == 302
    reopened = _row(in_db, Need, need_id)
    assert (reopened.status, reopened.closed_at) == ("open", None)
    assert (
        client.post(f"/besoins/{need_id}/clore", data={"outcome": "withdrawn"}).status_code == 302
    )
    assert _row(in_db, Need, need_id).status == "withdrawn"

    entries = _audit(in_db, "Need", need_id)
    assert [e.action for e in entries] == [
        "need.create",
        "need.update",
        "need.met",
        "need.reopen",
        "need.withdrawn",
    ]
    assert all((e.actor_id, e.actor_role) == (member.id, "member") for e in entries)
    assert entries[0].after == {
        "theme": "subventions",
        "text": NEED["text"],
        "urgency": "high",
        "status": "open",
    }
    assert entries[1].before["theme"] == "subventions"
    assert entries[1].after["theme"] == "gouvernance"
    assert (entries[2].before["status"], entries[2].after["status"]) == ("open", "met")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"theme": ""}, "Choisissez un thème."),
        ({"theme": "astrologie"}, "Thème inconnu."),
        ({"text": ""}, "Décrivez le besoin en quelques mots."),
        ({"text": "   "}, "Décrivez le besoin en quelques mots."),
        ({"text": "x" * 2001}, "2 000 caractères au plus."),
        ({"urgency": "extreme"}, "N'est pas un choix valide."),
    ],
)
def test_bad_need_writes_nothing(member, signed_in, in_db, changes, message):
    before = _counts(in_db)

    response = signed_in.post(
        f"/organisations/{member.organisation_id}/besoins/nouveau", data={**NEED, **changes}
    )

    assert response.status_code == 422
    assert message in " ".join(field_errors(response))
    assert _counts(in_db) == before


def test_need_text_of_2000_characters_is_accepted(member, signed_in, in_db):
    response = signed_in.post(
        f"/organisations/{member.organisation_id}/besoins/nouveau",
        data={**NEED, "text": "x" * 2000},
    )
    assert response.status_code == 302
    assert _counts(in_db)[0] == 1


@pytest.mark.parametrize("changes", [{"theme": "astrologie"}, {"text": ""}, {"urgency": "extreme"}])
def test_bad_need_edit_changes_nothing(org, make, signed_in, in_db, changes):
    need = make.need(org)
    before = _counts(in_db)

    response = signed_in.post(f"/besoins/{need.id}/modifier", data={**NEED, **changes})

    assert response.status_code == 422
    after = _row(in_db, Need, need.id)
    assert (after.theme_code, after.text, after.urgency) == (
        need.theme_code,
        need.text,
        need.urgency,
    )
    assert _counts(in_db) == before


def test_closing_rules(org, make, signed_in, in_db):
    need = make.need(org)
    client = signed_in
    assert client.post(f"/besoins/{need.id}/clore", data={"outcome": "oublié"}).status_code == 400
    assert client.post(f"/besoins/{need.id}/clore", data={}).status_code == 400
    assert client.post(f"/besoins/{need.id}/rouvrir").status_code == 400  # already open
    assert client.get(f"/besoins/{need.id}/clore").status_code == 405
    assert client.post(f"/besoins/{need.id}/clore", data={"outcome": "met"}).status_code == 302
    assert client.post(f"/besoins/{need.id}/clore", data={"outcome": "met"}).status_code == 400
    assert client.get(f"/besoins/{need.id}/modifier").status_code == 404  # closed: no edit
    assert [e.action for e in _audit(in_db, "Need", need.id)] == ["need.create", "need.met"]


def test_another_scics_need_and_offer_are_404(make, signed_in, in_db):
    other = make.organisation("SCIC Bêta")
    need, offer = make.need(other), make.offer(other)
    closed = make.need(other)
    client = signed_in
    before = _counts(in_db)

    answers = [
        client.get(f"/organisations/{other.id}/besoins/nouveau"),
        client.post(f"/organisations/{other.id}/besoins/nouveau", data=NEED),
        client.get(f"/besoins/{need.id}/modifier"),
        client.post(f"/besoins/{need.id}/modifier", data=NEED),
        client.post(f"/besoins/{need.id}/clore", data={"outcome": "met"}),
        client.post(f"/besoins/{closed.id}/rouvrir"),
        client.get(f"/organisations/{other.id}/offres/nouvelle"),
        client.post(f"/organisations/{other.id}/offres/nouvelle", data=OFFER),
        client.get(f"/offres/{offer.id}/modifier"),
        client.post(f"/offres/{offer.id}/modifier", data=OFFER),
        client.post(f"/offres/{offer.id}/retirer"),
    ]

    assert [response.status_code for response in answers] == [404] * len(answers)
    assert not any("SCIC Bêta" in text_of(response) for response in answers)
    assert _counts(in_db) == before
    assert _row(in_db, Need, need.id).status == "open"
    assert _row(in_db, Offer, offer.id).status == "active"


def test_unknown_need_and_offer_are_404(signed_in):
    assert signed_in.get("/besoins/999999/modifier").status_code == 404
    assert signed_in.post("/offres/999999/retirer").status_code == 404


def test_coordinator_declares_for_any_organisation(make, client, login_as, in_db):
    org = make.organisation("SCIC Alpha")
    coordinator = make.coordinator()
    login_as(coordinator)
    response = client.post(f"/organisations/{org.id}/besoins/nouveau", data=NEED)
    assert response.status_code == 302
    with in_db() as session:
        entry = session.scalars(db.select(AuditEntry).filter_by(action="need.create")).one()
        assert (entry.actor_id, entry.actor_role) == (coordinator.id, "coordinator")


# Offers -----------------------------------------------------------------------------------


def test_offer_lifecycle(member, signed_in, in_db):
    client, org_page = signed_in, f"/organisations/{member.organisation_id}"
    assert client.get(org_page + "/offres/nouvelle").status_code == 200

    response = client.post(org_page + "/offres/nouvelle", data=OFFER)

    assert location_path(response) == org_page
    with in_db() as session:
        offer_id = session.scalars(db.select(Offer)).one().id
    page = text_of(client.get(f"/offres/{offer_id}/modifier"))
    assert '<option selected value="numerique">' in page
    edited = {"theme": "gouvernance", "text": "Animer une assemblée générale"}
    assert client.post(f"/offres/{offer_id}/modifier", data=edited).status_code == 302
    offer = _row(in_db, Offer, offer_id)
    assert (offer.theme_code, offer.text, offer.status) == ("gouvernance", edited["text"], "active")
    assert edited["text"] in text_of(client.get(org_page))

    assert client.post(f"/offres/{offer_id}/retirer").status_code == 302

    offer = _row(in_db, Offer, offer_id)
    assert offer.status == "withdrawn" and offer.closed_at is not None
    assert edited["text"] not in text_of(client.get(org_page))
    assert client.post(f"/offres/{offer_id}/retirer").status_code == 400
    assert client.get(f"/offres/{offer_id}/modifier").status_code == 404
    entries = _audit(in_db, "Offer", offer_id)
    assert [e.action for e in entries] == ["offer.create", "offer.update", "offer.withdraw"]
    assert entries[2].before["status"] == "active"
    assert entries[2].after["status"] == "withdrawn"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"theme": ""}, "Choisissez un thème."),
        ({"theme": "astrologie"}, "Thème inconnu."),
        ({"text": ""}, "Décrivez l'offre en quelques mots."),
        ({"text": "x" * 2001}, "2 000 caractères au plus."),
    ],
)
def test_bad_offer_writes_nothing(member, signed_in, in_db, changes, message):
    before = _counts(in_db)
    response = signed_in.post(
        f"/organisations/{member.organisation_id}/offres/nouvelle", data={**OFFER, **changes}
    )
    assert response.status_code == 422
    assert message in " ".join(field_errors(response))
    assert _counts(in_db) == before


# The coordinator's overview ----------------------------------------------------------------


def _overview_needs(response) -> list[str]:
    section = text_of(response).split('id="offres-titre"')[0]
    return re.findall(r"<td>[^<]*</td><td>([^<]+)</td>\s*<td><span class=\"urgency", section)


def test_overview_lists_open_needs_of_every_organisation(make, client, login_as, in_db):
    alpha, beta = make.organisation("SCIC Alpha"), make.organisation("SCIC Bêta")
    archived = make.organisation("SCIC Archivée")
    make.need(alpha, theme="subventions", text="Alpha subventions")
    make.need(beta, theme="gestion", text="Bêta gestion")
    make.need(archived, theme="gestion", text="Archivée gestion")
    closed = make.need(beta, theme="gestion", text="Bêta besoin satisfait")
    make.offer(alpha, theme="gestion", text="Alpha offre gestion")
    with in_db() as session:
        close_need(session.get(Need, closed.id), None, "met")
        archive_organisation(session.get(Organisation, archived.id), None)
        session.commit()
    login_as(make.coordinator())

    everything = client.get("/besoins")
    gestion = client.get("/besoins", query_string={"theme": "gestion"})
    unknown = client.get("/besoins", query_string={"theme": "astrologie"})

    assert everything.status_code == 200
    assert sorted(_overview_needs(everything)) == ["Alpha subventions", "Bêta gestion"]
    assert "Besoins ouverts (2)" in text_of(everything)
    assert _overview_needs(gestion) == ["Bêta gestion"]
    assert "Alpha offre gestion" in text_of(gestion)
    assert sorted(_overview_needs(unknown)) == ["Alpha subventions", "Bêta gestion"]
    assert "Archivée" not in text_of(everything)


def test_an_organisation_with_many_needs_pages_them_open_ones_first(org, make, signed_in):
    needs = [make.need(org, text=f"Besoin numéro {n:02d}") for n in range(1, 26)]
    # The first declared, now met: listed last.
    assert (
        signed_in.post(f"/besoins/{needs[0].id}/clore", data={"outcome": "met"}).status_code == 302
    )

    first = text_of(signed_in.get(f"/organisations/{org.id}"))
    second = text_of(signed_in.get(f"/organisations/{org.id}?besoins=2"))

    assert "25 besoins déclarés, les besoins ouverts en premier." in first
    assert "Page 1 sur 2" in first and "Besoin numéro 02" in first
    assert first.index("Besoin numéro 02") < first.index("Besoin numéro 21")
    assert "Besoin numéro 22" not in first and "Besoin numéro 01" not in first
    assert f'href="/organisations/{org.id}?besoins=2#besoins-titre"' in first
    assert "Besoin numéro 22" in second and "Besoin numéro 25" in second
    assert second.index("Besoin numéro 25") < second.index("Besoin numéro 01")
    assert "Besoin numéro 21" not in second and "Rouvrir" in second
    beyond = signed_in.get(f"/organisations/{org.id}?besoins=7")
    assert beyond.status_code == 200 and "Cette page est vide" in text_of(beyond)
    assert signed_in.get(f"/organisations/{org.id}?besoins=10000000000000000000").status_code == 404
