"""Meetings planned ahead in the lively network: every planning action once, and some
meetings left planned (pages, « À faire », feeds) or cancelled (shown « annulée »).

Run after the reminders (``activity.build_activity``): recording a meeting today makes the
active pairing up to date, and the late one must be reminded first.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from entraide.calendars.services import renew_key
from entraide.core.extensions import db
from entraide.followups import planning as followup_planning
from entraide.groups import planning as group_planning
from entraide.models import Pairing, TerritorialGroup

TODAY = date.today()
SOON = TODAY + timedelta(days=12)


def plan_meetings(activity, coordinator, member, sponsor) -> None:
    active = db.session.get(Pairing, activity.ids["active"])
    held = followup_planning.plan_followup(
        active,
        member,
        held_on=TODAY,
        start_time=time(9, 30),
        format="visit",
        place="Tiers-lieu fictif de l'Artois, Arras",
        expected="Sam et Dominique",
    )
    followup_planning.reschedule_followup(
        held,
        sponsor,
        held_on=TODAY,
        start_time=time(10, 15),
        format="visit",
        place="Tiers-lieu fictif de l'Artois, Arras",
        expected="Sam et Dominique",
        duration_minutes=90,
    )
    followup_planning.record_planned_followup(
        held,
        member,
        held_on=TODAY,
        format="visit",
        volunteer_hours=Decimal("2.5"),
        summary="L'ordre du jour de l'AG est prêt.",
        duration_minutes=90,
    )
    cancelled = followup_planning.plan_followup(
        active, sponsor, held_on=SOON, start_time=time(17, 0), format="video"
    )
    followup_planning.cancel_followup(cancelled, coordinator, "Une grève des transports.")
    followup_planning.plan_followup(
        active,
        sponsor,
        held_on=SOON,
        start_time=time(14, 30),
        format="visit",
        place="SCIC fictive Habitat de Lens-Hénin, Lens",
    )

    group = db.session.get(TerritorialGroup, activity.ids["group"])
    host, *others = group.members
    meeting = group_planning.plan_meeting(
        group,
        coordinator,
        held_on=TODAY,
        start_time=time(18, 0),
        kind="atelier",
        title="Atelier gouvernance",
        host=host,
        expected=list(group.members),
    )
    group_planning.reschedule_meeting(
        meeting,
        coordinator,
        held_on=TODAY,
        start_time=time(18, 30),
        kind="atelier",
        title="Atelier gouvernance",
        host=host,
        expected=list(group.members),
        place="Salle des fêtes",
    )
    group_planning.record_planned_meeting(
        meeting,
        coordinator,
        held_on=TODAY,
        kind="atelier",
        title="Atelier gouvernance",
        host=host,
        participants=others,
        volunteer_hours=Decimal("4.5"),
    )
    dropped = group_planning.plan_meeting(
        group,
        coordinator,
        held_on=SOON,
        start_time=time(9, 0),
        kind="rencontre",
        title="Rencontre du trimestre",
        host=others[0],
        expected=list(group.members),
    )
    group_planning.cancel_meeting(dropped, coordinator, "La salle n'est plus libre.")
    group_planning.plan_meeting(
        group,
        coordinator,
        held_on=SOON,
        start_time=time(9, 0),
        kind="rencontre",
        title="Rencontre du trimestre",
        host=others[0],
        expected=list(group.members),
    )
    renew_key(member)
