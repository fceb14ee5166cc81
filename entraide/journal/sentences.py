"""Each audit entry as a French sentence, with links to the objects it names.

« Cliss XXI a accepté le parrainage de Le Toit Commun », « La coordination a validé le
groupe « Lens » », « Le Toit Commun a noté une rencontre du parrainage Le Toit Commun –
Cliss XXI ». Ids become names (loaded for a whole page at once), codes become French
labels, lists become readable text; a few details (the fields an update changed, a
reason) follow the sentence. The entries themselves are never changed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from flask import current_app, url_for
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..matching.settings import SETTINGS
from ..models import (
    ActionDocument,
    AuditEntry,
    Convention,
    FollowUp,
    FollowUpAction,
    GroupMeeting,
    HelpAnswer,
    HelpRequest,
    Need,
    NetworkAction,
    Offer,
    Organisation,
    Pairing,
    PairingEvaluation,
    PairRejection,
    ReportHighlight,
    TerritorialGroup,
    User,
)
from ..models.action import ACTION_KINDS, ACTION_STATUSES, AUDIENCES, DOCUMENT_KINDS, DOCUMENT_TYPES
from ..models.followup import MEETING_FORMATS
from ..models.group import MEETING_KINDS
from ..models.organisation import STATUSES
from ..models.user import ROLES
from ..text import (
    format_date,
    format_euros,
    format_hours,
    format_number,
    local_datetime,
    plural,
    shorten,
)
from ..themes import SECTORS, THEMES, URGENCIES
from .corrections import changed_keys, details_fr, fields_fr
from .labels import (
    ACTION_FIELDS,
    CONVENTION_FIELDS,
    DECLARATION_FIELDS,
    FOLLOWUP_FIELDS,
    MEETING_FIELDS,
    NEED_STATES,
    OFFER_STATES,
    ORGANISATION_FIELDS,
)

MODELS = {
    model.__name__: model
    for model in (
        ActionDocument,
        Convention,
        FollowUp,
        FollowUpAction,
        GroupMeeting,
        HelpAnswer,
        HelpRequest,
        Need,
        NetworkAction,
        Offer,
        Organisation,
        Pairing,
        PairingEvaluation,
        PairRejection,
        ReportHighlight,
        TerritorialGroup,
        User,
    )
}
# JSON keys of before/after that name an object by id.
_ID_KEYS = {
    "organisation_id": Organisation,
    "mentee_id": Organisation,
    "mentor_id": Organisation,
    "host_id": Organisation,
    "participant_ids": Organisation,
    "host_ids": Organisation,
    "partner_ids": Organisation,
    "action_id": NetworkAction,
    "member_ids": Organisation,
    "pairing_id": Pairing,
    "group_id": TerritorialGroup,
    "request_id": HelpRequest,
    "contact_user_id": User,
    "needs_met": Need,
}
SETTING_LABELS = {setting.name: setting.label_fr for setting in SETTINGS}
TEXT_WIDTH = 160


@dataclass
class Piece:
    """A part of a sentence: text, linked when the viewer may open the object's page."""

    text: str
    url: str | None = None


@dataclass
class Line:
    entry: AuditEntry
    sentence: list[Piece]
    details: list[tuple[str, str]] = field(default_factory=list)
    known: bool = True  # False: an action without a sentence (shown by its code)

    @property
    def when_iso(self) -> str:
        """The machine-readable time, with Paris's offset (« 2026-12-06T18:57+01:00 »)."""
        return local_datetime(self.entry.created_at).isoformat(timespec="minutes")


# The reminders name the overdue actions they were sent for.
REMINDER_ACTIONS = ("pairing.reminder", "pairing.reminder_manual")


