"""The network's 2022-2023 meetings (shipped CSV) loaded as held actions of the register.

The file lists, per meeting, a date (``YYYY-MM`` or ``YYYY-MM-DD``), a kind, a title, the
host, the organisations present separated by ``;``, and where the final report gives
them the place and the number of people. Names found among the member organisations
become links; the others (associations becoming SCICs, support bodies, the Département)
are kept by name as outside bodies. The file has no axis: each kind is read as the axis
it served (below), which the coordination can correct on the action's page.
"""

import csv
import logging
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

from sqlalchemy import select

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import NetworkAction
from ..organisations.services import find_by_name
from .services import ActionData, create_action

log = logging.getLogger(__name__)

HISTORY_FILE = "network-meetings-2022-2023.csv"

# Kinds written in the file (and their usual spellings) -> (action kind, axis, publics).
KINDS = {
    "rencontre": ("rencontre_reseau", 1, ("scic",)),
    "atelier": ("atelier", 1, ("scic",)),
    "formation": ("formation", 1, ("scic",)),
    "groupe_de_travail": ("groupe_travail", 1, ("scic",)),
    "groupe_travail": ("groupe_travail", 1, ("scic",)),
    "groupe de travail": ("groupe_travail", 1, ("scic",)),
    "conference": ("conference", 3, ("scic", "grand_public")),
    "conférence": ("conference", 3, ("scic", "grand_public")),
    "evenement": ("evenement", 3, ("grand_public", "scic")),
    "événement": ("evenement", 3, ("grand_public", "scic")),
    "table_ronde": ("table_ronde", 2, ("elus", "techniciens", "scic")),
    "table ronde": ("table_ronde", 2, ("elus", "techniciens", "scic")),
}
# « Coopération et artisanat (Lens) »: the town the title names.
_TOWN_IN_TITLE = re.compile(r"\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class HistoryRow:
    held_on: date
    month_only: bool
    kind: str
    title: str
    host: str
    participants: tuple[str, ...]
    place: str = ""
    people: int | None = None


def parse_date(value: str) -> tuple[date, bool]:
    """``YYYY-MM-DD``, or ``YYYY-MM`` read as the first day of the month (month only)."""
    parts = (value or "").strip().split("-")
    try:
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), True
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])), False
    except ValueError:
        pass
    raise ValueError(f"Date de rencontre invalide : « {value} » (attendu AAAA-MM ou AAAA-MM-JJ).")


def parse_kind(value: str) -> str:
    key = (value or "").strip().lower()
    if key not in KINDS:
        raise ValueError(f"Type de rencontre inconnu : « {value} ».")
    return key


def _people(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"nombre de personnes invalide : « {value} ».")
    return int(value)


def parse_rows(text: str) -> list[HistoryRow]:
    """Read the CSV text; raise ``ValueError`` (French, with the line) on a bad row."""
    rows = []
    for line, raw in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            title = " ".join((raw.get("title") or "").split())[:200]
            if not title:
                raise ValueError("titre manquant.")
            held_on, month_only = parse_date(raw.get("date", ""))
            participants = (p for p in (raw.get("participants") or "").split(";") if p.strip())
            rows.append(
                HistoryRow(
                    held_on=held_on,
                    month_only=month_only,
                    kind=parse_kind(raw.get("kind", "")),
                    title=title,
                    host=" ".join((raw.get("host") or "").split()),
                    participants=tuple(dict.fromkeys(" ".join(p.split()) for p in participants)),
                    place=" ".join((raw.get("place") or "").split())[:200],
                    people=_people(raw.get("people")),
                )
            )
        except ValueError as error:
            raise ValueError(f"Ligne {line} : {error}") from error
    return rows


def shipped_rows() -> list[HistoryRow]:
    text = resources.files("entraide.data").joinpath(HISTORY_FILE).read_text("utf-8")
    return parse_rows(text)


def _already_loaded(row: HistoryRow) -> bool:
    found = select(NetworkAction.id).where(
        NetworkAction.held_on == row.held_on, NetworkAction.title == row.title
    )
    return db.session.execute(found).first() is not None


def _place(row: HistoryRow) -> tuple[str | None, str]:
    """(commune, place label): the commune the place's last part names (« …, Arras ») or
    the title's « (Town) »; the rest of the place stays as its label."""
    head, _, last = row.place.rpartition(",")
    commune = get_gazetteer().resolve(last.strip()) if last.strip() else None
    if commune is not None:
        return commune.insee, head.strip()
    if match := _TOWN_IN_TITLE.search(row.title):
        commune = get_gazetteer().resolve(match.group(1).strip())
    return (commune.insee if commune else None), row.place


def action_data(row: HistoryRow) -> ActionData:
    kind, axis, publics = KINDS[row.kind]
    host = find_by_name(row.host) if row.host else None
    partners, outside = {}, []
    for name in row.participants:
        org = find_by_name(name)
        if org is not None and (host is None or org.id != host.id):
            partners[org.id] = org
        elif org is None and name != row.host:
            outside.append(name)
    commune, place = _place(row)
    present = len(row.participants) + (1 if row.host and row.host not in row.participants else 0)
    return ActionData(
        axis=axis,
        kind=kind,
        title=row.title,
        held_on=row.held_on,
        status="held",
        month_only=row.month_only,
        commune_insee=commune,
        place_label=place,
        hosts=[host] if host else [],
        partners=sorted(partners.values(), key=lambda o: o.name),
        outside_hosts=[row.host] if row.host and host is None else [],
        outside_partners=outside,
        audience=list(publics),
        people_count=row.people,
        organisations_count=present if row.participants else None,
    )


def load_history(rows: list[HistoryRow] | None = None, actor=None) -> int:
    """Add the meetings not loaded yet (same date and title); return how many were added."""
    created = 0
    for row in shipped_rows() if rows is None else rows:
        if _already_loaded(row):
            continue
        create_action(actor, action_data(row), imported=True)
        created += 1
    log.info("network history: %s action(s) added", created)
    return created
