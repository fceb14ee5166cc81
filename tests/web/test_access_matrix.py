"""Every route of the foundation's blueprints, called by each role (CTFd/Indico style).

The table is checked against ``app.url_map``: a new route of these blueprints fails
``test_every_route_is_in_the_table`` until it gets a row, and a new blueprint fails it
until it is listed here or in ``COVERED_ELSEWHERE``.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from entraide.declarations.services import close_need, declare_need, declare_offer
from entraide.extensions import db
from entraide.models import AuditEntry
from entraide.organisations.services import create_organisation
from entraide.tokens import make_token
from entraide.users.services import create_user
from tests.web.helpers import is_login_redirect, location_path, text_of

# Blueprints whose routes this table covers, and those tested by their own suites.
TABLE_BLUEPRINTS = {"auth", "organisations", "declarations", "users", "main"}
COVERED_ELSEWHERE = {
    "api": "tests/api/",
    "directory": "tests/directory/",
    "followups": "tests/followups/",
    "groups": "tests/groups/",
    "help_requests": "tests/help_requests/",
    "journal": "tests/journal/",
    "pairings": "tests/pairings/",
    "reports": "tests/reports/",
    "suggestions": "tests/suggestions/",
    "transfer": "tests/transfer/",
}

ROLES = ("anonymous", "member", "other_member", "coordinator", "viewer")
LOGIN = "login"  # Flask-Login's redirect to /connexion?next=…


class To(str):
    """An expected redirect to this path (a format string over the world's ids)."""


def everyone(answer):
    return (answer,) * 5


def logged_in(answer):
    return (LOGIN,) + (answer,) * 4


def own_org(answer):
    """SCIC A's private pages: its member and the coordinator; others get 404."""
    return (LOGIN, answer, 404, answer, 404)


def coordinator_only(answer):
    return (LOGIN, 403, 403, answer, 403)


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str
    expected: tuple
    data: dict | None = None


WEAK = {"password": "court", "confirm": "court"}
UNKNOWN_EMAIL = {"email": "personne@exemple.fr", "password": "pas-le-bon"}
HOME = To("/")

ORG_A = To("/organisations/{org_a}")

# fmt: off
TABLE = [
    Route("main.home", "GET", "/", (To("/connexion"), To("/mon-organisation"),
          To("/mon-organisation"), To("/organisations"), To("/tableau-de-bord/"))),
    Route("main.overview", "GET", "/synthese",
          (LOGIN, 403, 403, To("/tableau-de-bord/"), To("/tableau-de-bord/"))),

    Route("auth.login", "GET", "/connexion", (200,) + (HOME,) * 4),
    Route("auth.login", "POST", "/connexion", (422,) + (HOME,) * 4, UNKNOWN_EMAIL),
    Route("auth.logout", "POST", "/deconnexion", logged_in(To("/connexion"))),
    Route("auth.accept_invitation", "GET", "/invitation/{invite_token}", everyone(200)),
    Route("auth.accept_invitation", "POST", "/invitation/{invite_token}", everyone(422), WEAK),
    Route("auth.reset_password", "GET", "/mot-de-passe/nouveau/{reset_token}", everyone(200)),
    Route("auth.reset_password", "POST", "/mot-de-passe/nouveau/{reset_token}", everyone(422),
          WEAK),
    Route("auth.forgot_password", "GET", "/mot-de-passe/oublie", everyone(200)),
    Route("auth.forgot_password", "POST", "/mot-de-passe/oublie", everyone(To("/connexion")),
          {"email": "personne@exemple.fr"}),
    Route("auth.change_password", "GET", "/compte/mot-de-passe", logged_in(200)),
    Route("auth.change_password", "POST", "/compte/mot-de-passe", logged_in(422), {}),

    Route("organisations.mine", "GET", "/mon-organisation",
          (LOGIN, ORG_A, To("/organisations/{org_b}"), 404, 404)),
    Route("organisations.index", "GET", "/organisations", coordinator_only(200)),
    Route("organisations.show", "GET", "/organisations/{org_a}", own_org(200)),
    Route("organisations.create", "GET", "/organisations/nouvelle", coordinator_only(200)),
    Route("organisations.create", "POST", "/organisations/nouvelle", coordinator_only(422), {}),
    Route("organisations.edit", "GET", "/organisations/{org_a}/modifier", own_org(200)),
    Route("organisations.edit", "POST", "/organisations/{org_a}/modifier", own_org(422),
          {"name": ""}),
    Route("organisations.archive", "POST", "/organisations/{org_a}/archiver",
          coordinator_only(To("/organisations"))),
    Route("organisations.restore", "POST", "/organisations/{org_a}/restaurer",
          coordinator_only(ORG_A)),

    Route("declarations.new_need", "GET", "/organisations/{org_a}/besoins/nouveau", own_org(200)),
    Route("declarations.new_need", "POST", "/organisations/{org_a}/besoins/nouveau",
          own_org(422), {}),
    Route("declarations.edit_need", "GET", "/besoins/{need_a}/modifier", own_org(200)),
    Route("declarations.edit_need", "POST", "/besoins/{need_a}/modifier", own_org(422),
          {"text": ""}),
    Route("declarations.close_need", "POST", "/besoins/{need_a}/clore", own_org(ORG_A),
          {"outcome": "met"}),
    Route("declarations.reopen_need", "POST", "/besoins/{closed_need_a}/rouvrir", own_org(ORG_A)),
    Route("declarations.new_offer", "GET", "/organisations/{org_a}/offres/nouvelle", own_org(200)),
    Route("declarations.new_offer", "POST", "/organisations/{org_a}/offres/nouvelle",
          own_org(422), {}),
    Route("declarations.edit_offer", "GET", "/offres/{offer_a}/modifier", own_org(200)),
    Route("declarations.edit_offer", "POST", "/offres/{offer_a}/modifier", own_org(422),
          {"text": ""}),
    Route("declarations.withdraw_offer", "POST", "/offres/{offer_a}/retirer", own_org(ORG_A)),
    Route("declarations.overview", "GET", "/besoins", coordinator_only(200)),

    Route("users.index", "GET", "/utilisateurs", coordinator_only(200)),
    Route("users.invite", "GET", "/utilisateurs/inviter", coordinator_only(200)),
    Route("users.invite", "POST", "/utilisateurs/inviter", coordinator_only(422), {}),
    # The pending invitation is sent again; without SMTP the page shows the link (200).
    Route("users.resend", "POST", "/utilisateurs/{invited}/reinviter", coordinator_only(200)),
    Route("users.toggle_active", "POST", "/utilisateurs/{invited}/activation",
          coordinator_only(To("/utilisateurs"))),
]
# fmt: on


def test_every_route_is_in_the_table(app):
    routes, blueprints = set(), set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        blueprint = rule.endpoint.rpartition(".")[0]
        blueprints.add(blueprint)
        if blueprint in TABLE_BLUEPRINTS:
            routes |= {(rule.endpoint, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == {(route.endpoint, route.method) for route in TABLE}
    assert len(TABLE) == len(routes), "a route appears twice in the table"
    unknown = blueprints - TABLE_BLUEPRINTS - set(COVERED_ELSEWHERE)
    assert not unknown, f"blueprints with no access tests: {sorted(unknown)}"
    stale = set(COVERED_ELSEWHERE) - blueprints
    assert not stale, f"COVERED_ELSEWHERE lists blueprints that do not exist: {sorted(stale)}"


@pytest.fixture
def world(app):
    """Two SCICs with their members, the coordinator, the funder and a pending invitation.

    Each role gets its own open need, closed need and offer of SCIC A, so that what the
    member closes is still open when the coordinator's turn comes.
    """
    with app.app_context():
        org_a = create_organisation(None, "SCIC Alpha", commune_insee="62498")
        org_b = create_organisation(None, "SCIC Bêta", commune_insee="62041")
        users = {
            "member": create_user(None, "alpha@exemple.fr", "member", organisation=org_a),
            "other_member": create_user(None, "beta@exemple.fr", "member", organisation=org_b),
            "coordinator": create_user(None, "coordination@exemple.fr", "coordinator"),
            "viewer": create_user(None, "financeur@exemple.fr", "viewer"),
        }
        invited = create_user(None, "invitee@exemple.fr", "member", organisation=org_b)
        declarations = {}
        for role in ROLES:
            need = declare_need(org_a, None, "gouvernance", "Préparer notre AG")
            closed = declare_need(org_a, None, "juridique", "Réviser nos statuts")
            close_need(closed, None, "met")
            offer = declare_offer(org_a, None, "numerique", "Logiciels libres")
            declarations[role] = (need, closed, offer)
        db.session.commit()
        common = {
            "org_a": org_a.id,
            "org_b": org_b.id,
            "invited": invited.id,
            "invite_token": make_token(invited, "invite"),
            "reset_token": make_token(users["member"], "reset"),
        }
        ids = {
            role: {**common, "need_a": need.id, "closed_need_a": closed.id, "offer_a": offer.id}
            for role, (need, closed, offer) in declarations.items()
        }
        tokens = {role: user.session_token for role, user in users.items()}
    return SimpleNamespace(ids=ids, session_tokens=tokens, org_a_name="SCIC Alpha")


def sign_in(client, session_token: str) -> None:
    """What a successful login leaves in the session (logging in is tested in test_auth)."""
    with client.session_transaction() as session:
        session["_user_id"] = session_token
        session["_fresh"] = True


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


def _problem(app, world, route, role) -> str | None:
    """Call ``route`` as ``role`` in a fresh browser; describe what went wrong, if anything."""
    browser = app.test_client()
    if role != "anonymous":
        sign_in(browser, world.session_tokens[role])
    ids = world.ids[role]
    expected = route.expected[ROLES.index(role)]
    before = _audit_count(app)

    response = browser.open(route.path.format(**ids), method=route.method, data=route.data or {})

    got = f"{response.status_code} {response.headers.get('Location', '')}".strip()
    body = text_of(response)
    if expected == LOGIN:
        if not is_login_redirect(response):
            return f"expected the login redirect, got {got}"
    elif isinstance(expected, To):
        if response.status_code != 302 or location_path(response) != expected.format(**ids):
            return f"expected 302 to {expected.format(**ids)}, got {got}"
    elif response.status_code != expected:
        return f"expected {expected}, got {got}"
    elif '<html lang="fr">' not in body:
        return "the page is not French HTML"
    elif expected in (403, 404) and (
        f"(erreur {expected})" not in body or world.org_a_name in body
    ):
        return "the error page is not ours, or names SCIC A"
    if (expected == LOGIN or expected in (403, 404, 422)) and _audit_count(app) != before:
        return "a refused request changed something"
    return None


@pytest.mark.parametrize("route", TABLE, ids=lambda r: f"{r.endpoint}-{r.method}")
def test_route_answers_each_role(app, world, route):
    problems = {role: _problem(app, world, route, role) for role in ROLES}
    assert {role: problem for role, problem in problems.items() if problem} == {}
