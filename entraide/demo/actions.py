"""The demo's register of actions: the 2022-2023 history (real, from the final report) and
a simulated 2024 across the agreement's four axes.

The 2024 actions are DEMONSTRATION DATA: invented to show the register and the report,
each says so in its account. They name only the network and Cliss XXI (which coordinates
it), outside bodies by their role, and places; never a fact about another real SCIC.
A few carry small generated documents (an attendance sheet, a programme, a photo).
"""

import struct
import zlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..actions.history import load_history
from ..actions.services import ActionData, add_document, create_action
from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import NetworkAction
from ..organisations.services import find_by_name
from .clock import happening_at, moment

DEMO_NOTE = "Démonstration : action simulée pour présenter le registre, pas un fait réel."
COORDINATION = "Cliss XXI"
ESS_MISSION = "Mission ESS du Département du Pas-de-Calais"


@dataclass(frozen=True)
class DemoAction:
    held_on: date
    axis: int
    kind: str
    title: str
    town: str = ""
    place: str = ""
    coordination_hosts: bool = False
    outside_hosts: tuple[str, ...] = ()
    outside_partners: tuple[str, ...] = ()
    audience: tuple[str, ...] = ("scic",)
    people: int | None = None
    organisations: int | None = None
    account: str = ""
    cancelled: bool = False
    documents: tuple[tuple[str, str], ...] = ()  # (kind, file name)


ACTIONS_2024 = (
    DemoAction(
        date(2024, 1, 15),
        4,
        "site",
        "Nouvelle page d'accueil du site du réseau",
        audience=("grand_public", "scic"),
        coordination_hosts=True,
        account="Présentation du réseau, carte des membres, mention du soutien du Département.",
    ),
    DemoAction(
        date(2024, 2, 8),
        1,
        "rencontre_reseau",
        "Rencontre du réseau : lancer le mécanisme d'entraide",
        town="Liévin",
        coordination_hosts=True,
        people=18,
        organisations=11,
        account="Présentation du parrainage et des groupes territoriaux ; "
        "recueil des besoins de chaque SCIC.",
        documents=(("attendance", "emargement-rencontre-fevrier.pdf"),),
    ),
    DemoAction(
        date(2024, 3, 5),
        4,
        "reseaux_sociaux",
        "Ouverture de la page du réseau sur les réseaux sociaux",
        audience=("grand_public",),
        coordination_hosts=True,
    ),
    DemoAction(
        date(2024, 3, 21),
        3,
        "evenement",
        "Mini-conférence « Entreprendre en SCIC » dans un salon des entrepreneurs",
        town="Calais",
        place="Salon des entrepreneurs (événement de démonstration)",
        outside_partners=("Chambre consulaire (démonstration)",),
        audience=("grand_public",),
        people=25,
        organisations=4,
    ),
    DemoAction(
        date(2024, 4, 11),
        1,
        "atelier",
        "Atelier thématique : bénévolat et sociétaires bénévoles",
        town="Arras",
        outside_partners=("APES",),
        people=14,
        organisations=9,
        account="Cadre légal du bénévolat en SCIC et contrôles URSSAF, avec l'APES.",
    ),
    DemoAction(
        date(2024, 5, 23),
        2,
        "formation_collectivites",
        "Formation des élu·es : la SCIC, un outil pour les territoires",
        town="Arras",
        place="Hôtel du Département",
        outside_hosts=(ESS_MISSION,),
        outside_partners=("RTES",),
        audience=("elus", "techniciens"),
        people=22,
        organisations=12,
        account="Cadre juridique, projet coopératif, multisociétariat, place des "
        "collectivités au capital ; témoignage de Cliss XXI.",
        documents=(("programme", "programme-formation-elus.pdf"),),
    ),
    DemoAction(
        date(2024, 6, 5),
        4,
        "support_imprime",
        "Plaquette de présentation du réseau, avec le logo du Département",
        audience=("elus", "grand_public"),
        coordination_hosts=True,
    ),
    DemoAction(
        date(2024, 6, 20),
        1,
        "rencontre_reseau",
        "Rencontre du réseau à Saint-Omer",
        town="Saint-Omer",
        place="Tiers-lieu d'accueil (démonstration)",
        people=12,
        organisations=8,
    ),
    DemoAction(
        date(2024, 9, 19),
        2,
        "formation_collectivites",
        "Matinée d'information des élu·es du Montreuillois",
        town="Montreuil",
        outside_hosts=(ESS_MISSION,),
        audience=("elus",),
        cancelled=True,
        account="Reportée faute d'inscrit·es suffisant·es.",
    ),
    DemoAction(
        date(2024, 10, 3),
        1,
        "atelier",
        "Atelier thématique : accès aux subventions",
        town="Béthune",
        outside_partners=(ESS_MISSION,),
        people=10,
        organisations=7,
    ),
    DemoAction(
        date(2024, 10, 15),
        3,
        "conference",
        "Mini-conférence pour des étudiant·es : coopérer pour entreprendre",
        town="Arras",
        place="Amphithéâtre d'une école (démonstration)",
        audience=("etudiants",),
        people=40,
        organisations=2,
    ),
    DemoAction(
        date(2024, 11, 14),
        2,
        "formation_collectivites",
        "Formation des technicien·nes : statuts et multisociétariat",
        town="Lens",
        outside_hosts=(ESS_MISSION,),
        audience=("techniciens",),
        people=16,
        organisations=10,
    ),
    DemoAction(
        date(2024, 11, 21),
        3,
        "evenement",
        "Atelier « La SCIC en vingt minutes » pendant le Mois de l'ESS",
        town="Boulogne-sur-Mer",
        audience=("grand_public", "scic"),
        people=35,
        organisations=6,
        documents=(("photo", "atelier-mois-ess.png"),),
    ),
    DemoAction(
        date(2024, 12, 2),
        4,
        "presse",
        "Communiqué de presse : une année du réseau",
        audience=("grand_public",),
        coordination_hosts=True,
    ),
    DemoAction(
        date(2024, 12, 12),
        1,
        "rencontre_reseau",
        "Rencontre-bilan de l'année 2024",
        town="Liévin",
        coordination_hosts=True,
        people=15,
        organisations=10,
        documents=(("attendance", "emargement-rencontre-bilan.pdf"),),
    ),
)


