"""``flask send-reminders``: real mail through a local SMTP server, never twice a reason."""

from datetime import date, timedelta

from entraide.core.extensions import db
from entraide.followups.services import NewAction
from entraide.models import AuditEntry, ReminderSent
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
        "retard), 5 courriels envoyés."
    ) in result.output

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
    assert smtp_server.messages == [] and len(_keys()) == 3


def test_a_nudged_pairing_is_mailed_again_when_it_becomes_late(duo, smtp_server, runner, app_ctx):
    pairing = start_pairing(duo, started_days_ago=50)
    _run(runner)
    assert [m.subject for m in smtp_server.to(MENTEE)] == [
        "Parrainage Jeune Pousse – Vieux Chêne : à relancer"
    ]
    assert "est à relancer : aucune rencontre" in smtp_server.to(MENTEE)[0].body

    smtp_server.clear()
    pairing.start_date = date.today() - timedelta(days=60)  # ten days later…
    db.session.commit()
    _run(runner)
    assert [m.subject for m in smtp_server.to(MENTEE)] == [
        "Parrainage Jeune Pousse – Vieux Chêne : en retard"
    ]

    # A meeting logged today: up to date, nothing to send.
    smtp_server.clear()
    log_meeting(pairing, duo["coordinator"], 0)
    assert "Aucune relance à envoyer." in _run(runner).output
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
    assert smtp_server.messages == [] and _keys() == set()
    _run(runner)
    assert len(smtp_server.messages) == 3


def test_links_use_base_url_without_server_name(
    duo, app, smtp_server, runner, monkeypatch, app_ctx
):
    pairing = start_pairing(duo, started_days_ago=70)
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    monkeypatch.setitem(app.config, "BASE_URL", "https://entraide.example.org/reseau")
    _run(runner)
    body = smtp_server.to(MENTOR)[0].body
    assert f"https://entraide.example.org/reseau/parrainages/{pairing.id}" in body


def test_an_unreachable_mail_server_records_nothing_and_retries(
    duo, app, smtp_server, runner, monkeypatch, app_ctx
):
    start_pairing(duo, started_days_ago=70)
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    result = _run(runner)
    assert "1 relance non envoyée" in result.output
    assert _keys() == set()
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_server.port)
    _run(runner)
    assert len(smtp_server.messages) == 3 and len(_keys()) == 1


def test_without_smtp_the_reminders_go_to_the_log(duo, app, runner, monkeypatch, app_ctx):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    start_pairing(duo, started_days_ago=70)
    result = _run(runner)
    assert "SMTP non configuré" in result.output and len(_keys()) == 1


def test_nothing_to_do(app_ctx, runner):
    assert "Aucune relance à envoyer." in _run(runner).output