class Names:
    """The objects a page of entries names, loaded in a few queries, and their links."""

    def __init__(self, entries: list[AuditEntry], viewer) -> None:
        self.viewer = viewer
        self.loaded: dict[type, dict[int, object]] = {}
        wanted: dict[type, set[int]] = {}
        for entry in entries:
            if entry.actor_id is not None:
                wanted.setdefault(User, set()).add(entry.actor_id)
            model = MODELS.get(entry.object_type)
            if model is not None and entry.object_id is not None:
                wanted.setdefault(model, set()).add(entry.object_id)
            if entry.action in REMINDER_ACTIONS and isinstance(entry.after, dict):
                for key in entry.after.get("reasons") or []:
                    kind, _, rest = str(key).partition(":")
                    if kind == "action" and rest.isdigit():
                        wanted.setdefault(FollowUpAction, set()).add(int(rest))
            for data in (entry.before, entry.after):
                for key, model in _ID_KEYS.items():
                    for value in _ids(data, key):
                        wanted.setdefault(model, set()).add(value)
        self._load(wanted)
        # Second round: what the loaded objects point to (a need's organisation…).
        more: dict[type, set[int]] = {}
        for obj in self._all(Need, Offer, HelpRequest, HelpAnswer, PairingEvaluation):
            more.setdefault(Organisation, set()).add(obj.organisation_id)
        for obj in self._all(PairRejection, Pairing):
            more.setdefault(Organisation, set()).update({obj.mentee_id, obj.mentor_id})
        for obj in self._all(FollowUpAction):
            more.setdefault(FollowUp, set()).add(obj.followup_id)
        for obj in self._all(GroupMeeting):
            if obj.group_id:
                more.setdefault(TerritorialGroup, set()).add(obj.group_id)
        for obj in self._all(User):
            if obj.organisation_id:
                more.setdefault(Organisation, set()).add(obj.organisation_id)
        self._load(more)
        for obj in self._all(FollowUp, HelpAnswer, PairingEvaluation):
            key = "request_id" if isinstance(obj, HelpAnswer) else "pairing_id"
            model = HelpRequest if isinstance(obj, HelpAnswer) else Pairing
            self._load({model: {getattr(obj, key)}})
        self._load({Organisation: {p.mentee_id for p in self._all(Pairing)}})
        self._load({Organisation: {p.mentor_id for p in self._all(Pairing)}})

    def _load(self, wanted: dict[type, set[int]]) -> None:
        for model, ids in wanted.items():
            known = self.loaded.setdefault(model, {})
            missing = {i for i in ids if isinstance(i, int) and i not in known}
            if missing:
                key = sa_inspect(model).primary_key[0]
                for obj in db.session.execute(select(model).where(key.in_(missing))).scalars():
                    known[getattr(obj, key.key)] = obj

    def _all(self, *models) -> Iterable:
        for model in models:
            yield from list(self.loaded.get(model, {}).values())

    def get(self, model, object_id):
        return self.loaded.get(model, {}).get(object_id) if object_id is not None else None

    def _link(self, obj, endpoint: str, **args) -> str | None:
        can_view = getattr(obj, "can_view", None)
        if can_view is not None and not can_view(self.viewer):
            return None
        if endpoint not in current_app.view_functions:
            return None
        return url_for(endpoint, **args)

    def org(self, org_id) -> Piece:
        org = self.get(Organisation, org_id)
        if org is None:
            return Piece("une organisation supprimée" if org_id else "une organisation")
        return Piece(org.name, self._link(org, "organisations.show", org_id=org.id))

    def pairing(self, pairing_id) -> Piece:
        pairing = self.get(Pairing, pairing_id)
        if pairing is None:
            return Piece("supprimé" if pairing_id else "inconnu")
        title = f"{self.org(pairing.mentee_id).text} – {self.org(pairing.mentor_id).text}"
        return Piece(title, self._link(pairing, "pairings.show", pairing_id=pairing.id))

    def group(self, group_id, name: str | None = None) -> Piece:
        """The group under ``name`` (its name at the time) or its current name."""
        group = self.get(TerritorialGroup, group_id)
        label = f"« {name or (group.name if group else 'supprimé')} »"
        if group is None:
            return Piece(label)
        return Piece(label, self._link(group, "groups.show", group_id=group.id))

    def help_request(self, request_id, title: str | None = None) -> Piece:
        item = self.get(HelpRequest, request_id)
        label = f"« {item.title if item else title or 'supprimé'} »"
        if item is None:
            return Piece(label)
        return Piece(label, self._link(item, "help_requests.show", request_id=item.id))

    def action(self, action_id, title: str | None = None) -> Piece:
        """An action of the register under its current title (or the one the entry kept)."""
        action = self.get(NetworkAction, action_id)
        label = f"« {shorten(action.title if action else title or 'supprimée', 80)} »"
        if action is None or getattr(self.viewer, "role", None) not in ("coordinator", "viewer"):
            return Piece(label)
        return Piece(label, self._link(action, "actions.show", action_id=action.id))

    def user(self, user_id) -> str:
        user = self.get(User, user_id)
        if user is None:
            return "un compte supprimé" if user_id else "personne"
        return user.name or user.email

    def orgs(self, ids) -> str:
        names = sorted(self.org(i).text for i in ids or [])
        return _list(names)


def _ids(data, key) -> list[int]:
    if not isinstance(data, dict):
        return []
    value = data.get(key)
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int)]
    return [value] if isinstance(value, int) else []


def _list(items: list[str]) -> str:
    """« A, B et C »."""
    items = [item for item in items if item]
    if not items:
        return "aucune"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _day(value) -> str:
    try:
        return format_date(date.fromisoformat(value)) if value else "—"
    except (TypeError, ValueError):
        return str(value)


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def readable(value, key: str = "") -> str:
    """A JSON value of an entry as short French text (codes become labels)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    labels = {
        "status": STATUSES,
        "sector": SECTORS,
        "theme": THEMES,
        "urgency": URGENCIES,
        "role": ROLES,
        "kind": MEETING_KINDS,
        "format": MEETING_FORMATS,
    }.get(key)
    if labels and isinstance(value, str):
        return labels.get(value, value)
    if key == "year_created" or key == "year":
        return str(value)
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.####", locale="fr_FR")
    if key == "commune_insee":
        commune = get_gazetteer().by_insee(str(value))
        return commune.label if commune else str(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list):
        return _list([readable(item) for item in value])
    if isinstance(value, dict):
        return "; ".join(f"{k} : {readable(v, k)}" for k, v in value.items())
    return shorten(str(value), TEXT_WIDTH)


def changes(before, after, labels: dict[str, str], key_value=readable) -> list[tuple[str, str]]:
    """(label, « old → new ») for each key whose value changed, in the labels' order."""
    before, after = before or {}, after or {}
    found = []
    for key, label in labels.items():
        if key in before or key in after:
            old, new = before.get(key), after.get(key)
            if old != new:
                found.append((label, f"{key_value(old, key)} → {key_value(new, key)}"))
    return found


