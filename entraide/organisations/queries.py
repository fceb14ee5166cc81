"""Read-side queries on organisations (the coordinator's list and its filters)."""

from dataclasses import dataclass

from sqlalchemy import or_, select

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import Need, Organisation, Pairing
from ..text import normalise_key
from ..themes import SECTORS, STATUSES, THEMES


@dataclass
class OrganisationFilters:
    """Filters read from the query string; unknown values are ignored, never an error."""

    q: str = ""
    sector: str = ""
    epci: str = ""
    status: str = ""
    age: str = ""  # "young" | "experienced"
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
            age=args.get("age", "") if args.get("age") in ("young", "experienced") else "",
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
    if filters.age == "young":
        query = query.where(Organisation.is_young)
    elif filters.age == "experienced":
        query = query.where(~Organisation.is_young)
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
