"""A year of life between the fictional organisations, through the services.

Every state a coordinator meets is there, dated within the last twelve months (relative
to today, so the demo stays alive): parrainages proposed and awaiting a consent, active
« à jour », « à relancer » and « en retard » (with an overdue action), completed (one
close-out evaluation given, one awaited), declined, withdrawn and stopped; requests from
« Qui peut m'aider ? » and « Qui puis-je aider ? » in every state; meetings with their
notes, actions and the needs they met; help requests (open, answered, relayed, closed);
territorial groups and their meetings; the daily reminders and one « Relancer
maintenant ». The stories of the groups and the help requests are in ``network_life.py``.

Each story is a generator that yields its next step as days before today (clock.py dates
what each step writes); they read in the order things happened.
"""

from datetime import timedelta
from decimal import Decimal

from ..followups import services as followups
from ..followups.services import NewAction
from ..pairings import services as pairings
from ..pairings import sponsor_requests
from . import network_life
from .cast import Cast, joining
from .clock import play


def _meeting(
    cast: Cast, pairing, by: str, days_ago: int, fmt: str, hours: str, summary: str, **options
):
    """One meeting of the follow-up booklet, logged by a person of ``by``."""
    return followups.log_followup(
        pairing,
        cast.person(by),
        held_on=cast.day(days_ago),
        format=fmt,
        volunteer_hours=Decimal(hours),
        summary=summary,
        today=cast.day(days_ago),
        **options,
    )


def _start(cast: Cast, pairing, days_ago: int, mentee: str, mentor: str, first="mentee"):
    """Both SCICs accept (the second one a day later); the pairing starts that day."""
    order = [("mentee", mentee), ("mentor", mentor)]
    if first == "mentor":
        order.reverse()
    side, key = order[0]
    pairings.answer(pairing, cast.person(key), side, True, "Avec plaisir !")
    yield days_ago - 1, "17:20"
    side, key = order[1]
    pairings.answer(pairing, cast.person(key), side, True, None)
    pairing.start_date = cast.day(days_ago - 1)


def completed(cast: Cast):
    """Coopérative fictive du Calaisis ← SCIC fictive des Deux Caps: six months, then the
    close-out evaluation of the young SCIC (the other one is still to give)."""
    yield 352, "14:05"
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("epicerie"),
        cast.org("deux_caps"),
        needs=[cast.need("epicerie", "commercial"), cast.need("epicerie", "communication")],
        objectives="Élargir la gamme avec des producteurs proches et rendre la vitrine lisible.",
        planned_months=6,
    )
    yield 349, "09:10"
    yield from _start(cast, pairing, 349, "epicerie", "deux_caps")
    yield 335, "15:30"
    _meeting(
        cast,
        pairing,
        "deux_caps",
        335,
        "visit",
        "4",
        "Première visite de l'épicerie : la gamme, les fournisseurs, la vitrine.",
        duration_minutes=120,
        participants="Pierre (épicerie), Hélène (Deux Caps)",
        actions=[
            NewAction("Lister les producteurs à moins de 30 km", "Pierre", cast.day(310), done=True)
        ],
    )
    yield 305, "18:00"
    _meeting(
        cast,
        pairing,
        "epicerie",
        305,
        "video",
        "1.5",
        "Trois nouveaux producteurs trouvés ; prix et livraisons à caler.",
        duration_minutes=60,
        needs_met=[cast.need("epicerie", "commercial")],
    )
    yield 270, "10:45"
    _meeting(
        cast,
        pairing,
        "deux_caps",
        270,
        "workshop",
        "6",
        "Atelier vitrine et réseaux sociaux avec l'équipe bénévole.",
        duration_minutes=180,
    )
    yield 236, "12:30"
    _meeting(
        cast, pairing, "epicerie", 236, "phone", "0.5", "Bilan à mi-parcours.", duration_minutes=30
    )
    yield 205, "19:00"
    _meeting(
        cast,
        pairing,
        "deux_caps",
        205,
        "workshop",
        "8",
        "Journée portes ouvertes préparée ensemble : 180 visiteurs, 25 nouveaux sociétaires.",
        duration_minutes=240,
        needs_met=[cast.need("epicerie", "communication")],
    )
    yield 190, "11:00"
    pairings.complete(pairing, cast.coordinator)
    yield 186, "16:40"
    followups.evaluate(
        pairing,
        cast.person("epicerie"),
        cast.org("epicerie"),
        satisfaction=5,
        what_helped="Des conseils concrets et une équipe toujours disponible.",
        employees_now=3,
        members_now=240,
    )
    # The SCIC marraine has not given its own bilan yet: its home page asks for it.


