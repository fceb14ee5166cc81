"""State changes of the actions register: record, correct, delete an action; add and
remove its documents. Flush and audit, never commit; refuse with UserError."""

import logging
from dataclasses import dataclass, field
from datetime import date

from ..core.errors import UserError
from ..core.extensions import db
from ..core.locks import lock, lock_at_version, lock_shared
from ..geo.gazetteer import get_gazetteer
from ..models import ActionAudience, ActionDocument, ActionOrganisation, NetworkAction
from ..models.action import (
    ACTION_KINDS,
    ACTION_STATUSES,
    AUDIENCES,
    AXES,
    DOCUMENT_KINDS,
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
)
from ..models.audit import record
from ..text import format_number
from . import files, storage

log = logging.getLogger(__name__)

MAX_COUNT = 1_000_000
OUTSIDE_NAME_MAX = 120
OUTSIDE_TOTAL_MAX = 2000


@dataclass
class ActionData:
    """What a form (or the history file) says about an action."""

    axis: int
    kind: str
    title: str
    held_on: date
    status: str = "planned"
    ends_on: date | None = None
    month_only: bool = False
    commune_insee: str | None = None
    place_label: str = ""
    hosts: list = field(default_factory=list)  # Organisation rows
    partners: list = field(default_factory=list)
    outside_hosts: list[str] = field(default_factory=list)
    outside_partners: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    people_count: int | None = None
    organisations_count: int | None = None
    account: str = ""


def _refuse(message: str) -> None:
    raise UserError(message, 422)


def _check_outside(names: list[str], label: str) -> str:
    for name in names:
        if len(name) > OUTSIDE_NAME_MAX:
            _refuse(f"{label} : un nom dépasse {OUTSIDE_NAME_MAX} caractères (« {name[:40]}… »).")
    joined = "; ".join(names)
    if len(joined) > OUTSIDE_TOTAL_MAX:
        _refuse(f"{label} : {format_number(OUTSIDE_TOTAL_MAX)} caractères au plus en tout.")
    return joined


def check(data: ActionData, today: date | None = None) -> None:
    """The rules of an action, whoever enters it (form, history file, command)."""
    today = today or date.today()
    title = " ".join((data.title or "").split())
    if not title:
        _refuse("Donnez un titre à l'action.")
    if len(title) > 200:
        _refuse("Le titre fait 200 caractères au plus.")
    if data.axis not in AXES:
        _refuse("Choisissez l'axe de la convention (1 à 4).")
    if data.kind not in ACTION_KINDS:
        _refuse("Type d'action inconnu.")
    if data.status not in ACTION_STATUSES:
        _refuse("Statut inconnu : prévue, réalisée ou annulée.")
    if data.ends_on is not None and data.ends_on < data.held_on:
        _refuse("La date de fin ne peut pas précéder la date de début.")
    if data.status == "held" and (data.ends_on or data.held_on) > today:
        _refuse(
            "Une action réalisée ne peut pas être datée dans le futur : "
            "choisissez le statut « Prévue » ou corrigez la date."
        )
    if data.commune_insee and get_gazetteer().by_insee(data.commune_insee) is None:
        _refuse("Commune inconnue : choisissez une commune du Pas-de-Calais.")
    if len(data.place_label or "") > 200:
        _refuse("Le lieu fait 200 caractères au plus.")
    for count, label in (
        (data.people_count, "personnes présentes"),
        (data.organisations_count, "organisations présentes"),
    ):
        if count is not None and not 0 <= count <= MAX_COUNT:
            _refuse(f"Le nombre de {label} doit être compris entre 0 et 1 000 000.")
    if set(data.audience) - set(AUDIENCES):
        _refuse("Public inconnu.")
    both = {o.id for o in data.hosts} & {o.id for o in data.partners}
    if both:
        _refuse("Une organisation ne peut pas être à la fois accueillante et partenaire.")
    if len(data.account or "") > 5000:
        _refuse("Le compte rendu fait 5 000 caractères au plus.")


def snapshot(action: NetworkAction) -> dict:
    """What the audit trail keeps of an action (codes and ids; the journal names them)."""
    return {
        "axis": action.axis,
        "kind": action.kind,
        "title": action.title,
        "status": action.status,
        "held_on": action.held_on.isoformat(),
        "ends_on": action.ends_on.isoformat() if action.ends_on else None,
        "commune_insee": action.commune_insee,
        "place_label": action.place_label,
        "host_ids": sorted(o.id for o in action.host_organisations),
        "partner_ids": sorted(o.id for o in action.partner_organisations),
        "outside_hosts": action.outside_hosts,
        "outside_partners": action.outside_partners,
        "audience": action.audience,
        "people_count": action.people_count,
        "organisations_count": action.organisations_count,
    }


def _apply(action: NetworkAction, data: ActionData) -> None:
    action.axis = data.axis
    action.kind = data.kind
    action.title = " ".join(data.title.split())
    action.status = data.status
    action.held_on = data.held_on
    action.ends_on = data.ends_on
    action.month_only = data.month_only
    action.commune_insee = data.commune_insee or None
    action.place_label = " ".join((data.place_label or "").split())
    action.outside_hosts = _check_outside(data.outside_hosts, "Structures qui accueillent")
    action.outside_partners = _check_outside(data.outside_partners, "Partenaires extérieurs")
    action.people_count = data.people_count
    action.organisations_count = data.organisations_count
    action.account = (data.account or "").strip()
    links = [ActionOrganisation(organisation=o, role="host") for o in data.hosts]
    links += [ActionOrganisation(organisation=o, role="partner") for o in data.partners]
    # Replace the links and publics: the old rows go before the new ones are inserted.
    action.links = []
    action.audience_rows = []
    if action.id is not None:
        db.session.flush()
    action.links = links
    action.audience_rows = [ActionAudience(audience=code) for code in dict.fromkeys(data.audience)]


