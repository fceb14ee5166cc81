"""Reminders in the open: the last and next reminder on /suivi and the pairing page, and
« Relancer maintenant » (preview, then one mail per recipient in the outbox, once)."""

import re
from datetime import date, timedelta

from entraide.core.extensions import db
from entraide.followups import reminders
from entraide.followups.services import NewAction
from entraide.models import AuditEntry, OutboxMail, ReminderSent
from entraide.pairings import services as pairing_services
from tests.followups.conftest import log_meeting, start_pairing
from tests.web.helpers import text_of

MENTEE = "filleule@jeune-pousse.fr"
MENTOR = "marraine@vieux-chene.fr"
COORDINATOR = "coordination@reseau-scic62.fr"


def _fingerprint(page: str) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page).group(1)


def _written() -> tuple[int, int, int]:
    count = db.func.count
    return (
        db.session.scalar(db.select(count(OutboxMail.id))),
        db.session.scalar(db.select(count(ReminderSent.id))),
        db.session.scalar(
            db.select(count(AuditEntry.id)).where(AuditEntry.action == "pairing.reminder_manual")
        ),
    )


def test_no_reminder_yet_and_the_next_one_due(duo, client, login_as, app_ctx):
    pairing = start_pairing(duo, started_days_ago=10)
    login_as(duo["coordinator"])
    nudge_on = (date.today() + timedelta(days=35)).strftime("%d/%m/%Y")
    for url in ("/suivi", f"/parrainages/{pairing.id}"):
        page = text_of(client.get(url))
        assert "Aucune relance envoyée." in page
        assert f"Le {nudge_on} : le parrainage sera à relancer." in page
        assert f"/parrainages/{pairing.id}/relance" in page


def test_the_last_automatic_reminder_is_shown_without_addresses(
    duo, client, login_as, runner, app_ctx
):
    pairing = start_pairing(duo, started_days_ago=61)
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    login_as(duo["coordinator"])
    late_on = (date.today() - timedelta(days=61)).strftime("%d/%m/%Y")
    for url in ("/suivi", f"/parrainages/{pairing.id}"):
        page = text_of(client.get(url))
        assert "Relance automatique le " in page
        assert (
            "à Jeune Pousse (SCIC filleule), Vieux Chêne (SCIC marraine) et la coordination : "
            f"en retard (sans rencontre notée depuis le {late_on})."
        ) in page
        assert MENTEE not in page and MENTOR not in page
        # Late and told so, no action with a due date: nothing else is coming.
        assert "Aucune relance prévue." in page