def stopped(cast: Cast):
    """SCIC fictive Santé du Boulonnais ← Mobilités fictives de l'Arrageois: two meetings,
    then stopped by the coordination; later, Mobilités offers its help again."""
    yield 330, "11:15"
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("sante"),
        cast.org("mobilites"),
        needs=[cast.need("sante", "dirigeance")],
        objectives="Clarifier le statut des dirigeant·es et des médecins associés.",
    )
    yield 327, "08:45"
    yield from _start(cast, pairing, 327, "sante", "mobilites")
    yield 312, "18:30"
    _meeting(
        cast,
        pairing,
        "mobilites",
        312,
        "video",
        "1",
        "Premier échange : qui dirige, qui est salarié·e, ce que disent les statuts.",
        duration_minutes=60,
    )
    yield 280, "14:00"
    _meeting(
        cast,
        pairing,
        "sante",
        280,
        "visit",
        "3",
        "Visite de la maison de santé ; comparaison de deux formules de rémunération.",
        duration_minutes=120,
    )
    yield 250, "10:20"
    pairings.stop(
        pairing,
        cast.coordinator,
        "La SCIC est désormais suivie par un cabinet spécialisé dans les maisons de santé.",
        "Le parrainage s'est arrêté d'un commun accord : la SCIC est maintenant accompagnée "
        "par un cabinet spécialisé.",
    )
    yield 9, "13:35"
    sponsor_requests.offer(
        cast.person("mobilites"),
        cast.need("sante", "dirigeance").id,
        "Nous connaissons déjà la SCIC : nous pouvons reprendre sur le statut des dirigeant·es.",
    )


def nudge(cast: Cast):
    """Recyclerie fictive de l'Audomarois ← SCIC fictive Énergies de l'Audomarois, asked for
    from « Qui peut m'aider ? »: active, last met 52 days ago (« à relancer »)."""
    yield 185, "20:10"
    sponsor_requests.ask(
        cast.person("recyclerie"),
        cast.need("recyclerie", "benevolat").id,
        cast.org("energies").id,
        "Vous faites vivre des centaines de sociétaires bénévoles : pouvez-vous nous guider ?",
    )
    yield 182, "09:30"
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("recyclerie"),
        cast.org("energies"),
        needs=[cast.need("recyclerie", "benevolat")],
        objectives="Sécuriser l'accueil des bénévoles et financer la camionnette de collecte.",
    )
    yield 180, "12:15"
    yield from _start(cast, pairing, 180, "recyclerie", "energies", first="mentor")
    yield 165, "14:00"
    _meeting(
        cast,
        pairing,
        "energies",
        165,
        "visit",
        "3",
        "Visite de la recyclerie : l'accueil des bénévoles, la convention de bénévolat.",
        duration_minutes=120,
        actions=[
            NewAction(
                "Envoyer notre modèle de convention de bénévolat", "Karim", cast.day(150), done=True
            )
        ],
    )
    yield 132, "18:00"
    _meeting(
        cast,
        pairing,
        "recyclerie",
        132,
        "video",
        "1",
        "La convention est signée par douze bénévoles ; prochaine étape : l'assurance.",
        duration_minutes=45,
        needs_met=[cast.need("recyclerie", "benevolat")],
    )
    yield 98, "10:00"
    _meeting(
        cast,
        pairing,
        "energies",
        98,
        "visit",
        "2.5",
        "Plan de financement de la camionnette : prêt d'honneur, titres participatifs.",
        duration_minutes=90,
    )
    yield 52, "12:40"
    _meeting(
        cast,
        pairing,
        "recyclerie",
        52,
        "phone",
        "0.5",
        "Point rapide : le dossier de prêt est déposé.",
        duration_minutes=20,
    )


