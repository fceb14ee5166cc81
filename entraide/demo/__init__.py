"""The demo network: the 21 SCICs of the 2022-2023 census, with plausible declarations.

Needs and offers are illustrative, drawn from the difficulties the network named in its
2022-2023 report (domain.md); they are not the SCICs' real declarations.
"""

import csv
import logging
from importlib import resources

from ..core.extensions import db
from ..declarations.services import declare_need, declare_offer
from ..geo.gazetteer import get_gazetteer
from ..groups.history import load_history
from ..models import Organisation, User
from ..organisations.services import create_organisation, find_by_name
from ..themes import SECTORS, YOUNG_SINCE_YEAR
from ..users.services import create_user
from .actions import load_actions
from .conventions import load_conventions

log = logging.getLogger(__name__)

# A published demo password on purpose: the demo network is for trying the app, never
# for production data (the README says so).
DEMO_PASSWORD = "Demo-Entraide-62!"  # noqa: S105
DEMO_ACCOUNTS = (
    ("coordination@entraide.example", "coordinator", "Camille Coordination", None),
    ("membre@entraide.example", "member", "Sam Sociétaire", "Le Toit Commun"),
    ("parrain@entraide.example", "member", "Dominique Parrain", "Cliss XXI"),
    ("financeur@entraide.example", "viewer", "Mission ESS du Département", None),
)
DEMO_PHONES = {
    "membre@entraide.example": "0353010011",
    "parrain@entraide.example": "0353010022",
}

# Towns of the census outside the département or spanning two towns.
_OUTSIDE = {"Lille": (50.6292, 3.0573)}
# The census names sectors by their French label.
_SECTOR_CODES = {label: code for code, label in SECTORS.items()}

# (theme, text, urgency) for needs; (theme, text) for offers; mentoring capacity.
DECLARATIONS: dict[str, dict] = {
    "Cliss XXI": {
        "capacity": 2,
        "offers": [
            ("numerique", "Logiciels libres, hébergement de sites et outils collaboratifs"),
            ("gouvernance", "Animation d'assemblées générales et vie des collèges"),
            ("juridique", "Retour d'expérience sur la transformation d'une association en SCIC"),
        ],
    },
    "Citiz": {
        "capacity": 1,
        "offers": [
            ("financement", "Levée de capital auprès des sociétaires et titres participatifs"),
            ("collectivites", "Partenariats avec les collectivités pour un service public"),
        ],
    },
    "Bois Energie des terroirs": {
        "capacity": 1,
        "offers": [
            ("collectivites", "Travail avec les communes rurales et les intercommunalités"),
            ("financement", "Montage financier d'investissements lourds"),
        ],
    },
    "Enercoop": {
        "capacity": 0,
        "offers": [("communication", "Campagnes de communication et relations presse")],
    },
    "Energie citoyenne": {
        "capacity": 1,
        "offers": [
            ("benevolat", "Mobiliser et encadrer des sociétaires bénévoles"),
            ("gouvernance", "Gouvernance partagée avec les habitants"),
        ],
    },
    "BookKafé": {
        "capacity": 1,
        "offers": [
            ("evenementiel", "Organisation de rencontres, lectures et ateliers"),
            ("lieu", "Animer un lieu ouvert au public"),
        ],
    },
    "Coopconnexion": {
        "capacity": 2,
        "offers": [
            ("gestion", "Gestion administrative, paie et comptabilité coopérative"),
            ("emploi", "Premier recrutement et contrats de travail"),
            ("dirigeance", "Statut et rémunération des dirigeant·es de SCIC"),
        ],
    },
    "Indelab": {
        "capacity": 1,
        "offers": [
            ("numerique", "Fabrication numérique et outils libres"),
            ("evenementiel", "Ateliers participatifs"),
        ],
    },
    "Le Rat Perché": {
        "capacity": 1,
        "offers": [
            ("commercial", "Circuits courts et relations avec les producteurs locaux"),
            ("lieu", "Aménagement d'un tiers-lieu"),
        ],
    },
    "L'abattoir de Fruges": {
        "capacity": 1,
        "offers": [
            ("difficultes", "Traverser une crise de trésorerie et négocier avec les créanciers"),
            ("collectivites", "Associer les collectivités au capital"),
        ],
    },
    "Le Toit Commun": {
        "needs": [
            (
                "subventions",
                "Savoir si notre SCIC peut recevoir des subventions de la région",
                "high",
            ),
            (
                "gouvernance",
                "Faire vivre les collèges et préparer notre assemblée générale",
                "normal",
            ),
        ],
        "offers": [("juridique", "Accompagnement d'une association vers le statut de SCIC")],
    },
    "Super'Ecques": {
        "needs": [
            ("benevolat", "Sécuriser le travail des bénévoles face aux contrôles URSSAF", "high"),
            ("commercial", "Trouver de nouveaux producteurs locaux", "normal"),
        ]
    },
    "Les Cousalis": {
        "needs": [
            ("dirigeance", "Statut des dirigeant·es et droits au chômage", "normal"),
            ("emploi", "Premier recrutement d'un salarié", "normal"),
        ]
    },
    "Seed Com'Developpement": {
        "needs": [("communication", "Se faire connaître des entreprises du Calaisis", "normal")]
    },
    "Fabrique coopérative calaisienne": {
        "needs": [
            ("financement", "Augmenter les fonds propres et le capital variable", "high"),
            ("gestion", "Mettre en place une comptabilité analytique", "normal"),
        ]
    },
    "Mas La Croisée": {
        "needs": [
            ("difficultes", "Trésorerie tendue après un retard de paiement", "high"),
            (
                "collectivites",
                "Faire connaître la SCIC aux services sociaux du département",
                "normal",
            ),
        ]
    },
    "Coopérative numérique des 7 vallées": {
        "needs": [
            ("numerique", "Choisir des logiciels libres pour la gestion et le site", "normal"),
            ("gouvernance", "Associer les usagers à la gouvernance", "low"),
        ]
    },
    "L'hirondelle bleue": {
        "needs": [
            ("juridique", "Révision coopérative et mise à jour des statuts", "normal"),
            ("subventions", "Financer un poste par des subventions", "normal"),
        ]
    },
    "ALL (Autour du Louvre Lens)": {
        "needs": [
            ("evenementiel", "Organiser un marché de créateurs avec d'autres SCIC", "normal"),
            ("communication", "Réseaux sociaux et identité visuelle", "low"),
        ]
    },
    "Ressources": {
        "needs": [
            ("lieu", "Trouver un local adapté pour une ressourcerie", "high"),
            ("benevolat", "Accueillir des bénévoles en sécurité juridique", "normal"),
        ]
    },
    "La Planque": {
        "needs": [
            ("gestion", "Mettre en place les outils de gestion d'un café coopératif", "normal"),
            ("gouvernance", "Écrire le règlement intérieur et organiser les collèges", "normal"),
        ]
    },
}


