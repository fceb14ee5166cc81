"""Taking the demo out of a database: is there anything else in it, and emptying it.

``flask demo --reset`` (and ``--unload``) empties every data table, so it first checks that
the database holds nothing but the demo: organisations and accounts it does not know are
someone's real data, and the command refuses unless ``--yes`` confirms.
"""

from sqlalchemy import select, update

from ..core.extensions import db
from ..models import Organisation, User
from ..text import name_list
from .census import real_names
from .fictional import FICTIONAL_NAMES, PEOPLE_EMAILS

# What the migrations fill and the coordination's settings: a reset keeps them (themes,
# the commune → territory table, the hourly rate of
# volunteer time, the funder's logo for the report's cover, the matching's weights, the
# network's version token). A table not named here is data, emptied by a reset (the
# conventions too: the demo loads the two agreements again).
KEPT_TABLES = frozenset(
    {
        "alembic_version",
        "theme",
        "territory",
        "commune_territory",
        "report_settings",
        "funder_logo",
        "matching_settings",
        "network_version",
    }
)
# Erased accounts (GDPR) keep their row under this address: no one's data any more.
_ERASED_SUFFIX = "@invalid"
_SHOWN = 5  # names listed in the refusal, then « … »


def _listing(names: list[str]) -> str:
    return name_list(names, _SHOWN)


def foreign_data(staff_emails) -> list[str]:
    """What the database holds besides the demo, in French (empty: nothing else)."""
    known_names = real_names() | FICTIONAL_NAMES
    orgs = sorted(
        name
        for name in db.session.execute(select(Organisation.name)).scalars()
        if name not in known_names
    )
    known_emails = PEOPLE_EMAILS | set(staff_emails)
    users = sorted(
        email
        for email in db.session.execute(select(User.email)).scalars()
        if email not in known_emails and not email.endswith(_ERASED_SUFFIX)
    )
    problems = []
    if orgs:
        problems.append(f"organisations hors démonstration : {_listing(orgs)}")
    if users:
        problems.append(f"comptes hors démonstration : {_listing(users)}")
    return problems


def _emptied_tables():
    return [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]


def empty_database() -> dict[str, int]:
    """Delete every row of the data tables, children first; return the rows deleted by
    table. The kept tables forget who last changed them (those accounts go)."""
    emptied = {t.name for t in _emptied_tables()}
    for table in db.metadata.sorted_tables:
        if table.name not in KEPT_TABLES:
            continue
        for column in table.columns:
            pointing = {fk.column.table.name for fk in column.foreign_keys}
            if pointing & emptied and column.nullable:
                db.session.execute(update(table).values({column.name: None}))
    counts = {}
    for table in _emptied_tables():
        counts[table.name] = db.session.execute(table.delete()).rowcount or 0
    db.session.expire_all()
    return counts
