"""Reminders of the conventions' deadlines: 60, 30 and 7 days before, once each.

The day is given to the service (``today``), as for the pairings' reminders; the daily
command is run with the real day and a convention placed around it.
"""

from dataclasses import replace
from datetime import date, timedelta

from entraide.conventions import reminders, services
from entraide.core.extensions import db
from entraide.models import AuditEntry, ConventionReminder
from tests.conventions.conftest import convention_data, count

DUE = date(2025, 6, 1)
EXTENSION = date(2024, 6, 30)


def _run(today: date) -> list[reminders.DeadlineReminder]:
    """What the daily job does on ``today``: claim and commit each pending reminder."""
    sent = reminders.pending(today)
    for reminder in sent:
        reminders.claim(reminder)
        db.session.commit()
    return sent


def _subjects(sent) -> list[str]:
    return [reminder.subject for reminder in sent]


def test_the_report_is_reminded_60_30_and_7_days_before_once_each(new_convention, outbox):
    convention = new_convention(extension_before=None)
    assert _run(DUE - timedelta(days=61)) == []
    assert _subjects(_run(DUE - timedelta(days=60))) == [
        "Bilan de la convention 2024-03658 à remettre dans 60 jours"
    ]
    assert _run(DUE - timedelta(days=60)) == []  # the same day again: nothing more
    assert _run(DUE - timedelta(days=45)) == []
    assert _subjects(_run(DUE - timedelta(days=30))) == [
        "Bilan de la convention 2024-03658 à remettre dans 30 jours"
    ]
    assert _run(DUE - timedelta(days=29)) == []
    [last] = _run(DUE - timedelta(days=7))
    assert last.subject == "Bilan de la convention 2024-03658 à remettre dans 7 jours"
    assert f"/conventions/{convention.id}" in last.body
    for day in (6, 1, 0, -1, -30):
        assert _run(DUE - timedelta(days=day)) == [], day
    assert [mail["to"] for mail in outbox] == ["coordination@exemple.fr"] * 3
    assert {mail["kind"] for mail in outbox} == {"convention_deadline"}
    keys = db.session.scalars(
        db.select(ConventionReminder.reason_key).order_by(ConventionReminder.id)
    ).all()
    assert keys == [f"report:{convention.id}:2025-06-01:{days}" for days in (60, 30, 7)]
    entries = db.session.scalars(
        db.select(AuditEntry).filter_by(action="convention.reminder").order_by(AuditEntry.id)
    ).all()
    assert [entry.after["days_left"] for entry in entries] == [60, 30, 7]


def test_the_extension_deadline_is_reminded_too(new_convention, outbox):
    new_convention(report_due=None)
    assert _subjects(_run(EXTENSION - timedelta(days=30))) == [
        "Prolongation de la convention 2024-03658 : à demander avant le 30/06/2024"
    ]
    assert "avant le 30/06/2024, dans 30 jours" in outbox[0]["body"]


def test_a_missed_day_sends_one_mail_for_the_nearest_threshold(new_convention, outbox):
    """The job did not run (or the convention was entered late): one mail, not three."""
    new_convention(extension_before=None)
    [reminder] = _run(DUE - timedelta(days=5))
    assert reminder.threshold == 7 and len(reminder.keys) == 3
    assert "dans 5 jours" in reminder.subject
    assert _run(DUE - timedelta(days=4)) == []
    assert len(outbox) == 1


def test_no_reminder_once_the_report_is_handed_in(new_convention, coordinator):
    convention = new_convention()
    services.update_convention(
        coordinator,
        convention,
        replace(services.ConventionData.of(convention), report_sent=True),
        convention.version,
    )
    db.session.commit()
    assert _run(DUE - timedelta(days=30)) == []
    assert _run(EXTENSION - timedelta(days=7)) == []


def test_a_corrected_due_date_is_reminded_again(new_convention, coordinator):
    convention = new_convention(extension_before=None)
    assert len(_run(DUE - timedelta(days=30))) == 1
    later = date(2025, 7, 1)
    data = convention_data(extension_before=None, report_due=later)
    services.update_convention(coordinator, convention, data, convention.version)
    db.session.commit()
    [reminder] = _run(later - timedelta(days=30))
    assert reminder.keys == [
        f"report:{convention.id}:2025-07-01:60",
        f"report:{convention.id}:2025-07-01:30",
    ]


def test_nothing_is_claimed_while_nobody_would_receive_it(new_convention, coordinator):
    new_convention(extension_before=None)
    coordinator.active = False
    db.session.commit()
    assert reminders.pending(DUE - timedelta(days=30)) == []
    assert count(ConventionReminder) == 0
    coordinator.active = True
    db.session.commit()
    assert len(_run(DUE - timedelta(days=30))) == 1


def test_the_daily_command_sends_them_once(app_ctx, coordinator, runner, outbox):
    today = date.today()
    services.create_convention(
        coordinator,
        convention_data(
            reference="EN-COURS",
            period_start=today - timedelta(days=200),
            period_end=today - timedelta(days=1),
            report_due=today + timedelta(days=30),
            extension_before=None,
        ),
    )
    db.session.commit()
    dry = runner.invoke(args=["send-reminders", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "- convention n° EN-COURS : bilan final le" in dry.output
    assert "rien n'a été envoyé ni enregistré" in dry.output
    assert len(outbox) == 0 and count(ConventionReminder) == 0
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "Aucune relance à envoyer." in result.output  # no pairing to remind
    assert "1 rappel d'échéance mis en file d'envoi." in result.output
    assert [mail["subject"] for mail in outbox] == [
        "Bilan de la convention EN-COURS à remettre dans 30 jours"
    ]
    again = runner.invoke(args=["send-reminders"])
    assert "Aucun rappel d'échéance de convention à envoyer." in again.output
    assert len(outbox) == 1
