"""Applying an imported file: create or update organisations, add needs and offers.

All or nothing: :func:`import_file` writes nothing when the file has an error, and the
caller (route or command) commits only a clean, non-simulated import; it rolls back
otherwise. Everything goes through the organisation and declaration services, so each
change has its audit entry.
"""

import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from ..core.extensions import db
from ..declarations.services import declare_need, declare_offer
from ..models import Need, Offer, Organisation, Theme
from ..organisations.services import create_organisation, snapshot, update_organisation
from .csv_format import OrgRow, RowError, parse_csv

log = logging.getLogger(__name__)

_CHUNK = 500  # bound parameters per IN (...) query, well under every database's limit


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
            f"{_count(self.created, 'organisation créée', 'organisations créées')}, "
            f"{_count(self.updated, 'mise à jour', 'mises à jour')}, "
            f"{_count(self.unchanged, 'inchangée', 'inchangées')} ; "
            f"{_count(self.needs_added, 'besoin ajouté', 'besoins ajoutés')}, "
            f"{_count(self.offers_added, 'offre ajoutée', 'offres ajoutées')}."
        )


@dataclass
class ImportOutcome:
    """What the file gave: its rows' count, errors, warnings, and the summary if applied."""

    lines: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: ImportSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def import_file(data: bytes, actor) -> ImportOutcome:
    """Validate the whole file, then apply it (flush only: the caller commits or rolls back)."""
    theme_codes = db.session.scalars(select(Theme.code)).all()
    parsed = parse_csv(data, theme_codes)
    outcome = ImportOutcome(len(parsed.rows), parsed.errors, parsed.warnings)
    if not parsed.ok:
        return outcome
    existing = _existing_by_key([row.key for row in parsed.rows])
    outcome.errors = [
        RowError(
            row.line,
            "name",
            f"L'organisation « {existing[row.key].name} » est archivée : "
            "restaurez-la avant de l'importer.",
        )
        for row in parsed.rows
        if row.key in existing and existing[row.key].is_archived
    ]
    new_rows = [row for row in parsed.rows if row.key not in existing]
    twins = _existing_by_skeleton([row.skeleton for row in new_rows])
    outcome.errors += [
        RowError(
            row.line,
            "name",
            f"Ce nom ressemble trop à celui de « {twins[row.skeleton].name} » (lettres d'un "
            "autre alphabet ou chiffres à la place de lettres) : corrigez-le.",
        )
        for row in new_rows
        if row.skeleton in twins
    ]
    outcome.errors.sort(key=lambda error: error.line)
    if outcome.errors:
        return outcome
    outcome.summary = import_rows(parsed.rows, actor, existing)
    log.info("import by user %s: %s", getattr(actor, "id", None), outcome.summary)
    return outcome


def import_rows(rows: list[OrgRow], actor, existing: dict | None = None) -> ImportSummary:
    """Create or update one organisation per validated row; add the missing declarations."""
    if existing is None:
        existing = _existing_by_key([row.key for row in rows])
    ids = [org.id for org in existing.values()]
    open_needs = _themes_by_org(Need, "open", ids)
    active_offers = _themes_by_org(Offer, "active", ids)
    summary = ImportSummary()
    # No flush per row: audit entries wait for the final flush to learn the new ids.
    with db.session.no_autoflush:
        for row in rows:
            org = existing.get(row.key)
            if org is None:
                org = create_organisation(actor, row.name, **row.profile())
                summary.created += 1
                changed = False
            else:
                before = snapshot(org)
                update_organisation(org, actor, **row.profile())
                changed = snapshot(org) != before
            # A new organisation has no id before the final flush, and nothing declared yet.
            known = org.id is not None
            needs = _add_missing(
                row.needs,
                open_needs.setdefault(org.id, set()) if known else set(),
                declare_need,
                org,
                actor,
                row.needs_text,
            )
            offers = _add_missing(
                row.offers,
                active_offers.setdefault(org.id, set()) if known else set(),
                declare_offer,
                org,
                actor,
                row.offers_text,
            )
            summary.needs_added += needs
            summary.offers_added += offers
            if row.key in existing:
                if changed or needs or offers:
                    summary.updated += 1
                else:
                    summary.unchanged += 1
    db.session.flush()
    return summary


def _add_missing(themes, present: set[str], declare, org, actor, text: str) -> int:
    """Declare the themes ``org`` does not have yet (re-importing adds nothing)."""
    added = 0
    for theme in themes:
        if theme not in present:
            declare(org, actor, theme, text)
            present.add(theme)
            added += 1
    return added


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


def _count(number: int, singular: str, plural: str) -> str:
    # French: 0 and 1 take the singular.
    return f"{number} {singular if number <= 1 else plural}"
