"""Accessibility (RGAA): axe-core on every main page of every role, in Chromium.

No page may have a "serious" or "critical" violation; the "moderate" and "minor" ones are
listed in test-artifacts/axe-summary.txt (and in the failure message, if any).

This module serves its own copy of the demo network (its own SQLite file and live server):
its year of life gives the pages something to show (an active pairing with a follow-up
booklet, a completed one waiting for an evaluation, territorial groups, calls for help);
this module adds a call for help and a failed mail. The other browser modules share the
package's server and count what they add: this module's data must not reach them.

axe is injected with ``page.evaluate`` (the DevTools protocol): the app's Content Security
Policy (script-src 'self', no inline script) does not apply to it, so the pages are tested
with their real CSP, and no ``bypass_csp`` is needed.
"""

import re
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from entraide.core.extensions import db
from entraide.demo import DEMO_PASSWORD

from .conftest import DESKTOP, MOBILE, ROOT, SCREENSHOTS, TIMEOUT_MS, _build_live_app
from .test_journeys import COORDINATOR, MEMBER, VIEWER

pytestmark = pytest.mark.browser

SPONSOR = "parrain@entraide.example"
# A person of the demo's SCIC marraine whose close-out evaluation is still to give.
BILAN_OWED = "helene.caron@deux-caps.example"
BLOCKING = {"serious", "critical"}
SUMMARY = ROOT / "test-artifacts" / "axe-summary.txt"
AXE = Axe()
# The rules of WCAG 2.1 A and AA, those axe maps to the RGAA 4, and axe's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations", "incomplete"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "RGAAv4", "best-practice"],
    },
}

ACCOUNTS = {
    "membre": MEMBER,
    "parrain": SPONSOR,
    "marraine-bilan": BILAN_OWED,
    "coordination": COORDINATOR,
    "financeur": VIEWER,
}

