"""Help requests that do not dead-end: new offerers are told, the coordination relays."""

import html

import pytest

from entraide.core.extensions import db
from entraide.help_requests import services
from entraide.models import (
    AuditEntry,
    HelpNotification,
    HelpOutsideContact,
    HelpRequest,
    OutboxMail,
)
from entraide.organisations.services import archive_organisation


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _count(model, **filters) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**filters))


@pytest.fixture
def lonely(network, app_ctx):
    """An open request on a theme nobody offers (« lieu »): nobody was told."""
    call = services.post_request(
        network["requester_user"],
        network["requester"],
        "lieu",
        "Une salle pour l'AG",
        "Il nous faut une salle de 80 places à Lens le 12 mars.",
    )
    db.session.commit()
    assert call.notifications == []
    return call


def _mails(template: str) -> list[OutboxMail]:
    return list(db.session.execute(db.select(OutboxMail).filter_by(kind=template)).scalars())


def test_a_new_offer_on_the_theme_tells_its_organisation_once(network, make, lonely):
    make.offer(network["near"], "lieu", "Une salle de 100 places")
    told = db.session.execute(db.select(HelpNotification)).scalar_one()
    assert told.organisation_id == network["near"].id and told.source == "new_offer"
    assert told.reason == "propose désormais de l'aide sur ce thème"
    (mail,) = _mails("help_request_new_offerer")
    assert mail.recipient == "voisine@exemple.fr" and "Une salle pour l'AG" in mail.subject
    assert f"/entraide/{lonely.id}" in mail.body
    assert _count(AuditEntry, action="help_request.notify_offerer") == 1
    # A second offer on the theme: already told, nothing more.
    make.offer(network["near"], "lieu", "Un jardin")
    assert _count(HelpNotification) == 1 and len(_mails("help_request_new_offerer")) == 1


def test_not_the_requester_nor_an_archived_one_nor_a_closed_request(network, make, lonely):
    make.offer(network["requester"], "lieu", "Notre propre salle")
    archive_organisation(network["middle"], network["coordinator"])
    make.offer(network["middle"], "lieu", "Une grange")
    make.offer(network["far"], "numerique", "Autre thème")
    assert _count(HelpNotification) == 0
    services.close(lonely, network["coordinator"], False, None)
    db.session.commit()
    make.offer(network["near"], "lieu", "Une salle")
    assert _count(HelpNotification) == 0 and _mails("help_request_new_offerer") == []


def test_an_import_tells_the_new_offerer(network, lonely):
    # The import declares its offers through declare_offer: the same rule applies.
    from entraide.declarations.services import declare_offer

    declare_offer(network["far"], None, "lieu", "Importée")
    db.session.commit()
    assert [n.organisation_id for n in lonely.notifications] == [network["far"].id]


def test_the_coordination_relays_to_members_and_an_outside_contact(
    network, client, login_as, lonely
):
    login_as(network["coordinator"])
    page = _text(client.get(f"/entraide/{lonely.id}"))
    assert "Qui a été prévenu" in page and "Relayer l'appel" in page
    assert "Personne pour l'instant" in page
    response = client.post(
        f"/entraide/{lonely.id}/relayer",
        data={
            "organisation_ids": [
                str(network["near"].id),
                str(network["other_user"].organisation_id),
            ],
            "note": "Vous avez une grande salle.",
            "contact_name": "France Active",
            "contact_email": " Accompagnement@France-Active.example ",
        },
    )
    assert response.status_code == 302
    told = {n.organisation_id: n for n in lonely.notifications}
    assert set(told) == {network["near"].id, network["other_user"].organisation_id}
    near = told[network["near"].id]
    assert near.source == "relay" and near.note == "Vous avez une grande salle."
    assert near.relayed_by_id == network["coordinator"].id
    contact = db.session.execute(db.select(HelpOutsideContact)).scalar_one()
    assert (contact.name, contact.email) == (
        "France Active",
        "accompagnement@france-active.example",
    )
    member_mails = _mails("help_request_relayed")
    assert sorted(m.recipient for m in member_mails) == [
        "numerique@exemple.fr",
        "voisine@exemple.fr",
    ]
    assert "Le mot de la coordination : Vous avez une grande salle." in member_mails[0].body
    (outside,) = _mails("help_request_relayed_outside")
    assert outside.recipient == "accompagnement@france-active.example"
    assert "Il nous faut une salle de 80 places" in outside.body
    assert "demande@exemple.fr" in outside.body  # how to reach the requester
    assert "/entraide/" not in outside.body and "http" not in outside.body  # no login link
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="help_request.relay")
    ).scalar_one()
    assert entry.after["outside_contact"] == "France Active"
    assert "accompagnement" not in str(entry.after)
    # The coordination and the requester see who was told, when and why.
    for user in (network["coordinator"], network["requester_user"]):
        login_as(user)
        page = _text(client.get(f"/entraide/{lonely.id}"))
        assert "Voisine" in page and "par la coordination" in page
        assert "France Active" in page and "accompagnement@france-active.example" in page
        assert "« Vous avez une grande salle. »" in page
    # Another member sees neither the list nor the outside contact, nor the form.
    login_as(network["middle_user"])
    page = _text(client.get(f"/entraide/{lonely.id}"))
    assert "France Active" not in page and "Relayer l'appel" not in page
    assert "Qui a été prévenu" not in page


