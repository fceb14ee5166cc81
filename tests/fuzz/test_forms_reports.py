"""PeriodForm (dashboard, CSV report), SettingsForm and HighlightForm of the report."""

from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from entraide.models import ReportSettings
from entraide.models.report import HIGHLIGHT_SOURCES

from .checks import get_and_check, post_and_check, scalar
from .conftest import FUZZ
from .strategies import choice, dates, form, ids, nasty_text, numbers


@FUZZ
@example(path="/tableau-de-bord/", query={"du": "9999-01-01", "au": "9999-12-31"})
@example(path="/tableau-de-bord/bilan.csv", query={"au": "9999-12-31"})
@example(path="/tableau-de-bord/", query={"du": "0001-01-01"})
@given(
    path=st.sampled_from(["/tableau-de-bord/", "/tableau-de-bord/bilan.csv"]),
    query=form(du=dates(), au=dates()),
)
def test_period_form(app, client, world, sign_in, path, query):
    sign_in(world.viewer)
    response = get_and_check(app, client, path, query)
    assert response.status_code in (200, 400, 422)
    if response.status_code == 200 and path.endswith(".csv"):
        response.get_data()  # the stream runs to its end


@FUZZ
@given(data=form(hourly_rate=numbers()))
def test_settings_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    response = post_and_check(app, client, "/tableau-de-bord/reglages", data)
    assert response.status_code in (302, 400, 422)


@FUZZ
@example(year="2024", data={"source_type": "followup", "source_id": "²", "quote": "Merci"})
@example(year="2024", data={"source_type": "evaluation", "source_id": "9" * 20, "quote": "Oui"})
@given(
    year=st.one_of(numbers(), st.just("")),
    data=form(
        source_type=choice(*HIGHLIGHT_SOURCES),
        source_id=ids(),
        title=nasty_text(),
        quote=nasty_text(),
        position=numbers(),
    ),
)
def test_highlight_form(app, client, world, sign_in, year, data):
    sign_in(world.coordinator)
    response = post_and_check(
        app, client, "/tableau-de-bord/temoignages", data, query_string={"annee": year}
    )
    assert response.status_code in (302, 400, 422)


@FUZZ
@given(rate=st.decimals(0, 999, places=2), comma=st.booleans())
def test_settings_accept_good_input(app, client, world, sign_in, rate, comma):
    sign_in(world.coordinator)
    text = str(rate).replace(".", ",") if comma else str(rate)
    response = client.post("/tableau-de-bord/reglages", data={"hourly_rate": text})
    assert response.status_code == 302
    assert scalar(app, select(ReportSettings.hourly_rate)) == rate


@FUZZ
@given(data=form(title=nasty_text(), quote=nasty_text(), position=numbers()))
def test_highlight_edit_form(app, client, world, sign_in, data):
    sign_in(world.coordinator)
    url = f"/tableau-de-bord/temoignages/{world.highlight}/modifier"
    response = post_and_check(app, client, url, data)
    assert response.status_code in (302, 400, 422)


@FUZZ
@example(data={"answer": "approved", "digest": "0" * 64})
@given(
    data=form(
        answer=choice("approved", "approved_anonymous", "refused", "pending"), digest=nasty_text()
    )
)
def test_testimony_answer_form(app, client, world, sign_in, data):
    """Vieux Chêne's answer about the testimony naming it: a digest that is not the text's
    is a 409 (the text changed), anything malformed a 422; nothing else is written."""
    sign_in(world.mentor_user)
    response = post_and_check(app, client, f"/temoignages/{world.highlight}/reponse", data)
    assert response.status_code in (302, 400, 409, 422)


@FUZZ
@example(year="2024", axis="1", data={"axe1-results": "x" * 5001})
@example(year="1999", axis="2", data={"axe2-conditions": "Oui"})
@given(
    year=st.one_of(numbers(), st.just("2024")),
    axis=st.one_of(numbers(), st.sampled_from(["1", "2", "3", "4", "5", "0"])),
    data=st.sampled_from(["1", "2", "3", "4"]).flatmap(
        lambda n: form(
            **{f"axe{n}-conditions": nasty_text(), f"axe{n}-results": nasty_text()},
            **{f"axe{n}-perspectives": nasty_text()},
        )
    ),
)
def test_axis_narrative_form(app, client, world, sign_in, year, axis, data):
    """Any year, axis and texts: a saved narrative, or a French refusal writing nothing."""
    sign_in(world.coordinator)
    response = post_and_check(app, client, f"/tableau-de-bord/bilan/{year}/axes/{axis}", data)
    assert response.status_code in (302, 400, 404, 405, 422)
