"""What the coordination writes in the 2024 bilan of the demo (DEMONSTRATION DATA): the
four axes' narratives, the simulated réalisé of the financial statement, the testimonies.

Every text the funder reads says it is a demonstration: each narrative ends with
:data:`DEMO_TEXT`, each réalisé's explanation begins with :data:`DEMO_AMOUNT`, each
testimony's title ends with « (démonstration) ». The narratives give aggregated figures
only (the charter: only aggregated figures go to the Département); the organisations are
named in the testimonies alone, which they approved.
"""

from dataclasses import dataclass
from decimal import Decimal

DEMO_TEXT = "Texte de démonstration : il décrit l'activité simulée de 2024."
DEMO_AMOUNT = "Montant simulé pour la démonstration."
DEMO_NOTE = (
    "Démonstration : le réalisé 2024 et ses explications sont simulés pour présenter le "
    "bilan financier ; ce ne sont pas les comptes du réseau."
)

NARRATIVES = {
    1: {
        "conditions": (
            "Trois rencontres du réseau (Liévin en février, Saint-Omer en juin, la "
            "rencontre-bilan de Liévin en décembre) et deux ateliers thématiques (le bénévolat "
            "avec l'APES à Arras, l'accès aux subventions à Béthune) ont rythmé l'année. Le "
            "mécanisme d'entraide a été présenté dès la rencontre de février : la coordination "
            "a proposé quatre parrainages entre SCIC expérimentées et jeunes SCIC, dont un "
            "décliné par la SCIC marraine pressentie, qui n'était pas disponible avant "
            "l'automne ; deux groupes territoriaux se sont réunis cinq fois, chaque fois dans "
            "les locaux d'un membre. " + DEMO_TEXT
        ),
        "results": (
            "Trois parrainages suivis, dont deux terminés avec leur bilan : une jeune SCIC a "
            "réussi une souscription de titres participatifs auprès de ses clients, une autre "
            "a fait entrer deux communes à son capital ; le troisième, sur l'emploi de "
            "personnes en insertion, se poursuit en 2025. Les SCIC qui ont donné leur bilan "
            "de fin de parrainage se disent satisfaites (4 ou 5 sur 5). Trois appels à "
            "l'entraide ont été publiés, deux ont trouvé leur réponse dans le réseau. Les "
            "heures de bénévolat notées dans les rencontres de parrainage et de groupe sont "
            "valorisées au bilan financier (comptes 864 et 870)."
        ),
        "perspectives": (
            "En 2025 : recomposer les groupes selon les sept territoires du Département, "
            "proposer un parrainage à chaque jeune SCIC qui le demande, tenir trois rencontres "
            "du réseau et deux ateliers thématiques, dont un sur la gestion."
        ),
    },
    2: {
        "conditions": (
            "Deux formations ont été organisées avec la Mission ESS du Département : pour les "
            "élu·es à l'Hôtel du Département à Arras en mai, avec le RTES, et pour les "
            "technicien·nes à Lens en novembre. La matinée prévue en septembre pour les élu·es "
            "du Montreuillois a été reportée faute d'inscrit·es suffisant·es. " + DEMO_TEXT
        ),
        "results": (
            "38 participant·es sur les deux sessions et 22 présences d'organisations et de "
            "collectivités. Le témoignage d'une SCIC du réseau a rendu concrets le "
            "multisociétariat et la place des collectivités au capital ; plusieurs "
            "collectivités ont demandé à rencontrer une SCIC de leur territoire."
        ),
        "perspectives": (
            "Reprogrammer la matinée du Montreuillois au printemps 2025 avec une SCIC du "
            "territoire ; proposer aux intercommunalités une fiche pratique sur l'entrée au "
            "capital d'une SCIC."
        ),
    },
    3: {
        "conditions": (
            "Trois interventions dans des événements existants : une mini-conférence "
            "« Entreprendre en SCIC » au salon des entrepreneurs de Calais en mars, une "
            "mini-conférence pour des étudiant·es à Arras en octobre, l'atelier « La SCIC en "
            "vingt minutes » pendant le Mois de l'ESS à Boulogne-sur-Mer en novembre. " + DEMO_TEXT
        ),
        "results": (
            "100 personnes présentes sur les trois interventions, dont un public étudiant "
            "nouveau pour le réseau ; des porteurs de projet ont demandé un rendez-vous à la "
            "coordination à la suite de l'atelier de Boulogne-sur-Mer."
        ),
        "perspectives": (
            "Garder ce format court, qui fonctionne, et le proposer à deux nouveaux événements "
            "en 2025 ; préparer un support commun que les SCIC qui interviennent pourront "
            "reprendre."
        ),
    },
    4: {
        "conditions": (
            "La coordination a renouvelé la page d'accueil du site du réseau en janvier, "
            "ouvert sa page sur les réseaux sociaux en mars, édité en juin une plaquette de "
            "présentation portant le logo du Département et diffusé un communiqué de presse "
            "en décembre. " + DEMO_TEXT
        ),
        "results": (
            "Le réseau dispose d'une présentation commune et d'une carte de ses membres en "
            "ligne ; la plaquette est remise lors des formations et des événements. Chaque "
            "support mentionne le soutien du Département, comme le demande l'article 7 de la "
            "convention."
        ),
        "perspectives": (
            "Publier chaque trimestre une actualité du réseau et les témoignages approuvés par "
            "les SCIC ; mettre à jour la carte des membres après chaque adhésion."
        ),
    },
}

