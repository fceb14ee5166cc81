"""The network's 2022-2023 meetings (shipped CSV) loaded as history: meetings without group.

The file lists, per meeting, a date (``YYYY-MM`` or ``YYYY-MM-DD``), a kind, a title,
the host and the participants separated by ``;``. Participants found among the
organisations become participants; the others (associations, support bodies, the
Département) are kept as text in ``other_participants``.
"""

import csv
import logging
from dataclasses import dataclass
from datetime import date
from importlib import resources

from sqlalchemy import select

from ..core.extensions import db
from ..models import GroupMeeting
from ..models.audit import record
from ..organisations.services import find_by_name
from .services import meeting_snapshot

log = logging.getLogger(__name__)

HISTORY_FILE = "network-meetings-2022-2023.csv"

# Kinds written in the file (and their usual spellings) -> MEETING_KINDS codes.
KIND_ALIASES = {
    "rencontre": "rencontre",
    "atelier": "atelier",
    "formation": "formation",
    "groupe_de_travail": "groupe_travail",
    "groupe_travail": "groupe_travail",
    "groupe de travail": "groupe_travail",
    "conference": "conference",
    "conférence": "conference",
    "evenement": "evenement",
    "événement": "evenement",
}


@dataclass(frozen=True)
class HistoryRow:
    held_on: date
    kind: str
    title: str
    host: str
    participants: tuple[str, ...]


def parse_date(value: str) -> date:
    """``YYYY-MM-DD``, or ``YYYY-MM`` read as the first day of the month."""
    parts = (value or "").strip().split("-")
    try:
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    raise ValueError(f"Date de rencontre invalide : « {value} » (attendu AAAA-MM ou AAAA-MM-JJ).")


def parse_kind(value: str) -> str:
    kind = KIND_ALIASES.get((value or "").strip().lower())
    if kind is None:
        raise ValueError(f"Type de rencontre inconnu : « {value} ».")
    return kind


def parse_rows(text: str) -> list[HistoryRow]:
    """Read the CSV text; raise ``ValueError`` (French, with the line) on a bad row."""
    rows = []
    for line, raw in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            title = " ".join((raw.get("title") or "").split())[:200]
            if not title:
                raise ValueError("titre manquant.")
            rows.append(
                HistoryRow(
                    held_on=parse_date(raw.get("date", "")),
                    kind=parse_kind(raw.get("kind", "")),
                    title=title,
                    host=" ".join((raw.get("host") or "").split()),
                    participants=tuple(
                        dict.fromkeys(
                            " ".join(p.split())
                            for p in (raw.get("participants") or "").split(";")
                            if p.strip()
                        )
                    ),
                )
            )
        except ValueError as error:
            raise ValueError(f"Ligne {line} : {error}") from error
    return rows


def shipped_rows() -> list[HistoryRow]:
    text = resources.files("entraide.data").joinpath(HISTORY_FILE).read_text("utf-8")
    return parse_rows(text)


def _already_loaded(row: HistoryRow) -> bool:
    return (
        db.session.execute(
            select(GroupMeeting.id).where(
                GroupMeeting.group_id.is_(None),
                GroupMeeting.held_on == row.held_on,
                GroupMeeting.title == row.title,
            )
        ).first()
        is not None
    )


def load_history(rows: list[HistoryRow] | None = None, actor=None) -> int:
    """Add the meetings not loaded yet (same date and title); return how many were added."""
    created = 0
    for row in shipped_rows() if rows is None else rows:
        if _already_loaded(row):
            continue
        host = find_by_name(row.host) if row.host else None
        participants, others = {}, []
        if row.host and host is None:
            others.append(f"{row.host} (accueil)")
        for name in row.participants:
            org = find_by_name(name)
            if org is not None:
                participants[org.id] = org
            elif not (host is None and name == row.host):
                others.append(name)
        meeting = GroupMeeting(
            group_id=None,
            held_on=row.held_on,
            kind=row.kind,
            title=row.title,
            host=host,
            participants=sorted(participants.values(), key=lambda o: o.name),
            other_participants="; ".join(others),
            topics="",
            volunteer_hours=0,
        )
        db.session.add(meeting)
        db.session.flush()
        record(actor, meeting, "meeting.import", after=meeting_snapshot(meeting))
        created += 1
    log.info("network history: %s meeting(s) added", created)
    return created
