"""The fuzz tests' world: a small network in every workflow state, and logged-in browsers.

The world is built in its own app context, then released: requests then run each in their
own context and session, as in production, so nothing a failed request flushed can be
committed by a later one, and :func:`tests.fuzz.checks.snapshot` sees only what was
committed.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, settings

from entraide.core.extensions import db
from entraide.followups import planning as followup_planning
from entraide.followups import services as followup_services
from entraide.groups import planning as group_planning
from entraide.groups import services as group_services
from entraide.help_requests import services as help_services
from entraide.pairings import services as pairing_services
from entraide.reports import services as report_services
from tests.conftest import TEST_PASSWORD, login
from tests.factories import Factory
from tests.web.helpers import use_cheap_password_hashing

# Few examples per form, no deadline (SQLite and PostgreSQL timings differ), and the world
# is built once per test, not once per example: each example compares before and after.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@dataclass(frozen=True)
class World:
    """Ids and emails only: the ORM objects stay in the context that built them."""

    coordinator: str
    viewer: str
    young: int  # a young SCIC, mentee of the proposed pairing; asks for help
    young_user: str
    young_need: int
    young_offer: int
    mentor: int  # a sponsor with room for more
    mentor_user: str
    active_mentee: int
    active_user: str
    other: int  # another SCIC: its data must stay out of reach of the young one
    other_user: str
    other_need: int
    other_offer: int
    outsider: int  # in no group
    proposed: int  # pairing young-mentor awaiting consent
    active: int  # pairing active_mentee-mentor, with a meeting and an open action
    completed: int  # pairing completed_mentee-mentor, waiting for evaluations
    completed_user: str
    action: int
    followup: int  # the active pairing's meeting, recorded by the coordinator
    help_request: int  # posted by young
    group: int  # young, mentor, other
    group_meeting: int  # recorded by the coordinator
    highlight: int
    planned_followup: int  # a planned meeting of the active pairing
    planned_meeting: int  # a planned meeting of the group

    @property
    def org_ids(self) -> tuple[int, ...]:
        return (self.young, self.mentor, self.active_mentee, self.other, self.outsider)


def _build(factory: Factory) -> World:
    coordinator = factory.coordinator(email="coordination@exemple.fr")
    viewer = factory.viewer(email="financeur@exemple.fr")
    young = factory.organisation("Jeune Pousse", year_created=2023)
    mentor = factory.organisation(
        "Vieux Chêne", year_created=2004, commune_insee="62510", mentor_capacity=5
    )
    active_mentee = factory.organisation("Jeune Active", year_created=2022)
    completed_mentee = factory.organisation("Jeune Terminée", year_created=2021)
    other = factory.organisation("Autre Coop", year_created=2012, commune_insee="62041")
    outsider = factory.organisation("Coop Isolée", year_created=2015, commune_insee="62193")
    young_need = factory.need(young, "gouvernance", "Organiser notre assemblée générale")
    young_offer = factory.offer(young, "communication", "Réseaux sociaux")
    active_need = factory.need(active_mentee, "financement", "Ouvrir notre capital")
    factory.need(completed_mentee, "juridique", "Statuts")
    other_need = factory.need(other, "numerique", "Un site web")
    other_offer = factory.offer(other, "gouvernance", "Animer une AG")
    factory.offer(mentor, "gouvernance", "Animation d'assemblées générales")
    users = {
        "young": factory.member(young, email="jeune@exemple.fr"),
        "mentor": factory.member(mentor, email="parrain@exemple.fr"),
        "active": factory.member(active_mentee, email="active@exemple.fr"),
        "completed": factory.member(completed_mentee, email="terminee@exemple.fr"),
        "other": factory.member(other, email="autre@exemple.fr"),
    }

    proposed = pairing_services.propose(coordinator, young, mentor, needs=[young_need])
    active = pairing_services.propose(coordinator, active_mentee, mentor, needs=[active_need])
    completed = pairing_services.propose(coordinator, completed_mentee, mentor)
    for pairing in (active, completed):
        pairing_services.answer(pairing, None, "mentee", True, None)
        pairing_services.answer(pairing, None, "mentor", True, None)
        pairing.start_date = date.today() - timedelta(days=90)
    followup = followup_services.log_followup(
        active,
        coordinator,
        held_on=date.today() - timedelta(days=30),
        format="visit",
        volunteer_hours=2,
        summary="Point d'étape",
        actions=[followup_services.NewAction("Envoyer les statuts", "Léa")],
    )
    pairing_services.complete(completed, coordinator)
    help_request = help_services.post_request(
        users["young"], young, "gouvernance", "Préparer l'AG", "Nous cherchons de l'aide."
    )
    group = group_services.create_group(coordinator, "Groupe de Lens", [young, mentor, other])
    group_meeting = group_services.record_meeting(
        group,
        coordinator,
        held_on=date.today() - timedelta(days=3),
        kind="atelier",
        title="Atelier AG",
        host=young,
        participants=[mentor],
    )
    soon = date.today() + timedelta(days=7)
    planned_followup = followup_planning.plan_followup(
        active, coordinator, held_on=soon, start_time=time(14, 30), format="visit"
    )
    planned_meeting = group_planning.plan_meeting(
        group,
        coordinator,
        held_on=soon,
        start_time=time(18, 0),
        kind="rencontre",
        title="Rencontre prévue",
        host=mentor,
        expected=[young, mentor, other],
    )
    # Names Vieux Chêne: its people are asked to approve it.
    highlight = report_services.add_highlight(
        coordinator, date.today().year, "Merci à Vieux Chêne !"
    )
    db.session.commit()
    return World(
        coordinator=coordinator.email,
        viewer=viewer.email,
        young=young.id,
        young_user=users["young"].email,
        young_need=young_need.id,
        young_offer=young_offer.id,
        mentor=mentor.id,
        mentor_user=users["mentor"].email,
        active_mentee=active_mentee.id,
        active_user=users["active"].email,
        other=other.id,
        other_user=users["other"].email,
        other_need=other_need.id,
        other_offer=other_offer.id,
        outsider=outsider.id,
        proposed=proposed.id,
        active=active.id,
        completed=completed.id,
        completed_user=users["completed"].email,
        action=followup.actions[0].id,
        followup=followup.id,
        help_request=help_request.id,
        group=group.id,
        group_meeting=group_meeting.id,
        highlight=highlight.id,
        planned_followup=planned_followup.id,
        planned_meeting=planned_meeting.id,
    )


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        built = _build(Factory(TEST_PASSWORD))
        db.session.remove()
    return built


@pytest.fixture
def sign_in(client):
    """Log the test client in as ``email``; returns the client."""

    def _sign_in(email: str):
        with client.session_transaction() as session:
            session.clear()
        response = login(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _sign_in
