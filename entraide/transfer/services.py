"""Importing a file in two steps: a plan that writes nothing, then applying that plan.

:func:`plan_import` reads and validates the file and compares each row with the database:
« nouvelle », « mise à jour » (which fields, from what to what, which needs and offers are
added) or « inchangée ». It writes nothing. :func:`apply_plan` does exactly what the plan
says, through the organisation and declaration services, so each change has its audit
entry; it flushes only, the caller commits. :attr:`ImportPlan.digest` fingerprints the plan,
so that a confirmation can check that the plan it applies is the one the coordinator saw.

All or nothing: a plan with one error applies nothing.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.extensions import db
from ..declarations.services import declare_need, declare_offer
from ..geo.gazetteer import get_gazetteer
from ..models import Need, Offer, Organisation, Theme
from ..organisations.services import create_organisation, update_organisation
from ..themes import SECTORS, STATUSES
from .parsing import OrgRow, RowError, parse_file

log = logging.getLogger(__name__)

_CHUNK = 500  # bound parameters per IN (...) query, well under every database's limit

# Profile fields as the preview names them.
FIELD_LABELS = {
    "commune_insee": "commune",
    "latitude": "latitude",
    "longitude": "longitude",
    "town_label": "ville",
    "status": "statut",
    "sector": "secteur",
    "year_created": "année de création",
    "member_since": "membre depuis",
    "mentor_capacity": "capacité de parrainage",
    "in_difficulty": "en difficulté",
    "contact_email": "courriel de contact",
}


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    needs_added: int = 0
    offers_added: int = 0

    def sentence(self) -> str:
        """The summary in French, e.g. for a flash message or the command's output."""
        return (
            f"{count_words(self.created, 'organisation créée', 'organisations créées')}, "
            f"{count_words(self.updated, 'mise à jour', 'mises à jour')}, "
            f"{count_words(self.unchanged, 'inchangée', 'inchangées')} ; "
            f"{count_words(self.needs_added, 'besoin ajouté', 'besoins ajoutés')}, "
            f"{count_words(self.offers_added, 'offre ajoutée', 'offres ajoutées')}."
        )


@dataclass(frozen=True)
class Change:
    """One field of an existing organisation that the import changes."""

    field: str
    label: str
    before: str
    after: str


@dataclass
class PlannedRow:
    """What one line of the file does."""

    row: OrgRow
    action: str  # "create", "update" or "unchanged"
    organisation: Organisation | None = None
    changes: list[Change] = field(default_factory=list)
    needs: list[tuple[str, str]] = field(default_factory=list)  # (theme, text) to add
    offers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.row.line

    @property
    def name(self) -> str:
        return self.row.name


