"""The application's objects as calendar events: meetings, action deadlines, answers awaited.

Each event has a UID that never changes for its object (``rencontre-parrainage-12@host``),
so that a calendar replaces it instead of adding a copy when the meeting moves, and links
built from ``BASE_URL`` (``core.links``).
"""

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app

from ..core.links import absolute_url
from ..models import FollowUp, FollowUpAction, GroupMeeting, Pairing
from ..models.planning import DEFAULT_DURATION_MINUTES
from ..models.sponsor_request import SponsorRequest, proposal_origin
from ..text import shorten
from .ics import CalendarEvent, Person


def _uid(kind: str, object_id) -> str:
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "entraide"
    return f"{kind}-{object_id}@{host}"


def _end(start: datetime, minutes: int | None) -> datetime:
    return start + timedelta(minutes=minutes or DEFAULT_DURATION_MINUTES)


def _lines(*pairs: tuple[str, str]) -> str:
    return "\n".join(f"{label} : {value}" for label, value in pairs if value)


def followup_event(followup: FollowUp, attendees: tuple[Person, ...] = ()) -> CalendarEvent:
    """A pairing's meeting (planned or cancelled; it has a start time)."""
    pairing = followup.pairing
    link = absolute_url("pairings.show", pairing_id=pairing.id, _anchor="prochaines-titre")
    description = _lines(
        (
            "Parrainage",
            f"{pairing.mentee.name} (SCIC filleule) et {pairing.mentor.name} (SCIC marraine)",
        ),
        ("Format", followup.format_label),
        ("Personnes attendues", followup.expected),
        ("Motif de l'annulation", followup.cancel_reason if followup.is_cancelled else ""),
        ("Carnet de suivi", link),
    )
    return CalendarEvent(
        uid=_uid("rencontre-parrainage", followup.id),
        start=followup.starts_at,
        end=_end(followup.starts_at, followup.duration_minutes),
        summary=f"Rencontre de parrainage : {pairing.mentee.name} – {pairing.mentor.name}",
        description=description,
        location=followup.place or followup.format_label,
        url=link,
        sequence=followup.sequence,
        cancelled=followup.is_cancelled,
        attendees=attendees,
    )


def group_meeting_event(
    meeting: GroupMeeting, attendees: tuple[Person, ...] = (), cancelled: bool | None = None
) -> CalendarEvent:
    """A group's meeting (planned or cancelled; it has a start time). ``cancelled``: for
    organisations no longer expected, the meeting is cancelled whatever its status."""
    cancelled = meeting.is_cancelled if cancelled is None else cancelled
    group = meeting.group
    link = absolute_url("groups.show", group_id=group.id, _anchor="prochaines-titre")
    host = meeting.host
    where = meeting.place or (f"{host.name}, {host.town}" if host and host.town else "")
    description = _lines(
        ("Type", meeting.kind_label),
        ("Groupe", group.name),
        ("Accueil", host.name if host else ""),
        ("Organisations attendues", ", ".join(o.name for o in meeting.expected)),
        ("Autres personnes attendues", meeting.other_participants),
        ("Motif de l'annulation", meeting.cancel_reason if meeting.is_cancelled else ""),
        ("Page du groupe", link),
    )
    return CalendarEvent(
        uid=_uid("rencontre-groupe", meeting.id),
        start=meeting.starts_at,
        end=_end(meeting.starts_at, meeting.duration_minutes),
        summary=f"{meeting.title} (groupe {group.name})",
        description=description,
        location=where or (host.name if host else ""),
        url=link,
        sequence=meeting.sequence,
        cancelled=cancelled,
        attendees=attendees,
    )


def action_event(action: FollowUpAction, pairing: Pairing, org_id: int) -> CalendarEvent:
    """An open action's due date, a whole day."""
    other = pairing.mentor if pairing.mentee_id == org_id else pairing.mentee
    link = absolute_url("pairings.show", pairing_id=pairing.id, _anchor="carnet-titre")
    description = _lines(
        ("Action", action.description),
        ("Responsable", action.owner),
        ("Parrainage avec", other.name),
        ("Carnet de suivi", link),
    )
    return CalendarEvent(
        uid=_uid("action", action.id),
        start=action.due_on,
        summary=f"Échéance : {shorten(action.description, 80)}",
        description=description,
        url=link,
    )


def consent_event(
    pairing: Pairing, org_id: int, today: date, request: SponsorRequest | None
) -> CalendarEvent:
    """An answer awaited from the organisation: a whole-day event on the day the feed is
    read, every day until it answers (a proposal has no deadline). ``request``: the
    member's request the proposal came from, if any."""
    side = "mentee" if pairing.mentee_id == org_id else "mentor"
    other = pairing.mentor if side == "mentee" else pairing.mentee
    origin = proposal_origin(pairing, org_id, request)
    link = absolute_url("pairings.show", pairing_id=pairing.id, _anchor="reponse-titre")
    return CalendarEvent(
        uid=_uid(f"reponse-parrainage-{side}", pairing.id),
        start=today,
        summary=f"Réponse attendue : parrainage avec {other.name}",
        description=_lines(
            ("Proposition", f"{other.name}, {origin}"),
            ("Répondre", link),
        ),
        url=link,
    )
