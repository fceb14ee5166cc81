"""The demo is alive: a year of use between the fictional organisations, with every state
a coordinator meets, dated within the last twelve months (besides the 2024 chapter, which
``test_year_2024.py`` reads)."""

from datetime import date, timedelta

from entraide.core.extensions import db
from entraide.followups import queries
from entraide.followups.health import LATE, NUDGE, UP_TO_DATE
from entraide.models import (
    AuditEntry,
    FollowUp,
    GroupMeeting,
    HelpNotification,
    HelpOutsideContact,
    HelpRequest,
    Need,
    Offer,
    Organisation,
    OutboxMail,
    Pairing,
    PairRejection,
    ReminderSent,
    SponsorRequest,
    TerritorialGroup,
)
from entraide.models.demo import demo_loaded
from entraide.themes import THEMES

CHAPTER_2024_END = date(2025, 5, 31)  # the 2024 bilan sent (demo/year_2024/bilan.py)


def _all(model, *conditions):
    return db.session.scalars(db.select(model).where(*conditions)).all()


def _year_ago() -> date:
    return date.today() - timedelta(days=366)


def _recent(model, *conditions):
    """The recent year's rows (created within the last twelve months): the 2024 chapter's
    are older."""
    return _all(model, model.created_at >= _year_ago(), *conditions)


def test_every_state_of_a_parrainage_is_there(demo):
    pairings = _recent(Pairing)
    statuses = {p.status for p in pairings}
    assert statuses == {"awaiting_consent", "active", "completed", "declined", "stopped"}
    active = [p for p in pairings if p.status == "active"]
    health = {queries.health_of(p).status: p for p in active}
    assert set(health) == {UP_TO_DATE, NUDGE, LATE}
    late = health[LATE]
    assert queries.overdue_actions(late, date.today()), "the late one has an overdue action"
    assert queries.next_meeting_of(health[UP_TO_DATE]) > date.today()
    (done,) = [p for p in pairings if p.status == "completed"]
    # The young SCIC's close-out evaluation; its SCIC marraine's is still awaited.
    assert [(e.organisation_id, e.satisfaction) for e in done.evaluations] == [(done.mentee_id, 5)]
    stopped = [p for p in pairings if p.status == "stopped"]
    # One stopped after it started, one proposal withdrawn before both answered.
    assert {p.start_date is None for p in stopped} == {True, False}
    assert all(p.visible_reason for p in stopped)
    waiting = [p for p in pairings if p.status == "awaiting_consent"]
    assert [(p.mentee_consent, p.mentor_consent) for p in waiting] == [(True, None)]
    assert _all(PairRejection)
    # Reminders: the daily one (automatic) and « Relancer maintenant ».
    keys = [r.reason_key for r in _all(ReminderSent)]
    assert any(k.startswith("late:") for k in keys) and any(k.startswith("nudge:") for k in keys)
    assert any(k.startswith("action:") for k in keys) and any(k.startswith("manual:") for k in keys)


def test_meetings_requests_help_and_groups(demo):
    followups = _all(FollowUp)
    assert len(followups) >= 15 and all(f.summary for f in followups)
    assert any(f.actions for f in followups) and any(f.needs_met for f in followups)
    assert {r.status for r in _all(SponsorRequest)} == {
        "open",
        "accepted",
        "declined",
        "withdrawn",
        "superseded",
    }
    assert {r.kind for r in _all(SponsorRequest, SponsorRequest.status == "open")} == {
        "ask",
        "offer",
    }
    calls = _all(HelpRequest)
    assert {c.status for c in calls} == {"open", "closed"}
    assert {c.solved for c in calls if c.status == "closed"} == {True, False}
    assert any(c.status == "open" and c.answers for c in calls)
    assert any(c.status == "open" and not c.answers for c in calls)
    assert _all(HelpNotification, HelpNotification.source == "relay") and _all(HelpOutsideContact)
    groups = _all(TerritorialGroup, TerritorialGroup.archived_at.is_(None))
    assert len(groups) >= 3
    meetings = _recent(GroupMeeting, GroupMeeting.group_id.is_not(None))
    assert {m.group_id for m in meetings} == {g.id for g in groups}


def test_declarations_cover_every_theme_and_the_profiles_vary(demo):
    needed = {n.theme_code for n in _all(Need)}
    offered = {o.theme_code for o in _all(Offer, Offer.status == "active")}
    assert needed == set(THEMES) and offered == set(THEMES)
    orgs = _all(Organisation, Organisation.mentor_capacity > 0)
    assert any(o.proposable_sponsor for o in orgs) and not all(o.proposable_sponsor for o in orgs)
    assert len(_all(Organisation, Organisation.in_difficulty.is_(True))) == 1
    young = [o for o in _all(Organisation) if o.is_young and o.needs]
    assert len(young) >= 6 and any(o.status == "projet" for o in young)


def test_the_year_is_dated_within_the_last_twelve_months(demo):
    today = date.today()
    year_ago = _year_ago()
    moving = ("Pairing", "FollowUp", "HelpRequest", "SponsorRequest", "GroupMeeting")
    entries = _all(
        AuditEntry, AuditEntry.object_type.in_(moving), AuditEntry.action != "meeting.import"
    )
    assert entries
    days = {e.created_at.date() for e in entries}
    # The recent year, or the 2024 chapter (its last steps in the spring of 2025).
    recent = {day for day in days if day >= year_ago}
    assert days - recent and max(days - recent) <= CHAPTER_2024_END
    assert max(recent) <= today
    assert len(recent) > 60  # spread over the year, not written in one minute
    held = [f.held_on for f in _recent(FollowUp)]
    assert min(held) >= year_ago and max(held) < today
    started = [p.start_date for p in _recent(Pairing) if p.start_date]
    assert started and all(year_ago <= d < today for d in started)


def test_the_year_s_mails_were_delivered_to_fictional_addresses(demo):
    mails = _all(OutboxMail)
    assert mails and {m.status for m in mails} == {"sent"}
    assert all(m.body is None and m.sent_at is not None for m in mails)
    assert all(m.recipient.endswith(".example") for m in mails)
    assert demo_loaded()
