"""Read-side queries on organisations: the coordinator's list and its filters, the
parrainages of one, and a member's partners (the rule itself is models/partners.py)."""

from dataclasses import dataclass

from flask import url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import (
    HelpAnswer,
    HelpNotification,
    HelpRequest,
    Need,
    Organisation,
    Pairing,
    TerritorialGroup,
)
from ..models.group import group_member
from ..models.pairing import PAIRING_STATUSES
from ..models.partners import PARTNER_PAIRING_STATUSES, partner_ids
from ..text import normalise_key
from ..themes import AGE_GROUPS, SECTORS, STATUSES, THEMES

# An organisation's needs, a page at a time: years of declarations keep a quick page.
NEEDS_PAGE_SIZE = 20
NEEDS_PAGE_ARG = "besoins"  # the page of needs, in the organisation page's query string


def needs_page(org_id: int, page: int) -> Pagination:
    """One page of an organisation's needs: the open ones first, then the closed ones (met
    or withdrawn), each group in the order they were declared."""
    query = (
        select(Need).where(Need.organisation_id == org_id).order_by(Need.status != "open", Need.id)
    )
    return db.paginate(query, page=max(page, 1), per_page=NEEDS_PAGE_SIZE, error_out=False)


@dataclass
class OrganisationFilters:
    """Filters read from the query string; unknown values are ignored, never an error."""

    q: str = ""
    sector: str = ""
    epci: str = ""
    status: str = ""
    age: str = ""  # "young" | "experienced" | "unknown" (Organisation.age_group)
    theme: str = ""  # organisations with an open need on this theme
    archived: bool = False

    @classmethod
    def from_args(cls, args) -> "OrganisationFilters":
        epcis = set(get_gazetteer().epci_names())
        return cls(
            q=(args.get("q") or "").strip()[:100],
            sector=args.get("sector", "") if args.get("sector") in SECTORS else "",
            epci=args.get("epci", "") if args.get("epci") in epcis else "",
            status=args.get("status", "") if args.get("status") in STATUSES else "",
            age=args.get("age", "") if args.get("age") in AGE_GROUPS else "",
            theme=args.get("theme", "") if args.get("theme") in THEMES else "",
            archived=args.get("archived") == "1",
        )

    def active(self) -> bool:
        return any(
            (self.q, self.sector, self.epci, self.status, self.age, self.theme, self.archived)
        )


def organisations_query(filters: OrganisationFilters):
    query = select(Organisation).order_by(Organisation.name_key)
    if filters.archived:
        query = query.where(Organisation.archived_at.is_not(None))
    else:
        query = query.where(Organisation.archived_at.is_(None))
    if filters.q:
        query = query.where(
            Organisation.name_key.contains(normalise_key(filters.q), autoescape=True)
        )
    if filters.sector:
        query = query.where(Organisation.sector == filters.sector)
    if filters.status:
        query = query.where(Organisation.status == filters.status)
    if filters.epci:
        codes = [c.insee for c in get_gazetteer().communes() if c.epci == filters.epci]
        query = query.where(Organisation.commune_insee.in_(codes))
    if filters.age:
        query = query.where(Organisation.age_group == filters.age)
    if filters.theme:
        query = query.where(
            Organisation.id.in_(
                select(Need.organisation_id).where(
                    Need.status == "open", Need.theme_code == filters.theme
                )
            )
        )
    return query


def paginate_organisations(filters: OrganisationFilters, page: int, per_page: int):
    # The list shows how many open needs and offers each has: counted for the page by
    # models.need.open_declaration_counts, never by loading them.
    return db.paginate(organisations_query(filters), page=page, per_page=per_page, error_out=False)


def pairings_of(org_id: int) -> list[Pairing]:
    """The parrainages an organisation takes part in, as mentee or sponsor, newest first."""
    return list(
        db.session.execute(
            select(Pairing)
            .where(or_(Pairing.mentee_id == org_id, Pairing.mentor_id == org_id))
            .order_by(Pairing.created_at.desc(), Pairing.id.desc())
        ).scalars()
    )


@dataclass(frozen=True)
class Relation:
    """Why two organisations are partners, in French, with the page that shows it."""

    label: str
    url: str


def partners_of(org_id: int) -> list[Organisation]:
    """The organisations ``org_id``'s members may open (models/partners.py), by name."""
    ids = partner_ids(org_id)
    if not ids:
        return []
    return list(
        db.session.execute(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name_key)
        ).scalars()
    )


def _pairing_relations(org_id: int, other_id: int) -> list[Relation]:
    pairings = db.session.execute(
        select(Pairing)
        .where(
            or_(
                (Pairing.mentee_id == org_id) & (Pairing.mentor_id == other_id),
                (Pairing.mentee_id == other_id) & (Pairing.mentor_id == org_id),
            )
        )
        .order_by(Pairing.created_at.desc(), Pairing.id.desc())
    ).scalars()
    relations = []
    for pairing in pairings:
        if pairing.status not in PARTNER_PAIRING_STATUSES and not (
            pairing.status == "stopped" and pairing.has_started
        ):
            continue
        role = "SCIC marraine" if pairing.mentor_id == other_id else "SCIC filleule"
        label = f"Parrainage ({PAIRING_STATUSES[pairing.status].lower()}) : votre {role}"
        relations.append(Relation(label, url_for("pairings.show", pairing_id=pairing.id)))
    return relations


def _group_relations(org_id: int, other_id: int) -> list[Relation]:
    own = group_member.alias("own")
    other = group_member.alias("other")
    groups = db.session.execute(
        select(TerritorialGroup)
        .join(own, own.c.group_id == TerritorialGroup.id)
        .join(other, other.c.group_id == TerritorialGroup.id)
        .where(
            own.c.organisation_id == org_id,
            other.c.organisation_id == other_id,
            TerritorialGroup.archived_at.is_(None),
        )
        .order_by(TerritorialGroup.name)
    ).scalars()
    return [
        Relation(f"Groupe territorial « {g.name} »", url_for("groups.show", group_id=g.id))
        for g in groups
    ]


def _help_relations(org_id: int, other_id: int) -> list[Relation]:
    """Requests of one that the other answered or was told about."""
    relations = []
    for asker, helper in ((org_id, other_id), (other_id, org_id)):
        answered = select(HelpAnswer.request_id).where(HelpAnswer.organisation_id == helper)
        told = select(HelpNotification.request_id).where(HelpNotification.organisation_id == helper)
        requests = db.session.execute(
            select(HelpRequest)
            .where(
                HelpRequest.organisation_id == asker,
                or_(HelpRequest.id.in_(answered), HelpRequest.id.in_(told)),
            )
            .order_by(HelpRequest.created_at.desc(), HelpRequest.id.desc())
        ).scalars()
        whose = "votre appel" if asker == org_id else "son appel"
        relations += [
            Relation(
                f"Appel à l'entraide ({whose}) « {r.title} »",
                url_for("help_requests.show", request_id=r.id),
            )
            for r in requests
        ]
    return relations


def relations_between(org_id: int, other_id: int) -> list[Relation]:
    """Why ``org_id``'s members see ``other_id``'s page: each link between them."""
    return (
        _pairing_relations(org_id, other_id)
        + _group_relations(org_id, other_id)
        + _help_relations(org_id, other_id)
    )
