"""The network's side of 2024 (demonstration data): two territorial groups and their
meetings, archived in January 2025 when the groups were recomposed by territory (the
recent year's groups, ``network_life.py``); three help requests."""

from datetime import date
from decimal import Decimal

from ...core.extensions import db
from ...groups import services as groups
from ...help_requests import services as help_requests
from ...models import HelpRequest, TerritorialGroup
from ..cast import Cast

# When the coordination closed the groups of 2024 (the recent year's are by territory).
GROUPS_RECOMPOSED = date(2025, 1, 20)
BASIN = "Bassin minier et Arrageois"
COAST = "Côte d'Opale et Audomarois"


def _group(name: str) -> TerritorialGroup:
    return db.session.execute(
        db.select(TerritorialGroup).filter_by(name=name, archived_at=None)
    ).scalar_one()


def _meeting(
    cast: Cast, name: str, day: date, kind: str, title: str, host: str, guests, hours, **options
) -> None:
    groups.record_meeting(
        _group(name),
        cast.coordinator,
        held_on=day,
        kind=kind,
        title=title,
        host=cast.org(host),
        participants=[cast.org(key) for key in guests],
        volunteer_hours=Decimal(hours),
        **options,
    )


def _create(cast: Cast, name: str, keys: list[str], contact: str) -> None:
    group = groups.create_group(cast.coordinator, name, [cast.org(key) for key in keys])
    groups.set_contact(group, cast.coordinator, cast.person(contact))


def coast(cast: Cast):
    yield cast.on(date(2024, 2, 5), "11:00")
    _create(cast, COAST, ["deux_caps", "energies", "librairie"], "energies")
    yield cast.on(date(2024, 4, 18), "18:30")
    _meeting(
        cast,
        COAST,
        date(2024, 4, 18),
        "rencontre",
        "Rencontre de lancement à Arques",
        "energies",
        ["deux_caps", "librairie"],
        "9",
        place="Arques",
        duration_minutes=150,
        topics="Se connaître, choisir trois rendez-vous pour l'année.",
    )
    yield cast.on(date(2024, 9, 20), "09:40")
    groups.add_member(_group(COAST), cast.coordinator, cast.org("conserverie"))
    yield cast.on(date(2024, 10, 10), "18:00")
    _meeting(
        cast,
        COAST,
        date(2024, 10, 10),
        "atelier",
        "Atelier : lever du capital auprès des citoyens",
        "librairie",
        ["deux_caps", "energies", "conserverie"],
        "21",
        place="Saint-Omer",
        duration_minutes=180,
        topics="Titres participatifs, parts sociales, faire connaître une souscription.",
    )
    yield cast.on(GROUPS_RECOMPOSED, "10:00")
    groups.archive_group(_group(COAST), cast.coordinator)


def basin(cast: Cast):
    yield cast.on(date(2024, 3, 21), "10:30")
    _create(cast, BASIN, ["habitat", "garage", "mobilites"], "habitat")
    yield cast.on(date(2024, 3, 28), "18:00")
    _meeting(
        cast,
        BASIN,
        date(2024, 3, 28),
        "rencontre",
        "Rencontre de lancement à Hénin-Beaumont",
        "habitat",
        ["garage", "mobilites"],
        "12",
        place="Hénin-Beaumont",
        duration_minutes=150,
        topics="Se présenter, choisir les sujets de l'année : l'emploi, les collectivités.",
    )
    yield cast.on(date(2024, 6, 27), "14:00")
    _meeting(
        cast,
        BASIN,
        date(2024, 6, 27),
        "atelier",
        "Atelier : recruter et accompagner en insertion",
        "garage",
        ["habitat", "mobilites"],
        "18",
        place="Bruay-la-Buissière",
        duration_minutes=180,
        other_participants="Une association d'insertion de Bruay-la-Buissière",
        topics="Contrats aidés, tutorat, parcours d'accueil.",
    )
    yield cast.on(date(2024, 11, 28), "17:30")
    _meeting(
        cast,
        BASIN,
        date(2024, 11, 28),
        "rencontre",
        "Rencontre de fin d'année à Arras",
        "mobilites",
        ["habitat", "garage"],
        "10",
        place="Arras",
        duration_minutes=120,
    )
    yield cast.on(GROUPS_RECOMPOSED, "10:05")
    groups.archive_group(_group(BASIN), cast.coordinator)


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
    return [coast(cast), basin(cast), help_calls(cast)]
