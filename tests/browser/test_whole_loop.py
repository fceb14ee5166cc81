"""The members' whole loop in Chromium: from « Qui peut m'aider ? » to the partner's contact.

A young SCIC finds a sponsor in « Qui peut m'aider ? » and asks for it; the coordination
sees the request first in its queue and validates it; both SCICs consent from their
« À faire »; the sponsor chooses on « Mon compte » to be its SCIC's contact person, then
plans a meeting in the coming days; the young SCIC's personal calendar feed (its secret
address on « Mon compte », read over HTTP like a calendar application would) holds it,
and so does the .ics it downloads. The two SCICs then agree to meet today instead: the
sponsor moves the meeting (the feed follows), it takes place, and the sponsor records it
(« Noter le compte rendu »). Last, the young SCIC opens its partner's page and finds the
contact person the sponsor chose.

The rules hold without touching the clock: a planned meeting's day is not in the past,
a held one's is not in the future; today is both.

The world is this module's own (two fictional SCICs in Fruges, their accounts and a
coordinator), created through the services: the demo network may change, this test does
not read it. Its sponsor takes one young SCIC at a time: once the pairing is active it is
full, and no other module's queue or suggestions see it. Every page is kept as
test-artifacts/screenshots/loop-NN-*.png.
"""

import re
import urllib.request
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from entraide.core.extensions import db
from entraide.text import format_long_date

from .conftest import SCREENSHOTS, TIMEOUT_MS, Screenshots
from .test_journeys import expect_title

pytestmark = pytest.mark.browser

PASSWORD = "Parcours-fictif-2026!"
PARIS = ZoneInfo("Europe/Paris")
FRUGES = "62364"

MENTEE_ORG = "SCIC fictive du Parcours"
MENTOR_ORG = "Coopérative fictive des Sentiers"
MENTEE = ("lou.semis@parcours.example", "Lou Semis")
MENTOR = ("claude.sentier@parcours.example", "Claude Sentier")
COORDINATOR = ("alix.coordination@parcours.example", "Alix Coordination")
MENTOR_PHONE_TYPED, MENTOR_PHONE = "+33 3 53 01 00 33", "03 53 01 00 33"

THEME = "Gestion et administration"
NEED_TEXT = "Mettre en place une comptabilité analytique pour nos trois activités"
OFFER_TEXT = "Comptabilité analytique et tableaux de bord de gestion"
MESSAGE = "Vous êtes à Fruges comme nous : un regard sur nos comptes nous ferait gagner un an."
OBJECTIVES = "Poser une comptabilité analytique par activité avant la clôture de l'exercice."
PLACE = "Tiers-lieu des Sentiers, 3 place du Marché fictive, Fruges"
EXPECTED = f"{MENTEE[1]} ({MENTEE_ORG}), {MENTOR[1]} ({MENTOR_ORG})"
SUMMARY = "Tour des trois activités et de leurs charges ; clés de répartition choisies."
ACTION = "Envoyer le modèle de tableau de bord"
EVENT_SUMMARY = f"Rencontre de parrainage : {MENTEE_ORG} – {MENTOR_ORG}"


@pytest.fixture(scope="module", autouse=True)
def _world(live_app):
    """The two SCICs of the loop, a member account each, and a coordinator."""
    from entraide.declarations.services import declare_need, declare_offer
    from entraide.organisations.services import create_organisation
    from entraide.users.services import create_user

    with live_app.app_context():
        young = create_organisation(
            None, MENTEE_ORG, year_created=2024, commune_insee=FRUGES, sector="culture"
        )
        declare_need(young, None, "gestion", NEED_TEXT, "high")
        elder = create_organisation(
            None,
            MENTOR_ORG,
            year_created=2003,
            commune_insee=FRUGES,
            sector="services",
            mentor_capacity=1,
            proposable_sponsor=True,
        )
        declare_offer(elder, None, "gestion", OFFER_TEXT)
        for (email, name), org in ((MENTEE, young), (MENTOR, elder)):
            create_user(None, email, "member", name=name, organisation=org, password=PASSWORD)
        create_user(None, COORDINATOR[0], "coordinator", name=COORDINATOR[1], password=PASSWORD)
        db.session.commit()
        db.session.remove()


