"""« Données de démonstration » on every page while the demo is loaded, and only then.

The crawl of every role's pages on the demo (tests/formats/test_french_everywhere.py)
checks the banner on each page it reads; here: the pages a crawl does not reach (login,
error pages), and its absence from a database that is not the demo.
"""

from datetime import date

import pytest

from entraide.demo import DEMO_PASSWORD
from tests.conftest import login

BANNER = "Données de démonstration"
PEOPLE = {
    "anonymous": None,
    "member": "membre@entraide.example",
    "sponsor": "parrain@entraide.example",
    "coordinator": "coordination@entraide.example",
    "viewer": "financeur@entraide.example",
}
PAGES = ["/", "/annuaire", "/connexion", "/mot-de-passe/oublie", "/nulle-part", "/organisations"]


@pytest.mark.parametrize("role", list(PEOPLE))
def test_every_role_sees_the_banner_while_the_demo_is_loaded(demo, client, role):
    if PEOPLE[role]:
        assert login(client, PEOPLE[role], DEMO_PASSWORD).status_code == 302
    for path in PAGES:
        response = client.get(path, follow_redirects=True)
        assert response.mimetype == "text/html", path
        body = response.get_data(as_text=True)
        assert BANNER in body, (role, path, response.status_code)
        # It says what is real and what is not.
        assert "n'ont ici que leurs faits publics" in body.replace("&#39;", "'")


def test_no_banner_on_a_network_that_is_not_the_demo(client, make):
    coordinator = make.coordinator()
    make.member(make.organisation("Vraie SCIC"))
    for path in ("/connexion", "/annuaire", "/nulle-part"):
        assert BANNER not in client.get(path).get_data(as_text=True), path
    assert login(client, coordinator.email).status_code == 302
    assert BANNER not in client.get("/organisations").get_data(as_text=True)


def test_the_banner_goes_with_the_demo(demo, client, runner):
    assert BANNER in client.get("/connexion").get_data(as_text=True)
    result = runner.invoke(args=["demo", "--unload"])
    assert result.exit_code == 0, result.output
    assert BANNER not in client.get("/connexion").get_data(as_text=True)


def test_a_database_that_cannot_say_shows_the_page_without_banner(client, make, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import entraide.web.templating as templating

    def unreadable():
        raise OperationalError("SELECT", {}, Exception("no such table: demo_marker"))

    monkeypatch.setattr(templating, "demo_loaded", unreadable)
    response = client.get("/connexion")
    assert response.status_code == 200
    assert BANNER not in response.get_data(as_text=True)


def _report_html() -> str:
    from entraide.reports.context import report_context
    from entraide.reports.pdf import render_report_html
    from entraide.reports.period import year_period

    period = year_period(date.today().year)
    return render_report_html({**report_context(period), "pdf_stamp": "x"})


def test_the_report_made_from_the_demo_says_so(demo):
    assert BANNER in _report_html()


def test_a_real_network_s_report_does_not(make):
    make.organisation("Vraie SCIC")
    assert BANNER not in _report_html()
