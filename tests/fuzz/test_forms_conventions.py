"""The conventions' forms driven through their routes with hostile input: never a 500,
French answers, nothing written on a refusal (checks.post_and_check)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from entraide.conventions import services
from entraide.core.extensions import db
from entraide.models import Convention

from .checks import get_and_check, post_and_check
from .conftest import FUZZ
from .strategies import boolean, dates, form, ids, nasty_text, numbers


def amounts():
    """Amounts as people type them, and everything else."""
    return st.one_of(
        st.decimals(0, 10**9, places=2).map(str),
        st.decimals(0, 10**6, places=3).map(lambda d: str(d).replace(".", ",")),
        st.sampled_from(["17 500", "17\u202f500,50", "-5", "1,2,3", "1e3", "0,001", ""]),
        numbers(),
    )


@pytest.fixture
def convention(app, world):
    """The world's convention (2024) and the ids of an account line and a sub-line."""
    with app.app_context():
        db.session.execute(db.delete(Convention))  # the migration's 2024 one, if still there
        made = services.create_convention(
            None,
            services.ConventionData(
                funder="Département du Pas-de-Calais",
                reference="2024-03658",
                beneficiary="Cliss XXI",
                title="Réseau",
                period_start=date(2024, 1, 1),
                period_end=date(2024, 12, 31),
                aid_amount=Decimal(17500),
                report_due=date(2025, 6, 1),
            ),
        )
        db.session.commit()
        head = next(line for line in made.lines if line.account == "61")
        sub = next(line for line in made.lines if line.label == "Autres fournitures")
        found = {"id": made.id, "head": head.id, "sub": sub.id, "version": made.version}
        db.session.remove()
    return found


@FUZZ
@example(
    data={
        "funder": "D",
        "reference": "R",
        "beneficiary": "B",
        "title": "T",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "aid_amount": "1",
        "report_due": "9999-12-31",
        "extension_before": "0001-01-01",
    }
)
@given(
    data=form(
        funder=nasty_text(),
        reference=nasty_text(),
        decision=nasty_text(),
        decided_on=dates(),
        beneficiary=nasty_text(),
        title=nasty_text(),
        period_start=dates(),
        period_end=dates(),
        aid_amount=amounts(),
        report_due=dates(),
        extension_before=dates(),
        report_sent=boolean(),
        report_sent_on=dates(),
        notes=nasty_text(),
    )
)
def test_new_convention_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, "/conventions/nouvelle", data)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(
    data=form(
        reference=nasty_text(),
        period_start=dates(),
        period_end=dates(),
        aid_amount=amounts(),
        version=ids(1, 2),
    )
)
def test_edit_convention_form(app, client, world, sign_in, convention, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, f"/conventions/{convention['id']}/modifier", data)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@example(budget="10,001", actual="", explanation="", version="1")
@example(budget="-1", actual="NaN", explanation="\x00", version="1")
@given(
    budget=amounts(),
    actual=amounts(),
    explanation=nasty_text(),
    version=st.one_of(st.just("1"), ids()),
)
def test_statement_form(
    app, client, world, sign_in, convention, budget, actual, explanation, version
):
    sign_in(world.coordinator)
    data = {
        f"budget_{convention['sub']}": budget,
        f"actual_{convention['sub']}": actual,
        f"explanation_{convention['sub']}": explanation,
        f"budget_{convention['head']}": budget,
        "version": version,
    }
    url = f"/conventions/{convention['id']}/bilan-financier/saisie"
    response = post_and_check(app, client, url, data)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@given(data=form(head_id=ids(), label=nasty_text(), version=st.one_of(st.just("1"), ids())))
def test_sub_line_form(app, client, world, sign_in, convention, data):
    sign_in(world.coordinator)
    url = f"/conventions/{convention['id']}/bilan-financier/sous-lignes"
    response = post_and_check(app, client, url, data)
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@given(
    path=st.sampled_from(["/definitif", "/brouillon", "/sous-lignes/{sub}/retirer"]),
    version=st.one_of(st.just("1"), ids()),
)
def test_statement_buttons(app, client, world, sign_in, convention, path, version):
    sign_in(world.coordinator)
    url = f"/conventions/{convention['id']}/bilan-financier" + path.format(**convention)
    response = post_and_check(app, client, url, {"version": version})
    assert response.status_code in (302, 400, 404, 409, 422)


@FUZZ
@example(query={"convention": "{id}", "du": "2023-01-01"})
@example(query={"convention": "{id}", "au": "9999-12-31"})
@given(query=form(convention=st.one_of(st.just("{id}"), ids()), du=dates(), au=dates()))
def test_period_of_a_convention(app, client, world, sign_in, convention, query):
    sign_in(world.coordinator)
    query = {key: value.replace("{id}", str(convention["id"])) for key, value in query.items()}
    response = get_and_check(app, client, "/tableau-de-bord/", query)
    assert response.status_code in (200, 400, 422)


def test_a_good_statement_is_written(app, client, world, sign_in, convention):
    """The fuzzing above must not hide that good input goes through."""
    sign_in(world.coordinator)
    url = f"/conventions/{convention['id']}/bilan-financier/saisie"
    data = {f"budget_{convention['sub']}": "1 286,50", "version": str(convention["version"])}
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        made = db.session.get(Convention, convention["id"])
        sub = next(line for line in made.lines if line.id == convention["sub"])
        assert sub.budget == Decimal("1286.50")
