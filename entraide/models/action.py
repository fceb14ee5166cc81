"""The network's actions of the four axes of the Département's agreement, and their
supporting documents (pièces justificatives).

Pairings and group meetings are not typed here a second time: the report adds them to
axis 1 (entraide/actions/queries.py). The network's own meetings (the 2022-2023 history
included) are actions of axis 1 or of the axis they served.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.extensions import db
from ..geo.gazetteer import Commune, get_gazetteer
from ..text import format_date
from ._base import check_in, utcnow

# Article 2 of the 2024 agreement: the programme's four axes.
AXES = {
    1: "Consolider le réseau et construire avec ses membres un mécanisme d'entraide",
    2: "Faire connaître le statut de SCIC aux élu·es et technicien·nes des collectivités",
    3: "Promouvoir le modèle SCIC par des ateliers ou mini-conférences dans des événements "
    "existants",
    4: "Communication : identité du réseau, site internet, réseaux sociaux",
}
AXIS_SHORT = {
    1: "Axe 1 – Réseau et entraide",
    2: "Axe 2 – Collectivités",
    3: "Axe 3 – Événements",
    4: "Axe 4 – Communication",
}
ACTION_KINDS = {
    "rencontre_reseau": "Rencontre du réseau",
    "atelier": "Atelier thématique",
    "groupe_travail": "Groupe de travail",
    "formation": "Formation",
    "formation_collectivites": "Formation pour les collectivités",
    "table_ronde": "Table ronde",
    "conference": "Conférence",
    "evenement": "Intervention dans un événement",
    "site": "Site internet",
    "reseaux_sociaux": "Réseaux sociaux",
    "presse": "Presse",
    "support_imprime": "Support imprimé",
    "autre": "Autre action",
}
ACTION_STATUSES = {"planned": "Prévue", "held": "Réalisée", "cancelled": "Annulée"}
AUDIENCES = {
    "scic": "SCIC",
    "elus": "Élu·es",
    "techniciens": "Technicien·nes",
    "grand_public": "Grand public",
    "etudiants": "Étudiant·es",
    "autre": "Autre public",
}
ORGANISATION_ROLES = {"host": "Accueil ou organisation", "partner": "Partenaire ou présente"}
DOCUMENT_KINDS = {
    "attendance": "Feuille d'émargement",
    "programme": "Programme",
    "photo": "Photo",
    "press": "Coupure de presse",
}
DOCUMENT_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # « 10 Mo »
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def split_names(text: str | None) -> list[str]:
    """Outside bodies typed as « APES ; RTES » or one per line: their names, once each."""
    names = (" ".join(part.split()) for part in (text or "").replace("\n", ";").split(";"))
    return list(dict.fromkeys(name for name in names if name))


class NetworkAction(db.Model):
    """A meeting, workshop, training, event session or communication action of the network."""

    __tablename__ = "network_action"
    __table_args__ = (
        CheckConstraint("axis BETWEEN 1 AND 4", name="axis_range"),
        check_in("kind", ACTION_KINDS, "kind"),
        check_in("status", ACTION_STATUSES, "status"),
        CheckConstraint("ends_on IS NULL OR ends_on >= held_on", name="ends_after_start"),
        CheckConstraint("people_count IS NULL OR people_count >= 0", name="people_positive"),
        CheckConstraint(
            "organisations_count IS NULL OR organisations_count >= 0",
            name="organisations_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    axis: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="planned")
    held_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # Known to the month only (the 2022-2023 history): held_on is then the 1st.
    month_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    commune_insee: Mapped[str | None] = mapped_column(String(5))
    # A room or an address, or a place outside the département.
    place_label: Mapped[str] = mapped_column(String(200), default="")
    # Bodies outside the network (APES, the Département's ESS mission, RTES…), « ; »-joined.
    outside_hosts: Mapped[str] = mapped_column(Text, default="")
    outside_partners: Mapped[str] = mapped_column(Text, default="")
    people_count: Mapped[int | None] = mapped_column(Integer)
    organisations_count: Mapped[int | None] = mapped_column(Integer)
    account: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Two coordinators editing the same action: the second save is refused, not merged.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    links = relationship(
        "ActionOrganisation", cascade="all, delete-orphan", back_populates="action"
    )
    audience_rows = relationship("ActionAudience", cascade="all, delete-orphan")
    documents = relationship(
        "ActionDocument",
        cascade="all, delete-orphan",
        back_populates="action",
        order_by="ActionDocument.id",
    )

    def _orgs(self, role: str) -> list:
        return sorted(
            (link.organisation for link in self.links if link.role == role), key=lambda o: o.name
        )

    @property
    def host_organisations(self) -> list:
        return self._orgs("host")

    @property
    def partner_organisations(self) -> list:
        return self._orgs("partner")

    @property
    def host_names(self) -> list[str]:
        return [o.name for o in self.host_organisations] + split_names(self.outside_hosts)

    @property
    def partner_names(self) -> list[str]:
        return [o.name for o in self.partner_organisations] + split_names(self.outside_partners)

    @property
    def audience(self) -> list[str]:
        codes = {row.audience for row in self.audience_rows}
        return [code for code in AUDIENCES if code in codes]

    @property
    def audience_labels(self) -> list[str]:
        return [AUDIENCES[code] for code in self.audience]

    @property
    def commune(self) -> Commune | None:
        return get_gazetteer().by_insee(self.commune_insee) if self.commune_insee else None

    @property
    def place(self) -> str:
        """« Salle des fêtes, Arras (62000) »: the label, then the commune if not in it."""
        commune = self.commune
        parts = [self.place_label] if self.place_label else []
        if commune is not None:
            parts.append(commune.label)
        return ", ".join(parts)

    @property
    def when(self) -> str:
        """« avril 2022 », « 08/12/2023 » or « du 16/11/2023 au 25/11/2023 »."""
        if self.month_only:
            return f"{MONTHS[self.held_on.month - 1]} {self.held_on.year}"
        if self.ends_on and self.ends_on != self.held_on:
            return f"du {format_date(self.held_on)} au {format_date(self.ends_on)}"
        return format_date(self.held_on)

    @property
    def axis_label(self) -> str:
        return AXIS_SHORT.get(self.axis, str(self.axis))

    @property
    def axis_wording(self) -> str:
        return AXES.get(self.axis, "")

    @property
    def kind_label(self) -> str:
        return ACTION_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)


class ActionOrganisation(db.Model):
    """A member organisation that hosted an action or took part in it as a partner."""

    __tablename__ = "action_organisation"
    __table_args__ = (check_in("role", ORGANISATION_ROLES, "role"),)

    action_id: Mapped[int] = mapped_column(
        ForeignKey("network_action.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(10))

    action = relationship("NetworkAction", back_populates="links")
    organisation = relationship("Organisation")


class ActionAudience(db.Model):
    """One public an action addressed (several per action)."""

    __tablename__ = "action_audience"
    __table_args__ = (check_in("audience", AUDIENCES, "audience"),)

    action_id: Mapped[int] = mapped_column(
        ForeignKey("network_action.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[str] = mapped_column(String(20), primary_key=True)


class ActionDocument(db.Model):
    """A pièce justificative: the file lives under ``instance/``, under a random name."""

    __tablename__ = "action_document"
    __table_args__ = (
        check_in("kind", DOCUMENT_KINDS, "kind"),
        check_in("content_type", DOCUMENT_TYPES, "content_type"),
        CheckConstraint(
            f"size_bytes > 0 AND size_bytes <= {MAX_DOCUMENT_BYTES}", name="size_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("network_action.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    # What the person called it (shown, and offered as the download's name), never a path.
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    action = relationship("NetworkAction", back_populates="documents")

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, self.kind)

    @property
    def type_label(self) -> str:
        return DOCUMENT_TYPES.get(self.content_type, self.content_type)
