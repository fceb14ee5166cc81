"""The dashboard's statements are built once per period and kept (core.statements): what
is kept is the SQL, never its result, so a change in the data shows at the next view."""

import re
from datetime import date

from entraide.core.extensions import db
from entraide.reports.period import year_period
from entraide.reports.queries import network as queries
from tests.web.helpers import text_of


def test_same_period_same_statement_object(app_ctx):
    period = year_period(2024)
    assert queries._organisations_statement(period) is queries._organisations_statement(
        year_period(2024)
    )
    assert queries._organisations_statement(period) is not queries._organisations_statement(
        year_period(2023)
    )


def _members(response) -> str:
    """The key figure « N organisations membres » of the dashboard."""
    return re.search(r'class="stat">(\d+)</p><p>organisations? membres?', text_of(response))[1]


def test_the_dashboard_shows_a_change_made_after_the_statements_were_kept(
    network, make, client, login_as
):
    login_as(network["viewer"])
    assert _members(client.get("/tableau-de-bord/")) == "3"
    kept = queries._organisations_statement.cache_info().hits
    make.organisation("Nouvelle Venue", year_created=date.today().year)
    make.need(network["fragile"], theme="numerique", text="Un site")
    db.session.commit()
    response = client.get("/tableau-de-bord/")
    assert queries._organisations_statement.cache_info().hits > kept  # the statement reused
    assert _members(response) == "4"  # … and the figure read again
    assert "Outils numériques" in text_of(response)  # the new need, a workshop to propose