@dataclass
class ImportPlan:
    """The file's rows and what each does; or its errors. ``summary`` once applied."""

    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = ""
    encoding: str = ""
    summary: ImportSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def lines(self) -> int:
        return len(self.rows)

    def expected(self) -> ImportSummary:
        """The summary that applying the plan will give."""
        summary = ImportSummary()
        for planned in self.rows:
            if planned.action == "create":
                summary.created += 1
            elif planned.action == "update":
                summary.updated += 1
            else:
                summary.unchanged += 1
            summary.needs_added += len(planned.needs)
            summary.offers_added += len(planned.offers)
        return summary

    def of(self, action: str) -> list[PlannedRow]:
        return [planned for planned in self.rows if planned.action == action]

    @property
    def digest(self) -> str:
        """A fingerprint of everything the plan would write (and of its errors)."""
        content = [
            [
                p.line,
                p.row.key,
                p.action,
                p.organisation.id if p.organisation is not None else None,
                repr(sorted(p.row.profile().items())),
                [[c.field, c.before, c.after] for c in p.changes],
                p.needs,
                p.offers,
            ]
            for p in self.rows
        ] + [[e.line, e.column, e.message] for e in self.errors]
        encoded = json.dumps(content, ensure_ascii=False, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def theme_labels() -> dict[str, str]:
    """Code -> label of the themes that exist, in their order."""
    query = select(Theme.code, Theme.label).order_by(Theme.position, Theme.code)
    return dict(db.session.execute(query).all())


def plan_import(data: bytes) -> ImportPlan:
    """Read the file and say what importing it would do; write nothing."""
    themes = theme_labels()
    parsed = parse_file(data, themes)
    plan = ImportPlan(
        errors=parsed.errors,
        warnings=parsed.warnings,
        kind=parsed.kind,
        encoding=parsed.encoding,
    )
    if not parsed.ok:
        return plan
    existing = _existing_by_key([row.key for row in parsed.rows])
    plan.errors = [
        RowError(
            row.line,
            parsed.name_column,
            f"L'organisation « {existing[row.key].name} » est archivée : "
            "restaurez-la avant de l'importer.",
        )
        for row in parsed.rows
        if row.key in existing and existing[row.key].is_archived
    ]
    new_rows = [row for row in parsed.rows if row.key not in existing]
    twins = _existing_by_skeleton([row.skeleton for row in new_rows])
    plan.errors += [
        RowError(
            row.line,
            parsed.name_column,
            f"Ce nom ressemble trop à celui de « {twins[row.skeleton].name} » (lettres d'un "
            "autre alphabet ou chiffres à la place de lettres) : corrigez-le.",
        )
        for row in new_rows
        if row.skeleton in twins
    ]
    plan.errors.sort(key=lambda error: error.line)
    if plan.errors:
        return plan
    ids = [org.id for org in existing.values()]
    open_needs = _themes_by_org(Need, "open", ids)
    active_offers = _themes_by_org(Offer, "active", ids)
    for row in parsed.rows:
        org = existing.get(row.key)
        if org is None:
            plan.rows.append(
                PlannedRow(row, "create", needs=list(row.needs), offers=list(row.offers))
            )
            continue
        present_needs = open_needs.get(org.id, set())
        present_offers = active_offers.get(org.id, set())
        planned = PlannedRow(
            row,
            "update",
            organisation=org,
            changes=_changes(org, row.profile()),
            needs=[entry for entry in row.needs if entry[0] not in present_needs],
            offers=[entry for entry in row.offers if entry[0] not in present_offers],
        )
        if not (planned.changes or planned.needs or planned.offers):
            planned.action = "unchanged"
        plan.rows.append(planned)
    return plan


def apply_plan(plan: ImportPlan, actor) -> ImportSummary:
    """Write what ``plan`` says (flush only: the caller commits or rolls back)."""
    if not plan.ok:
        raise ValueError("a plan with errors is never applied")
    # No flush per row: audit entries wait for the final flush to learn the new ids.
    with db.session.no_autoflush:
        for planned in plan.rows:
            row = planned.row
            if planned.action == "create":
                org = create_organisation(actor, row.name, **row.profile())
            else:
                org = planned.organisation
                if planned.changes:
                    update_organisation(org, actor, **row.profile())
            for theme, text in planned.needs:
                declare_need(org, actor, theme, text)
            for theme, text in planned.offers:
                declare_offer(org, actor, theme, text)
    db.session.flush()
    plan.summary = plan.expected()
    log.info("import by user %s: %s", getattr(actor, "id", None), plan.summary)
    return plan.summary


def import_file(data: bytes, actor) -> ImportPlan:
    """Plan, then apply when the file has no error (the command's way, in one step)."""
    plan = plan_import(data)
    if plan.ok:
        apply_plan(plan, actor)
    return plan


def _changes(org: Organisation, profile: dict) -> list[Change]:
    changes = []
    for key, value in profile.items():
        current = getattr(org, key)
        if current != value:
            changes.append(Change(key, FIELD_LABELS[key], _shown(key, current), _shown(key, value)))
    return changes


def _shown(key: str, value) -> str:
    """A field's value as the preview shows it."""
    if value is None or value == "":
        return "—"
    if key == "commune_insee":
        commune = get_gazetteer().by_insee(value)
        return commune.label if commune else value
    if key == "status":
        return STATUSES.get(value, value)
    if key == "sector":
        return SECTORS.get(value, value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def _existing_by(column, values: list[str]) -> dict[str, Organisation]:
    """Organisations (archived included) whose ``column`` is one of ``values``, by value."""
    found: dict[str, Organisation] = {}
    for start in range(0, len(values), _CHUNK):
        query = select(Organisation).where(column.in_(values[start : start + _CHUNK]))
        found.update((getattr(org, column.key), org) for org in db.session.scalars(query))
    return found


def _existing_by_key(keys: list[str]) -> dict[str, Organisation]:
    return _existing_by(Organisation.name_key, keys)


def _existing_by_skeleton(skeletons: list[str]) -> dict[str, Organisation]:
    """Organisations whose name looks like one of ``skeletons``, by skeleton."""
    return _existing_by(Organisation.name_skeleton, skeletons)


def _themes_by_org(model, status: str, org_ids: list[int]) -> dict[int, set[str]]:
    """Themes of the open needs (or active offers) of these organisations."""
    themes: dict[int, set[str]] = {}
    for start in range(0, len(org_ids), _CHUNK):
        query = select(model.organisation_id, model.theme_code).where(
            model.status == status, model.organisation_id.in_(org_ids[start : start + _CHUNK])
        )
        for org_id, theme in db.session.execute(query):
            themes.setdefault(org_id, set()).add(theme)
    return themes


def count_words(number: int, singular: str, plural: str) -> str:
    # French: 0 and 1 take the singular.
    return f"{number} {singular if number <= 1 else plural}"
