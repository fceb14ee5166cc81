"""The active parrainages of the demo's year: « à jour », « à relancer », « en retard »."""

from datetime import timedelta
from decimal import Decimal

from ..followups import services as followups
from ..followups.services import NewAction
from ..pairings import services as pairings
from ..pairings import sponsor_requests
from . import network_life
from .cast import Cast
from .steps import both_accept, meeting


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
    yield from both_accept(cast, pairing, 209, "tiers_lieu", "habitat")
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
    yield from both_accept(cast, pairing, 180, "recyclerie", "energies", first="mentor")
    yield 165, "14:00"
    meeting(
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
    meeting(
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
    meeting(
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
    meeting(
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
    yield from both_accept(cast, pairing, 157, "ferme", "ternois")
    yield 150, "14:30"
    meeting(
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
    bank = meeting(
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
    action = bank.actions[0]
    yield 90, "09:00"
    followups.mark_action_done(action, cast.person("ferme"))
    yield 75, "16:00"
    meeting(
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