# (role, page name, address with {placeholders} from the seeded ids, expected status)
PAGES = [
    ("anonyme", "connexion", "/connexion", 200),
    ("anonyme", "mot-de-passe-oublie", "/mot-de-passe/oublie", 200),
    ("anonyme", "lien-invalide", "/mot-de-passe/nouveau/jeton-inconnu", 400),
    ("anonyme", "annuaire", "/annuaire", 200),
    ("anonyme", "annuaire-fiche", "/annuaire/{mentor}", 200),
    ("anonyme", "page-introuvable", "/page-qui-n-existe-pas", 404),
    ("membre", "accueil", "/", 200),
    ("membre", "mon-compte", "/mon-compte", 200),
    ("membre", "page-de-la-marraine", "/organisations/{mentor}", 200),
    ("membre", "mon-organisation", "/mon-organisation", 200),
    ("membre", "declarer-un-besoin", "/organisations/{mentee}/besoins/nouveau", 200),
    ("membre", "modifier-un-besoin", "/besoins/{need}/modifier", 200),
    ("membre", "proposer-une-offre", "/organisations/{mentee}/offres/nouvelle", 200),
    ("membre", "modifier-une-offre", "/offres/{offer}/modifier", 200),
    ("membre", "parrainages", "/parrainages", 200),
    ("membre", "parrainage-et-carnet", "/parrainages/{active}", 200),
    ("membre", "nouvelle-rencontre", "/parrainages/{active}/rencontres/nouvelle", 200),
    ("marraine-bilan", "parrainage-termine", "/parrainages/{completed}", 200),
    ("marraine-bilan", "bilan", "/parrainages/{completed}/bilan", 200),
    ("membre", "mon-groupe", "/groupes/le-mien", 200),
    ("membre", "appels-a-l-entraide", "/entraide", 200),
    ("membre", "nouvel-appel", "/entraide/nouveau", 200),
    ("membre", "appel", "/entraide/{help}", 200),
    ("membre", "qui-peut-m-aider", "/qui-peut-m-aider", 200),
    ("membre", "annuaire", "/annuaire", 200),
    ("membre", "mot-de-passe", "/compte/mot-de-passe", 200),
    ("membre", "acces-refuse", "/utilisateurs", 403),
    ("membre", "temoignage-a-approuver", "/temoignages/{testimony}", 200),
    ("parrain", "accueil", "/", 200),
    ("parrain", "page-de-la-filleule", "/organisations/{mentee}", 200),
    ("parrain", "mon-organisation", "/mon-organisation", 200),
    ("parrain", "parrainages", "/parrainages", 200),
    ("parrain", "parrainage-et-carnet", "/parrainages/{active}", 200),
    ("parrain", "mon-groupe", "/groupes/le-mien", 200),
    ("parrain", "appels-a-l-entraide", "/entraide", 200),
    ("parrain", "appel-a-repondre", "/entraide/{help}", 200),
    ("parrain", "qui-puis-je-aider", "/qui-puis-je-aider", 200),
    ("coordination", "organisations", "/organisations", 200),
    ("coordination", "organisation", "/organisations/{mentee}", 200),
    ("coordination", "nouvelle-organisation", "/organisations/nouvelle", 200),
    ("coordination", "modifier-organisation", "/organisations/{mentee}/modifier", 200),
    ("coordination", "import", "/organisations/import", 200),
    ("coordination", "besoins-et-offres", "/besoins", 200),
    ("coordination", "suggestions", "/rapprochement/suggestions", 200),
    ("coordination", "suggestions-groupes", "/rapprochement/groupes", 200),
    ("coordination", "territoires", "/rapprochement/territoires", 200),
    ("coordination", "territoires-reinitialiser", "/rapprochement/territoires/reinitialiser", 200),
    ("coordination", "reglages-rapprochement", "/rapprochement/reglages", 200),
    ("coordination", "file-de-validation", "/parrainages/file", 200),
    ("coordination", "proposer-un-parrainage", "/parrainages/nouveau", 200),
    ("coordination", "binomes-ecartes", "/parrainages/refus", 200),
    ("coordination", "parrainages", "/parrainages", 200),
    ("coordination", "parrainage-et-carnet", "/parrainages/{active}", 200),
    ("coordination", "suivi", "/suivi", 200),
    ("coordination", "groupes-et-carte", "/groupes", 200),
    ("coordination", "groupe", "/groupes/{group}", 200),
    ("coordination", "rencontres", "/groupes/rencontres", 200),
    ("coordination", "nouvelle-rencontre-de-groupe", "/groupes/{group}/rencontres/nouvelle", 200),
    ("coordination", "suivi-des-appels", "/entraide/suivi", 200),
    ("coordination", "appel", "/entraide/{help}", 200),
    ("coordination", "journal", "/journal", 200),
    ("coordination", "comptes", "/utilisateurs", 200),
    ("coordination", "inviter", "/utilisateurs/inviter", 200),
    ("coordination", "courriels-en-file", "/courriels", 200),
    ("coordination", "synthese", "/tableau-de-bord/", 200),
    ("coordination", "reglages-synthese", "/tableau-de-bord/reglages", 200),
    ("coordination", "temoignages", "/tableau-de-bord/temoignages", 200),
    (
        "coordination",
        "modifier-un-temoignage",
        "/tableau-de-bord/temoignages/{testimony}/modifier",
        200,
    ),
    ("coordination", "annuaire", "/annuaire", 200),
    ("financeur", "synthese", "/tableau-de-bord/", 200),
    ("financeur", "annuaire", "/annuaire", 200),
    ("financeur", "annuaire-fiche", "/annuaire/{mentee}", 200),
    ("financeur", "mot-de-passe", "/compte/mot-de-passe", 200),
]

# Error states: (role, name, address, the submit button) – the form is sent empty.
FORMS_WITH_ERRORS = [
    ("anonyme", "connexion", "/connexion", "Se connecter"),
    ("anonyme", "mot-de-passe-oublie", "/mot-de-passe/oublie", None),
    ("membre", "declarer-un-besoin", "/organisations/{mentee}/besoins/nouveau", None),
    ("membre", "nouvel-appel", "/entraide/nouveau", None),
    ("membre", "nouvelle-rencontre", "/parrainages/{active}/rencontres/nouvelle", None),
    ("membre", "temoignage-a-approuver", "/temoignages/{testimony}", "Enregistrer ma réponse"),
    ("coordination", "nouvelle-organisation", "/organisations/nouvelle", None),
    ("coordination", "inviter", "/utilisateurs/inviter", None),
    ("coordination", "territoire", "/rapprochement/territoires", "Enregistrer le territoire"),
]


