"""Sentences of the planned meetings (a pairing's, a group's) and of the calendar feed.

Registered into ``sentences.SENTENCES`` when imported (by ``journal.routes``).
"""

from ..text import format_hours, plural, shorten
from .sentences import Context, _day, _decimal, _pairing_id, readable, sentence

PLAN_FIELDS = {
    "held_on": "Date",
    "start_time": "Heure",
    "duration_minutes": "Durée (minutes)",
    "format": "Format",
    "kind": "Type",
    "title": "Titre",
    "place": "Lieu",
    "expected": "Personnes attendues",
}


def _when(data: dict) -> str:
    day = _day(data.get("held_on"))
    return f"{day} à {data['start_time']}" if data.get("start_time") else day


def _mails(data: dict) -> list[tuple[str, str]]:
    count = data.get("mails")
    return (
        [("Courriels", plural(count, "personne prévenue", "personnes prévenues"))]
        if (isinstance(count, int))
        else []
    )


def _changes(c: Context) -> list[tuple[str, str]]:
    found = []
    for key, label in PLAN_FIELDS.items():
        old, new = c.before.get(key), c.after.get(key)
        if key in c.after and old != new:
            old_text = _day(old) if key == "held_on" else readable(old, key)
            new_text = _day(new) if key == "held_on" else readable(new, key)
            found.append((label, f"{old_text} → {new_text}"))
    if c.before.get("expected_ids") != c.after.get("expected_ids") and "expected_ids" in c.after:
        found.append(("Organisations attendues", c.names.orgs(c.after.get("expected_ids"))))
    if c.before.get("host_id") != c.after.get("host_id") and c.after.get("host_id"):
        found.append(("Accueil", c.names.org(c.after["host_id"]).text))
    return found


@sentence("followup.plan", "followup.reschedule", "followup.cancel")
def _followup_planning(c: Context):
    pairing = c.names.pairing(_pairing_id(c))
    action = c.entry.action
    if action == "followup.plan":
        details = [
            ("Prévue le", _when(c.after)),
            ("Format", readable(c.after.get("format"), "format")),
        ]
        if c.after.get("place"):
            details.append(("Lieu", shorten(c.after["place"], 120)))
        return [c.subject, " a prévu une rencontre du parrainage ", pairing, "."], details + _mails(
            c.after
        )
    if action == "followup.reschedule":
        return [c.subject, " a modifié une rencontre prévue du parrainage ", pairing, "."], (
            _changes(c) + _mails(c.after)
        )
    details = [("Prévue le", _when(c.after))]
    if c.after.get("reason"):
        details.append(("Motif", shorten(c.after["reason"], 200)))
    return [c.subject, " a annulé une rencontre du parrainage ", pairing, "."], details + _mails(
        c.after
    )


@sentence("followup.record")
def _followup_record(c: Context):
    details = [("Date", _day(c.after.get("held_on")))]
    hours = _decimal(c.after.get("volunteer_hours"))
    if hours is not None:
        details.append(("Bénévolat", format_hours(hours)))
    actions = c.after.get("actions") or []
    if actions:
        details.append(("Actions décidées", plural(len(actions), "action")))
    pairing = c.names.pairing(_pairing_id(c))
    return [
        c.subject,
        " a noté le compte rendu d'une rencontre prévue du parrainage ",
        pairing,
        ".",
    ], details


def _group_of(c: Context):
    return c.after.get("group_id") or getattr(c.obj, "group_id", None)


@sentence("meeting.plan", "meeting.reschedule", "meeting.record", "meeting.cancel")
def _meeting_planning(c: Context):
    title = f"« {shorten(c.after.get('title') or '', 80)} »"
    group = c.names.group(_group_of(c))
    action = c.entry.action
    if action == "meeting.plan":
        details = [("Prévue le", _when(c.after)), ("Type", readable(c.after.get("kind"), "kind"))]
        if c.after.get("host_id"):
            details.append(("Accueil", c.names.org(c.after["host_id"]).text))
        if c.after.get("expected_ids"):
            details.append(("Organisations attendues", c.names.orgs(c.after["expected_ids"])))
        pieces = [c.subject, f" a prévu la rencontre {title} du groupe ", group, "."]
        return pieces, details + _mails(c.after)
    if action == "meeting.reschedule":
        pieces = [c.subject, f" a modifié la rencontre prévue {title} du groupe ", group, "."]
        return pieces, _changes(c) + _mails(c.after)
    if action == "meeting.record":
        details = [("Date", _day(c.after.get("held_on")))]
        if c.after.get("participant_ids"):
            details.append(("Organisations présentes", c.names.orgs(c.after["participant_ids"])))
        hours = _decimal(c.after.get("volunteer_hours"))
        if hours:
            details.append(("Bénévolat", format_hours(hours)))
        pieces = [c.subject, f" a noté le compte rendu de la rencontre {title} du groupe ", group]
        return [*pieces, "."], details
    details = [("Prévue le", _when(c.after))]
    if c.after.get("reason"):
        details.append(("Motif", shorten(c.after["reason"], 200)))
    pieces = [c.subject, f" a annulé la rencontre {title} du groupe ", group, "."]
    return pieces, details + _mails(c.after)


@sentence("user.calendar_renew")
def _calendar_renew(c: Context):
    # The key itself is never written anywhere but on the account.
    return [
        c.subject,
        " a renouvelé l'adresse secrète de son agenda : l'ancienne ne fonctionne plus.",
    ], []