class Context:
    """What a sentence function reads: the entry, its data, its object and the names."""

    def __init__(self, entry: AuditEntry, names: Names) -> None:
        self.entry = entry
        self.names = names
        self.before = entry.before if isinstance(entry.before, dict) else {}
        self.after = entry.after if isinstance(entry.after, dict) else {}
        self.obj = names.get(MODELS.get(entry.object_type), entry.object_id)

    @property
    def subject(self) -> Piece:
        """Who acted: the coordination, a member's organisation, a person, the system."""
        entry = self.entry
        actor = entry.actor
        if actor is None:
            return Piece("Le système" if entry.actor_id is None else "Un compte supprimé")
        if entry.actor_role == "coordinator":
            return Piece("La coordination")
        if entry.actor_role == "member" and actor.organisation_id:
            return self.names.org(actor.organisation_id)
        return Piece(actor.name or actor.email)

    def org_of(self, obj) -> Piece:
        return self.names.org(getattr(obj, "organisation_id", None))

    def is_own(self, owner: Piece) -> bool:
        """Whether the subject is the owner itself (« Le Toit Commun a retiré son offre »)."""
        return self.subject.text == owner.text

    def whose(self, owner: Piece, noun: str, article: str) -> list:
        """« son besoin « Communication » » or « le besoin « Communication » de X »."""
        if self.is_own(owner):
            return [f"son {noun}"]  # « son offre » too, before a vowel
        return [f"{article} {noun} de ", owner]


Sentence = Callable[[Context], tuple[list, list[tuple[str, str]]]]
SENTENCES: dict[str, Sentence] = {}


def sentence(*codes: str):
    def register(function: Sentence) -> Sentence:
        for code in codes:
            SENTENCES[code] = function
        return function

    return register


def _theme(obj, data) -> str:
    code = getattr(obj, "theme_code", None) or data.get("theme")
    return f"« {THEMES.get(code, code or '?')} »"


# Organisations ------------------------------------------------------------------------------


@sentence("organisation.create")
def _org_create(c: Context):
    after = c.after
    facts = [
        (label, readable(after.get(key), key))
        for key, label in ORGANISATION_FIELDS.items()
        if key in ("status", "commune_insee", "sector", "year_created", "mentor_capacity")
        and after.get(key) not in (None, "")
    ]
    return [c.subject, " a créé l'organisation ", c.names.org(c.entry.object_id), "."], facts


@sentence("organisation.update")
def _org_update(c: Context):
    details = changes(c.before, c.after, ORGANISATION_FIELDS)
    org = c.names.org(c.entry.object_id)
    whose = ["son profil"] if c.is_own(org) else ["le profil de ", org]
    return [c.subject, " a modifié ", *whose, "."], details


@sentence("organisation.archive", "organisation.restore")
def _org_archive(c: Context):
    verb = "archivé" if c.entry.action.endswith("archive") else "restauré"
    return [c.subject, f" a {verb} l'organisation ", c.names.org(c.entry.object_id), "."], []


# Needs and offers ---------------------------------------------------------------------------


@sentence("need.create", "offer.create")
def _declare(c: Context):
    is_need = c.entry.action.startswith("need")
    what = "déclaré un besoin" if is_need else "publié une offre"
    details = [("Texte", readable(c.after.get("text")))]
    if is_need and c.after.get("urgency"):
        details.append(("Urgence", readable(c.after["urgency"], "urgency")))
    owner = c.org_of(c.obj)
    about = [] if c.is_own(owner) else [" pour ", owner]
    return [c.subject, f" a {what} {_theme(c.obj, c.after)}", *about, "."], details


@sentence("need.update", "offer.update")
def _declaration_update(c: Context):
    is_need = c.entry.action.startswith("need")
    noun = f"{'besoin' if is_need else 'offre'} {_theme(c.obj, c.after)}"
    details = changes(c.before, c.after, DECLARATION_FIELDS)
    whose = c.whose(c.org_of(c.obj), noun, "le" if is_need else "la")
    return [c.subject, " a modifié ", *whose, "."], details


@sentence("need.met", "need.withdrawn", "need.reopen", "offer.withdraw")
def _declaration_state(c: Context):
    verb = {
        "need.met": "marqué comme satisfait",
        "need.withdrawn": "retiré",
        "need.reopen": "rouvert",
        "offer.withdraw": "retiré",
    }[c.entry.action]
    is_need = c.entry.action.startswith("need")
    noun = f"{'besoin' if is_need else 'offre'} {_theme(c.obj, c.after)}"
    states = OFFER_STATES if c.entry.action.startswith("offer") else NEED_STATES
    details = []
    old, new = c.before.get("status"), c.after.get("status")
    if old and new and old != new:
        details.append(("État", f"{states.get(old, old)} → {states.get(new, new)}"))
    whose = c.whose(c.org_of(c.obj), noun, "le" if is_need else "la")
    return [c.subject, f" a {verb} ", *whose, "."], details


# Pairings -----------------------------------------------------------------------------------


def _pairing_id(c: Context):
    if c.entry.object_type == "Pairing":
        return c.entry.object_id
    return c.after.get("pairing_id") or getattr(c.obj, "pairing_id", None)


@sentence("pairing.proposed")
def _proposed(c: Context):
    mentee, mentor = c.names.org(c.after.get("mentee_id")), c.names.org(c.after.get("mentor_id"))
    details = []
    if isinstance(c.after.get("score"), int | float):
        details.append(("Score du rapprochement", f"{round(c.after['score'] * 100)} %"))
    pieces = [c.subject, " a proposé que ", mentor, " parraine ", mentee, "."]
    return pieces, details


@sentence("pairing.awaiting_consent")
def _sent(c: Context):
    pieces = [c.subject, " a envoyé la proposition de parrainage ", c.names.pairing(_pairing_id(c))]
    return [*pieces, " aux deux SCIC, avec la charte."], []


