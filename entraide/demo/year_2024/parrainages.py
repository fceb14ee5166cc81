"""The parrainages of 2024 (demonstration data between fictional organisations).

- Librairie coopérative fictive de Saint-Omer ← SCIC fictive Énergies de l'Audomarois:
  asked for from « Qui peut m'aider ? », a souscription of titres participatifs prepared
  over nine months, completed in October with both close-out evaluations;
- Garage solidaire fictif du Bruaysis ← Mobilités fictives de l'Arrageois: the employment
  of people in insertion, running at the end of 2024, completed in March 2025;
- SCIC fictive Bois-énergie du Haut-Pays: proposed to the Coopérative fictive du Ternois,
  which declined (its harvest season), then to the SCIC fictive Habitat de Lens-Hénin:
  two communes joined its capital, completed in December.
"""

from dataclasses import dataclass
from datetime import date

from ...followups import services as followups
from ...followups.services import NewAction
from ...pairings import services as pairings
from ...pairings import sponsor_requests
from ..cast import Cast
from ..steps import both_accept, meeting


@dataclass(frozen=True)
class Note:
    """A meeting of a booklet: logged that evening by a person of ``by``."""

    day: date
    by: str
    format: str
    hours: str
    minutes: int
    summary: str
    actions: tuple = ()
    met: tuple[str, ...] = ()  # themes of the mentee's needs the meeting met


def _booklet(cast: Cast, pairing, mentee: str, participants: str, notes):
    for note in notes:
        yield cast.on(note.day, "18:30")
        meeting(
            cast,
            pairing,
            note.by,
            cast.ago(note.day),
            note.format,
            note.hours,
            note.summary,
            duration_minutes=note.minutes,
            participants=participants,
            actions=list(note.actions),
            needs_met=[cast.need(mentee, theme) for theme in note.met],
        )


def _evaluation(cast: Cast, pairing, key: str, satisfaction: int, what_helped: str, **counts):
    followups.evaluate(
        pairing,
        cast.person(key),
        cast.org(key),
        satisfaction=satisfaction,
        what_helped=what_helped,
        **counts,
    )


def bookshop(cast: Cast):
    yield cast.on(date(2024, 1, 16), "20:40")
    sponsor_requests.ask(
        cast.person("librairie"),
        cast.need("librairie", "financement").id,
        cast.org("energies").id,
        "Vous avez levé du capital auprès de centaines de citoyens : pouvez-vous nous "
        "montrer comment faire avec nos lecteurs ?",
    )
    yield cast.on(date(2024, 1, 22))
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("librairie"),
        cast.org("energies"),
        needs=[cast.need("librairie", "financement"), cast.need("librairie", "gouvernance")],
        objectives="Préparer et réussir une souscription de titres participatifs auprès des "
        "lecteurs ; associer les lecteurs sociétaires aux décisions.",
        planned_months=9,
    )
    yield cast.on(date(2024, 1, 24), "12:05")
    yield from both_accept(cast, pairing, cast.ago(date(2024, 1, 24)), "librairie", "energies")
    statements = NewAction("Envoyer les trois derniers bilans", "Claire", date(2024, 2, 27), True)
    yield from _booklet(
        cast,
        pairing,
        "librairie",
        "Claire (librairie), Karim (Énergies)",
        [
            Note(
                date(2024, 2, 13),
                "energies",
                "visit",
                "4",
                120,
                "Première visite de la "
                "librairie : les comptes, le stock à renouveler, ce que permettent les titres "
                "participatifs.",
                (statements,),
            ),
            Note(
                date(2024, 3, 19),
                "librairie",
                "video",
                "2",
                60,
                "Titres participatifs ou "
                "parts sociales ? Le conseil coopératif choisit les titres participatifs.",
            ),
            Note(
                date(2024, 4, 23),
                "energies",
                "workshop",
                "9",
                180,
                "Atelier avec le conseil "
                "coopératif : la note d'information, le calendrier de la souscription, "
                "l'assemblée des lecteurs.",
            ),
            Note(
                date(2024, 6, 4),
                "librairie",
                "phone",
                "0.5",
                20,
                "Point rapide : la note d'information est relue par l'expert-comptable.",
            ),
            Note(
                date(2024, 7, 9),
                "energies",
                "visit",
                "6",
                180,
                "Soirée de lancement de la "
                "souscription à la librairie : 42 lecteurs souscrivent des titres "
                "participatifs.",
                met=("financement",),
            ),
            Note(
                date(2024, 9, 17),
                "librairie",
                "video",
                "1.5",
                60,
                "Bilan de la souscription ; "
                "le collège des lecteurs siège pour la première fois au conseil coopératif.",
                met=("gouvernance",),
            ),
        ],
    )
    yield cast.on(date(2024, 10, 1), "11:00")
    pairings.complete(pairing, cast.coordinator)
    yield cast.on(date(2024, 10, 8), "17:45")
    _evaluation(
        cast,
        pairing,
        "librairie",
        5,
        "Notre SCIC marraine est venue trois fois à la librairie : "
        "sans elle, nous n'aurions jamais osé lancer les titres participatifs. Quarante-deux "
        "lecteurs sont devenus sociétaires.",
        members_now=102,
    )
    yield cast.on(date(2024, 10, 15), "09:20")
    _evaluation(
        cast,
        pairing,
        "energies",
        4,
        "Une équipe motivée ; nous avons appris à expliquer nos propres titres plus simplement.",
    )