def create_action(actor, data: ActionData, imported: bool = False) -> NetworkAction:
    """Record an action of the register (``imported``: from the history file)."""
    check(data)
    action = NetworkAction(created_by_id=getattr(actor, "id", None))
    _apply(action, data)
    db.session.add(action)
    db.session.flush()
    record(actor, action, "meeting.import" if imported else "action.create", after=snapshot(action))
    log.info("action %s recorded (axis %s)", action.id, action.axis)
    return action


GONE_MESSAGE = "Cette action vient d'être supprimée."
STALE_MESSAGE = (
    "L'action a été modifiée par quelqu'un d'autre depuis l'ouverture de la page : rien "
    "n'a été enregistré. Rechargez la page pour voir ses nouvelles valeurs."
)


def update_action(
    action: NetworkAction, actor, data: ActionData, version: int | None = None
) -> NetworkAction:
    """Correct an action (every field); the journal keeps before and after.

    ``version``: the one the form was filled from. Two coordinators correcting the same
    action: the second save is refused (409), not written over the first one."""
    check(data)
    lock_at_version(action, version, GONE_MESSAGE, STALE_MESSAGE)
    before = snapshot(action)
    _apply(action, data)
    db.session.flush()
    after = snapshot(action)
    if after != before:
        record(actor, action, "action.update", before=before, after=after)
    return action


def delete_action(action: NetworkAction, actor) -> None:
    """Delete an action entered by mistake, with its documents (files once committed).

    The action's row is locked first and its documents read after: a document uploaded
    at the same moment is either committed before (its file is deleted too) or refused
    after (``add_document`` finds the action gone), never left on disk without its row."""
    if lock(action) is None:
        raise UserError(GONE_MESSAGE, 404)
    before = snapshot(action)
    documents = db.session.scalars(
        db.select(ActionDocument).filter_by(action_id=action.id).order_by(ActionDocument.id)
    ).all()
    before["documents"] = len(documents)
    for document in documents:
        storage.delete_after_commit(document.stored_name)
    record(actor, action, "action.delete", before=before)
    db.session.delete(action)
    db.session.flush()


def _size(size: int) -> str:
    return f"{format_number(round(size / (1024 * 1024), 1))} Mo"


def check_document(kind: str, filename: str, data: bytes) -> str:
    """The document's real type; refuses, in French, what may not be kept."""
    if kind not in DOCUMENT_KINDS:
        _refuse("Choisissez le type de pièce.")
    if not filename:
        _refuse("Le fichier envoyé n'a pas de nom.")
    if not data:
        _refuse(f"Le fichier « {filename} » est vide.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UserError(
            f"Le fichier « {filename} » dépasse 10 Mo ({_size(len(data))}) : réduisez-le "
            "(PDF compressé, photo moins lourde) puis recommencez. Rien n'a été enregistré.",
            413,
        )
    announced = files.announced_type(filename)
    if announced is None:
        _refuse(
            f"« {filename} » n'est pas accepté : une pièce est un PDF, une image PNG ou JPEG "
            "(extension .pdf, .png, .jpg ou .jpeg)."
        )
    actual = files.sniff(data)
    if actual is None:
        _refuse(
            f"Le contenu de « {filename} » n'est ni un PDF, ni une image PNG ou JPEG, "
            "malgré son extension : fichier refusé."
        )
    if actual != announced:
        _refuse(
            f"« {filename} » est annoncé comme {DOCUMENT_TYPES[announced]} mais contient "
            f"un {DOCUMENT_TYPES[actual]} : renommez-le avec la bonne extension."
        )
    if kind == "photo" and actual == "application/pdf":
        _refuse("Une photo est une image PNG ou JPEG, pas un PDF.")
    return actual


def add_document(
    action: NetworkAction, actor, kind: str, filename: str | None, data: bytes
) -> ActionDocument:
    """Keep a pièce justificative: checked first, then written under a random name.

    A shared lock on the action (several uploads may go at once) makes its deletion wait
    for this upload's commit; an action deleted meanwhile is refused (404), before the
    file is written."""
    name = files.clean_filename(filename)
    content_type = check_document(kind, name, data)
    if lock_shared(action) is None:
        raise UserError(GONE_MESSAGE, 404)
    stored = storage.save(data, files.STORED_EXTENSIONS[content_type])
    document = ActionDocument(
        action=action,
        kind=kind,
        original_name=name,
        stored_name=stored,
        content_type=content_type,
        size_bytes=len(data),
        uploaded_by_id=getattr(actor, "id", None),
    )
    db.session.add(document)
    db.session.flush()
    record(
        actor,
        document,
        "action_document.add",
        after={
            "action_id": action.id,
            "kind": kind,
            "content_type": content_type,
            "size_bytes": len(data),
        },
    )
    return document


def remove_document(document: ActionDocument, actor) -> None:
    """Remove a pièce (its file goes once the removal is committed)."""
    record(
        actor,
        document,
        "action_document.remove",
        before={"action_id": document.action_id, "kind": document.kind},
    )
    storage.delete_after_commit(document.stored_name)
    db.session.delete(document)
    db.session.flush()