def late(cast: Cast):
    """Ferme coopérative fictive des Sept Vallées (in difficulty) ← Coopérative fictive du
    Ternois: silent for 75 days, an action overdue (« en retard »), reminded by hand."""
    yield 160, "10:30"
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("ferme"),
        cast.org("ternois"),
        needs=[cast.need("ferme", "difficultes")],
        objectives="Stabiliser la trésorerie et préparer un plan d'étalement des dettes.",
    )
    yield 157, "07:50"
    yield from _start(cast, pairing, 157, "ferme", "ternois")
    yield 150, "14:30"
    _meeting(
        cast,
        pairing,
        "ternois",
        150,
        "visit",
        "3",
        "Première visite : état de la trésorerie et des dettes, saison par saison.",
        duration_minutes=150,
        actions=[
            NewAction(
                "Envoyer le tableau de trésorerie sur douze mois",
                "Thomas",
                cast.day(135),
                done=True,
            )
        ],
    )
    yield 118, "19:15"
    meeting = _meeting(
        cast,
        pairing,
        "ferme",
        118,
        "video",
        "1.5",
        "Le plan d'étalement : quels fournisseurs solliciter en premier.",
        duration_minutes=75,
        actions=[NewAction("Prendre rendez-vous avec la banque", "Thomas", cast.day(95))],
    )
    action = meeting.actions[0]
    yield 90, "09:00"
    followups.mark_action_done(action, cast.person("ferme"))
    yield 75, "16:00"
    _meeting(
        cast,
        pairing,
        "ternois",
        75,
        "visit",
        "2",
        "La banque accepte un différé ; il reste à écrire aux fournisseurs.",
        duration_minutes=90,
        actions=[NewAction("Écrire aux trois principaux fournisseurs", "Thomas", cast.day(50))],
    )
    yield 3, "11:20"
    network_life.remind_by_hand(cast, pairing, cast.day(3))


def current(cast: Cast):
    """Tiers-lieu fictif de l'Artois (the member account) ← SCIC fictive Habitat de
    Lens-Hénin (the sponsor account): asked for, validated, a meeting a month (« à jour »),
    the next one planned; another request of the Tiers-lieu left without follow-up."""
    yield 216, "21:05"
    member = cast.person("tiers_lieu")
    sponsor = cast.person("habitat")
    sponsor_requests.ask(
        member,
        cast.need("tiers_lieu", "gouvernance").id,
        cast.org("habitat").id,
        "Vous avez l'habitude des collèges d'habitants : pouvez-vous nous accompagner ?",
    )
    yield 215, "08:30"
    sponsor_requests.ask(
        member, cast.need("tiers_lieu", "communication").id, cast.org("deux_caps").id, ""
    )
    yield 210, "10:00"
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("tiers_lieu"),
        cast.org("habitat"),
        needs=[cast.need("tiers_lieu", "gouvernance"), cast.need("tiers_lieu", "subventions")],
        objectives="Préparer la première assemblée générale et trouver les financements du lieu.",
    )
    yield 209, "12:10"
    yield from _start(cast, pairing, 209, "tiers_lieu", "habitat")
    notes = [
        (
            198,
            "visit",
            "3",
            member,
            "Première visite du tiers-lieu : les collèges, le calendrier de l'AG.",
            [NewAction("Envoyer les statuts actuels", "Sam", cast.day(190), done=True)],
            [],
        ),
        (
            166,
            "video",
            "1.5",
            sponsor,
            "Les collèges et leurs droits de vote ; le rôle du conseil coopératif.",
            [],
            [],
        ),
        (
            133,
            "visit",
            "4",
            member,
            "Répétition de l'assemblée générale avec le bureau.",
            [NewAction("Envoyer la convocation aux sociétaires", "Sam", cast.day(120), done=True)],
            ["gouvernance"],
        ),
        (
            101,
            "video",
            "1",
            sponsor,
            "Bilan de l'AG : 62 sociétaires présents ; premières pistes de subventions.",
            [],
            [],
        ),
        (
            69,
            "phone",
            "0.75",
            member,
            "Quelles subventions régionales pour une SCIC ? Le dossier se prépare.",
            [],
            [],
        ),
        (
            40,
            "visit",
            "2",
            sponsor,
            "Relecture du dossier de subvention régionale.",
            [NewAction("Déposer le dossier de subvention", "Sam", cast.day(25), done=True)],
            [],
        ),
    ]
    for days_ago, fmt, hours, by, summary, actions, met in notes:
        yield days_ago, "17:30"
        followups.log_followup(
            pairing,
            by,
            held_on=cast.day(days_ago),
            format=fmt,
            volunteer_hours=Decimal(hours),
            summary=summary,
            actions=actions,
            needs_met=[cast.need("tiers_lieu", theme) for theme in met],
            today=cast.day(days_ago),
            participants="Sam (Tiers-lieu), Dominique (Habitat)",
        )
    yield 12, "18:20"
    followups.log_followup(
        pairing,
        sponsor,
        held_on=cast.day(12),
        format="visit",
        volunteer_hours=Decimal("3"),
        summary="Visite de la grande salle avec le bureau de contrôle ; suite du dossier.",
        duration_minutes=120,
        today=cast.day(12),
        participants="Sam (Tiers-lieu), Dominique (Habitat)",
        next_meeting_on=cast.today + timedelta(days=16),
        actions=[
            NewAction(
                "Relire la réponse de la Région avec Sam",
                "Dominique",
                cast.today + timedelta(days=7),
            ),
            NewAction(
                "Demander trois devis pour la mise aux normes",
                "Sam",
                cast.today + timedelta(days=20),
            ),
        ],
    )


