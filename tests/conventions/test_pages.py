"""Entering, correcting and removing conventions: the coordination's pages."""

from datetime import date
from decimal import Decimal

import pytest

from entraide.conventions import services
from entraide.core.errors import UserError
from entraide.core.extensions import db
from entraide.models import AuditEntry, Convention, StatementLine
from tests.conventions.conftest import convention_data, count
from tests.fuzz.checks import snapshot
from tests.web.helpers import field_errors, flashes, location_path, text_of

FORM = {
    "funder": "Département du Pas-de-Calais",
    "reference": "2024-03658",
    "decision": "Commission Permanente du 27 mai 2024",
    "decided_on": "2024-05-27",
    "beneficiary": "Cliss XXI",
    "title": "Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais",
    "period_start": "2024-01-01",
    "period_end": "2024-12-31",
    "aid_amount": "17 500",
    "report_due": "2025-06-01",
    "extension_before": "2024-06-30",
    "notes": "",
}


def test_coordinator_enters_a_convention_with_its_statement_form(app_ctx, coordinator, login_as):
    client = login_as(coordinator)
    assert "Aucune convention enregistrée" in text_of(client.get("/conventions"))
    response = client.post("/conventions/nouvelle", data=FORM)
    assert response.status_code == 302
    convention = db.session.scalar(db.select(Convention))
    assert location_path(response) == f"/conventions/{convention.id}"
    assert (convention.reference, convention.aid_amount) == ("2024-03658", Decimal("17500.00"))
    assert convention.decided_on == date(2024, 5, 27)
    # The statement starts in the 2024 budget's form: 60 to 68, indirect, 70 to 77, 86, 87.
    heads = [line.account for line in convention.lines if line.parent_id is None]
    assert heads[:10] == ["60", "61", "62", "63", "64", "65", "66", "67", "68", "indirect"]
    assert heads[10:] == ["70", "73", "74", "75", "76", "77", "86", "87"]
    assert "Conseil départemental" in [line.label for line in convention.lines]
    page = text_of(client.get("/conventions"))
    assert "n° 2024-03658" in page and "17\u202f500,00\u00a0€" in page
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="convention.create"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"aid_amount": "-5"}, "aid_amount", "Un montant ne peut pas être négatif."),
        ({"aid_amount": "17500,505"}, "aid_amount", "Deux décimales au plus : les centimes."),
        ({"aid_amount": "dix-sept mille"}, "aid_amount", "Montant illisible"),
        ({"aid_amount": ""}, "aid_amount", "Indiquez le montant de l'aide."),
        ({"aid_amount": "   "}, "aid_amount", "Indiquez le montant de l'aide."),
        ({"aid_amount": "\u00a0"}, "aid_amount", "Indiquez le montant de l'aide."),
        ({"period_end": "2023-12-31"}, "period_end", "La fin de la période doit suivre son début."),
        ({"period_start": "31/12/2024"}, "period_start", "date"),
        ({"period_start": "1850-01-01"}, "period_start", "Une date entre 2000 et 2100."),
        ({"report_due": "2024-06-01"}, "report_due", "Le bilan final se remet après la fin"),
        ({"extension_before": "2025-01-15"}, "extension_before", "pendant la période"),
        ({"reference": "  "}, "reference", "Ce champ est obligatoire."),
        ({"report_sent_on": "2025-05-01"}, "report_sent_on", "Cochez « Bilan final remis »"),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(
    app, app_ctx, coordinator, login_as, changes, field, message
):
    client = login_as(coordinator)
    before = snapshot(app)
    response = client.post("/conventions/nouvelle", data={**FORM, **changes})
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert f'id="{field}-erreur"' in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_the_same_reference_twice_is_refused(app, new_convention, coordinator, login_as):
    new_convention()
    client = login_as(coordinator)
    before = snapshot(app)
    response = client.post("/conventions/nouvelle", data=FORM)
    assert response.status_code == 409
    assert "Une convention n° 2024-03658 de ce financeur existe déjà" in text_of(response)
    assert snapshot(app) == before


def test_coordinator_corrects_a_convention(new_convention, coordinator, login_as):
    convention = new_convention()
    client = login_as(coordinator)
    page = client.get(f"/conventions/{convention.id}/modifier")
    assert 'value="17500"' in page.get_data(as_text=True)
    data = {**FORM, "aid_amount": "18 000,50", "report_sent": "y", "version": "1"}
    response = client.post(f"/conventions/{convention.id}/modifier", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert convention.aid_amount == Decimal("18000.50") and convention.report_sent
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="convention.update"))
    # Only what changed (the decision's day was still empty), and the reference.
    assert entry.before == {
        "reference": "2024-03658",
        "aid_amount": "17500.00",
        "report_sent": False,
        "decided_on": None,
    }
    assert entry.after["aid_amount"] == "18000.50" and entry.after["report_sent"] is True


