"""``flask send-reminders``: real mail through a local SMTP server, never twice a reason.

The command records each reason with its mails queued in the outbox, in one transaction;
``flask outbox send`` delivers them.
"""

from datetime import date, timedelta

from entraide.core.extensions import db
from entraide.followups.services import NewAction
from entraide.models import AuditEntry, OutboxMail, ReminderSent
from entraide.models._base import utcnow
from entraide.outbox import services as outbox_services
from tests.followups.conftest import log_meeting, start_pairing

MENTEE = "filleule@jeune-pousse.fr"
MENTOR = "marraine@vieux-chene.fr"
COORDINATOR = "coordination@reseau-scic62.fr"


def _keys() -> set[str]:
    return set(db.session.execute(db.select(ReminderSent.reason_key)).scalars())


def _run(runner, *args):
    result = runner.invoke(args=["send-reminders", *args])
    assert result.exit_code == 0, result.output
    return result


def _send(runner):
    """What the outbox worker does: deliver the queued mails."""
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    return result


def test_late_pairings_and_overdue_actions_are_mailed_once(duo, make, smtp_server, runner, app_ctx):
    late = start_pairing(duo, started_days_ago=61)
    other = make.organisation("Petite Graine", year_created=2024)
    nudged = start_pairing(duo, started_days_ago=100, mentee=other)
    due = date.today() - timedelta(days=3)
    followup = log_meeting(
        nudged,
        duo["coordinator"],
        10,
        actions=[
            NewAction("Envoyer les statuts", owner="Anne", due_on=due),
            NewAction("Plus tard", due_on=date.today() + timedelta(days=3)),
        ],
    )
    action_id = followup.actions[0].id

    result = _run(runner)
    assert "Jeune Pousse – Vieux Chêne : en retard (61 jours sans rencontre)" in result.output
    assert (
        "Petite Graine – Vieux Chêne : à relancer (10 jours sans rencontre), 1 action "
        "en retard → 2 destinataires"
    ) in result.output
    assert (
        "Bilan : 2 parrainages relancés (1 en retard, 1 à relancer, 1 action en "
        "retard), 5 courriels mis en file d'envoi."
    ) in result.output
    assert smtp_server.messages == []  # queued with the reasons, not sent yet
    assert "5 courriels envoyés." in _send(runner).output

    assert sorted(r for m in smtp_server.messages for r in m.recipients) == sorted(
        [MENTEE, MENTOR, COORDINATOR, MENTOR, COORDINATOR]
    )
    to_mentee = smtp_server.to(MENTEE)
    assert len(to_mentee) == 1
    mail = to_mentee[0]
    assert mail.subject == "Parrainage Jeune Pousse – Vieux Chêne : en retard"
    assert "Le parrainage Jeune Pousse – Vieux Chêne est en retard" in mail.body
    assert "depuis son début, il y a 61 jours" in mail.body
    assert f"http://entraide.test/parrainages/{late.id}" in mail.body
    assert mail.message["From"] == "Entraide SCIC 62 <entraide@localhost>"

    [action_mail] = [m for m in smtp_server.to(MENTOR) if "Petite Graine" in m.subject]
    assert action_mail.subject == "Parrainage Petite Graine – Vieux Chêne : à relancer"
    assert "Actions en retard :" in action_mail.body
    assert f"- Envoyer les statuts (échéance le {due:%d/%m/%Y}, responsable : Anne)" in (
        action_mail.body
    )
    assert "Plus tard" not in action_mail.body
    assert f"/parrainages/{nudged.id}" in action_mail.body

    assert _keys() == {
        f"late:{late.id}:{late.start_date.isoformat()}",
        f"nudge:{nudged.id}:{followup.held_on.isoformat()}",
        f"action:{action_id}",
    }
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEntry.id)).filter_by(action="pairing.reminder")
        )
        == 2
    )

    # The second run (tomorrow's cron) sends nothing: every reason was mailed already.
    smtp_server.clear()
    again = _run(runner)
    assert "Aucune relance à envoyer." in again.output
    assert "Aucun courriel à envoyer." in _send(runner).output
    assert smtp_server.messages == [] and len(_keys()) == 3


