"""The network's two agreements and their budgets, from the shipped data."""

import csv
from decimal import Decimal
from importlib import resources

from entraide.conventions import queries
from entraide.conventions.shared import decision_day, import_shared
from entraide.conventions.template import ACCOUNTS, head_of
from entraide.core.extensions import db
from entraide.demo import load_demo
from entraide.models import AuditEntry, Convention
from tests.conventions.conftest import count, line

D = Decimal


def _rows(name):
    text = resources.files("entraide.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _by_reference(reference) -> Convention:
    return db.session.scalar(db.select(Convention).filter_by(reference=reference))


def test_the_statement_form_is_the_2024_budget():
    """Every line of the 2024 budget is a line of the form, under the same account."""
    form = {(a.account, a.label) for a in ACCOUNTS} | {
        (a.account, label) for a in ACCOUNTS for _number, label in a.sublines
    }
    budget = [
        (head_of(row["account"]), row["label"])
        for row in _rows("budgets.csv")
        if row["convention"] == "2024-03658" and row["account"] != "total"
    ]
    assert len(budget) == 16
    assert [line for line in budget if line not in form] == []
    charges = [a.account for a in ACCOUNTS if a.side == "charge"]
    assert charges == [str(n) for n in range(60, 69)] + ["indirect"]


def test_import_records_both_agreements_and_their_budgets(app_ctx, runner):
    result = runner.invoke(args=["conventions", "import-shared"])
    assert result.exit_code == 0, result.output
    assert "Convention n° 2021-05918 enregistrée." in result.output
    assert "Bilan financier de la convention n° 2024-03658 chargé." in result.output
    assert "Attention" not in result.output  # every printed total is found again
    old, new = _by_reference("2021-05918"), _by_reference("2024-03658")
    assert (old.aid_amount, new.aid_amount) == (D("35280.00"), D("17500.00"))
    assert old.report_sent and not new.report_sent  # the 2022-2023 report is the source
    assert str(new.decided_on) == "2024-05-27" and str(new.report_due) == "2025-06-01"
    assert str(new.extension_before) == "2024-06-30"
    # 2022-2023: the realised statement, as section 5 of its final report prints it.
    realised = queries.statement_of(old).statement
    totals = {section.side: section.total for section in realised.sections}
    assert totals["charge"].actual == totals["produit"].actual == D("35280")
    assert totals["contribution_emploi"].actual == totals["contribution_ressource"].actual
    assert totals["contribution_emploi"].actual == D("3740")  # 900 + 2 840
    assert line(old, "Traiteur").actual == D("635.00")  # a sub-line of its own
    assert line(old, "Déplacements, missions").actual == D("1964.00")
    assert line(old, "Personnel bénévole").actual == D("2840.00")  # typed, not computed
    assert realised.balanced and not realised.has_budget
    assert old.is_final and not new.is_final  # the published statement, the forecast
    # 2024: the forecast budget.
    forecast = queries.statement_of(new).statement
    totals = {section.side: section.total for section in forecast.sections}
    assert totals["charge"].budget == totals["produit"].budget == D("17500")
    assert line(new, "Rémunération des personnels").budget == D("8622.00")
    assert forecast.balanced and not forecast.has_actual


def test_import_is_idempotent_and_keeps_the_coordinations_work(app_ctx, runner):
    import_shared()
    db.session.commit()
    new = _by_reference("2024-03658")
    new.title = "Titre corrigé par la coordination"
    db.session.commit()
    entries = count(AuditEntry)
    result = runner.invoke(args=["conventions", "import-shared"])
    assert "Convention n° 2024-03658 déjà enregistrée : laissée telle quelle." in result.output
    assert "chargé" not in result.output
    assert count(Convention) == 2 and count(AuditEntry) == entries
    db.session.expire_all()
    assert _by_reference("2024-03658").title == "Titre corrigé par la coordination"


def test_the_demo_holds_both_agreements(app_ctx):
    load_demo()
    db.session.commit()
    load_demo()  # idempotent
    db.session.commit()
    conventions = {c.reference: c for c in queries.all_conventions()}
    assert set(conventions) == {"2021-05918", "2024-03658"}
    assert conventions["2021-05918"].aid_amount == D("35280")
    assert not queries.statement_of(conventions["2021-05918"]).statement.is_empty
    assert not queries.statement_of(conventions["2024-03658"]).statement.is_empty


def test_the_decision_day_is_read_from_its_wording():
    assert str(decision_day("Commission Permanente du 27 mai 2024")) == "2024-05-27"
    assert str(decision_day("Délibération du 1 décembre 2023")) == "2023-12-01"
    assert decision_day("") is None
    assert decision_day("Commission Permanente") is None
