"""The parrainages of the demo's year that ended: one completed, one stopped."""

from ..followups import services as followups
from ..followups.services import NewAction
from ..pairings import services as pairings
from ..pairings import sponsor_requests
from .cast import Cast
from .steps import both_accept, meeting


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
    yield from both_accept(cast, pairing, 349, "epicerie", "deux_caps")
    yield 335, "15:30"
    meeting(
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
    meeting(
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
    meeting(
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
    meeting(
        cast, pairing, "epicerie", 236, "phone", "0.5", "Bilan à mi-parcours.", duration_minutes=30
    )
    yield 205, "19:00"
    meeting(
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
    yield from both_accept(cast, pairing, 327, "sante", "mobilites")
    yield 312, "18:30"
    meeting(
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
    meeting(
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