def demo_pdf(title: str) -> bytes:
    """A one-page PDF naming its content (the objects' offsets computed, so it opens)."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def demo_png(width: int = 48, height: int = 32) -> bytes:
    """A small PNG (a green and white band): a stand-in for a photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + (b"\x2e\x7d\x32" if y < height // 2 else b"\xf0\xf4\xf0") * width
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _data(item: DemoAction, coordination, today: date) -> ActionData:
    commune = get_gazetteer().resolve(item.town) if item.town else None
    status = "cancelled" if item.cancelled else ("held" if item.held_on <= today else "planned")
    return ActionData(
        axis=item.axis,
        kind=item.kind,
        title=item.title,
        held_on=item.held_on,
        status=status,
        commune_insee=commune.insee if commune else None,
        place_label=item.place,
        hosts=[coordination] if item.coordination_hosts and coordination else [],
        outside_hosts=list(item.outside_hosts),
        outside_partners=list(item.outside_partners),
        audience=list(item.audience),
        people_count=item.people if status == "held" else None,
        organisations_count=item.organisations if status == "held" else None,
        account=" ".join(part for part in (item.account, DEMO_NOTE) if part),
    )


def load_actions(today: date | None = None) -> int:
    """The history, then the simulated 2024 not loaded yet (idempotent); how many added."""
    today = today or date.today()
    created = load_history()
    coordination = find_by_name(COORDINATION)
    for item in ACTIONS_2024:
        exists = select(NetworkAction.id).where(
            NetworkAction.held_on == item.held_on, NetworkAction.title == item.title
        )
        if db.session.execute(exists).first() is not None:
            continue
        # Entered by the coordination the evening it was held (or announced, ahead).
        with happening_at(moment(min(item.held_on, today), "18:00")):
            action = create_action(None, _data(item, coordination, today))
            for kind, filename in item.documents:
                content = demo_png() if filename.endswith(".png") else demo_pdf(item.title)
                add_document(action, None, kind, filename, content)
        created += 1
    return created