def test_the_form_offers_only_active_organisations_not_yet_told(
    network, client, login_as, lonely, make
):
    make.offer(network["near"], "lieu", "Une salle")  # told: new offerer
    archive_organisation(network["middle"], network["coordinator"])
    db.session.commit()
    login_as(network["coordinator"])
    page = _text(client.get(f"/entraide/{lonely.id}"))
    form = page[page.index('name="organisation_ids"') : page.index("</select>")]
    assert "Calaisienne" in form and "Numérique" in form
    assert "Voisine" not in form and "Arrageoise" not in form and "Jeune Coop" not in form


def _refused(client, call, status, message, **data):
    before = (_count(HelpNotification), _count(HelpOutsideContact), _count(OutboxMail))
    response = client.post(f"/entraide/{call.id}/relayer", data=data)
    assert response.status_code == status
    assert message in _text(response)
    db.session.expire_all()
    assert (_count(HelpNotification), _count(HelpOutsideContact), _count(OutboxMail)) == before
    assert _count(AuditEntry, action="help_request.relay") == 0


def test_bad_relays_write_nothing(network, client, login_as, lonely, make):
    login_as(network["coordinator"])
    far = str(network["far"].id)
    _refused(client, lonely, 422, "Choisissez au moins une organisation")
    _refused(client, lonely, 422, "Organisation inconnue.", organisation_ids=["999999"])
    _refused(
        client, lonely, 422, "a lancé cet appel", organisation_ids=[str(network["requester"].id)]
    )
    _refused(
        client,
        lonely,
        422,
        "Adresse électronique invalide.",
        contact_name="X",
        contact_email="pas-une-adresse",
    )
    _refused(client, lonely, 422, "donnez son nom et son adresse", contact_email="a@exemple.fr")
    _refused(client, lonely, 422, "", organisation_ids=["abc"])
    make.offer(network["near"], "lieu", "Une salle")
    _refused(
        client,
        lonely,
        409,
        "Voisine a déjà été prévenue",
        organisation_ids=[far, str(network["near"].id)],
    )
    archive_organisation(network["middle"], network["coordinator"])
    db.session.commit()
    _refused(
        client, lonely, 422, "Arrageoise est archivée", organisation_ids=[str(network["middle"].id)]
    )
    services.close(lonely, network["coordinator"], False, None)
    db.session.commit()
    _refused(client, lonely, 409, "il ne peut plus être relayé", organisation_ids=[far])


def test_only_the_coordination_relays(network, client, login_as, lonely):
    login_as(network["requester_user"])
    page = _text(client.get(f"/entraide/{lonely.id}"))
    assert "Relayer l'appel" not in page and "la coordination peut relayer" in page
    response = client.post(
        f"/entraide/{lonely.id}/relayer", data={"organisation_ids": [str(network["far"].id)]}
    )
    assert response.status_code == 403 and _count(HelpNotification) == 0


def test_a_closed_request_has_no_relay_form(network, client, login_as, lonely):
    services.close(lonely, network["coordinator"], True, None)
    db.session.commit()
    login_as(network["coordinator"])
    assert "Relayer l'appel" not in _text(client.get(f"/entraide/{lonely.id}"))
    assert isinstance(lonely, HelpRequest)
