"""The coordinator's /suivi page: active pairings, most urgent first."""

import re
from datetime import date, timedelta

from entraide.core.extensions import db
from entraide.followups.services import NewAction
from entraide.pairings import services as pairing_services
from tests.followups.conftest import log_meeting, start_pairing
from tests.web.helpers import text_of


def _rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)


def test_empty_state(duo, client, login_as):
    login_as(duo["coordinator"])
    response = client.get("/suivi")
    assert response.status_code == 200
    assert "Aucun parrainage actif à suivre pour l'instant." in text_of(response)


def test_late_first_then_to_nudge_then_up_to_date(duo, make, client, login_as, app_ctx):
    coordinator = duo["coordinator"]
    mentor = make.organisation("Grand Tilleul", year_created=2008, mentor_capacity=6)
    names = {}

    def pairing(name, started):
        org = make.organisation(name, year_created=2023)
        names[name] = start_pairing(duo, started_days_ago=started, mentee=org, mentor=mentor)
        return names[name]

    log_meeting(pairing("A jour", 200), coordinator, 10)
    log_meeting(pairing("Un peu en retard", 200), coordinator, 50)
    pairing("Jamais vue", 70)  # no meeting since its start, 70 days ago: late
    log_meeting(pairing("Tres en retard", 300), coordinator, 100)
    log_meeting(
        pairing("Action oubliee", 200),
        coordinator,
        5,
        actions=[NewAction("Envoyer le bilan", due_on=date.today() - timedelta(days=2))],
    )
    done = pairing("Fini", 300)
    pairing_services.complete(done, coordinator)
    db.session.commit()

    login_as(coordinator)
    page = text_of(client.get("/suivi"))
    assert [row.split(" ←")[0] for row in _rows(page)] == [
        "Tres en retard",
        "Jamais vue",
        "Un peu en retard",
        "Action oubliee",
        "A jour",
    ]
    assert "Fini" not in page
    assert "5 parrainages actifs" in page
    rows = page.split("<tbody>")[1].split("</tr>")
    assert ">En retard<" in rows[0] and "<td>100</td>" in rows[0]
    assert "aucune (début le" in rows[1]
    assert ">À relancer<" in rows[3] and "<td>1</td>" in rows[3]  # one overdue action
    assert ">À jour<" in rows[4]


def test_members_cannot_see_the_dashboard(duo, client, login_as):
    login_as(duo["mentee_user"])
    assert client.get("/suivi").status_code == 403


def test_the_coordinator_has_a_link_to_it(duo, client, login_as):
    login_as(duo["coordinator"])
    page = client.get("/parrainages").get_data(as_text=True)
    assert 'href="/suivi">Suivi des parrainages</a>' in page