@pytest.fixture
def shot(screenshot):
    """Screenshots of this loop, numbered on their own: loop-01-…, loop-02-…"""
    return Screenshots(SCREENSHOTS, prefix="loop-")


def log_in(page, email: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("navigation", name="Navigation principale")).to_contain_text(
        "Mon compte"
    )


def main_nav(page):
    return page.get_by_role("navigation", name="Navigation principale")


def flash(page):
    return page.get_by_role("status")


def todo_link(page, text: str):
    return page.get_by_role("region", name=re.compile("^À faire")).get_by_role(
        "link", name=re.compile(re.escape(text))
    )


def accept(page, who: str) -> None:
    answer = page.get_by_role("region", name="Votre réponse")
    answer.get_by_label("J'accepte le parrainage et sa charte").check()
    answer.get_by_label("Message à la coordination (facultatif)").fill(f"Avec plaisir – {who}.")
    answer.get_by_role("button", name="Envoyer ma réponse").click()
    expect(flash(page)).to_contain_text("Votre réponse est enregistrée.")


def open_account(page, name: str) -> None:
    """« Mon compte », from the menu under one's name."""
    main_nav(page).get_by_text(name, exact=True).click()
    main_nav(page).get_by_role("link", name="Mon compte").click()
    expect_title(page, "Mon compte")


def go_home(page) -> None:
    main_nav(page).get_by_role("link", name="Entraide SCIC 62").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")


def feed_address(page) -> str:
    """The secret address of one's calendar, as « Mon compte » shows it."""
    open_account(page, MENTEE[1])
    address = page.get_by_label(re.compile("^Adresse de votre agenda"))
    expect(address).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/agenda/.+\.ics$"))
    return address.input_value()


def read_calendar(url: str) -> Calendar:
    """What a calendar application gets: a plain GET, no cookie."""
    with urllib.request.urlopen(url, timeout=TIMEOUT_MS / 1000) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        return Calendar.from_ical(response.read())


def meetings_in(calendar: Calendar) -> list:
    return [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == EVENT_SUMMARY]


