"""The proposals and requests of the demo's year still in play, or turned down."""

from ..pairings import services as pairings
from ..pairings import sponsor_requests
from .cast import Cast


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