def proposals(cast: Cast):
    """The proposals still in play: one declined (with the pair set aside), one withdrawn,
    requests withdrawn and declined, one waiting for the sponsor's consent."""
    yield 58, "15:00"
    declined = pairings.propose(
        cast.coordinator,
        cast.org("cantine"),
        cast.org("mobilites"),
        needs=[cast.need("cantine", "emploi")],
        objectives="Réussir le premier recrutement en cuisine.",
    )
    yield 56, "09:40"
    reason = "Montreuil-sur-Mer est trop loin d'Arras pour des rencontres chaque mois."
    pairings.answer(declined, cast.person("mobilites"), "mentor", False, reason)
    yield 55, "10:05"
    pairings.set_visible_reason(
        declined,
        cast.coordinator,
        "La SCIC marraine pressentie n'a pas pu s'engager : la distance rendait les "
        "rencontres mensuelles difficiles.",
    )
    pairings.reject_pair(
        cast.coordinator,
        cast.org("cantine"),
        cast.org("mobilites"),
        "Trop loin pour un rythme mensuel.",
    )
    yield 44, "11:30"
    withdrawn = pairings.propose(
        cast.coordinator,
        cast.org("projet"),
        cast.org("conserverie"),
        needs=[cast.need("projet", "juridique")],
    )
    yield 40, "14:45"
    pairings.stop(
        withdrawn,
        cast.coordinator,
        "La Conserverie ne peut pas se libérer avant l'été.",
        "La coordination a retiré cette proposition : la SCIC marraine pressentie n'était "
        "pas disponible.",
    )
    yield 30, "20:30"
    member = cast.person("projet")
    first = sponsor_requests.ask(
        member,
        cast.need("projet", "juridique").id,
        cast.org("habitat").id,
        "Pouvez-vous nous aider à écrire nos statuts de SCIC ?",
    )
    yield 29, "08:15"
    sponsor_requests.withdraw(member, first)
    yield 22, "19:45"
    again = sponsor_requests.ask(
        member,
        cast.need("projet", "gouvernance").id,
        cast.org("habitat").id,
        "Nous sommes prêts maintenant : nos collèges sont à construire.",
    )
    yield 20, "10:10"
    sponsor_requests.decline(
        cast.coordinator,
        again,
        "La SCIC marraine va accueillir une autre jeune SCIC ; le groupe de l'Artois vous "
        "accompagne en attendant.",
    )
    yield 6, "18:50"
    sponsor_requests.ask(
        cast.person("cantine"),
        cast.need("cantine", "communication").id,
        cast.org("deux_caps").id,
        "Votre vitrine de l'épicerie du Calaisis nous a plu !",
    )
    yield 4, "10:25"
    waiting = pairings.propose(
        cast.coordinator,
        cast.org("atelier"),
        cast.org("habitat"),
        needs=[cast.need("atelier", "juridique")],
        objectives="Écrire le règlement intérieur et préparer la révision coopérative.",
    )
    yield 2, "09:05"
    pairings.answer(waiting, cast.person("atelier"), "mentee", True, "Merci, avec plaisir !")


def live_a_year(cast: Cast) -> None:
    """Play the stories of the fictional organisations, in the order things happened."""
    stories = [
        *joining(cast),
        completed(cast),
        stopped(cast),
        nudge(cast),
        late(cast),
        current(cast),
        proposals(cast),
        *network_life.stories(cast),
    ]
    play(stories, cast.today)