def test_a_nudged_pairing_is_mailed_again_when_it_becomes_late(duo, smtp_server, runner, app_ctx):
    pairing = start_pairing(duo, started_days_ago=50)
    _run(runner)
    _send(runner)
    assert [m.subject for m in smtp_server.to(MENTEE)] == [
        "Parrainage Jeune Pousse – Vieux Chêne : à relancer"
    ]
    assert "est à relancer : aucune rencontre" in smtp_server.to(MENTEE)[0].body

    smtp_server.clear()
    pairing.start_date = date.today() - timedelta(days=60)  # ten days later…
    db.session.commit()
    _run(runner)
    _send(runner)
    assert [m.subject for m in smtp_server.to(MENTEE)] == [
        "Parrainage Jeune Pousse – Vieux Chêne : en retard"
    ]

    # A meeting logged today: up to date, nothing to send.
    smtp_server.clear()
    log_meeting(pairing, duo["coordinator"], 0)
    assert "Aucune relance à envoyer." in _run(runner).output
    _send(runner)
    assert smtp_server.messages == []


def test_dry_run_sends_and_records_nothing(duo, smtp_server, runner, app_ctx):
    start_pairing(duo, started_days_ago=75)
    result = _run(runner, "--dry-run")
    assert "Jeune Pousse – Vieux Chêne : en retard (75 jours sans rencontre) → 3 " in (
        result.output
    )
    assert "Simulation : 1 relance à envoyer ; rien n'a été envoyé ni enregistré." in (
        result.output
    )
    assert "Aucun courriel à envoyer." in _send(runner).output
    assert smtp_server.messages == [] and _keys() == set()
    _run(runner)
    _send(runner)
    assert len(smtp_server.messages) == 3


def test_links_use_base_url_without_server_name(
    duo, app, smtp_server, runner, monkeypatch, app_ctx
):
    pairing = start_pairing(duo, started_days_ago=70)
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    monkeypatch.setitem(app.config, "BASE_URL", "https://entraide.example.org/reseau")
    _run(runner)
    _send(runner)
    body = smtp_server.to(MENTOR)[0].body
    assert f"https://entraide.example.org/reseau/parrainages/{pairing.id}" in body


def test_an_unreachable_mail_server_keeps_the_mails_until_it_is_back(
    duo, app, smtp_server, runner, monkeypatch, app_ctx
):
    start_pairing(duo, started_days_ago=70)
    _run(runner)
    assert len(_keys()) == 1  # recorded, its three mails queued with it

    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    assert "0 courriel envoyé, 3 à réessayer plus tard." in _send(runner).output
    mails = db.session.scalars(db.select(OutboxMail)).all()
    assert {(m.status, m.attempts) for m in mails} == {("waiting", 1)}

    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_server.port)
    assert "Aucun courriel à envoyer." in _send(runner).output  # the next try is later
    in_a_minute = utcnow() + timedelta(seconds=61)
    monkeypatch.setattr(outbox_services, "utcnow", lambda: in_a_minute)
    assert "3 courriels envoyés." in _send(runner).output
    assert len(smtp_server.messages) == 3 and len(_keys()) == 1
    # Neither the reminder nor its mails go twice.
    assert "Aucune relance à envoyer." in _run(runner).output
    assert "Aucun courriel à envoyer." in _send(runner).output
    assert len(smtp_server.messages) == 3


def test_without_smtp_the_reminders_go_to_the_log(duo, app, runner, monkeypatch, app_ctx):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    start_pairing(duo, started_days_ago=70)
    result = _run(runner)
    assert "SMTP non configuré" in result.output and len(_keys()) == 1
    sent = _send(runner).output
    assert "3 courriels envoyés." in sent and "SMTP non configuré" in sent


def test_nothing_to_do(app_ctx, runner):
    assert "Aucune relance à envoyer." in _run(runner).output