# The réalisé of the 2024 statement: (account, sub-line label or None for the account's own
# line, amount or None for the volunteer valuation, explanation after DEMO_AMOUNT).
# Charges 17 840,00 € = produits 17 840,00 €; 864 = 870 = the valuation of the year's hours.
VALUATION_EXPLANATION = (
    "Heures de bénévolat notées dans les rencontres de parrainage et de groupe de 2024, "
    "valorisées au taux horaire du bilan ; non prévues au budget."
)
REALISE = (
    (
        "60",
        "Autres fournitures",
        Decimal("760"),
        "Moins de fournitures que prévu : la plaquette a été imprimée par un prestataire "
        "(compte 62).",
    ),
    ("62", "Rémunérations intermédiaires et honoraires", Decimal("2950"), ""),
    (
        "62",
        "Publicité, publications",
        Decimal("520"),
        "Impression de la plaquette du réseau et diffusion du communiqué de presse, avec le "
        "logo du Département.",
    ),
    (
        "62",
        "Déplacements, missions",
        Decimal("1240"),
        "Rencontres, formations et événements dans sept communes, et visites de parrainage "
        "accompagnées par la coordination.",
    ),
    ("64", "Rémunération des personnels", Decimal("8622"), ""),
    ("64", "Charges sociales", Decimal("2748"), ""),
    ("indirect", "Charges fixes de fonctionnement", Decimal("1000"), ""),
    (
        "70",
        None,
        Decimal("340"),
        "Participation des SCIC aux frais de repas de la rencontre-bilan, non prévue au budget.",
    ),
    ("74", "Conseil départemental", Decimal("17500"), "Aide versée en totalité."),
    ("864", "Personnel bénévole", None, VALUATION_EXPLANATION),
    ("870", "Bénévolat", None, VALUATION_EXPLANATION),
)


@dataclass(frozen=True)
class Testimony:
    """A testimony the coordination selects, where it comes from, and each organisation's
    answer (by the keys of ``fictional.py``; the services ask exactly those concerned)."""

    source_type: str  # "followup", "evaluation" or "group_meeting"
    source: tuple  # (mentee, day) of a meeting, (organisation,) of an evaluation, (title,)
    title: str
    quote: str
    answers: dict


TESTIMONIES = (
    Testimony(
        "evaluation",
        ("librairie",),
        "Une souscription de titres participatifs réussie (démonstration)",
        "Notre SCIC marraine est venue trois fois à la librairie : sans elle, nous n'aurions "
        "jamais osé lancer les titres participatifs. Quarante-deux lecteurs sont devenus "
        "sociétaires.",
        {"librairie": "approved", "energies": "approved"},
    ),
    Testimony(
        "followup",
        ("bois", "2024-12-10"),
        "Deux communes entrent au capital (démonstration)",
        "SCIC fictive Bois-énergie du Haut-Pays a présenté son projet à deux conseils "
        "municipaux, avec l'aide de la SCIC fictive Habitat de Lens-Hénin : les deux communes "
        "ont voté leur entrée au capital.",
        {"bois": "approved_anonymous", "habitat": "approved"},
    ),
    Testimony(
        "group_meeting",
        ("Atelier : lever du capital auprès des citoyens",),
        "Un atelier qui donne des idées (démonstration)",
        "Chaque SCIC est repartie avec une méthode : après la Librairie coopérative fictive de "
        "Saint-Omer, la Conserverie fictive de la Côte d'Opale prépare à son tour une "
        "souscription auprès de ses clients.",
        {
            "librairie": "approved",
            "deux_caps": "approved",
            "energies": "approved",
            "conserverie": "approved",
        },
    ),
    # Refused by the young SCIC: the funder never reads it (nor its names).
    Testimony(
        "followup",
        ("garage", "2024-06-11"),
        "Un chantier d'insertion qui se structure (démonstration)",
        "Un salarié en insertion a quitté le chantier, l'équipe est inquiète.",
        {"garage": "refused", "mobilites": "approved"},
    ),
)