@sentence("pairing.consent")
def _consent(c: Context):
    pairing = c.names.get(Pairing, c.entry.object_id)
    mentee = c.names.org(pairing.mentee_id if pairing else None)
    mentor = c.names.org(pairing.mentor_id if pairing else None)
    accepted = bool(c.after.get("accept"))
    if c.after.get("side") == "mentor":
        verb = " a accepté le parrainage de " if accepted else " a décliné le parrainage de "
        return [mentor, verb, mentee, "."], []
    verb = " a accepté d'être parrainée par " if accepted else " a décliné le parrainage de "
    return [mentee, verb, mentor, "."], []


@sentence("pairing.active", "pairing.declined", "pairing.completed", "pairing.stopped")
def _pairing_state(c: Context):
    link = c.names.pairing(_pairing_id(c))
    note = c.after.get("note")
    details = [("Motif", readable(note))] if note else []
    action = c.entry.action
    if action == "pairing.active":
        return ["Le parrainage ", link, " a commencé : les deux SCIC ont accepté."], details
    if action == "pairing.declined":
        return ["La proposition de parrainage ", link, " est refusée."], details
    verb = "terminé" if action == "pairing.completed" else "arrêté"
    return [c.subject, f" a {verb} le parrainage ", link, "."], details


@sentence("pair.reject", "pair.reject_lifted")
def _reject(c: Context):
    rejection = c.obj
    mentee_id = c.after.get("mentee_id") or getattr(rejection, "mentee_id", None)
    mentor_id = c.after.get("mentor_id") or getattr(rejection, "mentor_id", None)
    pair = [c.names.org(mentee_id), " – ", c.names.org(mentor_id)]
    if c.entry.action == "pair.reject":
        details = [("Motif", readable(c.after.get("reason")))] if c.after.get("reason") else []
        return [c.subject, " a écarté le binôme ", *pair, " : il ne sera plus suggéré."], details
    return [c.subject, " a levé la mise à l'écart du binôme ", *pair, "."], []


# Follow-up ----------------------------------------------------------------------------------


@sentence("followup.create")
def _followup(c: Context):
    after = c.after
    details = [
        ("Date", _day(after.get("held_on"))),
        ("Format", readable(after.get("format"), "format")),
    ]
    hours = _decimal(after.get("volunteer_hours"))
    if hours is not None:
        details.append(("Bénévolat", format_hours(hours)))
    actions = after.get("actions") or []
    if actions:
        details.append(("Actions décidées", plural(len(actions), "action")))
    if after.get("needs_met"):
        needs = [c.names.get(Need, i) for i in after["needs_met"]]
        themes = [THEMES.get(n.theme_code, n.theme_code) for n in needs if n is not None]
        details.append(("Besoins satisfaits", _list(themes) if themes else "—"))
    pieces = [c.subject, " a noté une rencontre du parrainage "]
    return [*pieces, c.names.pairing(_pairing_id(c)), "."], details


def _meeting_day(c: Context) -> str:
    """The meeting's date once corrected (kept in the entry as ``meeting_on``)."""
    return _day(c.after.get("meeting_on") or c.after.get("held_on"))


@sentence("followup.correct")
def _followup_correct(c: Context):
    fields = fields_fr(changed_keys(c.before, c.after, FOLLOWUP_FIELDS), FOLLOWUP_FIELDS)
    pieces = [c.subject, f" a corrigé la rencontre du {_meeting_day(c)} du parrainage "]
    pieces += [c.names.pairing(_pairing_id(c)), f" : {fields}." if fields else "."]
    return pieces, details_fr(c.before, c.after, FOLLOWUP_FIELDS, c.names)


@sentence("followup_action.done")
def _action_done(c: Context):
    action = c.obj
    label = f"« {shorten(action.description, 80)} »" if action else "de suivi"
    followup = c.names.get(FollowUp, getattr(action, "followup_id", None))
    pairing_id = c.after.get("pairing_id") or getattr(followup, "pairing_id", None)
    pieces = [c.subject, f" a marqué comme faite l'action {label} du parrainage "]
    return [*pieces, c.names.pairing(pairing_id), "."], []


@sentence("pairing.evaluate")
def _evaluate(c: Context):
    after = c.after
    details = []
    if isinstance(after.get("satisfaction"), int):
        details.append(("Satisfaction", f"{after['satisfaction']} sur 5"))
    org = c.names.org(after.get("organisation_id"))
    pieces = [org, " a donné son bilan du parrainage ", c.names.pairing(_pairing_id(c)), "."]
    return pieces, details


def _reminder_reason(key: str, names: Names) -> str:
    kind, _, rest = str(key).partition(":")
    if kind in ("late", "nudge"):
        since = rest.rpartition(":")[2]
        state = "en retard" if kind == "late" else "à relancer"
        return f"{state} (sans rencontre notée depuis le {_day(since)})"
    if kind == "action":
        action = names.get(FollowUpAction, int(rest)) if rest.isdigit() else None
        if action is not None:
            return f"action « {shorten(action.description, 60)} » en retard"
        return "une action en retard"
    if kind == "manual":
        return "relance demandée par la coordination"
    return "autre raison"


@sentence("pairing.reminder")
def _reminder(c: Context):
    reasons = [_reminder_reason(key, c.names) for key in c.after.get("reasons") or []]
    details = [("Raisons", _list(reasons) if reasons else "—")]
    if isinstance(c.after.get("recipients"), int):
        details.append(("Envoyée à", plural(c.after["recipients"], "destinataire")))
    pieces = ["Une relance automatique a été envoyée pour le parrainage "]
    return [*pieces, c.names.pairing(_pairing_id(c)), "."], details


