"""The statement computed from its lines (pure): sums, écarts, the 15 % rule, balances."""

from decimal import Decimal
from itertools import count
from types import SimpleNamespace

import pytest

from entraide.conventions.statement import HEADERS, build_statement, statement_table

D = Decimal


class Lines:
    """Statement lines as plain objects, numbered in the order they are added."""

    def __init__(self):
        self.lines, self._ids = [], count(1)

    def add(self, side, account, label, budget=None, actual=None, parent=None, explanation=""):
        line_id = next(self._ids)
        self.lines.append(
            SimpleNamespace(
                id=line_id,
                parent_id=parent,
                side=side,
                account=account,
                label=label,
                position=line_id * 10,
                budget=None if budget is None else D(budget),
                actual=None if actual is None else D(actual),
                explanation=explanation,
            )
        )
        return line_id


def _simple(charge_budget="1000", charge_actual=None, produit_budget="1000", produit_actual=None):
    lines = Lines()
    head = lines.add("charge", "62", "Autres services extérieurs")
    lines.add("charge", "62", "Déplacements", charge_budget, charge_actual, parent=head)
    lines.add("produit", "74", "Subventions d'exploitation", produit_budget, produit_actual)
    emploi = lines.add("contribution_emploi", "86", "Emplois")
    lines.add("contribution_emploi", "864", "Personnel bénévole", parent=emploi)
    ressource = lines.add("contribution_ressource", "87", "Contributions")
    lines.add("contribution_ressource", "870", "Bénévolat", parent=ressource)
    return lines


def _row(statement, label):
    return next(row for row in statement.rows if row.label == label)


def test_an_account_adds_up_its_sub_lines_and_a_side_its_accounts():
    lines = Lines()
    head = lines.add("charge", "62", "Autres services extérieurs")
    lines.add("charge", "62", "Honoraires", "2800", "2950", parent=head)
    lines.add("charge", "62", "Traiteur", None, "635", parent=head)
    lines.add("charge", "63", "Impôts et taxes")  # nothing typed
    lines.add("charge", "64", "Charges de personnel", "11370", "11000.50")
    statement = build_statement(lines.lines)
    account = _row(statement, "Autres services extérieurs")
    assert (account.budget, account.actual, account.editable) == (D("2800"), D("3585"), False)
    assert _row(statement, "Impôts et taxes").budget is None
    charges = statement.sections[0].total
    assert (charges.budget, charges.actual) == (D("14170"), D("14585.50"))


@pytest.mark.parametrize(
    ("budget", "actual", "gap", "percent", "over"),
    [
        ("1000", "1150", "150", "15.0", False),  # exactly 15 %: no explanation needed
        ("1000", "1150.01", "150.01", "15.0", True),
        ("1000", "849.99", "-150.01", "-15.0", True),
        ("1000", "850", "-150", "-15.0", False),
        ("1000", None, "-1000", "-100.0", True),  # budgeted, nothing spent
        ("0", "635", "635", None, True),  # spent without a budget
        (None, "635", "635", None, True),
        ("0", "0", "0", None, False),
    ],
)
def test_the_gap_and_the_15_percent_rule(budget, actual, gap, percent, over):
    lines = Lines()
    lines.add("charge", "60", "Achats", budget, actual)
    lines.add("charge", "61", "Services extérieurs", "10", "10")  # both columns are in use
    row = _row(build_statement(lines.lines), "Achats")
    assert row.gap == D(gap)
    assert row.gap_percent == (None if percent is None else D(percent))
    assert row.over_threshold is over
    assert row.needs_explanation is over


def test_an_explanation_satisfies_the_rule():
    lines = Lines()
    lines.add("charge", "60", "Achats", "1000", "2000", explanation="Un ordinateur de plus")
    lines.add("produit", "74", "Subvention", "1000", "2000")
    statement = build_statement(lines.lines)
    assert _row(statement, "Achats").over_threshold
    assert not _row(statement, "Achats").needs_explanation
    assert [row.label for row in statement.missing_explanations] == ["Subvention"]


def test_no_gap_without_both_columns():
    """A forecast alone (2024) or a realised statement alone (2022-2023): no écart."""
    statement = build_statement(_simple().lines)
    assert statement.has_budget and not statement.has_actual
    assert all(row.gap is None for row in statement.rows)
    assert statement.missing_explanations == []


