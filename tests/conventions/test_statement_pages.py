"""Typing the statement line by line, its balances, and marking it final."""

from datetime import date
from decimal import Decimal

import pytest

from entraide.core.extensions import db
from entraide.models import AuditEntry, StatementLine
from tests.conventions.conftest import line
from tests.fuzz.checks import snapshot
from tests.web.helpers import flashes, location_path, text_of

D = Decimal


def _form(convention, **amounts) -> dict:
    """The saisie form as the browser sends it: every editable line, these ones filled.

    ``amounts``: {label: (budget, actual, explanation)} (texts as typed)."""
    parents = {item.parent_id for item in convention.lines if item.parent_id}
    data = {"version": str(convention.version)}
    for item in convention.lines:
        if item.id in parents:
            continue
        budget, actual, explanation = amounts.get(item.label, ("", "", ""))
        data[f"budget_{item.id}"] = budget
        data[f"actual_{item.id}"] = actual
        data[f"explanation_{item.id}"] = explanation
    return data


def _version(convention) -> dict:
    return {"version": str(convention.version)}


def _url(convention, tail="") -> str:
    return f"/conventions/{convention.id}/bilan-financier{tail}"


BALANCED = {
    "Autres fournitures": ("1000", "1200,50", "Un vidéoprojecteur de plus"),
    "Conseil départemental": ("1000", "1200.50", "Aide complémentaire"),
}


def test_coordinator_types_budget_and_realise(new_convention, coordinator, login_as):
    convention = new_convention()
    client = login_as(coordinator)
    assert client.get(_url(convention, "/saisie")).status_code == 200
    response = client.post(_url(convention, "/saisie"), data=_form(convention, **BALANCED))
    assert location_path(response) == _url(convention)
    db.session.expire_all()
    supplies = line(convention, "Autres fournitures")
    assert (supplies.budget, supplies.actual) == (D("1000.00"), D("1200.50"))
    shown = client.get(_url(convention))
    assert flashes(shown) == ["Bilan financier enregistré : 2 lignes modifiées."]
    page = text_of(shown)
    assert "le bilan est équilibré" in page
    assert "200,50\u00a0€" in page and "20,1 %" in page  # écart in euros and percent
    assert "Un vidéoprojecteur de plus" in page
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="statement.update"))
    assert entry.after["lines"] == 2
    assert ["Autres fournitures", "budget", None, "1000.00"] in entry.after["changes"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-10", "Autres fournitures (60), prévisionnel : Un montant ne peut pas être négatif."),
        ("10,001", "Autres fournitures (60), prévisionnel : Deux décimales au plus"),
        ("1O0", "Autres fournitures (60), prévisionnel : Montant illisible"),
        ("1e5", "Autres fournitures (60), prévisionnel : Montant illisible"),
    ],
)
def test_a_bad_amount_names_its_line_and_nothing_is_written(
    app, new_convention, coordinator, login_as, typed, message
):
    convention = new_convention()
    client = login_as(coordinator)
    data = _form(
        convention,
        **{"Autres fournitures": (typed, "", ""), "Conseil départemental": ("17500", "", "")},
    )
    before = snapshot(app)
    response = client.post(_url(convention, "/saisie"), data=data)
    assert response.status_code == 422
    body = text_of(response)
    assert "Rien n'a été enregistré" in body and message in body
    assert snapshot(app) == before


def test_a_missing_explanation_is_shown_and_stops_the_final_statement(
    app, new_convention, coordinator, login_as
):
    convention = new_convention()
    client = login_as(coordinator)
    amounts = {**BALANCED, "Autres fournitures": ("1000", "1200,50", "")}
    client.post(_url(convention, "/saisie"), data=_form(convention, **amounts))
    db.session.expire_all()
    page = text_of(client.get(_url(convention)))
    assert "Explication requise" in page
    assert "1 ligne a un écart de plus de 15 % sans explication" in page
    before = snapshot(app)
    response = client.post(_url(convention, "/definitif"), data=_version(convention))
    assert response.status_code == 409
    assert "Écart de plus de 15 % sans explication : « Autres fournitures (60) »" in text_of(
        response
    )
    assert snapshot(app) == before


