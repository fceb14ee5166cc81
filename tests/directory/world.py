"""A small network for the directory and API tests: public, private and archived members."""

from types import SimpleNamespace

from entraide.core.extensions import db
from entraide.models import Pairing
from entraide.organisations.services import archive_organisation

# Strings that must never reach a public page or the API.
PRIVATE = (
    "contact-prive@scic-alpha.fr",
    "Camille Secrète",
    "camille.secrete@exemple.fr",
    "Besoin très confidentiel",
    "SCIC Privée Zeta",
    "SCIC Archivée Omega",
)


def build_world(make) -> SimpleNamespace:
    alpha = make.organisation(
        "SCIC Alpha",
        sector="energie",
        commune_insee="62498",  # Lens, CA de Lens - Liévin
        public_directory=True,
        contact_email="contact-prive@scic-alpha.fr",
        description="Énergie citoyenne du bassin minier",
        website="https://alpha.example",
        in_difficulty=True,
        mentor_capacity=1,
    )
    beta = make.organisation(
        "SCIC Beta",
        sector="culture",
        commune_insee="62160",  # Boulogne-sur-Mer
        public_directory=True,
        year_created=2022,
    )
    outside = make.organisation(
        "SCIC Gamma Lille",
        sector="energie",
        commune_insee=None,
        town_label="Lille",
        latitude=50.636512,
        longitude=3.063487,
        public_directory=True,
        website="javascript:alert(1)",
    )
    private = make.organisation("SCIC Privée Zeta", sector="energie", public_directory=False)
    archived = make.organisation("SCIC Archivée Omega", sector="energie", public_directory=True)
    archive_organisation(archived, None)
    db.session.commit()
    make.member(alpha, email="camille.secrete@exemple.fr", name="Camille Secrète")
    make.need(alpha, theme="financement", text="Besoin très confidentiel")
    make.need(private, theme="financement", text="Besoin très confidentiel")
    make.offer(alpha, theme="numerique", text="Hébergement de sites en logiciel libre")
    withdrawn = make.offer(alpha, theme="juridique", text="Offre retirée invisible")
    withdrawn.status = "withdrawn"
    make.offer(private, theme="gouvernance", text="Offre de la privée")
    db.session.add(Pairing(mentee_id=beta.id, mentor_id=alpha.id, status="active"))
    db.session.add(Pairing(mentee_id=private.id, mentor_id=alpha.id, status="proposed"))
    db.session.commit()
    return SimpleNamespace(
        alpha=alpha, beta=beta, outside=outside, private=private, archived=archived
    )