@pytest.mark.parametrize("blank", ["   ", "\u00a0", "\u202f"])
def test_a_correction_blanking_the_aid_is_refused_in_french(
    app, new_convention, coordinator, login_as, blank
):
    convention = new_convention()
    client = login_as(coordinator)
    before = snapshot(app)
    data = {**FORM, "aid_amount": blank, "version": str(convention.version)}
    response = client.post(f"/conventions/{convention.id}/modifier", data=data)
    assert response.status_code == 422
    assert "Indiquez le montant de l'aide." in field_errors(response)
    assert snapshot(app) == before


def test_the_service_refuses_a_convention_without_aid(app_ctx, coordinator):
    with pytest.raises(UserError) as refused:
        services.create_convention(coordinator, convention_data(aid_amount=None))
    assert refused.value.status == 422
    assert "Indiquez le montant de l'aide." in str(refused.value)
    assert count(Convention) == 0


def test_a_correction_from_a_stale_page_is_refused(app, new_convention, coordinator, login_as):
    convention = new_convention()
    client = login_as(coordinator)
    first = {**FORM, "aid_amount": "18000", "version": str(convention.version)}
    assert client.post(f"/conventions/{convention.id}/modifier", data=first).status_code == 302
    before = snapshot(app)
    stale = {**FORM, "aid_amount": "19000", "version": "1"}  # the page loaded before
    response = client.post(f"/conventions/{convention.id}/modifier", data=stale)
    assert response.status_code == 409
    assert "modifiée par quelqu'un d'autre" in text_of(response)
    assert snapshot(app) == before


def test_removing_asks_for_confirmation_then_takes_the_statement_along(
    new_convention, coordinator, login_as
):
    convention = new_convention()
    client = login_as(coordinator)
    page = text_of(client.get(f"/conventions/{convention.id}"))
    assert "Confirmer : supprimer la convention" in page
    assert "seront supprimés définitivement" in page
    response = client.post(
        f"/conventions/{convention.id}/supprimer", data={"version": str(convention.version)}
    )
    assert location_path(response) == "/conventions"
    assert "Convention n° 2024-03658 supprimée" in " ".join(flashes(client.get("/conventions")))
    assert count(Convention) == 0 and count(StatementLine) == 0
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="convention.delete"))
    assert entry.before["reference"] == "2024-03658"
    assert client.post(f"/conventions/{convention.id}/supprimer").status_code == 404


def test_the_list_shows_each_state(new_convention, coordinator, login_as):
    today = date.today()
    new_convention(
        reference="EN-COURS",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
        report_due=None,
        extension_before=None,
    )
    new_convention(reference="REMIS", report_sent=True, report_sent_on=date(2025, 5, 20))
    new_convention(
        reference="EN-RETARD",
        period_start=date(2020, 1, 1),
        period_end=date(2020, 12, 31),
        report_due=date(2021, 6, 1),
        extension_before=None,
    )
    page = text_of(login_as(coordinator).get("/conventions"))
    assert "3 conventions" in page
    for reference, state in (
        ("EN-COURS", "En cours"),
        ("REMIS", "Bilan remis"),
        ("EN-RETARD", "Bilan en retard"),
    ):
        row = page[page.index(f"n° {reference}") :]
        assert state in row[: row.index("</tr>")], reference


def test_the_convention_page_counts_down(new_convention, coordinator, login_as):
    today = date.today()
    convention = new_convention(
        reference="DECOMPTE",
        period_start=date(today.year - 1, 1, 1),
        period_end=today,
        report_due=today.fromordinal(today.toordinal() + 42),
        extension_before=None,
    )
    page = text_of(login_as(coordinator).get(f"/conventions/{convention.id}"))
    assert "Bilan à remettre dans 42 jours" in page


def test_members_and_the_funder_cannot_reach_the_conventions(app, new_convention, make, login_as):
    convention = new_convention()
    for user in (make.member(make.organisation("SCIC Une")), make.viewer()):
        client = login_as(user)
        before = snapshot(app)
        assert client.get("/conventions").status_code == 403
        assert client.post(f"/conventions/{convention.id}/supprimer").status_code == 403
        assert snapshot(app) == before