def garage(cast: Cast):
    yield cast.on(date(2024, 4, 8), "10:30")
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("garage"),
        cast.org("mobilites"),
        needs=[cast.need("garage", "emploi")],
        objectives="Structurer l'accueil, le tutorat et le suivi des salariés en insertion.",
        planned_months=12,
    )
    yield cast.on(date(2024, 4, 10), "08:50")
    yield from both_accept(
        cast, pairing, cast.ago(date(2024, 4, 10)), "garage", "mobilites", first="mentor"
    )
    job_sheets = NewAction(
        "Écrire les fiches des trois postes en insertion", "Rachid", date(2024, 5, 31), True
    )
    yield from _booklet(
        cast,
        pairing,
        "garage",
        "Rachid (garage), Julien (Mobilités)",
        [
            Note(
                date(2024, 4, 30),
                "mobilites",
                "visit",
                "3",
                120,
                "Visite de l'atelier : l'équipe, les postes en insertion, les contrats en cours.",
                (job_sheets,),
            ),
            Note(
                date(2024, 6, 11),
                "garage",
                "video",
                "1",
                45,
                "Relecture des fiches de poste ; "
                "un salarié en insertion a quitté le chantier, l'équipe est inquiète.",
            ),
            Note(
                date(2024, 9, 10),
                "mobilites",
                "visit",
                "3",
                120,
                "Le tutorat à l'atelier : un salarié expérimenté pour deux personnes en insertion.",
            ),
            Note(
                date(2024, 11, 19),
                "garage",
                "workshop",
                "8",
                180,
                "Atelier avec les tuteurs : les entretiens de suivi, les compétences à valider.",
            ),
            Note(
                date(2025, 2, 11),
                "mobilites",
                "visit",
                "2",
                90,
                "Bilan : deux salariés en "
                "insertion ont trouvé un emploi durable ; le parcours d'accueil est écrit.",
                met=("emploi",),
            ),
        ],
    )
    yield cast.on(date(2025, 3, 4), "11:30")
    pairings.complete(pairing, cast.coordinator)
    yield cast.on(date(2025, 3, 12), "18:00")
    _evaluation(
        cast,
        pairing,
        "garage",
        4,
        "Des outils simples pour accueillir et suivre nos salariés, "
        "et un regard extérieur bienveillant.",
        employees_now=7,
    )


def wood(cast: Cast):
    yield cast.on(date(2024, 5, 13), "10:15")
    declined = pairings.propose(
        cast.coordinator,
        cast.org("bois"),
        cast.org("ternois"),
        needs=[cast.need("bois", "collectivites")],
        objectives="Préparer l'entrée des communes au capital de la SCIC.",
    )
    yield cast.on(date(2024, 5, 15), "19:10")
    reason = (
        "Notre saison de récolte nous occupe jusqu'en octobre : nous ne serions pas disponibles."
    )
    pairings.answer(declined, cast.person("ternois"), "mentor", False, reason)
    yield cast.on(date(2024, 5, 16), "09:30")
    pairings.set_visible_reason(
        declined,
        cast.coordinator,
        "La SCIC marraine pressentie n'était pas disponible avant l'automne : la coordination "
        "vous propose une autre SCIC marraine.",
    )
    yield cast.on(date(2024, 5, 27))
    pairing = pairings.propose(
        cast.coordinator,
        cast.org("bois"),
        cast.org("habitat"),
        needs=[cast.need("bois", "collectivites"), cast.need("bois", "juridique")],
        objectives="Préparer l'entrée des communes au capital et ouvrir un collège des "
        "collectivités dans les statuts.",
        planned_months=7,
    )
    yield cast.on(date(2024, 5, 29), "14:40")
    yield from both_accept(cast, pairing, cast.ago(date(2024, 5, 29)), "bois", "habitat")
    yield from _booklet(
        cast,
        pairing,
        "bois",
        "Élodie (Bois-énergie), Dominique (Habitat)",
        [
            Note(
                date(2024, 6, 18),
                "habitat",
                "video",
                "1.5",
                60,
                "Premier échange : comment "
                "deux communes sont entrées au capital de la SCIC Habitat ; ce qu'il faut "
                "préparer.",
            ),
            Note(
                date(2024, 9, 24),
                "bois",
                "visit",
                "6",
                180,
                "Visite de la plateforme de "
                "Fruges avec deux maires ; présentation du projet de collège des "
                "collectivités.",
            ),
            Note(
                date(2024, 11, 5),
                "habitat",
                "video",
                "1",
                60,
                "Relecture de la modification "
                "des statuts avant l'assemblée générale extraordinaire.",
                met=("juridique",),
            ),
            Note(
                date(2024, 12, 10),
                "bois",
                "phone",
                "0.5",
                30,
                "Deux conseils municipaux ont voté leur entrée au capital de la SCIC.",
                met=("collectivites",),
            ),
        ],
    )
    yield cast.on(date(2024, 12, 17), "10:40")
    pairings.complete(pairing, cast.coordinator)
    yield cast.on(date(2024, 12, 20), "17:30")
    _evaluation(
        cast,
        pairing,
        "bois",
        4,
        "Des exemples concrets de délibérations et une SCIC marraine "
        "disponible malgré la distance.",
        members_now=44,
    )
    yield cast.on(date(2025, 1, 7), "09:00")
    _evaluation(
        cast,
        pairing,
        "habitat",
        5,
        "Un projet utile au territoire : nous réutiliserons ce que nous avons écrit ensemble.",
    )


def stories(cast: Cast) -> list:
    return [bookshop(cast), garage(cast), wood(cast)]
