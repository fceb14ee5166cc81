"""Logging meetings: good and bad input, needs met, actions done, access."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from entraide.core.extensions import db
from entraide.followups.services import NewAction
from entraide.models import AuditEntry, FollowUp, FollowUpAction, Need
from entraide.pairings import services as pairing_services
from tests.followups.conftest import log_meeting, start_pairing
from tests.web.helpers import field_errors, text_of

TODAY = date.today()


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


def _form(**extra) -> dict:
    data = {
        "held_on": _day(3),
        "format": "video",
        "participants": "Anne (JP), Marc (VC)",
        "duration_minutes": "90",
        "volunteer_hours": "3,5",
        "summary": "Préparation de l'AG : ordre du jour et convocations.",
        "next_meeting_on": _day(-25),
    }
    data.update(extra)
    return data


def _url(pairing) -> str:
    return f"/parrainages/{pairing.id}/rencontres/nouvelle"


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize("who", ["mentee_user", "mentor_user", "coordinator"])
def test_either_side_or_the_coordinator_logs_a_meeting(
    who, duo, pairing, client, login_as, app_ctx
):
    login_as(duo[who])
    assert "Noter une rencontre" in text_of(client.get(_url(pairing)))
    response = client.post(
        _url(pairing),
        data=_form(
            **{
                "actions-0-description": "Envoyer les convocations",
                "actions-0-owner": "Anne",
                "actions-0-due_on": _day(-10),
                "actions-1-description": "Relire les statuts",
                "actions-1-done": "y",
            }
        ),
    )
    assert response.status_code == 302, text_of(response)
    followup = db.session.execute(db.select(FollowUp)).scalar_one()
    assert (followup.held_on, followup.format, followup.duration_minutes) == (
        TODAY - timedelta(days=3),
        "video",
        90,
    )
    assert float(followup.volunteer_hours) == 3.5
    assert followup.created_by_id == duo[who].id
    assert [(a.description, a.owner, a.done_at is not None) for a in followup.actions] == [
        ("Envoyer les convocations", "Anne", False),
        ("Relire les statuts", "", True),
    ]
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="followup.create")
    ).scalar_one()
    assert entry.actor_id == duo[who].id and entry.after["volunteer_hours"] == "3.50"
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert "Préparation de l'AG" in page and "Envoyer les convocations" in page
    assert "3,5\u00a0h" in page and "À jour" in page


def test_the_page_shows_the_form_with_labels(duo, pairing, client, login_as):
    login_as(duo["mentee_user"])
    page = text_of(client.get(_url(pairing)))
    for label in (
        "Date de la rencontre",
        "Visioconférence",
        "Heures de bénévolat",
        "Compte rendu",
        "Action 3",
        "Prochaine rencontre envisagée",
        "Organiser notre assemblée générale",
    ):
        assert label in page
    assert 'for="actions-0-description"' in page and 'for="needs_met-0"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": _day(-1)}, "ne peut pas être dans le futur"),
        ({"held_on": _day(91)}, "ne peut pas précéder le début du parrainage"),
        ({"held_on": ""}, "Indiquez la date de la rencontre."),
        ({"held_on": "31/02/2025"}, "N'est pas une date valide"),
        ({"next_meeting_on": _day(4)}, "La prochaine rencontre ne peut pas précéder celle-ci."),
        ({"volunteer_hours": "-1"}, "Entre 0 et 1 000 heures."),
        ({"volunteer_hours": "1000,5"}, "Entre 0 et 1 000 heures."),
        ({"volunteer_hours": "NaN"}, "N'est pas une valeur décimale valide"),
        ({"volunteer_hours": ""}, "Indiquez les heures de bénévolat"),
        ({"duration_minutes": "0"}, "Entre 1 et 1 440 minutes."),
        ({"summary": "   "}, "Résumez l'échange"),
        ({"format": "pigeon"}, "N'est pas un choix valide"),
        ({"needs_met": "999999"}, "n'est pas un choix valide"),
        ({"actions-0-owner": "Anne"}, "Décrivez l'action, ou videz cette ligne."),
        (
            {"actions-0-description": "Appeler", "actions-0-due_on": _day(5)},
            "L'échéance ne peut pas précéder la rencontre.",
        ),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    changes, message, duo, pairing, client, login_as, app_ctx
):
    login_as(duo["mentor_user"])
    response = client.post(_url(pairing), data=_form(**changes))
    assert response.status_code == 422
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert "Le formulaire contient des erreurs" in text_of(response)
    assert _count(FollowUp) == 0 and _count(FollowUpAction) == 0
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEntry.id)).where(
                AuditEntry.action.like("followup%") | AuditEntry.action.like("need.met")
            )
        )
        == 0
    )


def test_a_meeting_marks_needs_met(duo, pairing, client, login_as, app_ctx):
    login_as(duo["mentee_user"])
    need, other = duo["need"], duo["other_need"]
    response = client.post(_url(pairing), data=_form(needs_met=[str(need.id)]))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Need, need.id).status == "met"
    assert db.session.get(Need, other.id).status == "open"
    followup = db.session.execute(db.select(FollowUp)).scalar_one()
    assert [n.id for n in followup.needs_met] == [need.id]
    assert (
        db.session.execute(db.select(AuditEntry).filter_by(action="need.met", object_id=need.id))
        .scalar_one()
        .actor_id
        == duo["mentee_user"].id
    )
    # A need already met is no longer offered, and cannot be posted again.
    again = client.post(_url(pairing), data=_form(needs_met=[str(need.id)]))
    assert again.status_code == 422 and _count(FollowUp) == 1


def test_another_organisations_need_cannot_be_forged(duo, make, pairing, client, login_as, app_ctx):
    stranger_need = make.need(duo["mentor"], "communication", "Refaire notre site")
    login_as(duo["mentee_user"])
    response = client.post(_url(pairing), data=_form(needs_met=[str(stranger_need.id)]))
    assert response.status_code == 422
    assert db.session.get(Need, stranger_need.id).status == "open" and _count(FollowUp) == 0


@pytest.mark.parametrize("who", ["mentee_user", "mentor_user", "coordinator"])
def test_actions_are_marked_done_by_either_side_or_the_coordinator(
    who, duo, pairing, client, login_as, app_ctx
):
    followup = log_meeting(
        pairing,
        duo["coordinator"],
        10,
        actions=[NewAction("Préparer le budget", "Marc", TODAY - timedelta(days=1))],
    )
    action_id = followup.actions[0].id
    login_as(duo[who])
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert "En retard" in page and "Marquer comme faite" in page
    url = f"/parrainages/{pairing.id}/actions/{action_id}/faite"
    assert client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.get(FollowUpAction, action_id).done_at is not None
    # A second click changes nothing and writes nothing.
    assert client.post(url).status_code == 302
    done = (
        db.session.execute(db.select(AuditEntry).filter_by(action="followup_action.done"))
        .scalars()
        .all()
    )
    assert [e.actor_id for e in done] == [duo[who].id]
    assert "Marquer comme faite" not in text_of(client.get(f"/parrainages/{pairing.id}"))


def test_an_action_of_another_pairing_answers_404(duo, make, pairing, client, login_as, app_ctx):
    other_mentee = make.organisation("Autre Pousse", year_created=2022)
    other = start_pairing(duo, mentee=other_mentee)
    followup = log_meeting(other, duo["coordinator"], 0, actions=[NewAction("Appeler")])
    login_as(duo["coordinator"])
    url = f"/parrainages/{pairing.id}/actions/{followup.actions[0].id}/faite"
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405


def test_a_member_of_another_scic_gets_404(duo, make, pairing, client, login_as, app_ctx):
    followup = log_meeting(pairing, duo["coordinator"], 1, actions=[NewAction("Appeler")])
    login_as(make.member())
    assert client.get(_url(pairing)).status_code == 404
    assert client.post(_url(pairing), data=_form()).status_code == 404
    url = f"/parrainages/{pairing.id}/actions/{followup.actions[0].id}/faite"
    assert client.post(url).status_code == 404
    assert _count(FollowUp) == 1 and followup.actions[0].done_at is None


def test_the_funder_gets_403(duo, make, pairing, client, login_as, app_ctx):
    login_as(make.viewer())
    assert client.get(_url(pairing)).status_code == 403
    assert client.post(_url(pairing), data=_form()).status_code == 403
    assert client.get("/suivi").status_code == 403
    assert _count(FollowUp) == 0


def test_anonymous_visitors_are_sent_to_the_login_page(pairing, client, app_ctx):
    for response in (
        client.get(_url(pairing)),
        client.post(_url(pairing), data=_form()),
        client.get("/suivi"),
        client.get(f"/parrainages/{pairing.id}/bilan"),
    ):
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert _count(FollowUp) == 0


def test_a_pairing_that_is_not_active_answers_409(duo, client, login_as, app_ctx):
    pairing = pairing_services.propose(duo["coordinator"], duo["mentee"], duo["mentor"])
    db.session.commit()
    login_as(duo["mentee_user"])
    for response in (client.get(_url(pairing)), client.post(_url(pairing), data=_form())):
        assert response.status_code == 409
        assert "« En attente d'accord » : le carnet de suivi" in text_of(response)
    assert "Noter une rencontre" not in text_of(client.get(f"/parrainages/{pairing.id}"))
    assert _count(FollowUp) == 0


def test_actions_of_a_completed_pairing_can_no_longer_change(
    duo, pairing, client, login_as, app_ctx
):
    followup = log_meeting(pairing, duo["coordinator"], 1, actions=[NewAction("Appeler")])
    pairing_services.complete(pairing, duo["coordinator"])
    db.session.commit()
    login_as(duo["mentee_user"])
    url = f"/parrainages/{pairing.id}/actions/{followup.actions[0].id}/faite"
    response = client.post(url)
    assert response.status_code == 409 and "« Terminé »" in text_of(response)
    db.session.expire_all()
    assert db.session.get(FollowUpAction, followup.actions[0].id).done_at is None
    assert client.post(_url(pairing), data=_form()).status_code == 409


def test_the_pairing_page_shows_the_health(duo, client, login_as, app_ctx):
    late = start_pairing(duo, started_days_ago=61)
    login_as(duo["mentee_user"])
    page = text_of(client.get(f"/parrainages/{late.id}"))
    assert "En retard" in page and "il y a 61 jours" in page
    assert "« à relancer » après 45 jours" in page and "« en retard » après 60 jours" in page
    assert "Aucune rencontre notée pour l'instant." in page


def test_a_pairing_started_or_met_today_says_so_in_words(duo, client, login_as, app_ctx):
    fresh = start_pairing(duo, started_days_ago=0)
    login_as(duo["mentee_user"])
    page = text_of(client.get(f"/parrainages/{fresh.id}"))
    assert "le parrainage commence aujourd'hui" in page and not re.search(r"\b0 jour", page)
    log_meeting(fresh, duo["mentee_user"], days_ago=0)
    page = text_of(client.get(f"/parrainages/{fresh.id}"))
    assert "dernière rencontre aujourd'hui" in page and not re.search(r"\b0 jour", page)


def test_a_long_booklet_is_paged_latest_meeting_first(duo, pairing, client, login_as, app_ctx):
    for days_ago in range(12, 0, -1):  # 12 meetings, the latest 1 day ago
        log_meeting(pairing, duo["mentee_user"], days_ago, summary=f"Rencontre J-{days_ago}")
    login_as(duo["mentor_user"])

    first = client.get(f"/parrainages/{pairing.id}")
    page = text_of(first)
    assert "12 rencontres notées" in page and "Page 1 sur 2" in page
    shown = [d for d in range(1, 13) if f"Rencontre J-{d}<" in page]
    assert shown == list(range(1, 11))
    assert page.index("Rencontre J-1<") < page.index("Rencontre J-2<")
    assert f'href="/parrainages/{pairing.id}?carnet=2#carnet-titre"' in page

    second = text_of(client.get(f"/parrainages/{pairing.id}?carnet=2"))
    assert "Rencontre J-11<" in second and "Rencontre J-12<" in second
    assert "Rencontre J-10<" not in second and "Page 2 sur 2" in second

    beyond = client.get(f"/parrainages/{pairing.id}?carnet=9")
    assert beyond.status_code == 200 and "première page" in text_of(beyond)


def test_a_long_booklet_reads_one_page_of_meetings_yet_judges_on_all_of_them(
    duo, pairing, client, login_as, app_ctx
):
    # The overdue action is on the booklet's second page; the latest meeting on its first.
    log_meeting(
        pairing, duo["mentee_user"], 40, actions=[NewAction("Relire", "Anne", TODAY - timedelta(5))]
    )
    for days_ago in range(24, 0, -1):
        log_meeting(pairing, duo["mentee_user"], days_ago, next_meeting_on=TODAY + timedelta(9))
    loaded = []
    listener = lambda target, _context: loaded.append(target.id)  # noqa: E731
    event.listen(FollowUp, "load", listener)
    try:
        login_as(duo["mentor_user"])
        page = text_of(client.get(f"/parrainages/{pairing.id}"))
    finally:
        event.remove(FollowUp, "load", listener)

    assert "25 rencontres notées" in page and "Page 1 sur 3" in page
    assert "1 jour depuis la dernière rencontre" in page
    assert "1 action en retard" in page and "À relancer" in page
    assert "prochaine rencontre envisagée" in page
    # One page of ten, and the latest meeting for the next date: never the 25.
    assert len(set(loaded)) <= 11


def test_the_coordinators_pairing_page_does_not_ask_one_query_per_meeting(
    duo, pairing, client, login_as, app
):
    def statements_of_the_page() -> int:
        executed = []
        listener = lambda *args: executed.append(args[2])  # noqa: E731
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            page = text_of(client.get(f"/parrainages/{pairing.id}"))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert "Relances" in page  # the reminders' panel, which reads every open action
        return len(executed)

    def log(count: int, since: int) -> None:
        for days_ago in range(since, since - count, -1):
            actions = [NewAction(f"Action J-{days_ago}", "Anne", TODAY + timedelta(30))]
            log_meeting(pairing, duo["mentee_user"], days_ago, actions=actions)

    login_as(duo["coordinator"])
    log(12, 80)
    statements_of_the_page()  # the first view after a change reads a few things more
    short = statements_of_the_page()
    log(24, 60)
    statements_of_the_page()
    # Twice the meetings, and their actions: not one query per meeting (54 against 12).
    assert statements_of_the_page() <= short + 2


def test_the_booklet_pager_keeps_its_pairing_whatever_the_query_string(
    duo, pairing, client, login_as, app_ctx
):
    for days_ago in range(12, 0, -1):
        log_meeting(pairing, duo["mentee_user"], days_ago)
    login_as(duo["mentor_user"])

    page = client.get(f"/parrainages/{pairing.id}?pairing_id=999&endpoint=x&_external=1")
    huge = client.get(f"/parrainages/{pairing.id}?carnet=99999999999999999999")

    assert page.status_code == 200
    assert f'href="/parrainages/{pairing.id}?carnet=2#carnet-titre"' in text_of(page)
    assert "999" not in text_of(page).split("Pages du carnet")[1][:400]
    assert huge.status_code == 404
