"""The demo's 2024 chapter: mutual aid between fictional members in 2024, and the bilan the
coordination wrote about it in the spring of 2025 through the services (testimonies each
organisation approved, narratives, a simulated réalisé that balances, the report sent)."""

from datetime import date

from entraide.conventions import queries as conventions
from entraide.core.extensions import db
from entraide.demo.fictional import BY_KEY
from entraide.demo.year_2024.texts import DEMO_AMOUNT, DEMO_TEXT, TESTIMONIES
from entraide.models import (
    AxisNarrative,
    Convention,
    FollowUp,
    GroupMeeting,
    HelpRequest,
    HighlightApproval,
    NetworkAction,
    Organisation,
    Pairing,
    PairingEvaluation,
    ReportHighlight,
    ReportSubmission,
    TerritorialGroup,
)
from entraide.models.narrative import NARRATIVE_PARTS
from entraide.reports.period import year_period
from entraide.reports.queries import activity
from entraide.testimonies import queries as testimonies

YEAR_START, YEAR_END = date(2024, 1, 1), date(2024, 12, 31)
YOUNG_OF_2024 = ("librairie", "garage", "bois")


def _org(key: str) -> Organisation:
    return db.session.execute(db.select(Organisation).filter_by(name=BY_KEY[key].name)).scalar_one()


def _chapter_pairings() -> list[Pairing]:
    ids = [_org(key).id for key in YOUNG_OF_2024]
    return db.session.scalars(db.select(Pairing).where(Pairing.mentee_id.in_(ids))).all()


def _first_activity() -> dict[int, date]:
    """Each organisation's first day in the 2024 chapter: a pairing proposed, a group
    meeting, a help request posted or answered."""
    first: dict[int, date] = {}

    def seen(org_id: int, day: date) -> None:
        first[org_id] = min(first.get(org_id, day), day)

    for pairing in _chapter_pairings():
        seen(pairing.mentee_id, pairing.created_at.date())
        seen(pairing.mentor_id, pairing.created_at.date())
    for meeting in db.session.scalars(
        db.select(GroupMeeting).where(GroupMeeting.held_on <= YEAR_END)
    ):
        for org in [meeting.host, *meeting.participants]:
            if org is not None and meeting.group_id is not None:
                seen(org.id, meeting.held_on)
    for call in db.session.scalars(db.select(HelpRequest)):
        if call.created_at.date() <= YEAR_END:
            seen(call.organisation_id, call.created_at.date())
            for reply in call.answers:
                seen(reply.organisation_id, reply.created_at.date())
    return first


def test_the_2024_chapter_happens_between_members_of_2024(demo):
    first = _first_activity()
    assert len(first) >= 7
    for org_id, day in first.items():
        org = db.session.get(Organisation, org_id)
        assert "fictiv" in org.name or "fictif" in org.name, org.name
        assert YEAR_START <= day <= YEAR_END, org.name
        assert org.member_since is not None and org.member_since <= day, org.name
    # So the recent year's report does not count them as new members.
    assert all(db.session.get(Organisation, i).member_since < YEAR_END for i in first)


def test_the_register_s_2024_actions_were_entered_when_held(demo):
    actions = db.session.scalars(
        db.select(NetworkAction).where(NetworkAction.held_on.between(YEAR_START, YEAR_END))
    ).all()
    assert len(actions) >= 10
    assert all(action.created_at.date() == action.held_on for action in actions)


