"""Every route of every blueprint, called by each role (CTFd/Indico style).

The table is checked against ``app.url_map``: a new route fails
``test_every_route_is_in_the_table`` until it gets a row. Each row is then called by the
five roles in a fresh browser; refusals (login, 403, 404, 409, 422) must write nothing,
error pages must not name SCIC A, and no answer to an outsider (anonymous, SCIC B's
member, the funder) may contain SCIC A's private notes or personal data, nor even SCIC A's
name unless the row allows it (``names_a_to``).
"""

import time

import pytest

from entraide.auth.sessions import LOGIN_AT
from entraide.core.extensions import db
from entraide.models import AuditEntry
from tests.web.access import (
    table_actions,
    table_foundation,
    table_helpfinder,
    table_network,
    table_pairings,
    table_public,
    table_reporting,
)
from tests.web.access.rows import LOGIN, ROLES, To
from tests.web.access.world import build_world
from tests.web.helpers import is_login_redirect, location_path, text_of

TABLE = (
    table_foundation.ROWS
    + table_pairings.ROWS
    + table_network.ROWS
    + table_reporting.ROWS
    + table_public.ROWS
    + table_helpfinder.ROWS
    + table_actions.ROWS
)
OUTSIDERS = ("anonymous", "other_member", "viewer")
REFUSALS = (403, 404, 409, 422)
MIMETYPES = {
    "html": "text/html",
    "json": "application/json",
    "csv": "text/csv",
    "ics": "text/calendar",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "image": "image/svg+xml",
    "zip": "application/zip",
}


def test_every_route_is_in_the_table(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    rows = [(route.endpoint, route.method) for route in TABLE]
    assert sorted(routes - set(rows)) == [], "routes without a row in the table"
    assert sorted(set(rows) - routes) == [], "rows for routes that do not exist"
    # A route may have several rows on different paths (one per partner relation).
    calls = [(route.endpoint, route.method, route.path) for route in TABLE]
    assert len(calls) == len(set(calls)), "a row appears twice in the table"


@pytest.fixture
def world(app):
    with app.app_context():
        return build_world()


def sign_in(client, session_token: str) -> None:
    """What a successful login leaves in the session (logging in is tested in test_auth)."""
    with client.session_transaction() as session:
        session["_user_id"] = session_token
        session["_fresh"] = True
        session[LOGIN_AT] = int(time.time())


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


def _answer_problem(response, expected, ids, kind) -> str | None:
    """Whether the status (and redirect, or content type) is the expected one."""
    got = f"{response.status_code} {response.headers.get('Location', '')}".strip()
    if expected == LOGIN:
        return None if is_login_redirect(response) else f"expected the login redirect, got {got}"
    if isinstance(expected, To):
        if response.status_code != 302 or location_path(response) != expected.format(**ids):
            return f"expected 302 to {expected.format(**ids)}, got {got}"
        return None
    if response.status_code != expected:
        return f"expected {expected}, got {got}"
    if expected == 200 and response.mimetype != MIMETYPES[kind]:
        return f"expected {MIMETYPES[kind]}, got {response.mimetype}"
    if kind == "html" and '<html lang="fr">' not in text_of(response):
        return "the page is not French HTML"
    return None


def _leak(body: str, route, expected, role: str, world) -> str | None:
    """What the answer shows that it should not."""
    if expected in (403, 404) and f"(erreur {expected})" not in body:
        return "the error page is not ours"
    if expected in (403, 404) and world.org_a_name in body:
        return "the error page names SCIC A"
    if role not in OUTSIDERS:
        return None
    leaked = [secret for secret in world.secrets if secret in body]
    if leaked:
        return f"an outsider reads {leaked}"
    if world.org_a_name in body and role not in route.names_a_to:
        return "an outsider's answer names SCIC A"
    return None


def _problem(app, world, route, role) -> str | None:
    """Call ``route`` as ``role`` in a fresh browser; describe what went wrong, if anything."""
    browser = app.test_client()
    if role != "anonymous":
        sign_in(browser, world.session_tokens[role])
    ids = world.ids[role]
    expected = route.expected[ROLES.index(role)]
    data = {key: value.format(**ids) for key, value in (route.data or {}).items()}
    before = _audit_count(app)

    response = browser.open(route.path.format(**ids), method=route.method, data=data)

    # A workbook, a zip of CSV files or a PDF is binary: outsiders without access get a page
    # instead.
    binary = response.mimetype in (MIMETYPES["xlsx"], MIMETYPES["zip"], MIMETYPES["pdf"])
    body = "" if binary else text_of(response)
    problem = _answer_problem(response, expected, ids, route.kind) or _leak(
        body, route, expected, role, world
    )
    if problem:
        return problem
    if (expected == LOGIN or expected in REFUSALS) and _audit_count(app) != before:
        return "a refused request changed something"
    return None


@pytest.mark.parametrize("route", TABLE, ids=lambda r: f"{r.endpoint}-{r.method}")
def test_route_answers_each_role(app, world, route):
    problems = {role: _problem(app, world, route, role) for role in ROLES}
    assert {role: problem for role, problem in problems.items() if problem} == {}
