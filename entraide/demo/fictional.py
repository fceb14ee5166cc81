"""The fictional organisations of the demo: everything invented lives here, under names
that say so (« fictive », « fictif »).

Plausible SCICs of the seven territories of the Département, young and experienced, so
that matching, groups and the dashboards have something to show: needs and offers on
every theme, mentoring capacities, the « proposable » opt-in (one experienced SCIC did
not choose it), one SCIC in difficulty, one project, contact people. Their phone numbers
are in the range ARCEP keeps for fiction (03 53 01 xx xx); their addresses end in
``.example``, a domain that never receives mail.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class FictionalOrg:
    key: str  # how the year of life (life.py) names it
    name: str
    commune: str  # a commune of the Pas-de-Calais (the gazetteer resolves it)
    sector: str
    year_created: int | None
    # Member of the network since: a fixed day for the organisations of the 2024 chapter
    # (year_2024/), else counted back from today (the recent year's newcomers).
    joined_days_ago: int = 0
    since: date | None = None
    status: str = "scic"
    capacity: int = 0
    proposable: bool = False
    public: bool = True
    in_difficulty: bool = False
    legal_form: str | None = None
    colleges: str | None = None
    employees: int | None = None
    members_count: int | None = None
    description: str | None = None
    # (theme, text, urgency); (theme, text); the first person is the entraide contact.
    needs: tuple = ()
    offers: tuple = ()
    people: tuple[Person, ...] = field(default_factory=tuple)


MEMBER_EMAIL = "membre@entraide.example"
SPONSOR_EMAIL = "parrain@entraide.example"

ORGANISATIONS: tuple[FictionalOrg, ...] = (
    # --- Experienced SCICs: the sponsors -------------------------------------------------
    FictionalOrg(
        key="habitat",
        name="SCIC fictive Habitat de Lens-Hénin",
        commune="Hénin-Beaumont",
        sector="habitat",
        year_created=2008,
        since=date(2023, 10, 5),
        capacity=2,
        proposable=True,
        legal_form="SAS",
        colleges="Habitants, salariés, communes, bailleurs",
        employees=14,
        members_count=310,
        description="Rénovation coopérative de logements anciens avec leurs habitants.",
        offers=(
            ("gouvernance", "Animer des collèges d'habitants et préparer une assemblée générale"),
            ("juridique", "Statuts de SCIC et passage d'une association à la SCIC"),
            ("subventions", "Monter des dossiers de subvention avec la Région et le Département"),
            ("collectivites", "Associer les communes au capital d'une SCIC"),
        ),
        people=(Person("Dominique Parrain", SPONSOR_EMAIL, "0353010022"),),
    ),
    FictionalOrg(
        key="deux_caps",
        name="SCIC fictive des Deux Caps",
        commune="Marquise",
        sector="services",
        year_created=2012,
        since=date(2023, 10, 19),
        capacity=2,
        proposable=True,
        legal_form="SA",
        colleges="Salariés, habitants, hébergeurs, communes",
        employees=9,
        members_count=140,
        description="Accueil touristique et sorties nature entre le cap Gris-Nez et le cap "
        "Blanc-Nez.",
        needs=(("lieu", "Trouver un local de stockage pour le matériel de randonnée", "low"),),
        offers=(
            ("communication", "Identité visuelle, réseaux sociaux et relations presse locales"),
            ("evenementiel", "Organiser une journée portes ouvertes ou un marché de producteurs"),
            ("commercial", "Vendre en ligne et auprès des offices de tourisme"),
        ),
        people=(Person("Hélène Caron", "helene.caron@deux-caps.example", "0353010031"),),
    ),
    FictionalOrg(
        key="energies",
        name="SCIC fictive Énergies de l'Audomarois",
        commune="Arques",
        sector="energie",
        year_created=2010,
        since=date(2023, 11, 9),
        capacity=1,
        proposable=True,
        legal_form="SAS",
        colleges="Citoyens, salariés, communes, entreprises",
        employees=6,
        members_count=520,
        description="Toitures solaires citoyennes sur les bâtiments publics de l'Audomarois.",
        offers=(
            ("financement", "Titres participatifs et levée de capital auprès des citoyens"),
            ("benevolat", "Encadrer des sociétaires bénévoles en sécurité (URSSAF, assurance)"),
            ("collectivites", "Travailler avec les communes et l'intercommunalité"),
        ),
        people=(Person("Karim Benali", "karim.benali@energies-audomarois.example", "0353010041"),),
    ),
    FictionalOrg(
        key="ternois",
        name="Coopérative fictive du Ternois",
        commune="Saint-Pol-sur-Ternoise",
        sector="agriculture",
        year_created=2015,
        since=date(2023, 11, 23),
        capacity=1,
        proposable=True,
        legal_form="SARL",
        colleges="Producteurs, salariés, consommateurs",
        employees=11,
        members_count=95,
        description="Légumerie et plateforme de vente des producteurs du Ternois.",
        offers=(
            ("difficultes", "Traverser une crise de trésorerie : plan d'étalement, sauvegarde"),
            ("gestion", "Comptabilité analytique et tableau de trésorerie mois par mois"),
            ("commercial", "Circuits courts et restauration collective"),
        ),
        people=(Person("Martine Delattre", "martine.delattre@ternois.example", "0353010051"),),
    ),
    FictionalOrg(
        key="mobilites",
        name="Mobilités fictives de l'Arrageois",
        commune="Arras",
        sector="mobilite",
        year_created=2016,
        since=date(2024, 3, 14),
        capacity=1,
        proposable=True,
        legal_form="SAS",
        colleges="Usagers, salariés, collectivités",
        employees=7,
        members_count=260,
        description="Autopartage et location de vélos à assistance électrique.",
        offers=(
            ("numerique", "Logiciels libres de réservation et de gestion"),
            ("emploi", "Premier recrutement, fiche de poste et contrats"),
            ("dirigeance", "Statut et rémunération des dirigeant·es de SCIC"),
        ),
        people=(
            Person("Julien Lefebvre", "julien.lefebvre@mobilites-arrageois.example", "0353010061"),
        ),
    ),
    FictionalOrg(
        key="conserverie",
        name="Conserverie fictive de la Côte d'Opale",
        commune="Étaples",
        sector="industrie",
        year_created=2014,
        since=date(2024, 9, 12),
        capacity=1,
        proposable=False,  # experienced, but it has not chosen to be proposed
        legal_form="SAS",
        colleges="Salariés, pêcheurs, clients",
        employees=18,
        members_count=60,
        description="Conserves de poisson de la côte, en partenariat avec les pêcheurs.",
        offers=(
            ("lieu", "Prêter un atelier de transformation et une salle de réunion"),
            ("emploi", "Recruter et former en insertion"),
        ),
        people=(Person("Yves Lemaire", "yves.lemaire@conserverie-opale.example", "0353010071"),),
    ),
    # --- Young SCICs of the 2024 chapter (year_2024/): sponsored in 2024 --------------------
    FictionalOrg(
        key="librairie",
        name="Librairie coopérative fictive de Saint-Omer",
        commune="Saint-Omer",
        sector="culture",
        year_created=2023,
        since=date(2023, 12, 14),
        legal_form="SAS",
        colleges="Salariées, lecteurs, auteurs et éditeurs, commune",
        employees=2,
        members_count=60,
        description="Librairie indépendante reprise en SCIC par ses salariées et ses lecteurs.",
        needs=(
            (
                "financement",
                "Lever du capital auprès des lecteurs pour renouveler le stock",
                "high",
            ),
            ("gouvernance", "Faire participer les lecteurs sociétaires aux décisions", "normal"),
        ),
        offers=(("evenementiel", "Organiser des rencontres d'auteurs et des lectures publiques"),),
        people=(
            Person("Claire Vasseur", "claire.vasseur@librairie-saint-omer.example", "0353010151"),
        ),
    ),
    FictionalOrg(
        key="garage",
        name="Garage solidaire fictif du Bruaysis",
        commune="Bruay-la-Buissière",
        sector="mobilite",
        year_created=2022,
        since=date(2024, 2, 1),
        legal_form="SARL",
        colleges="Salariés, usagers, associations d'insertion, commune",
        employees=6,
        members_count=45,
        description="Réparation de véhicules à prix solidaires et chantier d'insertion.",
        needs=(
            ("emploi", "Encadrer et former des salariés en insertion", "high"),
            ("lieu", "Un local pour stocker des pièces détachées pendant l'hiver", "low"),
        ),
        offers=(("commercial", "Entretenir les flottes de véhicules des associations"),),
        people=(
            Person("Rachid Mansouri", "rachid.mansouri@garage-bruaysis.example", "0353010161"),
        ),
    ),
    FictionalOrg(
        key="bois",
        name="SCIC fictive Bois-énergie du Haut-Pays",
        commune="Fruges",
        sector="energie",
        year_created=2023,
        since=date(2024, 4, 11),
        legal_form="SAS",
        colleges="Agriculteurs, communes, usagers, salariés",
        employees=2,
        members_count=38,
        description="Bois déchiqueté des haies du Haut-Pays pour les chaufferies des communes.",
        needs=(
            ("collectivites", "Faire entrer les communes au capital de la SCIC", "high"),
            ("juridique", "Ouvrir un collège des collectivités dans nos statuts", "normal"),
        ),
        people=(Person("Élodie Fournier", "elodie.fournier@bois-haut-pays.example", "0353010171"),),
    ),
    # --- Young SCICs and a project -------------------------------------------------------
    FictionalOrg(
        key="tiers_lieu",
        name="Tiers-lieu fictif de l'Artois",
        commune="Béthune",
        sector="culture",
        year_created=2023,
        joined_days_ago=270,
        legal_form="SAS",
        colleges="Habitants, salariés, associations, commune",
        employees=3,
        members_count=85,
        description="Café, ateliers et salle de spectacle dans une ancienne école.",
        needs=(
            ("gouvernance", "Faire vivre les collèges et préparer notre première AG", "high"),
            (
                "subventions",
                "Savoir si notre SCIC peut recevoir des subventions de la Région",
                "high",
            ),
            ("lieu", "Mettre la grande salle aux normes d'accueil du public", "normal"),
            ("communication", "Se faire connaître au-delà du quartier", "low"),
        ),
        offers=(("evenementiel", "Prêter notre salle et animer des ateliers d'initiation"),),
        people=(Person("Sam Sociétaire", MEMBER_EMAIL, "0353010011"),),
    ),
    FictionalOrg(
        key="recyclerie",
        name="Recyclerie fictive de l'Audomarois",
        commune="Aire-sur-la-Lys",
        sector="services",
        year_created=2022,
        joined_days_ago=330,
        legal_form="SAS",
        colleges="Salariés, bénévoles, habitants, commune",
        employees=4,
        members_count=70,
        description="Collecte, réparation et revente d'objets du quotidien.",
        needs=(
            ("benevolat", "Accueillir des bénévoles sans risque lors d'un contrôle URSSAF", "high"),
            ("gestion", "Suivre le stock et la caisse avec des outils simples", "normal"),
            ("financement", "Financer une camionnette de collecte", "normal"),
        ),
        offers=(("lieu", "Un local de stockage à partager à Aire-sur-la-Lys"),),
        people=(Person("Nadia Hamdi", "nadia.hamdi@recyclerie-audomarois.example", "0353010081"),),
    ),
    FictionalOrg(
        key="ferme",
        name="Ferme coopérative fictive des Sept Vallées",
        commune="Beaurainville",
        sector="agriculture",
        year_created=2022,
        joined_days_ago=300,
        in_difficulty=True,
        legal_form="SARL",
        colleges="Paysans, salariés, mangeurs",
        employees=5,
        members_count=120,
        description="Maraîchage et paniers de légumes bio en vallée de la Canche.",
        needs=(
            ("difficultes", "Négocier un étalement de nos dettes fournisseurs", "high"),
            ("financement", "Reconstituer la trésorerie après une mauvaise saison", "high"),
            ("commercial", "Trouver des débouchés en restauration collective", "normal"),
        ),
        people=(Person("Thomas Dufour", "thomas.dufour@ferme-sept-vallees.example", "0353010091"),),
    ),
    FictionalOrg(
        key="atelier",
        name="Atelier numérique fictif de Liévin",
        commune="Liévin",
        sector="services",
        year_created=2024,
        joined_days_ago=120,
        legal_form="SAS",
        colleges="Salariés, usagers, associations",
        employees=2,
        members_count=35,
        description="Ateliers d'inclusion numérique et sites web pour les associations.",
        needs=(
            (
                "juridique",
                "Écrire le règlement intérieur et préparer la révision coopérative",
                "normal",
            ),
            ("gouvernance", "Associer les usagers aux décisions", "normal"),
            ("emploi", "Passer d'un contrat aidé à un emploi durable", "low"),
        ),
        offers=(("numerique", "Ateliers d'inclusion numérique et sites web pour les SCIC"),),
        people=(Person("Léa Marchand", "lea.marchand@atelier-lievin.example", "0353010101"),),
    ),
    FictionalOrg(
        key="cantine",
        name="Cantine fictive du Montreuillois",
        commune="Montreuil-sur-Mer",
        sector="commerce",
        year_created=2024,
        joined_days_ago=100,
        legal_form="SAS",
        colleges="Salariés, producteurs, communes, familles",
        employees=3,
        members_count=40,
        description="Repas de produits locaux pour les écoles et les entreprises.",
        needs=(
            ("emploi", "Recruter un·e cuisinier·e pour la rentrée", "high"),
            ("collectivites", "Répondre aux marchés des cantines scolaires", "normal"),
            ("communication", "Faire connaître la cantine aux familles et aux mairies", "normal"),
            ("numerique", "Choisir un logiciel de caisse et de commandes", "low"),
            ("dirigeance", "Rémunérer la gérante sans perdre ses droits", "normal"),
        ),
        people=(
            Person("Inès Roussel", "ines.roussel@cantine-montreuillois.example", "0353010111"),
        ),
    ),
    FictionalOrg(
        key="epicerie",
        name="Coopérative fictive du Calaisis",
        commune="Guînes",
        sector="commerce",
        year_created=2021,
        joined_days_ago=420,
        legal_form="SAS",
        colleges="Consommateurs, producteurs, salariés",
        employees=2,
        members_count=210,
        description="Épicerie coopérative de produits locaux en vrac.",
        needs=(
            ("commercial", "Élargir la gamme avec des producteurs du Calaisis", "normal"),
            ("communication", "Une identité visuelle et une vitrine plus lisibles", "normal"),
            ("evenementiel", "Organiser la fête des un an de l'épicerie", "low"),
        ),
        offers=(("commercial", "Notre expérience d'épicerie coopérative en vrac"),),
        people=(
            Person(
                "Pierre Vandewalle", "pierre.vandewalle@epicerie-calaisis.example", "0353010121"
            ),
        ),
    ),
    FictionalOrg(
        key="sante",
        name="SCIC fictive Santé du Boulonnais",
        commune="Boulogne-sur-Mer",
        sector="sante",
        year_created=2022,
        joined_days_ago=380,
        public=False,  # it chose not to appear in the public directory
        legal_form="SAS",
        colleges="Soignant·es, patient·es, communes",
        employees=8,
        members_count=150,
        description="Maison de santé pluriprofessionnelle gérée avec ses patient·es.",
        needs=(
            ("collectivites", "Convaincre l'agglomération d'entrer au capital", "normal"),
            ("dirigeance", "Statut des médecins associés et des dirigeant·es", "normal"),
            ("juridique", "Mettre à jour nos statuts après l'entrée d'un nouveau collège", "low"),
        ),
        people=(Person("Sophie Wattel", "sophie.wattel@sante-boulonnais.example", "0353010131"),),
    ),
    FictionalOrg(
        key="projet",
        name="Projet fictif de café coopératif d'Auchel",
        commune="Auchel",
        sector="commerce",
        year_created=None,
        status="projet",
        joined_days_ago=150,
        colleges="Habitants, bénévoles, commune (à construire)",
        members_count=25,
        description="Une association d'habitants qui veut ouvrir un café coopératif.",
        needs=(
            ("juridique", "Transformer notre association en SCIC", "high"),
            ("financement", "Réunir le capital de départ", "normal"),
            ("gouvernance", "Choisir nos collèges et leurs droits de vote", "normal"),
        ),
        people=(Person("Marc Delval", "marc.delval@cafe-auchel.example", "0353010141"),),
    ),
)

BY_KEY = {org.key: org for org in ORGANISATIONS}
FICTIONAL_NAMES = frozenset(org.name for org in ORGANISATIONS)
PEOPLE_EMAILS = frozenset(person.email for org in ORGANISATIONS for person in org.people)
