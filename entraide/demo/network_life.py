"""The network's side of the demo's year: territorial groups and their meetings, help
requests, the daily reminders (see ``life.py`` for the parrainages)."""

from decimal import Decimal

from ..core.extensions import db
from ..followups import reminders
from ..groups import services as groups
from ..help_requests import services as help_requests
from ..models import HelpRequest
from .cast import Cast

# The daily ``send-reminders``, played once a week over the year (each run sends what
# became due since the last one; a reason is mailed once, whatever the day).
REMINDER_EVERY_DAYS = 7


def _group(cast: Cast, name: str, keys: list[str], contact: str):
    group = groups.create_group(cast.coordinator, name, [cast.org(k) for k in keys])
    groups.set_contact(group, cast.coordinator, cast.person(contact))
    return group


def _group_meeting(
    cast: Cast,
    group,
    days_ago: int,
    kind: str,
    title: str,
    host: str,
    guests: list[str],
    hours: str,
    **options,
):
    groups.record_meeting(
        group,
        cast.coordinator,
        held_on=cast.day(days_ago),
        kind=kind,
        title=title,
        host=cast.org(host),
        participants=[cast.org(k) for k in guests],
        volunteer_hours=Decimal(hours),
        **options,
    )


def audomarois(cast: Cast):
    yield 200, "11:00"
    group = _group(cast, "Audomarois", ["energies", "recyclerie"], "energies")
    yield 190, "18:30"
    _group_meeting(
        cast,
        group,
        190,
        "rencontre",
        "Rencontre de lancement du groupe",
        "energies",
        ["recyclerie"],
        "4",
        topics="Se connaître, choisir un rythme.",
    )
    yield 96, "17:45"
    _group_meeting(
        cast,
        group,
        96,
        "atelier",
        "Atelier : accueillir des bénévoles en sécurité",
        "recyclerie",
        ["energies"],
        "6",
        other_participants="Deux associations d'Aire-sur-la-Lys",
        topics="Conventions de bénévolat, assurance, remboursement des frais.",
    )


def montreuillois(cast: Cast):
    yield 125, "10:30"
    group = _group(cast, "Montreuillois-Ternois", ["ternois", "ferme", "conserverie"], "ternois")
    yield 110, "14:00"
    _group_meeting(
        cast,
        group,
        110,
        "rencontre",
        "Rencontre de lancement à Saint-Pol",
        "ternois",
        ["ferme", "conserverie"],
        "4.5",
    )
    yield 95, "09:15"
    groups.add_member(group, cast.coordinator, cast.org("cantine"))
    yield 45, "18:00"
    _group_meeting(
        cast,
        group,
        45,
        "atelier",
        "Atelier circuits courts et restauration collective",
        "conserverie",
        ["ternois", "ferme", "cantine"],
        "8",
        topics="Fournir les cantines scolaires en produits de la côte et des vallées.",
    )


def artois_and_lens(cast: Cast):
    yield 90, "16:00"
    artois = _group(cast, "Artois", ["tiers_lieu", "projet"], "tiers_lieu")
    yield 30, "18:30"
    _group_meeting(
        cast,
        artois,
        30,
        "rencontre",
        "Rencontre au tiers-lieu de Béthune",
        "tiers_lieu",
        ["projet"],
        "3",
        topics="Ouvrir un lieu : la sécurité, la buvette, les bénévoles.",
    )
    yield 25, "11:40"
    lens = _group(cast, "Lens-Hénin", ["habitat", "atelier"], "atelier")
    yield 10, "14:30"
    _group_meeting(
        cast,
        lens,
        10,
        "atelier",
        "Atelier : des outils numériques libres pour les SCIC",
        "atelier",
        ["habitat"],
        "2.5",
    )


def _ask(cast: Cast, key: str, theme: str, title: str, text: str) -> int:
    call = help_requests.post_request(cast.person(key), cast.org(key), theme, title, text)
    return call.id