def _seed(app) -> dict:
    """What the pages need: the demo's year of life has it (an active pairing with its
    booklet, a completed one whose SCIC marraine still owes its evaluation, a group, help
    requests, requests in the queue); this adds a call for help of the member and a failed
    mail, through the services like the app would. Returns the ids."""
    from entraide.groups.services import active_group_of
    from entraide.help_requests.services import post_request
    from entraide.models import Pairing, User
    from entraide.outbox.services import queue

    with app.app_context():
        member = db.session.execute(db.select(User).filter_by(email=MEMBER)).scalar_one()
        sponsor = db.session.execute(db.select(User).filter_by(email=SPONSOR)).scalar_one()
        mentee, mentor = member.organisation, sponsor.organisation
        active = db.session.execute(
            db.select(Pairing).filter_by(mentee_id=mentee.id, mentor_id=mentor.id)
        ).scalar_one()
        bilan_owed = db.session.execute(db.select(User).filter_by(email=BILAN_OWED)).scalar_one()
        done = db.session.execute(
            db.select(Pairing).filter_by(mentor_id=bilan_owed.organisation_id, status="completed")
        ).scalar_one()
        # A testimony from that pairing's booklet, awaiting both SCICs' approval.
        from datetime import date

        from entraide.reports.services import add_highlight

        coordinator = db.session.execute(
            db.select(User).filter_by(role="coordinator", active=True).limit(1)
        ).scalar_one()

        testimony = add_highlight(
            coordinator,
            date.today().year,
            f"{mentor.name} nous a aidés à préparer notre assemblée générale.",
            title="Compte rendu d'une rencontre",
            source_type="followup",
            source_id=next(f for f in active.followups if f.status == "held").id,
        )
        help_request = post_request(
            member,
            mentee,
            "gouvernance",
            "Un lieu pour notre assemblée générale",
            "Nous cherchons une salle de 60 places en juin.",
        )
        # A mail the server refused six times, for the page of mails waiting or failed.
        [failed] = queue([MEMBER], "password_reset", "Nouveau mot de passe Entraide", "…")
        failed.status, failed.attempts = "failed", 6
        failed.last_error = "Serveur de courriel injoignable (connexion refusée)."
        db.session.flush()
        ids = {
            "mentee": mentee.id,
            "mentor": mentor.id,
            "need": mentee.open_needs()[0].id,
            "offer": mentee.offers[0].id,
            "active": active.id,
            "completed": done.id,
            "group": active_group_of(mentee.id).id,
            "help": help_request.id,
            "testimony": testimony.id,
        }
        db.session.commit()
        db.session.remove()
    return ids


@pytest.fixture(scope="module")
def a11y_site(tmp_path_factory, screenshot, live_app):
    """This module's own server: base URL and the ids of the seeded data.

    Asks for ``screenshot`` only so that the package's screenshot folder is emptied first,
    and for ``live_app`` so that the package's app is built first: Alembic's migration
    context is global to the process, two upgrades at once (in two threads) would clash.
    """
    app = _build_live_app(tmp_path_factory.mktemp("a11y"))
    ids = _seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="a11y-server", daemon=True)
    thread.start()
    (SCREENSHOTS / "accessibilite").mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text("", encoding="utf-8")
    try:
        yield f"http://127.0.0.1:{server.server_port}", ids
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def sessions(browser, a11y_site) -> dict:
    """The saved session (cookies) of each role, logged in once through the login form."""
    base_url, _ids = a11y_site
    pages = {}
    for role, email in ACCOUNTS.items():
        context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale="fr-FR")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto("/connexion")
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click(no_wait_after=True)
        pages[role] = page
    states = {"anonyme": None}
    for role, page in pages.items():
        page.get_by_role("navigation", name="Navigation principale").get_by_text(
            re.compile("Mon organisation|Organisations|Synthèse")
        ).first.wait_for()
        states[role] = page.context.storage_state()
        page.context.close()
    return states


