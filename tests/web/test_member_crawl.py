"""Every link a member of the demo network sees leads somewhere: no 404, no 500.

The demo network is loaded, then given a life (a refused proposal, an active parrainage
with a meeting, a planned one and an action, a territorial group, a help request that
was answered), and each demo member follows every same-site link of every page it sees,
from its home page: GET only, breadth first, at most MAX_PAGES pages each.
"""

import html
import re
from collections import deque
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

import pytest

from entraide.core.extensions import db
from entraide.demo import DEMO_PASSWORD, load_demo
from entraide.followups import services as followups
from entraide.groups import services as groups
from entraide.help_requests import services as help_requests
from entraide.models import User
from entraide.organisations.services import find_by_name
from entraide.pairings import services as pairings
from tests.conftest import login

MAX_PAGES = 300
DEMO_MEMBERS = ("membre@entraide.example", "parrain@entraide.example")
_HREF = re.compile(r'href="([^"]+)"')


def play_demo_life() -> None:
    """The demo network after a few weeks of use (through the services, committed)."""
    load_demo()
    coordinator = db.session.execute(db.select(User).filter_by(role="coordinator")).scalar()
    young, sponsor = find_by_name("Le Toit Commun"), find_by_name("Cliss XXI")
    member = db.session.execute(db.select(User).filter_by(organisation_id=young.id)).scalar()
    helper = db.session.execute(db.select(User).filter_by(organisation_id=sponsor.id)).scalar()
    refused = pairings.propose(coordinator, young, find_by_name("Citiz"))
    pairings.answer(refused, None, "mentor", False, "Pas de place cette année")
    pairing = pairings.propose(coordinator, young, sponsor, objectives="Préparer notre AG")
    pairings.answer(pairing, member, "mentee", True, None)
    pairings.answer(pairing, helper, "mentor", True, None)
    pairing.start_date = date.today() - timedelta(days=40)
    followups.log_followup(
        pairing,
        helper,
        held_on=date.today() - timedelta(days=10),
        format="visit",
        volunteer_hours=Decimal(2),
        summary="Première visite : les collèges et l'ordre du jour de l'AG.",
        next_meeting_on=date.today() + timedelta(days=12),
        actions=[
            followups.NewAction("Envoyer le modèle de convocation", "Cliss XXI", date.today()),
            followups.NewAction("Relire les statuts", "Le Toit Commun", date.today()),
        ],
    )
    groups.create_group(
        coordinator, "Groupe de l'Arrageois", [young, sponsor, find_by_name("Indelab")]
    )
    call = help_requests.post_request(
        member, young, "gouvernance", "Animer notre première AG", "Qui peut nous conseiller ?"
    )
    help_requests.answer(call, helper, "Nous pouvons venir à votre AG.")
    db.session.commit()


def _links(base_url: str, body: str) -> list[str]:
    found = []
    for raw in _HREF.findall(body):
        url = urljoin(base_url, html.unescape(raw))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != "entraide.test":
            continue  # mailto:, tel:, other sites
        if parts.path.startswith("/static/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, start: str = "/") -> dict[str, int]:
    """Status of every page reached from ``start`` (redirects followed as links)."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code in (301, 302, 303):
            queue.extend(_links("http://entraide.test" + path, f'href="{response.location}"'))
        elif response.mimetype == "text/html":
            body = response.get_data(as_text=True)
            queue.extend(_links("http://entraide.test" + path, body))
    return seen


@pytest.fixture
def demo(app):
    with app.app_context():
        play_demo_life()
        db.session.remove()


@pytest.mark.parametrize("email", DEMO_MEMBERS)
def test_every_link_a_demo_member_sees_answers(app, demo, email):
    client = app.test_client()
    assert login(client, email, DEMO_PASSWORD).status_code == 302

    seen = crawl(client)

    broken = {path: status for path, status in seen.items() if status in (404, 500)}
    assert broken == {}
    # The crawl did reach the partners' pages, and stayed within its bound.
    partner_pages = [p for p in seen if re.fullmatch(r"/organisations/\d+", p)]
    assert len(partner_pages) >= 3, sorted(seen)
    assert len(seen) < MAX_PAGES, "the crawl hit its bound: raise it or narrow the links"