def _census_rows():
    text = resources.files("entraide.data").joinpath("scic-census-62.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _place(town: str) -> dict:
    """Locate a census town: a commune of the 62, or explicit coordinates outside it."""
    gazetteer = get_gazetteer()
    for candidate in [town] + [part.strip() for part in town.split(" - ")]:
        if candidate in _OUTSIDE:
            continue
        commune, _problem = gazetteer.resolve_with_error(candidate)
        if commune:
            label = town if candidate != town else None
            return {"commune_insee": commune.insee, "town_label": label}
    lat, lon = _OUTSIDE[town]
    return {"latitude": lat, "longitude": lon, "town_label": town}


def load_demo() -> dict:
    """Load the demo network, accounts and meetings history; return the counts. Idempotent."""
    created = {"organisations": 0, "accounts": 0, "meetings": 0}
    for row in _census_rows():
        if find_by_name(row["name"]) is not None:
            continue
        year = int(row["year_created"]) if row["year_created"] else None
        plan = DECLARATIONS.get(row["name"], {})
        # Experienced SCICs that sponsor and offer help accept to be proposed to young ones
        # (« Qui peut m'aider ? »); an organisation created later chooses for itself.
        experienced = year is not None and year < YOUNG_SINCE_YEAR
        proposable = experienced and plan.get("capacity", 0) > 0 and bool(plan.get("offers"))
        org = create_organisation(
            None,
            row["name"],
            status="scic",
            year_created=year,
            sector=_SECTOR_CODES.get(row["sector"], "autre"),
            mentor_capacity=plan.get("capacity", 0),
            proposable_sponsor=proposable,
            public_directory=True,
            **_place(row["town"]),
        )
        for theme, text, urgency in plan.get("needs", []):
            declare_need(org, None, theme, text, urgency)
        for theme, text in plan.get("offers", []):
            declare_offer(org, None, theme, text)
        created["organisations"] += 1
    for email, role, name, org_name in DEMO_ACCOUNTS:
        if db.session.execute(db.select(User.id).filter_by(email=email)).first():
            continue
        org = find_by_name(org_name) if org_name else None
        user = create_user(None, email, role, name=name, organisation=org, password=DEMO_PASSWORD)
        if role == "member":
            # Both demo members are their SCIC's contact for the entraide, so that their
            # partners see someone to call (numbers of the range kept for fiction).
            user.entraide_contact = True
            user.phone = DEMO_PHONES.get(email)
        created["accounts"] += 1
    # The network's 2022-2023 meetings, once the organisations exist (idempotent too).
    created["meetings"] = load_history()
    load_actions()  # the register: history and a simulated 2024 (entraide/demo/actions.py)
    load_conventions()  # the 2022-2023 and 2024 agreements with their budgets
    log.debug("demo loaded: %s", created)
    return created


def organisation_count() -> int:
    return db.session.scalar(db.select(db.func.count(Organisation.id))) or 0
