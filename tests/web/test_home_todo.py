"""A member's home: « À faire » (each item one click away) and its partners."""

import html
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from entraide.followups import services as followups
from entraide.help_requests import services as help_requests
from entraide.models import Organisation, Pairing, User
from entraide.pairings import services as pairings
from tests.web.helpers import location_path, text_of

TODAY = date.today()


@pytest.fixture
def duo(make):
    young = make.organisation("Jeune Coop", year_created=2023)
    sponsor = make.organisation("Coop Marraine", year_created=2004, mentor_capacity=1)
    make.offer(sponsor, theme="juridique")
    return {
        "young": young,
        "sponsor": sponsor,
        "young_user": make.member(young, name="Yasmine"),
        "sponsor_user": make.member(sponsor, name="Paul", entraide_contact=True),
        "coordinator": make.coordinator(),
    }


def _todo(response) -> str:
    """The « À faire » section's text."""
    body = html.unescape(response.get_data(as_text=True))
    return body.split('id="a-faire-titre"')[1].split('id="partenaires-titre"')[0]


def _links(section: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', section)


def _pairing(in_db, duo, *, accepted: bool) -> int:
    with in_db() as session:
        pairing = pairings.propose(
            session.get(User, duo["coordinator"].id),
            session.get(Organisation, duo["young"].id),
            session.get(Organisation, duo["sponsor"].id),
        )
        if accepted:
            pairings.answer(pairing, None, "mentee", True, None)
            pairings.answer(pairing, None, "mentor", True, None)
            pairing.start_date = TODAY - timedelta(days=60)
        session.commit()
        return pairing.id


def test_nothing_to_do_is_said_with_next_steps(duo, new_client):
    response = new_client(duo["young_user"]).get("/")

    assert response.status_code == 200
    todo = _todo(response)
    assert "Rien à faire pour le moment" in todo
    assert "/entraide/nouveau" in todo
    assert "Pas encore de partenaire" in text_of(response)


def test_consents_awaited_lead_to_the_answer(duo, in_db, new_client):
    pairing_id = _pairing(in_db, duo, accepted=False)
    client = new_client(duo["young_user"])

    todo = _todo(client.get("/"))

    assert "Répondre à la proposition de parrainage avec Coop Marraine" in todo
    assert "SCIC marraine proposée par la coordination : acceptez ou déclinez" in todo
    assert f"/parrainages/{pairing_id}#reponse-titre" in _links(todo)
    assert client.get(f"/parrainages/{pairing_id}").status_code == 200
    # The partner is listed with its contact person.
    partners = text_of(client.get("/")).split("Vos partenaires")[1]
    assert "Coop Marraine" in partners and "Paul" in partners

    client.post(f"/parrainages/{pairing_id}/reponse", data={"decision": "accept"})
    assert "Répondre à la proposition" not in _todo(client.get("/"))


def _meeting(in_db, pairing_id, *, next_in_days=None, actions=()):
    with in_db() as session:
        followups.log_followup(
            session.get(Pairing, pairing_id),
            None,
            held_on=TODAY - timedelta(days=5),
            format="visit",
            volunteer_hours=Decimal(1),
            summary="Une rencontre",
            next_meeting_on=TODAY + timedelta(days=next_in_days) if next_in_days else None,
            actions=actions,
        )
        session.commit()


@pytest.mark.parametrize(("days", "shown"), [(12, True), (30, True), (31, False)])
def test_meetings_planned_within_30_days(duo, in_db, new_client, days, shown):
    pairing_id = _pairing(in_db, duo, accepted=True)
    _meeting(in_db, pairing_id, next_in_days=days)

    for user in (duo["young_user"], duo["sponsor_user"]):
        todo = _todo(new_client(user).get("/"))
        assert ("Rencontre de parrainage avec" in todo) is shown
        if shown:
            assert (TODAY + timedelta(days=days)).strftime("%Y") in todo
            # Only envisaged at the last meeting: the link leads to « Prévoir une rencontre ».
            assert f"/parrainages/{pairing_id}#prochaines-titre" in _links(todo)
            assert "sans rendez-vous fixé" in todo


def test_actions_late_or_due_soon(duo, in_db, new_client):
    pairing_id = _pairing(in_db, duo, accepted=True)
    action = followups.NewAction
    _meeting(
        in_db,
        pairing_id,
        actions=[
            action("Envoyer les statuts", "Coop Marraine", TODAY - timedelta(days=3)),
            action("Préparer l'AG", "", TODAY + timedelta(days=10)),
            action("Bilan annuel", "", TODAY + timedelta(days=90)),
            action("Déjà faite", "", TODAY - timedelta(days=1), done=True),
            action("Sans échéance"),
        ],
    )

    todo = _todo(new_client(duo["young_user"]).get("/"))

    assert "Envoyer les statuts" in todo and "en retard" in todo
    assert "Préparer l'AG" in todo
    for absent in ("Bilan annuel", "Déjà faite", "Sans échéance"):
        assert absent not in todo


def test_help_requests_on_a_theme_it_offers_until_it_answers(duo, in_db, new_client, make):
    other = make.organisation("Coop Voisine")
    with in_db() as session:
        asker = make.member(other)
        calls = {
            theme: help_requests.post_request(
                session.get(User, asker.id),
                session.get(Organisation, other.id),
                theme,
                f"Appel {theme}",
                "Aidez-nous",
            ).id
            for theme in ("juridique", "numerique")
        }
        session.commit()
    client = new_client(duo["sponsor_user"])

    todo = _todo(client.get("/"))

    assert "Appel juridique" in todo and "Appel numerique" not in todo
    assert f"/entraide/{calls['juridique']}#repondre-titre" in _links(todo)
    client.post(f"/entraide/{calls['juridique']}/reponses", data={"message": "Nous pouvons"})
    assert "Appel juridique" not in _todo(client.get("/"))
    # It answered: the asker is now a partner, on the home and through the link.
    home = client.get("/")
    assert f'href="/organisations/{other.id}"' in home.get_data(as_text=True)
    assert client.get(f"/organisations/{other.id}").status_code == 200


def test_evaluations_due_after_completion(duo, in_db, new_client):
    pairing_id = _pairing(in_db, duo, accepted=True)
    with in_db() as session:
        pairings.complete(session.get(Pairing, pairing_id), None)
        session.commit()
    client = new_client(duo["young_user"])

    todo = _todo(client.get("/"))

    assert "Donner votre bilan du parrainage avec Coop Marraine" in todo
    assert client.get(_links(todo)[0]).status_code == 200


def test_every_todo_link_opens_a_page(duo, in_db, new_client):
    pairing_id = _pairing(in_db, duo, accepted=True)
    _meeting(
        in_db,
        pairing_id,
        next_in_days=5,
        actions=[followups.NewAction("Relire", "", TODAY)],
    )
    client = new_client(duo["sponsor_user"])

    links = _links(_todo(client.get("/")))

    assert len(links) >= 2
    assert all(client.get(link).status_code == 200 for link in links)


def test_other_roles_keep_their_starting_page(duo, new_client):
    response = new_client(duo["coordinator"]).get("/")
    assert response.status_code == 302 and location_path(response) == "/organisations"
