"""The network in a period: its members, their needs and offers, where they are."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, literal, or_, select, union_all

from ...core.extensions import db
from ...core.statements import built_once
from ...geo.gazetteer import get_gazetteer
from ...models import (
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Need,
    Offer,
    Organisation,
    Pairing,
    TerritorialGroup,
)
from ...models.group import group_member
from ..period import Period
from ._sql import (
    count_if,
    followed_in,
    held_in,
    joined_in,
    left_in,
    member_at_end,
    member_during,
    still_member_at_end,
)

OUTSIDE_TERRITORIES = "Hors territoire ou lieu non renseigné"
# Each SCIC's help: parrainages as sponsor and as sponsored, answers given and received.
BALANCE_KINDS = ("mentor", "mentee", "given", "received")


@dataclass
class OrganisationFigures:
    """Members on the period's last day, broken down; plus who joined and who left in it."""

    total: int = 0
    new: int = 0  # joined during the period (known date), still members at its end
    left: int = 0  # archived during the period
    since_unknown: int = 0  # members whose date of joining is not filled in
    young: int = 0
    experienced: int = 0
    unknown_year: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_sector: Counter = field(default_factory=Counter)
    by_epci: Counter = field(default_factory=Counter)


@built_once
def _organisations_statement(period: Period):
    flags = (
        case((still_member_at_end(period), 1), else_=0),
        case((joined_in(period), 1), else_=0),
        case((left_in(period), 1), else_=0),
        case((Organisation.member_since.is_(None), 1), else_=0),
    )
    columns = (
        Organisation.status,
        Organisation.sector,
        Organisation.commune_insee,
        Organisation.age_group,
        *flags,
    )
    return select(*columns, func.count()).where(member_during(period)).group_by(*columns)


def organisations(period: Period) -> OrganisationFigures:
    """Members at the end of the period by status, sector, EPCI and age group; who joined
    and who left during it (one query)."""
    rows = db.session.execute(_organisations_statement(period)).all()
    gazetteer = get_gazetteer()
    figures = OrganisationFigures()
    for status, sector, insee, age, at_end, new, left, unknown, count in rows:
        figures.left += count if left else 0
        if not at_end:
            continue
        commune = gazetteer.by_insee(insee) if insee else None
        figures.total += count
        figures.new += count if new else 0
        figures.since_unknown += count if unknown else 0
        figures.young += count if age == "young" else 0
        figures.experienced += count if age == "experienced" else 0
        figures.unknown_year += count if age == "unknown" else 0
        figures.by_status[status] += count
        figures.by_sector[sector] += count
        figures.by_epci[commune.epci if commune else "Hors Pas-de-Calais"] += count
    return figures


def _offer_active_at_end(period: Period):
    """The offer stood on the period's last day (made before its end, not closed by then)."""
    return and_(
        Offer.created_at < period.end_before,
        or_(Offer.closed_at.is_(None), Offer.closed_at >= period.end_before),
        or_(Offer.status == "active", Offer.closed_at.is_not(None)),
    )


@built_once
def _needs_statements(period: Period) -> tuple:
    declared = and_(Need.created_at >= period.start_at, Need.created_at < period.end_before)
    met = and_(
        Need.status == "met",
        Need.closed_at >= period.start_at,
        Need.closed_at < period.end_before,
    )
    open_at_end = and_(
        Need.created_at < period.end_before,
        or_(Need.closed_at.is_(None), Need.closed_at >= period.end_before),
        or_(Need.status == "open", Need.closed_at.is_not(None)),
        still_member_at_end(period),
    )
    needs = (
        select(Need.theme_code, count_if(declared), count_if(met), count_if(open_at_end))
        .join(Need.organisation)
        .where(member_during(period))
        .group_by(Need.theme_code)
    )
    offers = (
        select(Offer.theme_code, func.count())
        .join(Offer.organisation)
        .where(member_at_end(period), _offer_active_at_end(period))
        .group_by(Offer.theme_code)
    )
    return needs, offers