def test_a_forecast_alone_cannot_be_final(app, new_convention, coordinator, login_as):
    """A balanced budget with no réalisé typed is not a bilan: « définitif » is refused."""
    convention = new_convention()
    client = login_as(coordinator)
    amounts = {
        "Autres fournitures": ("17500", "", ""),
        "Conseil départemental": ("17500", "", ""),
    }
    client.post(_url(convention, "/saisie"), data=_form(convention, **amounts))
    db.session.expire_all()
    page = text_of(client.get(_url(convention)))
    assert "le bilan est équilibré" in page
    assert "Marquer le bilan définitif" not in page
    assert "quand son réalisé sera saisi" in page
    before = snapshot(app)
    response = client.post(_url(convention, "/definitif"), data=_version(convention))
    assert response.status_code == 409
    assert "Aucun montant réalisé n'est saisi." in text_of(response)
    assert snapshot(app) == before
    db.session.expire_all()
    assert not convention.is_final


def test_an_unbalanced_statement_says_so_and_cannot_be_final(
    app, new_convention, coordinator, login_as
):
    convention = new_convention()
    client = login_as(coordinator)
    amounts = {
        "Autres fournitures": ("17500", "", ""),
        "Conseil départemental": ("17000", "", ""),
        "Mise à disposition gratuite de biens et services": ("900", "", ""),
    }
    client.post(_url(convention, "/saisie"), data=_form(convention, **amounts))
    db.session.expire_all()
    page = text_of(client.get(_url(convention)))
    assert "le bilan est déséquilibré" in page
    assert (
        "Prévisionnel déséquilibré : charges 17\u202f500,00\u00a0€ ≠ produits 17\u202f000,00\u00a0€"
        " (écart de 500,00\u00a0€)." in page
    )
    assert "emplois (86) 900,00\u00a0€ ≠ contributions (87) 0,00\u00a0€" in page
    assert "Marquer le bilan définitif" not in page
    before = snapshot(app)
    response = client.post(_url(convention, "/definitif"), data=_version(convention))
    assert response.status_code == 409
    assert "ne peut pas encore être marqué définitif" in text_of(response)
    assert snapshot(app) == before


