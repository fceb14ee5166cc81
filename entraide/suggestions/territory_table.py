"""The commune → territory table the coordination keeps: reading it, and changing it.

The table starts as the hypothesis of the shipped file (migration 0012 stores it). When
its tables hold no territory at all (a database emptied by hand, the tests), the
hypothesis is read from the file instead, and stored before the first change: the
groups, the map and the report never go without territories because a table was emptied.

Services flush and audit, never commit. Every change locks the territories' rows first,
so two coordinators changing the table at the same moment take turns (PostgreSQL).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..core.errors import UserError
from ..core.extensions import db
from ..geo.gazetteer import Commune, get_gazetteer
from ..models import CommuneTerritory, Organisation, Territory, User
from ..models._base import utcnow
from ..models.audit import record
from ..models.territory import TERRITORY_SOURCES, TerritoryTable
from ..text import normalise_key
from .territory_file import TerritoryFile, parse_territory_file

MODES = {
    "patch": "Compléter : seules les communes du fichier changent",
    "replace": "Remplacer : les communes absentes du fichier n'ont plus de territoire",
}
HYPOTHESIS_NOTE = (
    "Table proposée par le fichier des communes (colonne « territoire_proposed ») : des "
    "intercommunalités entières regroupées en sept territoires. C'est une hypothèse, pas une "
    "liste officielle : à confirmer ou corriger par la coordination."
)


# --- Reading -------------------------------------------------------------------------


def hypothesis() -> dict[str, str]:
    """The shipped hypothesis: INSEE code → territory name."""
    return {c.insee: c.territoire for c in get_gazetteer().communes() if c.territoire}


def is_stored() -> bool:
    """Whether the database holds the table (else the hypothesis is read from the file)."""
    return db.session.scalar(select(Territory.id).limit(1)) is not None


def territory_names() -> list[str]:
    """The territories, in alphabetical order."""
    names = db.session.scalars(select(Territory.name)).all() or set(hypothesis().values())
    return sorted(names, key=_sort_key)


def assignments() -> dict[str, str]:
    """INSEE code → territory name, for every commune that has one."""
    if not is_stored():
        return hypothesis()
    rows = db.session.execute(
        select(CommuneTerritory.insee, Territory.name).join(CommuneTerritory.territory)
    ).all()
    return dict(rows)


@dataclass
class CommuneRow:
    """A commune on the table's page: its territory, where it comes from, its members."""

    commune: Commune
    territory: str | None
    source: str  # a key of TERRITORY_SOURCES
    updated_at: datetime | None = None
    updated_by: str | None = None
    organisations: list[tuple[int, str]] = field(default_factory=list)

    @property
    def source_label(self) -> str:
        return TERRITORY_SOURCES.get(self.source, self.source)


@dataclass
class TerritorySection:
    """A territory on the page; ``name`` None gathers the communes without territory."""

    name: str | None
    with_members: list[CommuneRow] = field(default_factory=list)
    others: list[CommuneRow] = field(default_factory=list)

    @property
    def organisation_count(self) -> int:
        return sum(len(row.organisations) for row in self.with_members)

    @property
    def commune_count(self) -> int:
        return len(self.with_members) + len(self.others)

    @property
    def entered_count(self) -> int:
        rows = self.with_members + self.others
        return sum(1 for row in rows if row.source == "coordination")


def _members_by_commune() -> dict[str, list[tuple[int, str]]]:
    members: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for org_id, name, insee in db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.commune_insee)
        .where(Organisation.archived_at.is_(None), Organisation.commune_insee.is_not(None))
        .order_by(Organisation.name)
    ):
        members[insee].append((org_id, name))
    return members