@pytest.fixture
def open_page(browser, a11y_site, sessions):
    """Open an address as a role in a fresh context; fail on any JS error or CSP report."""
    base_url, ids = a11y_site
    contexts, problems = [], []

    def on_console(message):
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(f"console: {message.text}")

    def _open(role: str, address: str, expected_status: int = 200, **options):
        options = {"viewport": DESKTOP, "color_scheme": "light", **options}
        context = browser.new_context(
            base_url=base_url, locale="fr-FR", storage_state=sessions[role], **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
        page.on("console", on_console)
        response = page.goto(address.format(**ids))
        assert response is not None and response.status == expected_status, (
            f"{address}: HTTP {response.status if response else '?'}"
        )
        return page

    yield _open
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def _describe(violation: dict, kind: str = "") -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    more = len(violation["nodes"]) - 5
    suffix = f" (+{more})" if more > 0 else ""
    impact = f"{violation['impact']}, {kind}" if kind else violation["impact"]
    return f"  [{impact}] {violation['id']}: {violation['help']} – {targets}{suffix}"


def check_axe(page, label: str, context: str | None = None) -> None:
    """Run axe (on the ``context`` selector if given): fail on serious or critical violations."""
    page.screenshot(path=str(SCREENSHOTS / "accessibilite" / f"{label}.png"), full_page=True)
    response = AXE.run(page, context=context, options=AXE_OPTIONS).response
    violations = response["violations"]
    # What axe could not decide (text over an image or a gradient…): to check by eye.
    unsure = [v for v in response["incomplete"] if v["impact"] in BLOCKING]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    if violations or unsure:
        with SUMMARY.open("a", encoding="utf-8") as summary:
            summary.write(f"{label} ({page.url})\n")
            summary.writelines(_describe(v) + "\n" for v in violations)
            summary.writelines(_describe(v, "à vérifier") + "\n" for v in unsure)
    assert not blocking, "\n".join(
        [f"{label}: violations graves ou critiques ({page.url})"]
        + [_describe(v) for v in blocking]
        + (["autres :"] + [_describe(v) for v in others] if others else [])
    )


@pytest.mark.parametrize(
    ("role", "address", "status"),
    [
        pytest.param(role, address, status, id=f"{role}-{name}")
        for role, name, address, status in PAGES
    ],
)
def test_page_has_no_serious_violation(open_page, request, role, address, status):
    page = open_page(role, address, status)
    check_axe(page, request.node.callspec.id)


@pytest.mark.parametrize(
    ("role", "address", "button"),
    [
        pytest.param(role, address, button, id=f"{role}-{name}-erreurs")
        for role, name, address, button in FORMS_WITH_ERRORS
    ],
)
def test_form_errors_have_no_serious_violation(open_page, request, role, address, button):
    page = open_page(role, address)
    main = page.get_by_role("main")
    submit = (
        main.get_by_role("button", name=button)
        if button
        else main.locator("button[type=submit], input[type=submit]").last
    )
    # Skip the browser's own checks (required, type=email): the server's errors are tested.
    main.locator("form:has(button[type=submit])").last.evaluate("form => form.noValidate = true")
    submit.click()
    page.locator("[aria-invalid=true], [role=alert]").first.wait_for()
    check_axe(page, request.node.callspec.id)


# A few pages again on a phone, and with the system set to dark mode: the layout changes
# (tables become cards, the menu wraps), and the app must stay readable in both.
VARIANTS = {"mobile": {"viewport": MOBILE}, "sombre": {"color_scheme": "dark"}}
SOME_PAGES = [
    ("anonyme", "connexion", "/connexion"),
    ("anonyme", "annuaire-fiche", "/annuaire/{mentor}"),
    ("membre", "mon-organisation", "/mon-organisation"),
    ("membre", "parrainages", "/parrainages"),
    ("membre", "parrainage-et-carnet", "/parrainages/{active}"),
    ("coordination", "file-de-validation", "/parrainages/file"),
    ("coordination", "journal", "/journal"),
    ("coordination", "groupes-et-carte", "/groupes"),
    ("coordination", "rencontres", "/groupes/rencontres"),
    ("coordination", "import", "/organisations/import"),
    ("coordination", "synthese", "/tableau-de-bord/"),
]


@pytest.mark.parametrize(
    ("role", "address", "variant"),
    [
        pytest.param(role, address, variant, id=f"{role}-{name}-{variant}")
        for variant in VARIANTS
        for role, name, address in SOME_PAGES
    ],
)
def test_phone_and_dark_mode_have_no_serious_violation(open_page, request, role, address, variant):
    page = open_page(role, address, **VARIANTS[variant])
    check_axe(page, request.node.callspec.id)
    if variant == "mobile":  # RGAA 10.11: no sideways scroll at a phone's width
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= MOBILE["width"], f"{page.url}: {width}px de large"


@pytest.mark.parametrize("role", ["membre", "coordination", "financeur"])
def test_open_menus_have_no_serious_violation(open_page, role):
    """The header's drop-down menus, each open in turn (axe skips what is hidden)."""
    page = open_page(role, "/annuaire")
    menus = page.get_by_role("navigation", name="Navigation principale").locator("details")
    for index in range(menus.count()):
        menu = menus.nth(index)
        menu.locator("summary").click()
        menu.get_by_role("list").wait_for()
        check_axe(page, f"{role}-menu-{index + 1}", context="header")
        menu.locator("summary").click()