def test_a_final_statement_freezes_the_valuation_and_refuses_changes(
    app, new_convention, coordinator, login_as, make, duo
):
    from tests.followups.conftest import log_meeting, start_pairing

    convention = new_convention(
        period_start=date(date.today().year, 1, 1),
        period_end=date(date.today().year, 12, 31),
        report_due=None,
        extension_before=None,
    )
    pairing = start_pairing(duo)
    log_meeting(pairing, duo["mentor_user"], 0, volunteer_hours=Decimal("10"))  # 202,90 €
    client = login_as(coordinator)
    client.post(_url(convention, "/saisie"), data=_form(convention, **BALANCED))
    db.session.expire_all()
    page = text_of(client.get(_url(convention)))
    assert "valorisation du bénévolat" in page and "202,90\u00a0€" in page
    # Volunteering the budget did not plan is an écart too: it is explained.
    refused = client.post(_url(convention, "/definitif"), data=_version(convention))
    assert "« Personnel bénévole (864) », « Bénévolat (870) »" in text_of(refused)
    why = "Bénévolat non budgété, valorisé au taux horaire"
    explained = {**BALANCED, "Personnel bénévole": ("", "", why), "Bénévolat": ("", "", why)}
    client.post(_url(convention, "/saisie"), data=_form(convention, **explained))
    db.session.expire_all()
    response = client.post(_url(convention, "/definitif"), data=_version(convention))
    assert location_path(response) == _url(convention)
    db.session.expire_all()
    assert convention.is_final
    assert line(convention, "Personnel bénévole").actual == D("202.90")  # written down
    assert line(convention, "Bénévolat").actual == D("202.90")
    before = snapshot(app)
    assert client.get(_url(convention, "/saisie")).status_code == 409
    data = _form(convention, **BALANCED)
    assert client.post(_url(convention, "/saisie"), data=data).status_code == 409
    assert snapshot(app) == before
    # Back to draft, audited, and it can be corrected again.
    response = client.post(_url(convention, "/brouillon"), data=_version(convention))
    assert location_path(response) == _url(convention)
    db.session.expire_all()
    assert not convention.is_final
    actions = db.session.scalars(
        db.select(AuditEntry.action)
        .where(AuditEntry.action.like("statement.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "statement.update",
        "statement.update",
        "statement.final",
        "statement.reopen",
    ]


def test_sub_lines_are_added_and_removed(app, new_convention, coordinator, login_as):
    convention = new_convention()
    client = login_as(coordinator)
    head = line(convention, "Services extérieurs")  # no sub-line yet
    client.post(
        _url(convention, "/saisie"),
        data=_form(convention, **{"Services extérieurs": ("300", "", "")}),
    )
    db.session.expire_all()
    response = client.post(
        _url(convention, "/sous-lignes"),
        data={"head_id": str(head.id), "label": "Locations", "version": str(convention.version)},
    )
    assert location_path(response) == _url(convention)
    db.session.expire_all()
    new = line(convention, "Locations")
    # The first sub-line takes over the amount typed on the account: nothing is lost.
    assert (new.parent_id, new.budget, head.budget) == (head.id, D("300.00"), None)
    before = snapshot(app)
    twice = client.post(
        _url(convention, "/sous-lignes"),
        data={"head_id": str(head.id), "label": "locations", "version": str(convention.version)},
    )
    assert twice.status_code == 409 and "a déjà une sous-ligne" in text_of(twice)
    assert snapshot(app) == before
    assert "La sous-ligne « Locations » et ses montants seront retirés" in text_of(
        client.get(_url(convention))
    )
    response = client.post(
        _url(convention, f"/sous-lignes/{new.id}/retirer"),
        data={"version": str(convention.version)},
    )
    assert location_path(response) == _url(convention)
    assert db.session.get(StatementLine, new.id) is None
    # An account's own line stays.
    response = client.post(
        _url(convention, f"/sous-lignes/{head.id}/retirer"),
        data={"version": str(convention.version + 1)},
    )
    assert response.status_code == 409


def test_two_pages_saving_at_once_the_second_is_told_to_reload(
    app, new_convention, coordinator, login_as
):
    convention = new_convention()
    client = login_as(coordinator)
    page_one = _form(convention, **BALANCED)
    page_two = _form(convention, **{"Autres fournitures": ("5", "", "")})
    assert client.post(_url(convention, "/saisie"), data=page_one).status_code == 302
    before = snapshot(app)
    response = client.post(_url(convention, "/saisie"), data=page_two)
    assert response.status_code == 409
    assert "Rechargez la page" in text_of(response)
    assert snapshot(app) == before


def test_a_statement_final_before_any_hour_stays_put_when_hours_come(
    new_convention, coordinator, login_as, make, duo
):
    """Marked final with no hour noted, 864/870 are written down at 0: a meeting logged
    afterwards in the period does not change the « définitif » statement."""
    from entraide.conventions import queries
    from tests.followups.conftest import log_meeting, start_pairing

    convention = new_convention(
        period_start=date(date.today().year, 1, 1),
        period_end=date(date.today().year, 12, 31),
        report_due=None,
        extension_before=None,
    )
    client = login_as(coordinator)
    client.post(_url(convention, "/saisie"), data=_form(convention, **BALANCED))
    db.session.expire_all()
    response = client.post(_url(convention, "/definitif"), data=_version(convention))
    assert location_path(response) == _url(convention)
    db.session.expire_all()
    assert convention.is_final
    assert line(convention, "Personnel bénévole").actual == D("0.00")
    assert line(convention, "Bénévolat").actual == D("0.00")
    before = [(row.account, row.actual) for row in queries.statement_of(convention).statement.rows]
    log_meeting(start_pairing(duo), duo["mentor_user"], 0, volunteer_hours=Decimal("10"))
    db.session.expire_all()
    view = queries.statement_of(convention)
    assert view.valuation.hours == D("10")  # the hours are counted…
    after = [(row.account, row.actual) for row in view.statement.rows]
    assert after == before  # …but the final statement keeps its figures
    assert not any(row.auto for row in view.statement.rows)