def needs_by_theme(period: Period) -> dict[str, dict[str, int]]:
    """Per theme: needs declared and met in the period, open and offers active at its end."""
    needs, offers = _needs_statements(period)
    figures: dict[str, dict[str, int]] = defaultdict(
        lambda: {"declared": 0, "met": 0, "open": 0, "offers": 0}
    )
    for theme, n_declared, n_met, n_open in db.session.execute(needs):
        figures[theme].update(declared=int(n_declared), met=int(n_met), open=int(n_open))
    for theme, count in db.session.execute(offers):
        figures[theme]["offers"] = count
    return dict(figures)


def hosts_by_theme(themes: list[str], period: Period) -> dict[str, list[str]]:
    """Names of the members with an offer on each theme active at the period's end (workshop
    hosts or speakers): the offers counted by ``needs_by_theme``, not today's."""
    if not themes:
        return {}
    hosts: dict[str, list[str]] = defaultdict(list)
    for theme, name in db.session.execute(_hosts_statement(tuple(themes), period)):
        hosts[theme].append(name)
    return dict(hosts)


@built_once
def _hosts_statement(themes: tuple[str, ...], period: Period):
    return (
        select(Offer.theme_code, Organisation.name)
        .join(Offer.organisation)
        .where(Offer.theme_code.in_(themes), _offer_active_at_end(period), member_at_end(period))
        .distinct()
        .order_by(Offer.theme_code, Organisation.name)
    )


def balance(period: Period) -> list[dict]:
    """Help given and received by each member, as counts: parrainages followed in the
    period as sponsor and as sponsored, answers to calls given and received. In name
    order: the funder reads counts, never a ranking of who is helped (``balance`` is the
    coordination's only).

    One query: the four kinds of help as rows of one union, summed per organisation and
    joined to its name (2 000 organisations: no list of ids sent back to the database)."""
    rows = []
    for name, *counts in db.session.execute(_balance_statement(period)):
        row = {"name": name, **dict(zip(BALANCE_KINDS, map(int, counts), strict=True))}
        row["balance"] = row["mentor"] + row["given"] - row["mentee"] - row["received"]
        rows.append(row)
    rows.sort(key=lambda r: (r["name"].casefold(), r["name"]))
    return rows


@built_once
def _balance_statement(period: Period):
    live = followed_in(period)
    in_period = and_(
        HelpAnswer.created_at >= period.start_at, HelpAnswer.created_at < period.end_before
    )

    def part(org_id, kind: str, source):
        flags = [literal(int(kind == key)).label(key) for key in BALANCE_KINDS]
        return source.add_columns(org_id.label("org_id"), *flags)

    helps = union_all(
        part(Pairing.mentor_id, "mentor", select().select_from(Pairing).where(live)),
        part(Pairing.mentee_id, "mentee", select().select_from(Pairing).where(live)),
        part(
            HelpAnswer.organisation_id,
            "given",
            select().select_from(HelpAnswer).join(HelpAnswer.request).where(in_period),
        ),
        part(
            HelpRequest.organisation_id,
            "received",
            select().select_from(HelpAnswer).join(HelpAnswer.request).where(in_period),
        ),
    ).subquery()
    return (
        select(Organisation.name, *(func.sum(helps.c[key]) for key in BALANCE_KINDS))
        .join(helps, helps.c.org_id == Organisation.id)
        .group_by(Organisation.id, Organisation.name)
    )


@built_once
def _groups_at_end(period: Period):
    """The groups that stood at the period's end: created by then, not yet archived
    (the 2024 map colours its members by the 2024 groups, archived since)."""
    return (
        select(TerritorialGroup.id, TerritorialGroup.name)
        .where(
            TerritorialGroup.created_at < period.end_before,
            or_(
                TerritorialGroup.archived_at.is_(None),
                TerritorialGroup.archived_at >= period.end_before,
            ),
        )
        .order_by(TerritorialGroup.name, TerritorialGroup.id)
    )