@sentence("pairing.reminder_manual")
def _reminder_manual(c: Context):
    reasons = [_reminder_reason(key, c.names) for key in c.after.get("reasons") or []]
    details = [("Raisons", _list(reasons) if reasons else "—")]
    if isinstance(c.after.get("recipients"), int):
        details.append(("Envoyée à", plural(c.after["recipients"], "destinataire")))
    pieces = [c.subject, " a relancé le parrainage ", c.names.pairing(_pairing_id(c))]
    return [*pieces, " (« Relancer maintenant »)."], details


# Groups and meetings ------------------------------------------------------------------------


@sentence("group.create")
def _group_create(c: Context):
    group = c.names.group(c.entry.object_id, c.after.get("name"))
    details = [("Membres", c.names.orgs(c.after.get("member_ids")))]
    return [c.subject, " a validé le groupe ", group, "."], details


@sentence("group.rename")
def _group_rename(c: Context):
    old, new = c.before.get("name") or "?", c.after.get("name") or "?"
    group = c.names.group(c.entry.object_id, new)
    return [c.subject, f" a renommé le groupe « {old} » en ", group, "."], []


@sentence("group.member_add", "group.member_remove")
def _group_member(c: Context):
    group = c.names.group(c.entry.object_id)
    org = c.names.org(c.after.get("organisation_id"))
    if c.entry.action == "group.member_add":
        return [c.subject, " a ajouté ", org, " au groupe ", group, "."], []
    details = []
    if "contact_user_id" in c.after:
        details.append(("Personne de contact", "retirée (elle était de cette organisation)"))
    return [c.subject, " a retiré ", org, " du groupe ", group, "."], details


@sentence("group.contact")
def _group_contact(c: Context):
    group = c.names.group(c.entry.object_id)
    new = c.after.get("contact_user_id")
    if new is None:
        return [c.subject, " a retiré la personne de contact du groupe ", group, "."], []
    person = c.names.user(new)
    return [c.subject, f" a désigné {person} comme personne de contact du groupe ", group, "."], []


@sentence("group.archive")
def _group_archive(c: Context):
    return [c.subject, " a archivé le groupe ", c.names.group(c.entry.object_id), "."], []


@sentence("meeting.create", "meeting.import")
def _meeting(c: Context):
    if c.entry.object_type == "NetworkAction":
        return _action_imported(c)
    after = c.after
    group_id = after.get("group_id") or getattr(c.obj, "group_id", None)
    title = f"« {shorten(after.get('title') or '', 80)} »"
    details = [
        ("Date", _day(after.get("held_on"))),
        ("Type", readable(after.get("kind"), "kind")),
    ]
    if after.get("host_id"):
        details.append(("Accueil", c.names.org(after["host_id"]).text))
    if after.get("participant_ids"):
        details.append(("Organisations présentes", c.names.orgs(after["participant_ids"])))
    hours = _decimal(after.get("volunteer_hours"))
    if hours:
        details.append(("Bénévolat", format_hours(hours)))
    verb = (
        " a noté la rencontre "
        if c.entry.action == "meeting.create"
        else " a importé la rencontre "
    )
    where = [" du groupe ", c.names.group(group_id)] if group_id else [" du réseau"]
    return [c.subject, verb, title, *where, "."], details


@sentence("meeting.correct")
def _meeting_correct(c: Context):
    group_id = c.after.get("group_id") or getattr(c.obj, "group_id", None)
    where = [" du groupe ", c.names.group(group_id)] if group_id else [" du réseau"]
    fields = fields_fr(changed_keys(c.before, c.after, MEETING_FIELDS), MEETING_FIELDS)
    title = shorten(c.after.get("meeting_title") or c.after.get("title") or "", 80)
    pieces = [c.subject, f" a corrigé la rencontre « {title} » du {_meeting_day(c)}", *where]
    pieces.append(f" : {fields}." if fields else ".")
    return pieces, details_fr(c.before, c.after, MEETING_FIELDS, c.names)


# Actions of the register --------------------------------------------------------------------


def _action_value(value, key: str, names: Names) -> str:
    """An action's field as French text: labels for codes, names for ids."""
    if key == "axis" and isinstance(value, int):
        return f"axe {value}"
    if key in ("held_on", "ends_on"):
        return _day(value)
    if key in ("host_ids", "partner_ids"):
        return names.orgs(value) if value else "—"
    if key == "audience" and isinstance(value, list):
        return _list([AUDIENCES.get(code, "?") for code in value]) if value else "—"
    labels = {"kind": ACTION_KINDS, "status": ACTION_STATUSES}.get(key)
    if labels and isinstance(value, str):
        return labels.get(value, value)
    return readable(value, key)


def _action_facts(c: Context, data: dict) -> list[tuple[str, str]]:
    facts = []
    keys = ("held_on", "kind", "status", "commune_insee", "place_label", "host_ids", "audience")
    for key in keys:
        if data.get(key) not in (None, "", []):
            facts.append((ACTION_FIELDS[key], _action_value(data[key], key, c.names)))
    if data.get("outside_hosts"):
        facts.append(("Accueil (hors réseau)", readable(data["outside_hosts"])))
    return facts


def _action_imported(c: Context):
    title = c.names.action(c.entry.object_id, c.after.get("title"))
    return [c.subject, " a importé la rencontre ", title, " du réseau."], _action_facts(c, c.after)