def test_an_action_due_later_is_the_next_reminder(duo, client, login_as, app_ctx):
    pairing = start_pairing(duo, started_days_ago=20)
    due = date.today() + timedelta(days=4)
    log_meeting(
        pairing, duo["coordinator"], 5, actions=[NewAction("Envoyer les statuts", due_on=due)]
    )
    login_as(duo["coordinator"])
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    day = (due + timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Le {day} : action « Envoyer les statuts » en retard." in page


def test_members_do_not_see_the_reminders(duo, client, login_as, app_ctx):
    pairing = start_pairing(duo, started_days_ago=10)
    login_as(duo["mentee_user"])
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert "Relancer maintenant" not in page and "Dernière relance" not in page


def test_preview_then_confirm_queues_one_mail_per_recipient_once(duo, client, login_as, app_ctx):
    # Up to date: no automatic reason is new, the coordination reminds all the same.
    pairing = start_pairing(duo, started_days_ago=10)
    login_as(duo["coordinator"])
    url = f"/parrainages/{pairing.id}/relance"
    before = _written()
    preview = client.get(url)
    assert preview.status_code == 200
    page = text_of(preview)
    subject = "Parrainage Jeune Pousse – Vieux Chêne : relance de la coordination"
    assert subject in page
    assert "La coordination du réseau vous relance au sujet du parrainage" in page
    assert all(address in page for address in (MENTEE, MENTOR, COORDINATOR))
    assert _written() == before  # the preview writes nothing

    token = _fingerprint(page)
    confirmed = client.post(url, data={"fingerprint": token})
    assert confirmed.status_code == 302
    mails = db.session.execute(db.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()
    assert sorted(m.recipient for m in mails) == sorted([MENTEE, MENTOR, COORDINATOR])
    assert {m.subject for m in mails} == {subject} and {m.kind for m in mails} == {"reminder"}
    assert mails[0].body in page.replace("\r", "")  # exactly the previewed body
    keys = set(db.session.execute(db.select(ReminderSent.reason_key)).scalars())
    assert keys == {f"manual:{pairing.id}:{date.today().isoformat()}"}
    entry = db.session.execute(
        db.select(AuditEntry).filter_by(action="pairing.reminder_manual")
    ).scalar_one()
    assert entry.actor_id == duo["coordinator"].id and entry.after["recipients"] == 3

    # The same click again: refused in French, nothing queued twice.
    again = client.post(url, data={"fingerprint": token})
    assert again.status_code == 409
    assert "déjà été relancé par la coordination aujourd'hui" in text_of(again)
    assert _written() == (before[0] + 3, before[1] + 1, before[2] + 1)
    assert client.get(url).status_code == 409

    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert "Relance de la coordination le " in page
    assert ": relance demandée par la coordination." in page
    # No button leading to the refusal: the pages say it was done today.
    assert "Déjà relancé aujourd'hui par la coordination." in page
    assert url not in client.get(f"/parrainages/{pairing.id}").get_data(as_text=True)
    dashboard = client.get("/suivi").get_data(as_text=True)
    assert "Déjà relancé aujourd&#39;hui." in dashboard or "Déjà relancé aujourd'hui." in dashboard
    assert url not in dashboard


def test_a_manual_reminder_claims_the_reasons_due_and_cron_sends_later_ones(
    duo, client, login_as, runner, app_ctx
):
    pairing = start_pairing(duo, started_days_ago=50)  # à relancer
    login_as(duo["coordinator"])
    url = f"/parrainages/{pairing.id}/relance"
    token = _fingerprint(text_of(client.get(url)))
    assert client.post(url, data={"fingerprint": token}).status_code == 302
    since = (date.today() - timedelta(days=50)).isoformat()
    keys = set(db.session.execute(db.select(ReminderSent.reason_key)).scalars())
    assert f"nudge:{pairing.id}:{since}" in keys
    result = runner.invoke(args=["send-reminders"])
    assert "Aucune relance à envoyer." in result.output


def test_a_changed_mail_since_the_preview_is_refused(duo, client, login_as, app_ctx):
    pairing = start_pairing(duo, started_days_ago=10)
    login_as(duo["coordinator"])
    url = f"/parrainages/{pairing.id}/relance"
    before = _written()
    response = client.post(url, data={"fingerprint": "0" * 32})
    assert response.status_code == 409 and "La relance a changé depuis l'aperçu" in text_of(
        response
    )
    empty = client.post(url, data={})
    assert empty.status_code == 422 and "L'aperçu de la relance manque" in text_of(empty)
    assert _written() == before


def test_a_pairing_not_active_is_refused_in_french(duo, client, login_as, app_ctx):
    pairing = start_pairing(duo, started_days_ago=10)
    token = reminders.fingerprint(reminders.manual(pairing, date.today()))
    pairing_services.complete(pairing, duo["coordinator"])
    db.session.commit()
    login_as(duo["coordinator"])
    url = f"/parrainages/{pairing.id}/relance"
    before = _written()
    for response in (client.get(url), client.post(url, data={"fingerprint": token})):
        assert response.status_code == 409
        assert "seul un parrainage en cours peut être relancé" in text_of(response)
    assert _written() == before
    page = text_of(client.get(f"/parrainages/{pairing.id}"))
    assert "Relancer maintenant" not in page and "Aucune relance envoyée." in page