def test_parrainages_of_2024_run_their_course(demo):
    pairings = _chapter_pairings()
    assert {p.status for p in pairings} == {"completed", "declined"}
    started = [p for p in pairings if p.start_date]
    assert len(started) == 3 and all(YEAR_START <= p.start_date <= YEAR_END for p in started)
    held = db.session.scalars(
        db.select(FollowUp).where(FollowUp.pairing_id.in_([p.id for p in started]))
    ).all()
    in_2024 = [f for f in held if f.held_on <= YEAR_END]
    assert len(in_2024) >= 10 and all(f.volunteer_hours > 0 and f.summary for f in in_2024)
    # One completed in 2024 with both close-out evaluations given in 2024; one declined.
    evaluated = db.session.scalars(
        db.select(PairingEvaluation).where(PairingEvaluation.created_at < date(2025, 1, 1))
    ).all()
    assert len({e.pairing_id for e in evaluated}) >= 2
    assert any(len(p.evaluations) == 2 and p.ended_at.year == 2024 for p in started)
    (declined,) = [p for p in pairings if p.status == "declined"]
    assert declined.ended_at.year == 2024 and declined.visible_reason
    figures = activity.pairings(year_period(2024))
    assert figures["total"] == 3 and figures["proposals"] == {"declined": 1}
    assert activity.satisfaction(year_period(2024))["count"] == 3


def test_groups_and_help_requests_of_2024(demo):
    period = year_period(2024)
    meetings = db.session.scalars(
        db.select(GroupMeeting).where(
            GroupMeeting.held_on >= YEAR_START,
            GroupMeeting.held_on <= YEAR_END,
            GroupMeeting.group_id.is_not(None),
        )
    ).all()
    assert len(meetings) == 5 and all(m.volunteer_hours > 0 and m.place for m in meetings)
    groups = {db.session.get(TerritorialGroup, m.group_id) for m in meetings}
    # Archived when the groups were recomposed by territory: the recent year's are others.
    assert len(groups) == 2 and all(g.archived_at and g.archived_at.year == 2025 for g in groups)
    calls = activity.help_requests(period)
    assert (calls["posted"], calls["answered"], calls["closed"], calls["solved"]) == (3, 2, 3, 2)


def test_the_testimonies_reach_the_funder_once_every_organisation_approved(demo):
    highlights = db.session.scalars(db.select(ReportHighlight).filter_by(year=2024)).all()
    assert len(highlights) == len(TESTIMONIES)
    approvals = db.session.scalars(db.select(HighlightApproval)).all()
    assert approvals and all(a.status != "pending" for a in approvals)
    shown = testimonies.shown(2024)
    refused = [t for t in TESTIMONIES if "refused" in t.answers.values()]
    assert refused and len(shown) == len(TESTIMONIES) - len(refused)
    quotes = " ".join(s.quote for s in shown)
    assert all(t.quote not in quotes for t in refused)
    # Approved without its name: the funder reads a description instead.
    hidden = [t for t in TESTIMONIES if "approved_anonymous" in t.answers.values()]
    for item in hidden:
        (key,) = [k for k, status in item.answers.items() if status == "approved_anonymous"]
        assert BY_KEY[key].name not in quotes
    assert "Une jeune SCIC du Montreuillois-Ternois a présenté son projet" in quotes
    assert db.session.get(ReportSubmission, 2024) is not None  # sent: the answers are frozen


def test_the_bilan_s_narratives_and_financial_statement(demo):
    rows = db.session.scalars(db.select(AxisNarrative).filter_by(year=2024)).all()
    assert sorted(r.axis for r in rows) == [1, 2, 3, 4]
    for row in rows:
        assert all(getattr(row, part).strip() for part in NARRATIVE_PARTS), row.axis
        assert DEMO_TEXT in row.conditions
    convention = db.session.execute(
        db.select(Convention).filter_by(reference="2024-03658")
    ).scalar_one()
    assert convention.is_final and convention.report_sent and convention.report_sent_on
    view = conventions.statement_of(convention)
    statement = view.statement
    assert statement.has_actual and statement.balanced and statement.problems() == []
    assert not statement.missing_explanations
    actual = [row for row in statement.rows if row.editable and row.actual is not None]
    assert actual and all(row.explanation.startswith(DEMO_AMOUNT) for row in actual)
    totals = {section.side: section.total.actual for section in statement.sections}
    assert totals["charge"] == totals["produit"] > 0
    # 86 = 87 = the valuation of the year's volunteer hours (frozen when marked final).
    assert totals["contribution_emploi"] == totals["contribution_ressource"]
    assert totals["contribution_emploi"] == view.valuation.amount > 0