@sentence("action.create")
def _action_create(c: Context):
    title = c.names.action(c.entry.object_id, c.after.get("title"))
    axis = c.after.get("axis")
    return [c.subject, " a enregistré l'action ", title, f" (axe {axis})."], _action_facts(
        c, c.after
    )


@sentence("action.update")
def _action_update(c: Context):
    title = c.names.action(c.entry.object_id, c.after.get("title"))
    details = changes(c.before, c.after, ACTION_FIELDS, lambda v, k: _action_value(v, k, c.names))
    return [c.subject, " a modifié l'action ", title, "."], details


@sentence("action.delete")
def _action_delete(c: Context):
    title = c.names.action(None, c.before.get("title"))
    details = [("Date", _day(c.before.get("held_on")))]
    if c.before.get("documents"):
        details.append(("Pièces supprimées avec elle", format_number(c.before["documents"])))
    return [c.subject, " a supprimé l'action ", title, "."], details


@sentence("action_document.add", "action_document.remove")
def _action_document(c: Context):
    data = c.after if c.entry.action == "action_document.add" else c.before
    kind = DOCUMENT_KINDS.get(data.get("kind"), "pièce").lower()
    action = c.names.action(data.get("action_id"))
    if c.entry.action == "action_document.remove":
        return [c.subject, f" a retiré une pièce ({kind}) de l'action ", action, "."], []
    details = [("Format", DOCUMENT_TYPES.get(data.get("content_type"), "?"))]
    return [c.subject, f" a joint une pièce ({kind}) à l'action ", action, "."], details


# Help requests ------------------------------------------------------------------------------


@sentence("help_request.create")
def _help_create(c: Context):
    org = c.names.org(c.after.get("organisation_id"))
    details = [("Thème", readable(c.after.get("theme"), "theme"))]
    notified = c.after.get("notified")
    if isinstance(notified, list):
        ids = [n.get("organisation_id") for n in notified if isinstance(n, dict)]
        details.append(
            ("Prévenues", c.names.orgs(ids) if ids else "aucune organisation ne proposait d'aide")
        )
    request = c.names.help_request(c.entry.object_id, c.after.get("title"))
    return [org, " a lancé l'appel à l'entraide ", request, "."], details


@sentence("help_answer.create")
def _help_answer(c: Context):
    org = c.names.org(c.after.get("organisation_id") or getattr(c.obj, "organisation_id", None))
    request_id = c.after.get("request_id") or getattr(c.obj, "request_id", None)
    return [org, " a répondu à l'appel à l'entraide ", c.names.help_request(request_id), "."], []


@sentence("help_request.notify_offerer")
def _help_notify_offerer(c: Context):
    org = c.names.org(c.after.get("organisation_id"))
    request = c.names.help_request(c.entry.object_id)
    return [
        org,
        " a été prévenue de l'appel à l'entraide ",
        request,
        " : elle propose désormais de l'aide sur ce thème.",
    ], []


@sentence("help_request.relay")
def _help_relay(c: Context):
    details = []
    ids = c.after.get("organisation_ids")
    if isinstance(ids, list) and ids:
        details.append(("Organisations prévenues", c.names.orgs(ids)))
    if c.after.get("outside_contact"):
        details.append(("Contact extérieur", readable(c.after.get("outside_contact"))))
    if c.after.get("note"):
        details.append(("Note", readable(c.after.get("note"))))
    request = c.names.help_request(c.entry.object_id)
    return [c.subject, " a relayé l'appel à l'entraide ", request, "."], details


@sentence("help_request.close")
def _help_close(c: Context):
    outcome = "résolu" if c.after.get("solved") else "non résolu"
    details = [("Note", readable(c.after.get("note")))] if c.after.get("note") else []
    request = c.names.help_request(c.entry.object_id)
    return [c.subject, " a clos l'appel à l'entraide ", request, f" ({outcome})."], details


# Accounts -----------------------------------------------------------------------------------


@sentence("user.create")
def _user_create(c: Context):
    person = c.names.user(c.entry.object_id)
    role = readable(c.after.get("role"), "role")
    details = [("Rôle", role)]
    if c.after.get("organisation_id"):
        details.append(("Organisation", c.names.org(c.after["organisation_id"]).text))
    return [c.subject, f" a créé le compte de {person}."], details


@sentence("pairing.update")
def _pairing_visible_reason(c: Context):
    link = c.names.pairing(_pairing_id(c))
    if c.after.get("visible_reason"):
        details = [("Motif", shorten(c.after["visible_reason"], 200))]
        text = " a donné aux deux SCIC le motif de la fin du parrainage "
        return [c.subject, text, link, "."], details
    return [c.subject, " a retiré le motif visible du parrainage ", link, "."], []


@sentence("user.activate", "user.deactivate")
def _user_active(c: Context):
    verb = "réactivé" if c.entry.action == "user.activate" else "désactivé"
    return [c.subject, f" a {verb} le compte de {c.names.user(c.entry.object_id)}."], []


@sentence("user.update")
def _user_update(c: Context):
    # The entry names what changed, never the values (a phone number stays on the account).
    fields = {"name": "le nom", "phone": "le numéro de téléphone"}
    changed = [fields[f] for f in c.after.get("changed") or [] if f in fields]
    contact = c.after.get("entraide_contact")
    if contact != c.before.get("entraide_contact"):
        changed.append(
            "se déclare personne de contact pour l'entraide"
            if contact
            else "n'est plus personne de contact pour l'entraide"
        )
    what = _list(changed) if changed else "son compte"
    return [c.subject, f" a modifié son compte : {what}."], []


