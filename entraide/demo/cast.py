"""The people and organisations of the demo's year, and how they joined the network.

:class:`Cast` finds them again between the steps of the stories (the session is expired
after each step, see ``clock.py``); :func:`joining` is the story of the fictional
organisations entering the network, each on its day: the coordination creates it and
invites its contact person, who sets a password, says on « Mon compte » that she is the
entraide contact (with her phone), and declares the organisation's needs and offers.
"""

from datetime import date, timedelta

from ..core.extensions import db
from ..declarations.services import declare_need, declare_offer
from ..geo.gazetteer import get_gazetteer
from ..models import Need, Organisation, User
from ..organisations.services import create_organisation, find_by_name
from ..users.services import create_user, update_account
from .fictional import BY_KEY, ORGANISATIONS, FictionalOrg


class Cast:
    """Lookups by the keys of ``fictional.py``, for the stories of ``life.py``."""

    def __init__(self, today: date, password: str):
        self.today = today
        self.password = password
        self._password_hash: str | None = None

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def ago(self, day: date) -> int:
        """Days from ``day`` to today: how a story dated on a fixed day (the 2024 chapter)
        yields its steps."""
        return (self.today - day).days

    def on(self, day: date, at: str = "10:00") -> tuple[int, str]:
        """A story's step on a fixed day and Paris time, as ``clock.play`` reads it."""
        return self.ago(day), at

    def joined_ago(self, plan: FictionalOrg) -> int:
        """Days since ``plan`` joined: its fixed day, else counted back from today."""
        return self.ago(plan.since) if plan.since else plan.joined_days_ago

    def org(self, key: str) -> Organisation:
        return find_by_name(BY_KEY[key].name)

    def person(self, key: str) -> User:
        """The organisation's first person: its entraide contact."""
        email = BY_KEY[key].people[0].email
        return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()

    @property
    def coordinator(self) -> User:
        return db.session.execute(
            db.select(User).filter_by(role="coordinator").order_by(User.id)
        ).scalar()

    def need(self, key: str, theme: str) -> Need:
        """The organisation's open need on ``theme``."""
        return db.session.execute(
            db.select(Need).filter_by(
                organisation_id=self.org(key).id, theme_code=theme, status="open"
            )
        ).scalar_one()

    def password_hash(self, user: User) -> None:
        """Give ``user`` the demo password; hashed once for all the demo's people (argon2
        is slow on purpose, and every one of them has the same published password)."""
        if self._password_hash is None:
            user.set_password(self.password)
            self._password_hash = user.password_hash
        else:
            user.password_hash = self._password_hash


def _create(cast: Cast, plan: FictionalOrg) -> Organisation:
    commune = get_gazetteer().resolve(plan.commune)
    joined = cast.day(cast.joined_ago(plan))
    if plan.year_created is not None:
        joined = max(joined, date(plan.year_created, 1, 1))
    return create_organisation(
        cast.coordinator,
        plan.name,
        status=plan.status,
        commune_insee=commune.insee,
        year_created=plan.year_created,
        member_since=joined,
        sector=plan.sector,
        legal_form=plan.legal_form,
        colleges=plan.colleges,
        employees=plan.employees,
        members_count=plan.members_count,
        description=plan.description,
        contact_email=plan.people[0].email if plan.people else None,
        mentor_capacity=plan.capacity,
        proposable_sponsor=plan.proposable,
        public_directory=plan.public,
        in_difficulty=plan.in_difficulty,
    )


def _one_joins(cast: Cast, plan: FictionalOrg):
    joined_ago = cast.joined_ago(plan)
    yield joined_ago, "09:30"
    org = _create(cast, plan)
    db.session.flush()
    people = []
    for person in plan.people:
        user = create_user(
            cast.coordinator, person.email, "member", name=person.name, organisation=org
        )
        cast.password_hash(user)
        people.append((user, person))
    yield joined_ago - 1, "18:15"
    for user, person in people:
        update_account(user, user, name=person.name, entraide_contact=True, phone=person.phone)
    actor = people[0][0] if people else cast.coordinator
    for theme, text, urgency in plan.needs:
        declare_need(cast.org(plan.key), actor, theme, text, urgency)
    for theme, text in plan.offers:
        declare_offer(cast.org(plan.key), actor, theme, text)


def joining(cast: Cast):
    """One story per fictional organisation (they join on different days)."""
    return [_one_joins(cast, plan) for plan in ORGANISATIONS]


def existing_fictional() -> list[str]:
    names = [plan.name for plan in ORGANISATIONS]
    return list(
        db.session.execute(
            db.select(Organisation.name).where(Organisation.name.in_(names))
        ).scalars()
    )
