"""One way to refuse: a service's UserError is the "Action impossible" page, nothing kept."""

import pytest

import entraide.declarations.services as declaration_services
from entraide.core.errors import UserError
from entraide.core.extensions import db
from entraide.models import AuditEntry, Need
from tests.web.helpers import text_of


@pytest.fixture
def refusing_service(monkeypatch):
    """declare_need writes its row, then a rule says no (as a service's late check would)."""
    original = declaration_services.declare_need

    def declare_then_refuse(*args, **kwargs):
        original(*args, **kwargs)
        db.session.flush()
        raise UserError("Ce besoin ne peut pas être déclaré maintenant.", 422)

    monkeypatch.setattr(declaration_services, "declare_need", declare_then_refuse)


def test_a_refusal_is_a_french_page_with_its_status_and_writes_nothing(
    refusing_service, make, client, login_as, in_db
):
    member = make.member()
    login_as(member)
    with in_db() as session:
        audit_before = session.scalar(db.select(db.func.count(AuditEntry.id)))

    response = client.post(
        f"/organisations/{member.organisation_id}/besoins/nouveau",
        data={"theme": "gestion", "text": "Un besoin", "urgency": "low"},
    )

    assert response.status_code == 422
    body = text_of(response)
    assert "<h1>Action impossible</h1>" in body
    assert "Ce besoin ne peut pas être déclaré maintenant." in body
    assert "Rien n'a été enregistré." in body
    with in_db() as session:
        assert session.scalar(db.select(db.func.count(Need.id))) == 0
        assert session.scalar(db.select(db.func.count(AuditEntry.id))) == audit_before


def test_a_refusal_links_back_to_the_page_the_view_named(make, client, login_as):
    # Two groups cannot share a member: the service refuses, the page links to the group.
    coordinator = make.coordinator()
    first, second, third = make.organisation(), make.organisation(), make.organisation()
    login_as(coordinator)
    client.post(
        "/groupes/valider",
        data={"name": "Premier", "member_ids": [first.id, second.id]},
    )
    response = client.post(
        "/groupes/valider",
        data={"name": "Second", "member_ids": [first.id, third.id]},
    )
    assert response.status_code == 409
    body = text_of(response)
    assert "fait déjà partie du groupe « Premier »" in body
    assert 'href="/rapprochement/groupes"' in body


def test_user_error_status_defaults_to_conflict():
    assert UserError("Non.").status == 409
    assert UserError("Non.", 422).status == 422