@sentence("user.erase")
def _user_erase(c: Context):
    # The account is pseudonymised: its number is all the entry keeps.
    text = f" a effacé les données personnelles du compte n° {c.entry.object_id} (RGPD)."
    return [c.subject, text], []


# Settings and report ------------------------------------------------------------------------


@sentence("matching.settings")
def _matching_settings(c: Context):
    def value(v, _key):
        return format_number(v) if isinstance(v, int | float) else readable(v)

    details = changes(c.before, c.after, SETTING_LABELS, value)
    return [c.subject, " a modifié les réglages du rapprochement."], details


@sentence("report.hourly_rate")
def _hourly_rate(c: Context):
    old, new = _decimal(c.before.get("hourly_rate")), _decimal(c.after.get("hourly_rate"))
    details = [("Ancien taux", format_euros(old))] if old is not None else []
    return [c.subject, f" a fixé le taux horaire du bénévolat à {format_euros(new)}."], details


@sentence("branding.logo_set", "branding.logo_removed")
def _logo(c: Context):
    if c.entry.action == "branding.logo_removed":
        return [c.subject, " a retiré le logo du Département du bilan."], []
    after = c.after or {}
    kind = {"image/png": "PNG", "image/svg+xml": "SVG"}.get(after.get("media_type"), "image")
    verb = "remplacé" if c.before else "enregistré"
    details = [("Texte de remplacement", readable(after.get("alt_text")))]
    return [c.subject, f" a {verb} le logo du Département du bilan ({kind})."], details


@sentence("report.aid", "report.aid_removed")  # retired actions: entries before 0019
def _aid(c: Context):
    data = c.after or c.before
    year, amount = data.get("year", "?"), _decimal(data.get("amount"))
    if c.entry.action == "report.aid":
        details = []
        if c.before.get("amount") is not None:
            details.append(("Montant précédent", format_euros(_decimal(c.before["amount"]))))
        text = f" a enregistré l'aide du Département pour {year} : {format_euros(amount)}."
        return [c.subject, text], details
    text = f" a retiré le montant de l'aide du Département pour {year} ({format_euros(amount)})."
    return [c.subject, text], []


# Conventions and their financial statement --------------------------------------------------


def _convention(c: Context) -> Piece:
    """« la convention n° 2024-03658 », linked while it exists."""
    reference = (c.after or {}).get("reference") or (c.before or {}).get("reference")
    if isinstance(c.obj, Convention):
        return Piece(
            f"la convention n° {c.obj.reference}",
            c.names._link(c.obj, "conventions.show", convention_id=c.obj.id),
        )
    return Piece(f"la convention n° {reference or '?'}")


def _convention_value(value, key: str) -> str:
    if key in ("aid_amount",):
        return format_euros(_decimal(value)) if value is not None else "—"
    if key in (
        "decided_on",
        "period_start",
        "period_end",
        "report_due",
        "extension_before",
        "report_sent_on",
    ):
        return _day(value)
    return readable(value, key)


@sentence("convention.create", "convention.update", "convention.delete")
def _convention_change(c: Context):
    action = c.entry.action
    if action == "convention.create":
        data = c.after
        text = (
            f" : {data.get('title', '')}, {format_euros(_decimal(data.get('aid_amount')))}, "
            f"du {_day(data.get('period_start'))} au {_day(data.get('period_end'))}."
        )
        return [c.subject, " a enregistré ", _convention(c), text], []
    if action == "convention.delete":
        return [c.subject, " a supprimé ", _convention(c), " et son bilan financier."], []
    details = changes(c.before, c.after, CONVENTION_FIELDS, _convention_value)
    return [c.subject, " a corrigé ", _convention(c), "."], details


@sentence("convention.reminder")
def _convention_reminder(c: Context):
    data = c.after
    what = (
        "bilan final à remettre"
        if data.get("kind") == "report"
        else ("prolongation à demander avant le")
    )
    days = data.get("days_left")
    when = plural(days, "jour") if isinstance(days, int) else "?"
    details = [("Destinataires", str(data.get("recipients", "?")))]
    text = f" : {what} {'le ' if data.get('kind') == 'report' else ''}{_day(data.get('day'))}"
    return [
        "Un rappel d'échéance a été envoyé à la coordination pour ",
        _convention(c),
        f"{text} (dans {when}).",
    ], details


_STATEMENT_FIELDS = {"budget": "prévisionnel", "actual": "réalisé", "explanation": "explication"}


def _statement_change_value(field: str, value) -> str:
    if field == "explanation":
        return f"« {shorten(value, 80)} »" if value else "—"
    return format_euros(_decimal(value)) if value is not None else "—"


def _account_of(account) -> str:
    return "des charges indirectes" if account == "indirect" else f"du compte {account}"


@sentence("statement.update")
def _statement_update(c: Context):
    count = c.after.get("lines", 0)
    details = []
    for change in (c.after.get("changes") or [])[:20]:
        if isinstance(change, list | tuple) and len(change) == 4:
            line, field, old, new = change
            label = f"{line} ({_STATEMENT_FIELDS.get(field, field)})"
            details.append(
                (
                    label,
                    f"{_statement_change_value(field, old)} → "
                    f"{_statement_change_value(field, new)}",
                )
            )
    lines = plural(count, "ligne") if isinstance(count, int) else "des lignes"
    return [c.subject, " a saisi le bilan financier de ", _convention(c), f" ({lines})."], details