@built_once
def _map_statement(group_ids: tuple[int, ...], period: Period):
    membership = select(
        group_member.c.organisation_id, func.min(group_member.c.group_id).label("g")
    )
    membership = membership.where(group_member.c.group_id.in_(list(group_ids) or [-1]))
    membership = membership.group_by(group_member.c.organisation_id).subquery()
    return (
        select(
            Organisation.name,
            Organisation.commune_insee,
            Organisation.latitude,
            Organisation.longitude,
            membership.c.g,
        )
        .outerjoin(membership, membership.c.organisation_id == Organisation.id)
        .where(member_at_end(period))
        .order_by(Organisation.name)
    )


def map_members(period: Period) -> tuple[list[dict], list[str]]:
    """Members with their coordinates and their group's index (among the groups that
    stood at the period's end), and those groups' names."""
    groups = db.session.execute(_groups_at_end(period)).all()
    index = {group_id: i for i, (group_id, _) in enumerate(groups)}
    gazetteer = get_gazetteer()
    members = []
    for name, insee, lat, lon, group_id in db.session.execute(_map_statement(tuple(index), period)):
        commune = gazetteer.by_insee(insee) if insee else None
        if lat is None:
            lat, lon = (commune.lat, commune.lon) if commune else (None, None)
        epci = commune.epci if commune else None
        members.append(
            {"name": name, "lat": lat, "lon": lon, "group": index.get(group_id), "epci": epci}
        )
    return members, [name for _, name in groups]


def by_territory(period: Period, territory_of: dict[str, str], names: list[str]) -> list[dict]:
    """Per territory of the coordination's table (``territory_of``: INSEE → name): the
    members at the end of the period by age group, the parrainages followed in it
    (counted in the young SCIC's territory) and the group meetings held in it (counted
    where they were hosted). Three grouped queries; one last row gathers what has no
    territory (outside the département, a commune without territory, no host)."""
    figures = {
        name: dict.fromkeys(
            ("organisations", "young", "experienced", "unknown", "pairings", "meetings"), 0
        )
        for name in [*names, OUTSIDE_TERRITORIES]
    }

    def add(insee, key: str, count: int) -> None:
        name = territory_of.get(insee or "")
        figures[name if name in figures else OUTSIDE_TERRITORIES][key] += int(count)

    members, pairings, meetings = _territory_statements(period)
    for insee, age, count in db.session.execute(members):
        add(insee, "organisations", count)
        add(insee, age, count)
    for insee, count in db.session.execute(pairings):
        add(insee, "pairings", count)
    for insee, count in db.session.execute(meetings):
        add(insee, "meetings", count)
    rows = [{"territory": name, **values} for name, values in figures.items()]
    if not any(rows[-1][key] for key in ("organisations", "pairings", "meetings")):
        rows.pop()
    return rows


@built_once
def _territory_statements(period: Period) -> tuple:
    age_group = Organisation.age_group  # one expression: PostgreSQL matches GROUP BY by it
    members = (
        select(Organisation.commune_insee, age_group, func.count())
        .where(member_at_end(period))
        .group_by(Organisation.commune_insee, age_group)
    )
    pairings = (
        select(Organisation.commune_insee, func.count())
        .select_from(Pairing)
        .join(Organisation, Organisation.id == Pairing.mentee_id)
        .where(followed_in(period))
        .group_by(Organisation.commune_insee)
    )
    meetings = (
        select(Organisation.commune_insee, func.count())
        .select_from(GroupMeeting)
        .outerjoin(Organisation, Organisation.id == GroupMeeting.host_id)
        .where(held_in(GroupMeeting.held_on, period), GroupMeeting.status == "held")
        .group_by(Organisation.commune_insee)
    )
    return members, pairings, meetings
