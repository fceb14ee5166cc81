"""Partners reach each other: who opens whose page, and what the partner page shows.

The matrix (tests/web/access) holds one row per relation seen from SCIC A's member;
here each relation is also checked the other way round, with the cases the matrix's
world cannot hold (a proposal still awaiting consent, a group archived, a pairing stopped
after it started), and the page's content: contacts yes, private data never.
"""

import pytest

from entraide.core.errors import UserError
from entraide.groups import services as groups
from entraide.help_requests import services as help_requests
from entraide.models import Organisation, Pairing, TerritorialGroup, User
from entraide.pairings import services as pairings
from tests.web.helpers import text_of


@pytest.fixture
def net(make):
    """A young SCIC, a sponsor and an outsider, each with a member; the coordinator."""
    young = make.organisation("Jeune Coop", year_created=2023)
    sponsor = make.organisation("Coop Marraine", year_created=2004, mentor_capacity=2)
    outsider = make.organisation("Coop Lointaine", year_created=2010)
    return {
        "young": young,
        "sponsor": sponsor,
        "outsider": outsider,
        "young_user": make.member(
            young, name="Yasmine Jeune", entraide_contact=True, phone="0321123456"
        ),
        "sponsor_user": make.member(sponsor, name="Paul Marraine", entraide_contact=True),
        "sponsor_shy": make.member(sponsor, name="Sophie Discrète"),
        "outsider_user": make.member(outsider),
        "coordinator": make.coordinator(),
        "viewer": make.viewer(),
    }


def _propose(in_db, net, **answers) -> int:
    """A proposal young <- sponsor; ``answers`` maps a side to True/False."""
    with in_db() as session:
        coordinator = session.get(User, net["coordinator"].id)
        pairing = pairings.propose(
            coordinator,
            session.get(Organisation, net["young"].id),
            session.get(Organisation, net["sponsor"].id),
        )
        for side, accept in answers.items():
            pairings.answer(pairing, None, side, accept, "Notre message à la coordination")
        session.commit()
        return pairing.id


def _status(new_client, user, org) -> int:
    return new_client(user).get(f"/organisations/{org.id}").status_code


def _both_ways(new_client, net) -> tuple[int, int]:
    return (
        _status(new_client, net["young_user"], net["sponsor"]),
        _status(new_client, net["sponsor_user"], net["young"]),
    )


def test_strangers_see_each_other_as_404(net, new_client):
    assert _both_ways(new_client, net) == (404, 404)
    assert _status(new_client, net["outsider_user"], net["young"]) == 404


def test_a_proposal_awaiting_consent_makes_partners_both_ways(net, in_db, new_client):
    _propose(in_db, net)

    assert _both_ways(new_client, net) == (200, 200)
    # Nobody else: another member, the funder.
    assert _status(new_client, net["outsider_user"], net["young"]) == 404
    assert _status(new_client, net["viewer"], net["young"]) == 404


def test_a_declined_or_withdrawn_proposal_makes_no_partners(net, in_db, new_client):
    _propose(in_db, net, mentor=False)
    assert _both_ways(new_client, net) == (404, 404)

    pairing_id = _propose(in_db, net)
    with in_db() as session:
        pairings.stop(session.get(Pairing, pairing_id), None, "Interne")
        session.commit()
    assert _both_ways(new_client, net) == (404, 404)


def test_a_pairing_stopped_after_it_started_keeps_them_partners(net, in_db, new_client):
    pairing_id = _propose(in_db, net, mentee=True, mentor=True)
    with in_db() as session:
        pairings.stop(session.get(Pairing, pairing_id), None, "Interne")
        session.commit()

    assert _both_ways(new_client, net) == (200, 200)


def test_a_group_makes_partners_until_it_is_archived(net, in_db, new_client):
    with in_db() as session:
        group = groups.create_group(
            None,
            "Groupe de Lens",
            [session.get(Organisation, net[key].id) for key in ("young", "sponsor")],
        )
        session.commit()
        group_id = group.id
    assert _both_ways(new_client, net) == (200, 200)

    with in_db() as session:
        groups.archive_group(session.get(TerritorialGroup, group_id), None)
        session.commit()
    assert _both_ways(new_client, net) == (404, 404)


@pytest.mark.parametrize("how", ["answered", "told"])
def test_a_help_request_makes_partners_both_ways(net, in_db, new_client, make, how):
    if how == "told":  # the sponsor offers the theme: it is told when the call is posted
        make.offer(net["sponsor"], theme="juridique")
    with in_db() as session:
        call = help_requests.post_request(
            session.get(User, net["young_user"].id),
            session.get(Organisation, net["young"].id),
            "juridique",
            "Réviser nos statuts",
            "Qui l'a déjà fait ?",
        )
        if how == "answered":
            help_requests.answer(call, session.get(User, net["sponsor_user"].id), "Nous !")
        session.commit()

    assert _both_ways(new_client, net) == (200, 200)
    assert _status(new_client, net["outsider_user"], net["young"]) == 404