def commune_rows() -> list[CommuneRow]:
    """Every commune of the Pas-de-Calais with its territory, source and members."""
    members = _members_by_commune()
    from_file = not is_stored()
    stored = {}
    if not from_file:
        stored = {
            row.insee: (row.territory.name, row.source, row.updated_at, name)
            for row, name in db.session.execute(
                select(CommuneTerritory, User.name).outerjoin(
                    User, User.id == CommuneTerritory.updated_by_id
                )
            )
        }
    table = hypothesis() if from_file else {}
    rows = []
    for commune in get_gazetteer().communes():
        if from_file:
            territory, source, updated_at, by = table.get(commune.insee), "hypothesis", None, None
        else:
            territory, source, updated_at, by = stored.get(commune.insee) or (None, "", None, None)
        rows.append(
            CommuneRow(commune, territory, source, updated_at, by, members.get(commune.insee, []))
        )
    return rows


def sections() -> list[TerritorySection]:
    """The page's sections: each territory (communes holding members first), then the
    communes without territory if any."""
    by_name = {name: TerritorySection(name) for name in territory_names()}
    without = TerritorySection(None)
    for row in sorted(commune_rows(), key=lambda r: _sort_key(r.commune.name)):
        section = by_name.get(row.territory, without) if row.territory else without
        (section.with_members if row.organisations else section.others).append(row)
    return list(by_name.values()) + ([without] if without.commune_count else [])