def help_calls(cast: Cast):
    """Help requests: closed (solved, not solved), answered, relayed, waiting."""
    yield 240, "21:15"
    urssaf = _ask(
        cast,
        "recyclerie",
        "benevolat",
        "Contrôle URSSAF : nos bénévoles sont-ils en règle ?",
        "Un contrôle est annoncé le mois prochain. Qui a déjà vécu "
        "un contrôle avec des sociétaires bénévoles ?",
    )
    yield 239, "08:40"
    help_requests.answer(
        db.session.get(HelpRequest, urssaf),
        cast.person("energies"),
        "Oui : une convention de bénévolat signée, aucun lien de subordination, des frais "
        "remboursés sur justificatifs. Nous vous envoyons notre modèle.",
    )
    yield 232, "17:05"
    help_requests.close(
        db.session.get(HelpRequest, urssaf),
        cast.person("recyclerie"),
        True,
        "Le modèle de convention nous a servi : merci !",
    )
    yield 200, "10:00"
    elus = _ask(
        cast,
        "sante",
        "collectivites",
        "Présenter la SCIC aux élus de l'agglomération",
        "Comment convaincre une agglomération d'entrer au capital d'une maison de santé ?",
    )
    yield 198, "14:20"
    help_requests.answer(
        db.session.get(HelpRequest, elus),
        cast.person("habitat"),
        "Nous avons fait entrer deux communes au capital : venez voir notre présentation.",
    )
    yield 180, "09:30"
    help_requests.close(
        db.session.get(HelpRequest, elus),
        cast.person("sante"),
        False,
        "Pas de suite pour l'instant : l'agglomération attend son budget.",
    )
    yield 9, "19:20"
    affiche = _ask(
        cast,
        "tiers_lieu",
        "communication",
        "Relire notre affiche pour la soirée de soutien",
        "La soirée a lieu dans trois semaines : qui peut relire l'affiche et le communiqué ?",
    )
    yield 8, "09:10"
    help_requests.answer(
        db.session.get(HelpRequest, affiche),
        cast.person("deux_caps"),
        "Envoyez-nous l'affiche : nous la relisons cette semaine et partageons la soirée.",
    )
    yield 6, "07:55"
    dettes = _ask(
        cast,
        "ferme",
        "difficultes",
        "Étaler nos dettes fournisseurs : par où commencer ?",
        "Trois fournisseurs attendent leur paiement depuis deux "
        "mois. Qui a déjà négocié un étalement ?",
    )
    yield 5, "10:15"
    help_requests.relay(
        db.session.get(HelpRequest, dettes),
        cast.coordinator,
        [cast.org("energies").id],
        note="La SCIC a négocié un étalement avec ses installateurs il y a deux ans.",
        contact_name="Accompagnement fictif des entreprises en difficulté",
        contact_email="contact@accompagnement-fictif.example",
    )
    yield 4, "12:30"
    _ask(
        cast,
        "epicerie",
        "evenementiel",
        "Des idées pour la fête des un an de l'épicerie",
        "Nous cherchons une animation simple pour un samedi après-midi.",
    )
    yield 3, "20:45"
    _ask(
        cast,
        "projet",
        "juridique",
        "Relire nos futurs statuts de SCIC",
        "Notre assemblée constitutive approche : qui peut relire le projet de statuts ?",
    )
    yield 2, "08:20"
    _ask(
        cast,
        "cantine",
        "emploi",
        "Recruter un·e cuisinier·e pour la rentrée",
        "Où publier l'offre, et quel contrat proposer pour un premier poste ?",
    )


def daily_reminders(cast: Cast):
    """``send-reminders``, as cron runs it (once a week here, see REMINDER_EVERY_DAYS)."""
    for days_ago in range(364, 0, -REMINDER_EVERY_DAYS):
        yield days_ago, "06:30"
        for reminder in reminders.pending(cast.day(days_ago)):
            reminders.claim(reminder)


def remind_by_hand(cast: Cast, pairing, day) -> None:
    """« Relancer maintenant » by the coordination on ``day``, confirmed from its preview."""
    preview = reminders.manual(pairing, day)
    reminders.claim_manual(pairing, cast.coordinator, day, reminders.fingerprint(preview))


def stories(cast: Cast) -> list:
    return [
        audomarois(cast),
        montreuillois(cast),
        artois_and_lens(cast),
        help_calls(cast),
        daily_reminders(cast),
    ]
