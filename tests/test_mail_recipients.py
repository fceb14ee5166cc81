"""Who receives the mail: an organisation's active accounts, else its contact address."""

from entraide.core.extensions import db
from entraide.models import User


def test_an_organisation_is_mailed_through_its_active_accounts(make):
    org = make.organisation("Alpha", contact_email="contact@alpha.fr")
    first = make.member(org, email="un@alpha.fr")
    make.member(org, email="deux@alpha.fr")
    make.user("member", org, email="invitee@alpha.fr", password=None)  # invitation pending
    assert org.mail_recipients() == ["un@alpha.fr", "deux@alpha.fr"]

    first.active = False
    db.session.commit()
    assert org.mail_recipients() == ["deux@alpha.fr"]


def test_without_an_active_account_its_contact_address_is_used(make):
    org = make.organisation("Beta", contact_email="contact@beta.fr")
    make.user("member", org, email="invitee@beta.fr", password=None)
    assert org.mail_recipients() == ["contact@beta.fr"]
    assert make.organisation("Gamma").mail_recipients() == []


def test_the_coordination_is_mailed_through_its_active_coordinators(make):
    make.coordinator(email="coordination@reseau.fr")
    make.coordinator(email="ancienne@reseau.fr").active = False
    db.session.commit()
    make.member(email="membre@alpha.fr")
    make.viewer(email="financeur@exemple.fr")
    assert User.coordinator_emails() == ["coordination@reseau.fr"]