def test_balances_and_what_stops_a_final_statement():
    statement = build_statement(_simple(produit_budget="900").lines)
    [charges, contributions] = statement.balances
    assert not charges.balanced and contributions.balanced
    assert charges.text == (
        "Prévisionnel déséquilibré : charges 1\u202f000,00\u00a0€ ≠ produits 900,00\u00a0€ "
        "(écart de 100,00\u00a0€)."
    )
    assert statement.problems() == ["Aucun montant réalisé n'est saisi.", charges.text]
    balanced = build_statement(_simple("1000", "1000", "1000", "1000").lines)
    assert balanced.balanced and balanced.problems() == []
    assert build_statement(Lines().lines).problems() == ["Aucun montant n'est saisi."]


def test_a_statement_without_realise_cannot_be_final():
    """A balanced forecast is not a bilan: some réalisé must be typed, and the volunteer
    valuation in 864/870 (filled, or typed) does not count as such."""
    forecast = build_statement(_simple().lines)
    assert forecast.balanced
    assert forecast.problems() == ["Aucun montant réalisé n'est saisi."]
    valued = build_statement(_simple().lines, D("2840"))
    assert valued.balanced and valued.has_actual
    assert valued.problems() == ["Aucun montant réalisé n'est saisi."]
    lines = _simple()
    lines.lines[4].actual = lines.lines[6].actual = D("2840")  # 864 and 870 typed
    assert build_statement(lines.lines).problems() == ["Aucun montant réalisé n'est saisi."]
    lines.lines[2].actual = lines.lines[1].actual = D("1000")  # 74, then 62 typed
    lines.lines[4].explanation = lines.lines[6].explanation = "Bénévolat non budgété"
    assert build_statement(lines.lines).problems() == []


def test_the_volunteer_valuation_fills_864_and_870_when_empty_and_balances_them():
    statement = build_statement(_simple("1000", "1000", "1000", "1000").lines, D("2840"))
    for label in ("Personnel bénévole", "Bénévolat"):
        row = _row(statement, label)
        assert (row.actual, row.auto) == (D("2840"), True)
    assert all(balance.balanced for balance in statement.balances)
    # Typed amounts win over the valuation (the coordination overrides it).
    lines = _simple("1000", "1000", "1000", "1000")
    lines.lines[4].actual = D("100")
    statement = build_statement(lines.lines, D("2840"))
    assert (_row(statement, "Personnel bénévole").actual, _row(statement, "Bénévolat").actual) == (
        D("100"),
        D("2840"),
    )
    assert not statement.balanced
    assert "emplois (86) 100,00\u00a0€ ≠ contributions (87) 2\u202f840,00\u00a0€" in " ".join(
        statement.problems()
    )


def test_a_valuation_alone_is_not_a_statement():
    statement = build_statement(_simple(None, None, None, None).lines, D("120"))
    assert statement.is_empty
    assert statement.problems() == ["Aucun montant n'est saisi."]
    # Nothing noted, nothing filled: a forecast's réalisé stays empty.
    statement = build_statement(_simple().lines, D("0"))
    assert _row(statement, "Bénévolat").actual is None


def test_the_statement_as_headers_and_rows():
    lines = _simple("1000", "1200", "1000", "1200")
    headers, rows = statement_table(build_statement(lines.lines, D("50")))
    assert headers == HEADERS
    assert rows[0] == ["", "CHARGES", None, None, None, None, ""]
    assert rows[1] == [
        "62",
        "Autres services extérieurs",
        D("1000"),
        D("1200"),
        D("200"),
        D("20.0"),
        "",
    ]
    assert rows[2][:2] == ["", "– Déplacements"]
    assert rows[3] == ["", "TOTAL DES CHARGES", D("1000"), D("1200"), D("200"), D("20.0"), ""]
    assert ["864", "– Personnel bénévole (valorisation du bénévolat)", None, D("50")] == [
        *next(row for row in rows if row[0] == "864")[:4]
    ]
    assert [row[1] for row in rows if row[1].startswith("TOTAL")] == [
        "TOTAL DES CHARGES",
        "TOTAL DES PRODUITS",
        "TOTAL DES EMPLOIS (86)",
        "TOTAL DES CONTRIBUTIONS (87)",
    ]
