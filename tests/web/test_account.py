"""« Mon compte »: a person's name, contact choice for the entraide and phone."""

import pytest

from entraide.models import AuditEntry, User
from tests.web.helpers import field_errors, flashes, text_of


@pytest.fixture
def member(make):
    return make.member(make.organisation("SCIC Alpha"), name="Aline Alpha")


def _state(in_db, user_id):
    with in_db() as session:
        user = session.get(User, user_id)
        entries = session.query(AuditEntry).count()
        return (user.name, user.entraide_contact, user.phone, entries)


def test_the_page_is_in_the_menu_and_says_what_partners_see(member, new_client):
    client = new_client(member)

    assert 'href="/mon-compte"' in client.get("/mon-compte").get_data(as_text=True)
    body = text_of(client.get("/mon-compte"))
    assert "Mon compte" in body and member.email in body
    assert "Je suis personne de contact pour l'entraide" in body
    assert "Rien : vous n'êtes pas personne de contact" in body


def test_a_member_becomes_a_contact_with_a_phone(member, new_client, in_db, audit_actions):
    client = new_client(member)

    response = client.post(
        "/mon-compte",
        data={"name": "Aline  Alpha", "entraide_contact": "y", "phone": "+33 (0)3 21 12 34 56"},
    )

    assert response.status_code == 302
    assert _state(in_db, member.id)[:3] == ("Aline Alpha", True, "0321123456")
    page = client.get("/mon-compte")
    assert "Votre compte est enregistré." in flashes(page)
    assert 'value="03 21 12 34 56"' in page.get_data(as_text=True)
    assert "03 21 12 34 56" in text_of(page).split("Ce que voient")[1]
    # The journal says what changed, never the values.
    with in_db() as session:
        entry = session.query(AuditEntry).filter_by(action="user.update").one()
        assert entry.after == {"entraide_contact": True, "changed": ["phone"]}
        assert "0321123456" not in str(entry.before) + str(entry.after)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Aline", "phone": "abc"}, "Numéro de téléphone invalide"),
        ({"name": "Aline", "phone": "03 21 12 34"}, "Numéro de téléphone invalide"),
        ({"name": "Aline", "phone": "9" * 500}, "Numéro de téléphone invalide"),
        ({"name": "", "phone": ""}, "Indiquez votre nom."),
        ({"name": "x" * 121}, "120 caractères au plus."),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(
    member, new_client, in_db, data, message
):
    before = _state(in_db, member.id)

    response = new_client(member).post("/mon-compte", data={**data, "entraide_contact": "y"})

    assert response.status_code == 422
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert _state(in_db, member.id) == before


def test_the_coordinator_has_no_contact_choice(make, new_client, in_db):
    coordinator = make.coordinator(name="Camille")
    client = new_client(coordinator)

    assert "personne de contact" not in text_of(client.get("/mon-compte"))
    response = client.post("/mon-compte", data={"name": "Camille C.", "entraide_contact": "y"})

    assert response.status_code == 302
    assert _state(in_db, coordinator.id)[:2] == ("Camille C.", False)


def test_the_page_asks_to_log_in(client):
    response = client.get("/mon-compte")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
