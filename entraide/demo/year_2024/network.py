"""The network's side of 2024 (demonstration data): two territorial groups and their
meetings, archived in January 2025 when the groups were recomposed by territory (the
recent year's groups, ``network_life.py``); three help requests."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ...core.extensions import db
from ...groups import services as groups
from ...help_requests import services as help_requests
from ...models import HelpRequest, TerritorialGroup
from ..cast import Cast

# When the coordination closed the groups of 2024 (the recent year's are by territory).
GROUPS_RECOMPOSED = date(2025, 1, 20)


def _group(name: str) -> TerritorialGroup:
    return db.session.execute(
        db.select(TerritorialGroup).filter_by(name=name, archived_at=None)
    ).scalar_one()


@dataclass(frozen=True)
class Meeting:
    """A group meeting, recorded by the coordination that evening."""

    day: date
    kind: str
    title: str
    host: str
    guests: tuple[str, ...]
    hours: str  # volunteer hours of everyone present
    place: str
    minutes: int
    topics: str = ""
    others: str = ""


@dataclass(frozen=True)
class Group:
    name: str
    created: date
    members: tuple[str, ...]
    contact: str
    meetings: tuple[Meeting, ...]
    joins: tuple[tuple[date, str], ...] = ()  # (day, organisation) added later


GROUPS = (
    Group(
        "Côte d'Opale et Audomarois",
        date(2024, 2, 5),
        ("deux_caps", "energies", "librairie"),
        "energies",
        (
            Meeting(
                date(2024, 4, 18),
                "rencontre",
                "Rencontre de lancement à Arques",
                "energies",
                ("deux_caps", "librairie"),
                "9",
                "Arques",
                150,
                "Se connaître, choisir trois rendez-vous pour l'année.",
            ),
            Meeting(
                date(2024, 10, 10),
                "atelier",
                "Atelier : lever du capital auprès des citoyens",
                "librairie",
                ("deux_caps", "energies", "conserverie"),
                "21",
                "Saint-Omer",
                180,
                "Titres participatifs, parts sociales, faire connaître une souscription.",
            ),
        ),
        joins=((date(2024, 9, 20), "conserverie"),),
    ),
    Group(
        "Bassin minier et Arrageois",
        date(2024, 3, 21),
        ("habitat", "garage", "mobilites"),
        "habitat",
        (
            Meeting(
                date(2024, 3, 28),
                "rencontre",
                "Rencontre de lancement à Hénin-Beaumont",
                "habitat",
                ("garage", "mobilites"),
                "12",
                "Hénin-Beaumont",
                150,
                "Se présenter, choisir les sujets de l'année : l'emploi, les collectivités.",
            ),
            Meeting(
                date(2024, 6, 27),
                "atelier",
                "Atelier : recruter et accompagner en insertion",
                "garage",
                ("habitat", "mobilites"),
                "18",
                "Bruay-la-Buissière",
                180,
                "Contrats aidés, tutorat, parcours d'accueil.",
                "Une association d'insertion de Bruay-la-Buissière",
            ),
            Meeting(
                date(2024, 11, 28),
                "rencontre",
                "Rencontre de fin d'année à Arras",
                "mobilites",
                ("habitat", "garage"),
                "10",
                "Arras",
                120,
            ),
        ),
    ),
)


def _record(cast: Cast, name: str, meeting: Meeting) -> None:
    groups.record_meeting(
        _group(name),
        cast.coordinator,
        held_on=meeting.day,
        kind=meeting.kind,
        title=meeting.title,
        host=cast.org(meeting.host),
        participants=[cast.org(key) for key in meeting.guests],
        volunteer_hours=Decimal(meeting.hours),
        place=meeting.place,
        duration_minutes=meeting.minutes,
        topics=meeting.topics,
        other_participants=meeting.others,
    )


def group_story(cast: Cast, plan: Group):
    """Created with its contact person, joined by one more, its meetings, archived."""
    yield cast.on(plan.created, "11:00")
    group = groups.create_group(cast.coordinator, plan.name, [cast.org(k) for k in plan.members])
    groups.set_contact(group, cast.coordinator, cast.person(plan.contact))
    steps = [(m.day, "18:00", m) for m in plan.meetings]
    steps += [(day, "09:40", key) for day, key in plan.joins]
    for day, at, step in sorted(steps, key=lambda item: item[0]):
        yield cast.on(day, at)
        if isinstance(step, Meeting):
            _record(cast, plan.name, step)
        else:
            groups.add_member(_group(plan.name), cast.coordinator, cast.org(step))
    yield cast.on(GROUPS_RECOMPOSED, "10:00")
    groups.archive_group(_group(plan.name), cast.coordinator)


def _call(cast: Cast, key: str) -> HelpRequest:
    """The organisation's last help request."""
    return (
        db.session.execute(
            db.select(HelpRequest)
            .filter_by(organisation_id=cast.org(key).id)
            .order_by(HelpRequest.id.desc())
        )
        .scalars()
        .first()
    )


def help_calls(cast: Cast):
    """Posted, answered and closed in 2024: two solved, one not."""
    yield cast.on(date(2024, 3, 7), "21:10")
    help_requests.post_request(
        cast.person("librairie"),
        cast.org("librairie"),
        "communication",
        "Annoncer notre souscription de titres participatifs",
        "Nous lançons en juillet une souscription auprès de nos lecteurs : qui peut relire "
        "notre affiche et nos messages ?",
    )
    yield cast.on(date(2024, 3, 8), "08:45")
    help_requests.answer(
        _call(cast, "librairie"),
        cast.person("deux_caps"),
        "Avec plaisir : envoyez-nous l'affiche, nous vous proposons aussi un calendrier de "
        "publications.",
    )
    yield cast.on(date(2024, 3, 20), "19:00")
    help_requests.close(
        _call(cast, "librairie"),
        cast.person("librairie"),
        True,
        "Affiche relue et calendrier adopté : merci !",
    )
    yield cast.on(date(2024, 9, 5), "20:30")
    help_requests.post_request(
        cast.person("bois"),
        cast.org("bois"),
        "juridique",
        "Ouvrir un collège des collectivités dans nos statuts",
        "Deux communes veulent entrer au capital : quels articles des statuts changer, et "
        "comment ?",
    )
    yield cast.on(date(2024, 9, 6), "12:15")
    help_requests.answer(
        _call(cast, "bois"),
        cast.person("habitat"),
        "Nous l'avons fait : voici les articles concernés et un modèle de délibération.",
    )
    yield cast.on(date(2024, 9, 30), "10:00")
    help_requests.close(_call(cast, "bois"), cast.person("bois"), True, None)
    yield cast.on(date(2024, 11, 14), "07:50")
    help_requests.post_request(
        cast.person("garage"),
        cast.org("garage"),
        "lieu",
        "Un local pour stocker des pièces pendant l'hiver",
        "Notre atelier déborde : qui aurait quelques mètres carrés à prêter de décembre à "
        "mars, près de Bruay-la-Buissière ?",
    )
    yield cast.on(date(2024, 12, 19), "18:20")
    help_requests.close(
        _call(cast, "garage"),
        cast.person("garage"),
        False,
        "Pas de local dans le réseau ; la commune nous prête un garage pour l'hiver.",
    )


def stories(cast: Cast) -> list:
    return [*(group_story(cast, plan) for plan in GROUPS), help_calls(cast)]