def test_the_partner_page_shows_contacts_not_private_data(net, in_db, new_client, make):
    make.need(net["sponsor"], text="Texte privé du besoin de la marraine")
    with in_db() as session:
        sponsor = session.get(Organisation, net["sponsor"].id)
        sponsor.in_difficulty = True
        sponsor.contact_email = "bonjour@marraine.example"
        session.commit()
    pairing_id = _propose(in_db, net)

    page = new_client(net["young_user"]).get(f"/organisations/{net['sponsor'].id}")

    body = text_of(page)
    assert page.status_code == 200
    assert "Paul Marraine" in body and net["sponsor_user"].email in body
    assert "bonjour@marraine.example" in body
    assert f"/parrainages/{pairing_id}" in body  # why it may see the page
    # Private: the accounts that are no contacts, needs' texts, the coordination's flag,
    # the management links of its own dashboard.
    for private in (
        "Sophie Discrète",
        net["sponsor_shy"].email,
        "Texte privé du besoin",
        "En difficulté",
        "Modifier le profil",
        "Comptes",
    ):
        assert private not in body, private


def test_the_sponsor_reads_the_young_scics_contact_with_its_phone(net, in_db, new_client):
    _propose(in_db, net)

    body = text_of(new_client(net["sponsor_user"]).get(f"/organisations/{net['young'].id}"))

    assert "Yasmine Jeune" in body and "03 21 12 34 56" in body
    assert 'href="tel:0321123456"' in body


def test_a_contact_that_unticks_or_is_deactivated_disappears(net, in_db, new_client):
    _propose(in_db, net)
    with in_db() as session:
        session.get(User, net["sponsor_user"].id).active = False
        session.commit()

    body = text_of(new_client(net["young_user"]).get(f"/organisations/{net['sponsor'].id}"))

    assert "Paul Marraine" not in body
    assert "n'a pas encore de personne de contact" in body


def test_pairing_page_links_the_partner_only_while_it_is_one(net, in_db, new_client):
    pairing_id = _propose(in_db, net)
    link = f'href="/organisations/{net["sponsor"].id}"'
    client = new_client(net["young_user"])
    assert link in client.get(f"/parrainages/{pairing_id}").get_data(as_text=True)

    with in_db() as session:
        pairings.answer(session.get(Pairing, pairing_id), None, "mentor", False, None)
        session.commit()
    assert link not in client.get(f"/parrainages/{pairing_id}").get_data(as_text=True)


@pytest.mark.parametrize("org_id", ["999999", "2147483647", "99999999999", "0"])
def test_a_forged_organisation_id_is_a_404(net, new_client, org_id):
    response = new_client(net["young_user"]).get(f"/organisations/{org_id}")

    assert response.status_code == 404
    assert "(erreur 404)" in text_of(response)


def test_the_group_page_shows_its_contact_only_while_a_contact(net, in_db, new_client):
    with in_db() as session:
        group = groups.create_group(
            None,
            "Groupe de Lens",
            [session.get(Organisation, net[key].id) for key in ("young", "sponsor")],
        )
        groups.set_contact(group, None, session.get(User, net["young_user"].id))
        session.commit()
        group_id = group.id
    client = new_client(net["sponsor_user"])
    assert "03 21 12 34 56" in text_of(client.get(f"/groupes/{group_id}"))

    with in_db() as session:
        session.get(User, net["young_user"].id).entraide_contact = False
        session.commit()
    body = text_of(client.get(f"/groupes/{group_id}"))
    assert net["young_user"].email not in body
    assert "Aucune personne de contact désignée" in body


def test_only_contacts_may_be_named_a_groups_contact(net, in_db):
    with in_db() as session:
        group = groups.create_group(
            None,
            "Groupe de Lens",
            [session.get(Organisation, net[key].id) for key in ("young", "sponsor")],
        )
        with pytest.raises(UserError, match="personne de contact pour l'entraide"):
            groups.set_contact(group, None, session.get(User, net["sponsor_shy"].id))
        session.rollback()


def test_contacts_never_reach_the_api_nor_the_funder(net, in_db, new_client):
    with in_db() as session:
        session.get(Organisation, net["young"].id).public_directory = True
        session.commit()
    _propose(in_db, net)

    api = new_client().get(f"/api/v1/organisations/{net['young'].id}")
    funder = new_client(net["viewer"])
    pages = [api] + [funder.get(path) for path in ("/", "/tableau-de-bord/")]

    assert api.status_code == 200
    for response in pages:
        body = text_of(response)
        assert "Yasmine" not in body and "0321123456" not in body and "03 21 12" not in body