def last_change() -> tuple[datetime, str | None] | None:
    """When the coordination last entered a territory, and who (None if never)."""
    row = db.session.execute(
        select(CommuneTerritory.updated_at, User.name)
        .outerjoin(User, User.id == CommuneTerritory.updated_by_id)
        .where(CommuneTerritory.source == "coordination")
        .order_by(CommuneTerritory.updated_at.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def export_rows() -> tuple[list[str], list[list]]:
    """The table as a file the upload reads back: every commune, by INSEE code."""
    headers = ["insee", "commune", "territoire", "source"]
    rows = [
        [r.commune.insee, r.commune.name, r.territory or "", r.source_label if r.territory else ""]
        for r in commune_rows()
    ]
    return headers, rows


# --- Changing --------------------------------------------------------------------------


@dataclass
class Change:
    """A commune whose territory a file changes (None: no territory)."""

    insee: str
    commune: str
    before: str | None
    after: str | None


@dataclass
class Plan:
    """What a file would do to the table."""

    mode: str
    changes: list[Change] = field(default_factory=list)
    confirmed: int = 0  # communes of the file whose territory stays (now entered)

    @property
    def removed(self) -> list[Change]:
        return [c for c in self.changes if c.after is None]

    @property
    def moved(self) -> list[Change]:
        return [c for c in self.changes if c.after is not None]


def read_file(data: bytes) -> TerritoryFile:
    """Check an uploaded file against the territories and communes (writes nothing)."""
    return parse_territory_file(data, territory_names(), get_gazetteer())


def plan(table: dict[str, str], mode: str) -> Plan:
    """The changes ``table`` (INSEE → territory) would make in ``mode`` (patch, replace)."""
    if mode not in MODES:
        raise UserError("Mode d'import inconnu : choisissez « compléter » ou « remplacer ».", 422)
    current = assignments()
    gazetteer = get_gazetteer()
    result = Plan(mode)
    touched = set(table) | (set(current) if mode == "replace" else set())
    for insee in sorted(touched):
        before, after = current.get(insee), table.get(insee)
        if before == after:
            result.confirmed += 1
        else:
            commune = gazetteer.by_insee(insee)
            result.changes.append(Change(insee, commune.name if commune else insee, before, after))
    return result


def find_territory(text: str) -> str:
    """The territory named ``text`` (case and accents ignored), or a French refusal."""
    names = territory_names()
    found = {normalise_key(name): name for name in names}.get(normalise_key(text or ""))
    if found is None:
        shown = " ".join((text or "").split())[:60]
        if not shown:
            raise UserError("Choisissez un territoire.", 422)
        raise UserError(
            f"Territoire inconnu : « {shown} » (territoires : {', '.join(names)}).", 422
        )
    return found


def find_commune(text: str) -> Commune:
    """The commune meant by ``text`` (name, INSEE code…), or a French refusal naming it."""
    commune, problem = get_gazetteer().resolve_with_error(text or "")
    if commune is None:
        raise UserError(f"{problem}.", 422)
    return commune


def _lock_table() -> dict[str, Territory]:
    """The territories by name, their rows locked; the hypothesis stored first if the
    tables are empty."""
    territories = {
        t.name: t
        for t in db.session.scalars(select(Territory).order_by(Territory.id).with_for_update())
    }
    if territories:
        return territories
    table = hypothesis()
    for name in sorted(set(table.values()), key=_sort_key):
        territories[name] = Territory(name=name)
        db.session.add(territories[name])
    db.session.flush()
    now = utcnow()
    db.session.add_all(
        CommuneTerritory(
            insee=insee, territory_id=territories[name].id, source="hypothesis", updated_at=now
        )
        for insee, name in table.items()
    )
    db.session.flush()
    return territories


def _set(insee: str, territory: Territory | None, source: str, actor) -> None:
    row = db.session.get(CommuneTerritory, insee)
    if territory is None:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = CommuneTerritory(insee=insee)
        db.session.add(row)
    row.territory_id = territory.id
    row.source = source
    row.updated_at = utcnow()
    row.updated_by_id = getattr(actor, "id", None)


def assign(actor, commune_text: str, territory_text: str) -> tuple[Commune, str, bool]:
    """Put one commune in a territory (entered by the coordination); audited.

    Returns the commune, the territory and whether anything changed. Unknown commune or
    territory: ``UserError`` (422) naming it, nothing written.
    """
    commune = find_commune(commune_text)
    name = find_territory(territory_text)
    territories = _lock_table()
    row = db.session.get(CommuneTerritory, commune.insee)
    before = {
        "commune": commune.name,
        "insee": commune.insee,
        "territory": row.territory.name if row else None,
        "source": row.source if row else None,
    }
    if row is not None and row.territory.name == name and row.source == "coordination":
        return commune, name, False
    _set(commune.insee, territories[name], "coordination", actor)
    db.session.flush()
    row = db.session.get(CommuneTerritory, commune.insee)
    after = {**before, "territory": name, "source": "coordination"}
    record(actor, row, "territory.commune", before=before, after=after)
    return commune, name, True


def apply_file(actor, table: dict[str, str], mode: str) -> Plan:
    """Apply a checked file all at once; every commune of the file becomes « saisi par la
    coordination ». ``replace`` also removes the territory of the communes it omits."""
    found = plan(table, mode)
    gazetteer = get_gazetteer()
    if any(gazetteer.by_insee(insee) is None for insee in table):
        raise UserError("Le fichier nomme une commune inconnue : rien n'a été enregistré.", 422)
    territories = _lock_table()
    unknown = sorted(set(table.values()) - set(territories))
    if unknown:
        raise UserError(f"Territoire inconnu : « {unknown[0]} » : rien n'a été enregistré.", 422)
    for insee, name in table.items():
        _set(insee, territories[name], "coordination", actor)
    for change in found.removed:
        _set(change.insee, None, "", actor)
    db.session.flush()
    record(
        actor,
        TerritoryTable(),
        "territory.file",
        after={
            "mode": mode,
            "communes": len(table),
            "changes": [[c.insee, c.commune, c.before, c.after] for c in found.changes],
        },
    )
    return found


def reset(actor) -> list[Change]:
    """Back to the shipped hypothesis for every commune; audited (the changes undone)."""
    territories = _lock_table()
    table = hypothesis()
    current = {row.insee: row for row in db.session.scalars(select(CommuneTerritory))}
    gazetteer = get_gazetteer()
    changes = []
    for insee in sorted(set(table) | set(current)):
        row, name = current.get(insee), table.get(insee)
        before = row.territory.name if row else None
        if before != name:
            commune = gazetteer.by_insee(insee)
            changes.append(Change(insee, commune.name if commune else insee, before, name))
        elif row is not None and row.source == "hypothesis":
            continue
        _set(insee, territories[name] if name else None, "hypothesis", actor)
    db.session.flush()
    record(
        actor,
        TerritoryTable(),
        "territory.reset",
        after={"changes": [[c.insee, c.commune, c.before, c.after] for c in changes]},
    )
    return changes


def _sort_key(name: str) -> tuple[str, str]:
    return (normalise_key(name), name)