def test_a_young_scic_finds_its_sponsor_meets_it_and_can_reach_it(new_page, shot):
    today = date.today()
    planned_day = today + timedelta(days=3)

    # --- The young SCIC logs in: nothing waits for it yet.
    young = new_page()
    log_in(young, MENTEE[0])
    expect(young.get_by_role("heading", level=1)).to_contain_text(f"Bonjour {MENTEE[1]}")
    shot(young, "filleule-accueil")

    # --- « Qui peut m'aider ? »: the experienced SCIC of its town, for its need.
    main_nav(young).get_by_role("link", name="Qui peut m'aider ?").click()
    expect_title(young, "Qui peut m'aider ?")
    need = young.get_by_role("region", name=re.compile(f"^{THEME}"))
    expect(need).to_contain_text(NEED_TEXT)
    sponsor = need.get_by_role("listitem").filter(has_text=MENTOR_ORG).first
    expect(sponsor).to_contain_text("Même commune (Fruges)")
    shot(young, "filleule-qui-peut-m-aider")

    # --- ... and asks for its sponsorship, with a short message.
    sponsor.get_by_role("button", name="Demander ce parrainage").click()
    sponsor.get_by_label("Message à la coordination (facultatif)").fill(MESSAGE)
    shot(young, "filleule-demander-ce-parrainage")
    sponsor.get_by_role("button", name="Envoyer la demande à la coordination").click()
    expect(flash(young)).to_contain_text(f"« {MENTOR_ORG} » est envoyée à la coordination")
    requests = young.get_by_role("region", name="Vos demandes de parrainage")
    expect(requests.get_by_role("listitem").filter(has_text=MENTOR_ORG)).to_contain_text(
        "En attente de la coordination"
    )
    shot(young, "filleule-demande-envoyee")

    # --- The coordination finds the request first in its queue, with the message.
    coordinator = new_page()
    log_in(coordinator, COORDINATOR[0])
    nav = main_nav(coordinator)
    nav.get_by_text("Parrainages", exact=True).click()
    nav.get_by_role("link", name="File de validation").click()
    expect_title(coordinator, "File de validation")
    request = coordinator.get_by_role(
        "article", name=re.compile(f"Demande de parrainage {MENTEE_ORG} parrainée par {MENTOR_ORG}")
    )
    expect(request).to_contain_text(MESSAGE)
    expect(request).to_contain_text(f"Envoyée par {MENTEE[1]} ({MENTEE_ORG})")
    first_suggestion = coordinator.locator("article.queue-item").first
    expect(first_suggestion).to_be_visible()
    assert request.bounding_box()["y"] < first_suggestion.bounding_box()["y"]
    request.scroll_into_view_if_needed()
    shot(coordinator, "coordination-file-avec-la-demande")

    # --- ... validates it: the proposal form comes filled with the pair and the message.
    request.get_by_role("button", name="Valider…").click()
    expect_title(coordinator, "Proposer un parrainage")
    expect(coordinator.locator("main")).to_contain_text(MESSAGE)
    mentee_select = coordinator.get_by_label("SCIC filleule (jeune SCIC)")
    expect(mentee_select.locator("option:checked")).to_have_text(MENTEE_ORG)
    expect(
        coordinator.get_by_label(re.compile(r"^SCIC marraine\b")).locator("option:checked")
    ).to_contain_text(MENTOR_ORG)
    expect(
        coordinator.get_by_role("group", name="Besoins visés").get_by_role(
            "checkbox", name=re.compile(f"^{THEME}")
        )
    ).to_be_checked()
    coordinator.get_by_label("Objectifs").fill(OBJECTIVES)
    shot(coordinator, "coordination-proposer-le-parrainage")
    coordinator.get_by_role("button", name="Valider et envoyer aux deux SCIC").click()
    expect_title(coordinator, f"Parrainage : {MENTEE_ORG} ← {MENTOR_ORG}")
    expect(flash(coordinator)).to_contain_text("proposé aux deux SCIC")
    shot(coordinator, "coordination-parrainage-propose")

    # --- The young SCIC's « À faire » asks for its answer: it accepts.
    go_home(young)
    answer = todo_link(young, f"Répondre à la proposition de parrainage avec {MENTOR_ORG}")
    expect(answer).to_be_visible()
    shot(young, "filleule-accueil-a-faire")
    answer.click()
    expect_title(young, f"Parrainage : {MENTEE_ORG} ← {MENTOR_ORG}")
    expect(young.get_by_role("region", name="Votre réponse")).to_contain_text(
        f"être parrainée par {MENTOR_ORG}"
    )
    shot(young, "filleule-proposition-a-accepter")
    accept(young, MENTEE_ORG)
    engagement = young.get_by_role("region", name="Engagement")
    expect(engagement).to_contain_text(f"{MENTOR_ORG} – réponse attendue")
    shot(young, "filleule-proposition-acceptee")

    # --- The sponsor logs in, finds the proposal in its « À faire », accepts: it starts.
    mentor = new_page()
    log_in(mentor, MENTOR[0])
    answer = todo_link(mentor, f"Répondre à la proposition de parrainage avec {MENTEE_ORG}")
    expect(answer).to_be_visible()
    shot(mentor, "marraine-accueil-a-faire")
    answer.click()
    shot(mentor, "marraine-proposition-a-accepter")
    accept(mentor, MENTOR_ORG)
    expect(flash(mentor)).to_contain_text("Le parrainage commence !")
    expect(mentor.get_by_text(f"commencé le {today:%d/%m/%Y}")).to_be_visible()
    pairing_url = mentor.url
    shot(mentor, "marraine-parrainage-actif")

    # --- On « Mon compte », the sponsor becomes its SCIC's contact person, with a phone.
    open_account(mentor, MENTOR[1])
    mentor.get_by_label("Je suis personne de contact pour l'entraide").check()
    mentor.get_by_label("Téléphone (facultatif)").fill(MENTOR_PHONE_TYPED)
    mentor.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(flash(mentor)).to_contain_text("Votre compte est enregistré.")
    preview = mentor.get_by_role("region", name=f"Ce que voient les partenaires de {MENTOR_ORG}")
    expect(preview).to_contain_text(f"{MENTOR[1]} – {MENTOR[0]} – {MENTOR_PHONE}")
    shot(mentor, "marraine-mon-compte")

    # --- It plans the first meeting, in three days: both SCICs are invited.
    mentor.goto(pairing_url)
    planned = mentor.get_by_role("region", name="Prochaines rencontres")
    expect(planned).to_contain_text("Aucune rencontre prévue.")
    planned.get_by_role("button", name="Prévoir une rencontre").click()
    expect_title(mentor, "Prévoir une rencontre")
    expect(mentor.get_by_label("Date de la rencontre")).to_be_focused()
    mentor.get_by_label("Date de la rencontre").fill(planned_day.isoformat())
    mentor.get_by_label("Heure de début").fill("14:30")
    mentor.get_by_label("Durée (minutes)").fill("90")
    mentor.get_by_label("Visite sur place").check()
    mentor.get_by_label("Lieu").fill(PLACE)
    mentor.get_by_label("Personnes attendues").fill(EXPECTED)
    shot(mentor, "marraine-prevoir-une-rencontre")
    mentor.get_by_role("button", name="Prévoir la rencontre et inviter").click()
    expect(flash(mentor)).to_contain_text(
        f"La rencontre du {planned_day:%d/%m/%Y} à 14:30 est prévue : invitation envoyée"
    )
    meeting = planned.get_by_role("article")
    expect(meeting).to_have_count(1)
    expect(meeting).to_contain_text(f"{format_long_date(planned_day).capitalize()} à 14:30")
    expect(meeting).to_contain_text(PLACE)
    shot(mentor, "marraine-rencontre-prevue")

    # --- The young SCIC's calendar feed holds it, in Paris time, at its place.
    feed = feed_address(young)
    shot(young, "filleule-mon-compte-agenda")
    events = meetings_in(read_calendar(feed))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("DTSTART") == datetime.combine(planned_day, time(14, 30), PARIS)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
    assert str(event["LOCATION"]) == PLACE
    first_sequence = int(event.get("SEQUENCE", 0))

    # --- ... and it downloads the meeting's .ics from the pairing page.
    young.goto(pairing_url)
    young_planned = young.get_by_role("region", name="Prochaines rencontres")
    expect(young_planned.get_by_role("article")).to_contain_text(PLACE)
    shot(young, "filleule-rencontre-prevue")
    with young.expect_download() as download_info:
        young_planned.get_by_role("button", name="Télécharger (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"rencontre-{planned_day.isoformat()}.ics"
    with open(download.path(), "rb") as ics:
        downloaded = Calendar.from_ical(ics.read())
    (event,) = meetings_in(downloaded)
    assert event.decoded("DTSTART") == datetime.combine(planned_day, time(14, 30), PARIS)
    assert str(event["LOCATION"]) == PLACE

    # --- The two SCICs agree to meet today instead, an hour ago: the sponsor moves it.
    moved_at = time(max(datetime.now(PARIS).hour - 1, 0), 0)
    meeting.get_by_role("button", name="Modifier", exact=True).click()
    expect_title(mentor, "Modifier la rencontre prévue")
    mentor.get_by_label("Date de la rencontre").fill(today.isoformat())
    mentor.get_by_label("Heure de début").fill(f"{moved_at:%H:%M}")
    mentor.get_by_label("Durée (minutes)").fill("45")
    shot(mentor, "marraine-modifier-la-rencontre")
    mentor.get_by_role("button", name="Enregistrer et prévenir les deux SCIC").click()
    expect(flash(mentor)).to_contain_text("La rencontre est modifiée")
    expect(meeting).to_contain_text(f"{format_long_date(today).capitalize()} à {moved_at:%H:%M}")
    shot(mentor, "marraine-rencontre-avancee")

    (event,) = meetings_in(read_calendar(feed))
    assert event.decoded("DTSTART") == datetime.combine(today, moved_at, PARIS)
    assert int(event["SEQUENCE"]) > first_sequence  # calendars replace it, not add a copy

    # --- It took place: the sponsor records it, the form filled from the planned meeting.
    meeting.get_by_role("button", name="Noter le compte rendu").click()
    expect_title(mentor, "Noter le compte rendu")
    expect(mentor.get_by_label("Date de la rencontre")).to_have_value(today.isoformat())
    expect(mentor.get_by_label("Lieu")).to_have_value(PLACE)
    expect(mentor.get_by_label("Participants")).to_have_value(EXPECTED)
    mentor.get_by_label("Heures de bénévolat").fill("1.5")
    mentor.get_by_label("Compte rendu").fill(SUMMARY)
    first_action = mentor.get_by_role("group", name="Action 1")
    first_action.get_by_label("Action", exact=True).fill(ACTION)
    first_action.get_by_label("Responsable").fill(MENTOR[1])
    first_action.get_by_label("Échéance").fill((today + timedelta(days=14)).isoformat())
    shot(mentor, "marraine-noter-le-compte-rendu")
    mentor.get_by_role("button", name="Enregistrer le compte rendu").click()
    expect(flash(mentor)).to_contain_text("Le compte rendu est noté dans le carnet de suivi.")
    booklet = mentor.get_by_role("region", name="Carnet de suivi")
    held = booklet.get_by_role("article").filter(has_text=SUMMARY)
    expect(held.get_by_role("heading")).to_have_text(
        f"{today:%d/%m/%Y} à {moved_at:%H:%M} – Visite sur place"
    )
    expect(held).to_contain_text("1,5\u00a0h")
    expect(booklet.get_by_text("À jour", exact=True)).to_be_visible()
    expect(planned).to_contain_text("Aucune rencontre prévue.")
    shot(mentor, "marraine-compte-rendu-note")

    # A held meeting is history: it leaves the feed.
    assert meetings_in(read_calendar(feed)) == []

    # --- The young SCIC reads the record, then opens its sponsor's page: its contact.
    young.reload()
    expect(young.get_by_role("region", name="Carnet de suivi")).to_contain_text(SUMMARY)
    shot(young, "filleule-carnet-de-suivi")

    # « Qui peut m'aider ? » now says it has its sponsor, and where its request led.
    main_nav(young).get_by_role("link", name="Qui peut m'aider ?").click()
    expect_title(young, "Qui peut m'aider ?")
    expect(young.locator("main")).to_contain_text(
        f"Votre organisation est déjà parrainée par {MENTOR_ORG}."
    )
    sent = young.get_by_role("region", name="Vos demandes de parrainage").get_by_role("listitem")
    expect(sent.filter(has_text=MENTOR_ORG)).to_contain_text("Proposée aux deux SCIC")
    expect(sent.filter(has_text=MENTOR_ORG)).to_contain_text("Voir le parrainage (actif).")
    shot(young, "filleule-qui-peut-m-aider-parrainee")
    young.goto(pairing_url)
    young.get_by_role("region", name="Engagement").get_by_role("link", name=MENTOR_ORG).click()
    expect_title(young, MENTOR_ORG)
    contacts = young.get_by_role("region", name="Personnes de contact")
    expect(contacts).to_contain_text(MENTOR[1])
    expect(contacts.get_by_role("link", name=MENTOR[0])).to_have_attribute(
        "href", f"mailto:{MENTOR[0]}"
    )
    expect(contacts.get_by_role("link", name=MENTOR_PHONE)).to_have_attribute(
        "href", re.compile(r"^tel:")
    )
    shot(young, "filleule-page-de-la-marraine")

    # --- ... and its home lists its partner with the same contact.
    go_home(young)
    partners = young.get_by_role("region", name="Vos partenaires")
    expect(partners.get_by_role("listitem").filter(has_text=MENTOR_ORG)).to_contain_text(
        f"{MENTOR[1]} {MENTOR[0]} {MENTOR_PHONE}"
    )
    shot(young, "filleule-accueil-partenaire")
