"""The real organisations of the demo, with the facts the sources give and nothing else.

- the 21 SCICs of the 2022-2023 census (``entraide/data/scic-census-62.csv``, from the
  network's final report): name, town, year of creation, sector; they are SCICs;
- the two associations becoming SCICs that the report names among the participants of the
  network's meetings (Le Coron des Arts, De rives en rêves): status « projet ».

Nothing is invented on them: no need, offer, difficulty, capacity, contact person or
account, and they stay out of the public directory (they never chose to appear in it).
The year of life of the demo happens between the fictional organisations (fictional.py).
"""

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources

from ..geo.gazetteer import get_gazetteer
from ..organisations.services import create_organisation, find_by_name
from ..themes import SECTORS
from .clock import happening_at, moment

# The network's first recorded meeting (April 2022, the first row of the report's
# history): the census SCICs and both projects took part in the network from its start,
# the day is not known, so it is the first day of that month (as the history's dates).
NETWORK_START = date(2022, 4, 1)

# Towns of the census outside the département: explicit coordinates, the town's label.
_OUTSIDE = {"Lille": (50.6292, 3.0573)}
# The census names sectors by their French label.
_SECTOR_CODES = {label: code for code, label in SECTORS.items()}


@dataclass(frozen=True)
class ProjectFacts:
    name: str
    commune: str | None  # None: the sources do not say where it is


# domain.md: « a founder of Le Toit Commun (Lens) helps the association Le Coron des Arts
# (Lens) become a SCIC »; nothing in the sources says where De rives en rêves is.
PROJECTS = (ProjectFacts("Le Coron des Arts", "Lens"), ProjectFacts("De rives en rêves", None))


def census_rows() -> list[dict]:
    text = resources.files("entraide.data").joinpath("scic-census-62.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def real_names() -> set[str]:
    return {row["name"] for row in census_rows()} | {p.name for p in PROJECTS}


def place(town: str) -> dict:
    """Locate a census town: a commune of the 62, or explicit coordinates outside it."""
    gazetteer = get_gazetteer()
    for candidate in [town] + [part.strip() for part in town.split(" - ")]:
        if candidate in _OUTSIDE:
            continue
        commune, _problem = gazetteer.resolve_with_error(candidate)
        if commune:
            label = town if candidate != town else None
            return {"commune_insee": commune.insee, "town_label": label}
    lat, lon = _OUTSIDE[town]
    return {"latitude": lat, "longitude": lon, "town_label": town}


def member_since(year_created: int | None) -> date:
    """From the network's start, or from the first day of its year for a SCIC created later
    (La Planque, 2023): never a membership before the SCIC existed."""
    if year_created is not None and year_created > NETWORK_START.year:
        return date(year_created, 1, 1)
    return NETWORK_START


def _facts(row: dict) -> dict:
    year = int(row["year_created"]) if row["year_created"] else None
    return {
        "status": "scic",
        "year_created": year,
        "sector": _SECTOR_CODES.get(row["sector"], "autre"),
        "member_since": member_since(year),
        **place(row["town"]),
    }


def _project_facts(project: ProjectFacts) -> dict:
    facts = {"status": "projet", "member_since": NETWORK_START}
    if project.commune:
        facts["commune_insee"] = get_gazetteer().resolve(project.commune).insee
    # The sector is not known: it stays « autre », the column's default (never empty).
    return facts


def load_census() -> int:
    """Add the census SCICs and the two projects not there yet; return how many.

    Each is recorded as of the day it became a member, so that the reports of past
    periods count it (they count members by the date of their record).
    """
    created = 0
    plans = [(row["name"], _facts(row)) for row in census_rows()]
    plans += [(project.name, _project_facts(project)) for project in PROJECTS]
    for name, facts in plans:
        if find_by_name(name) is None:
            with happening_at(moment(facts["member_since"])):
                create_organisation(None, name, **facts)
            created += 1
    return created
