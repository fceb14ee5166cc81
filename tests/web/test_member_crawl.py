"""Every link a member of the demo network sees leads somewhere: no 404, no 500.

The demo network is loaded with its year of life (refused and stopped proposals, active
parrainages with meetings, planned ones and actions, territorial groups, help requests
answered and relayed), and each demo member follows every same-site link of every page
it sees, from its home page: GET only, breadth first, at most MAX_PAGES pages each.
"""

import html
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from entraide.core.extensions import db
from entraide.demo import DEMO_PASSWORD, load_demo
from tests.conftest import login

MAX_PAGES = 300
DEMO_MEMBERS = ("membre@entraide.example", "parrain@entraide.example")
_HREF = re.compile(r'href="([^"]+)"')


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
        load_demo()
        db.session.commit()
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
