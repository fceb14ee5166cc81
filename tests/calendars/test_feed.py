"""The personal calendar feed: the right events for each role, a 404 for any token that
opens nothing (unknown, renewed, the funder's), no cookie, private caching."""

from datetime import date, time, timedelta

from icalendar import Calendar

from entraide.calendars import keys
from entraide.core.extensions import db
from entraide.followups import planning as followup_planning
from entraide.followups import services as followup_services
from entraide.groups import planning as group_planning
from entraide.models import AuditEntry
from entraide.pairings import services as pairing_services
from tests.calendars.conftest import AT, SOON, start_pairing
from tests.web.helpers import text_of

TODAY = date.today()


def _feed(client, user):
    token = keys.token_of(user)
    return client.get(f"/agenda/{token}.ics")


def _summaries(response) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(response.data).events)


def _world(duo, trio):
    """An active pairing with a planned meeting and an open action; the trio's group with
    a planned meeting; a proposal awaiting the mentor's answer."""
    pairing = start_pairing(duo, started_days_ago=20)
    followup_services.log_followup(
        pairing,
        duo["mentee_user"],
        held_on=TODAY,
        format="visit",
        volunteer_hours=1,
        summary="Point",
        actions=[
            followup_services.NewAction("Envoyer les statuts", "Anne", TODAY + timedelta(days=5))
        ],
    )
    followup_planning.plan_followup(
        pairing,
        duo["mentee_user"],
        held_on=SOON,
        start_time=AT,
        format="visit",
        place="Lens",
    )
    orgs = trio["orgs"]
    group_planning.plan_meeting(
        trio["group"],
        trio["coordinator"],
        held_on=SOON,
        start_time=time(18, 0),
        kind="rencontre",
        title="Rencontre de printemps",
        host=orgs["Bravo"],
        expected=list(orgs.values()),
    )
    proposal = pairing_services.propose(trio["coordinator"], orgs["Charlie"], duo["mentor"])
    pairing_services.answer(proposal, None, "mentee", True, None)
    db.session.commit()
    return pairing


def test_each_role_reads_its_own_events(app_ctx, duo, trio, client, make):
    _world(duo, trio)
    mentee = _summaries(_feed(client, duo["mentee_user"]))
    assert mentee == [
        "Rencontre de parrainage : Jeune Pousse – Vieux Chêne",
        "Échéance : Envoyer les statuts",
    ]
    mentor = _summaries(_feed(client, duo["mentor_user"]))
    assert mentor == [
        "Rencontre de parrainage : Jeune Pousse – Vieux Chêne",
        "Réponse attendue : parrainage avec Charlie",
        "Échéance : Envoyer les statuts",
    ]
    assert _summaries(_feed(client, trio["people"]["Bravo"])) == [
        "Rencontre de printemps (groupe Groupe de Lens)"
    ]
    # The coordination: every planned meeting of the network, nothing else.
    assert _summaries(_feed(client, trio["coordinator"])) == [
        "Rencontre de parrainage : Jeune Pousse – Vieux Chêne",
        "Rencontre de printemps (groupe Groupe de Lens)",
    ]
    calendar = Calendar.from_ical(_feed(client, duo["mentee_user"]).data)
    meeting = next(e for e in calendar.events if e.get("LOCATION") == "Lens")
    assert meeting["DTSTART"].params["TZID"] == "Europe/Paris"
    assert (meeting.start.hour, meeting.start.minute) == (14, 30)
    assert meeting["URL"].startswith("http://entraide.test/parrainages/")
    action = next(e for e in calendar.events if str(e["SUMMARY"]).startswith("Échéance"))
    assert action.start == TODAY + timedelta(days=5)
    # The funder has no feed: no address, and its key opens nothing.
    viewer = make.viewer(email="financeur@exemple.fr")
    db.session.commit()
    assert keys.token_of(viewer) is None
    token = viewer.calendar_key + keys._mac(viewer.calendar_key)
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_feed_answers_without_login_cookie_nor_shared_cache(app_ctx, duo, client):
    response = _feed(client, duo["mentee_user"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"].startswith("private")
    assert "Set-Cookie" not in response.headers
    assert Calendar.from_ical(response.data)["X-WR-CALNAME"] == "Entraide – Jeune Pousse"


def test_wrong_and_renewed_tokens_answer_404_and_say_nothing(app_ctx, duo, client, login_as):
    user = duo["mentee_user"]
    old = keys.token_of(user)
    for token in (old[:-1] + ("0" if old[-1] != "0" else "1"), "0" * 64, "abc", old.upper()):
        response = client.get(f"/agenda/{token}.ics")
        assert response.status_code == 404
        assert "Set-Cookie" not in response.headers
        assert "agenda" not in text_of(response).lower()
    login_as(user)
    page = text_of(client.get("/mon-compte"))
    assert f"http://entraide.test/agenda/{old}.ics" in page and "webcal://" in page
    assert "Renouveler l'adresse" in text_of(client.get("/mon-compte/agenda/renouveler"))
    assert client.post("/mon-compte/agenda/renouveler").status_code == 302
    db.session.expire_all()
    new = keys.token_of(user)
    assert new != old
    anonymous = client.application.test_client()
    assert anonymous.get(f"/agenda/{old}.ics").status_code == 404
    assert anonymous.get(f"/agenda/{new}.ics").status_code == 200
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="user.calendar_renew")
    ).scalar_one()
    assert old[:32] not in str(entry.after) and new[:32] not in str(entry.after)


def test_a_deactivated_account_has_no_feed(app_ctx, duo, client):
    token = keys.token_of(duo["mentee_user"])
    duo["mentee_user"].active = False
    db.session.commit()
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_feed_is_rate_limited_per_address(tmp_path):
    from tests.conftest import build_sqlite_app

    app = build_sqlite_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_CALENDAR_FEED="3 per hour")
    try:
        client = app.test_client()
        answers = [client.get(f"/agenda/{'0' * 64}.ics").status_code for _ in range(4)]
        assert answers == [404, 404, 404, 429]
    finally:
        with app.app_context():
            db.engine.dispose()


def test_a_members_home_lists_its_meetings_planned_in_the_next_30_days(
    app_ctx, duo, trio, client, login_as
):
    pairing = _world(duo, trio)
    followup_planning.plan_followup(
        pairing,
        duo["mentor_user"],
        held_on=TODAY + timedelta(days=45),
        start_time=AT,
        format="phone",
    )
    db.session.commit()
    login_as(duo["mentor_user"])
    page = text_of(client.get("/"))
    section = page[page.index("Rencontres prévues dans les 30 jours") :]
    assert "Rencontre de parrainage avec Jeune Pousse" in section
    assert "à 14:30, visite sur place · Lens" in section
    assert section.count("Rencontre de parrainage avec Jeune Pousse") == 1  # not the 45th day
    login_as(trio["people"]["Charlie"])
    page = text_of(client.get("/"))
    assert "Rencontre de printemps (groupe Groupe de Lens)" in page