@sentence("statement.line_add", "statement.line_remove")
def _statement_line(c: Context):
    data = c.after or c.before
    label, account = data.get("label", "?"), _account_of(data.get("account", "?"))
    if c.entry.action == "statement.line_add":
        text = f" a ajouté la sous-ligne « {label} » {account} au bilan financier de "
    else:
        text = f" a retiré la sous-ligne « {label} » {account} du bilan financier de "
    return [c.subject, text, _convention(c), "."], []


@sentence("statement.final", "statement.reopen")
def _statement_status(c: Context):
    if c.entry.action == "statement.final":
        return [c.subject, " a marqué définitif le bilan financier de ", _convention(c), "."], []
    return [c.subject, " a repassé en brouillon le bilan financier de ", _convention(c), "."], []


@sentence("report.highlight_added", "report.highlight_removed")
def _highlight(c: Context):
    year = (c.after or c.before).get("year", "?")
    if c.entry.action == "report.highlight_added":
        return [c.subject, f" a retenu un témoignage pour le bilan {year}."], []
    return [c.subject, f" a retiré un témoignage du bilan {year}."], []


@sentence("report.highlight_updated")
def _highlight_updated(c: Context):
    year = c.after.get("year", "?")
    if c.after.get("text_changed"):
        text = (
            f" a modifié le texte d'un témoignage du bilan {year} : son approbation est redemandée."
        )
    else:
        text = f" a enregistré un témoignage du bilan {year} sans changer son texte."
    return [c.subject, text], []


_ANSWERS = {
    "approved": "approuvé",
    "approved_anonymous": "approuvé sans son nom",
    "refused": "refusé",
}


@sentence("report.highlight_answer")
def _highlight_answer(c: Context):
    answer = _ANSWERS.get(c.after.get("status"), "?")
    org = c.names.org(c.after.get("organisation_id"))
    year = c.after.get("year", "?")
    return [c.subject, " a ", answer, " pour ", org, f" un témoignage du bilan {year}."], []


@sentence("report.sent", "report.reopened")
def _report_sent(c: Context):
    year = (c.after or c.before).get("year", "?")
    if c.entry.action == "report.sent":
        return [c.subject, f" a marqué le bilan {year} comme envoyé au Département."], []
    return [c.subject, f" a rouvert le bilan {year} après son envoi."], []


@sentence("territory.commune")
def _territory_commune(c: Context):
    commune = c.after.get("commune") or c.before.get("commune") or "?"
    old, new = c.before.get("territory"), c.after.get("territory")
    details = [("Territoire précédent", old)] if old else []
    return [c.subject, f" a placé la commune {commune} dans le territoire {new}."], details


@sentence("territory.file", "territory.reset")
def _territory_table(c: Context):
    changes = c.after.get("changes") or []
    details = [
        (str(change[1]), f"{change[2] or 'aucun'} → {change[3] or 'aucun'}")
        for change in changes[:20]
        if isinstance(change, list | tuple) and len(change) == 4
    ]
    count = plural(len(changes), "commune changée", "communes changées")
    if c.entry.action == "territory.file":
        mode = "remplaçant" if c.after.get("mode") == "replace" else "complétant"
        text = f" a chargé un fichier de territoires ({mode} la table) : {count}."
        return [c.subject, text], details
    return [c.subject, f" a remis la table des territoires à l'hypothèse : {count}."], details


@sentence("sponsor_request.create")
def _sponsor_request(c: Context):
    mentee, mentor = c.names.org(c.after.get("mentee_id")), c.names.org(c.after.get("mentor_id"))
    if c.after.get("kind") == "offer":
        return [c.subject, " a proposé l'aide de ", mentor, " à ", mentee, "."], []
    return [c.subject, " a demandé que ", mentor, " parraine ", mentee, "."], []


@sentence(
    "sponsor_request.withdraw",
    "sponsor_request.decline",
    "sponsor_request.accept",
    "sponsor_request.supersede",
)
def _sponsor_request_outcome(c: Context):
    verb = {
        "sponsor_request.withdraw": " a retiré une demande de parrainage.",
        "sponsor_request.decline": " a refusé une demande de parrainage.",
        "sponsor_request.accept": " a validé une demande de parrainage.",
        "sponsor_request.supersede": " a classé sans suite une demande de parrainage.",
    }[c.entry.action]
    details = [("Motif", shorten(c.after.get("reason"), 200))] if c.after.get("reason") else []
    return [c.subject, verb], details


@sentence("outbox.retry")
def _outbox_retry(c: Context):
    attempts = c.before.get("attempts")
    details = [("Essais déjà faits", str(attempts))] if attempts is not None else []
    return [c.subject, " a remis en file d'envoi un courriel qui n'était pas parti."], details


def _pieces(parts: list) -> list[Piece]:
    return [part if isinstance(part, Piece) else Piece(str(part)) for part in parts]


def describe(entries: list[AuditEntry], viewer) -> list[Line]:
    """The sentences of a page of entries, in the same order."""
    names = Names(entries, viewer)
    lines = []
    for entry in entries:
        function = SENTENCES.get(entry.action)
        context = Context(entry, names)
        if function is None:
            lines.append(Line(entry, _pieces([context.subject, f" : {entry.action}"]), [], False))
            continue
        parts, details = function(context)
        lines.append(Line(entry, _pieces(parts), details))
    return lines


@sentence("report.narrative")
def _narrative(c: Context):
    year, axis = c.before.get("year"), c.before.get("axis")
    return [c.subject, f" a rédigé le texte de l'axe {axis} du bilan {year}."], []
