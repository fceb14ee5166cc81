"""The demonstration network: real facts on the real organisations, a fictional year of life.

- ``census.py``: the 21 SCICs of the 2022-2023 census and the two associations becoming
  SCICs, with the public facts of the sources only (not in the public directory);
- the network's real 2022-2023 meetings (``entraide.groups.history``);
- ``fictional.py``, ``cast.py``, ``life.py``, ``network_life.py``: organisations whose names
  say « fictive » / « fictif », their people, and a year of use dated within the last twelve
  months (``clock.py``), all written through the services, so the journal tells it;
- ``year_2024/``: the simulated 2024 of the agreement n° 2024-03658 between the same
  fictional organisations (played with the recent year), and the bilan the coordination
  wrote about it in the spring of 2025 (testimonies, narratives, réalisé, sent);
- a marker (``entraide.models.demo``): while it is there, every page says « Données de
  démonstration »; ``reset.py`` takes the demo out again (``flask demo --reset``).

:func:`load_demo` is the one entry point; ``flask demo`` and ``make run`` call it.
"""

import logging
from datetime import date

from ..core.errors import UserError
from ..core.extensions import db
from ..groups.history import load_history
from ..models import User
from ..models.demo import demo_loaded, mark_demo_loaded
from ..users.services import create_user
from .actions import load_actions
from .cast import Cast, existing_fictional
from .census import load_census
from .clock import happening_at, moment
from .conventions import load_conventions
from .fictional import MEMBER_EMAIL, ORGANISATIONS, PEOPLE_EMAILS, SPONSOR_EMAIL
from .life import live_a_year
from .mails import last_mail_id, mails_delivered
from .year_2024 import write_the_2024_bilan

log = logging.getLogger(__name__)

# A published demo password on purpose: the demo network is for trying the app, never
# for production data (the README says so). Every person of the demo has it.
DEMO_PASSWORD = "Demo-Entraide-62!"  # noqa: S105
# (email, role, name, organisation): the four accounts the README names.
DEMO_ACCOUNTS = (
    ("coordination@entraide.example", "coordinator", "Camille Coordination", None),
    (MEMBER_EMAIL, "member", "Sam Sociétaire", "Tiers-lieu fictif de l'Artois"),
    (SPONSOR_EMAIL, "member", "Dominique Parrain", "SCIC fictive Habitat de Lens-Hénin"),
    ("financeur@entraide.example", "viewer", "Mission ESS du Département", None),
)
# The day the coordination started Entraide: its accounts are created and the 2022-2023
# history imported then, before the fictional SCICs join (the first in October 2023, so
# that the 2024 chapter, year_2024/, happens between members).
SETUP_DAY = date(2023, 9, 18)


def _staff_accounts() -> int:
    """The coordination's and the funder's accounts (members come with their SCICs)."""
    created = 0
    for email, role, name, _org in DEMO_ACCOUNTS:
        if role == "member" or _account_exists(email):
            continue
        create_user(None, email, role, name=name, password=DEMO_PASSWORD)
        created += 1
    return created


def _account_exists(email: str) -> bool:
    return db.session.execute(db.select(User.id).filter_by(email=email)).first() is not None


def older_demo() -> bool:
    """The database holds a demo loaded by an older ``flask demo`` (its accounts, no
    marker, none of the fictional organisations): only ``--reset`` can replace it."""
    if demo_loaded() or existing_fictional():
        return False
    query = db.select(User.id).where(User.email.in_(sorted(PEOPLE_EMAILS)))
    return db.session.execute(query).first() is not None


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id))) or 0


def load_demo() -> dict:
    """Load the demo network; return what was added. Idempotent: a second call adds
    nothing (the year of life and the 2024 chapter are played once, on a database without
    them; the 2024 bilan is written once, after them)."""
    if older_demo():
        raise UserError(
            "La base contient une démonstration d'une version précédente : "
            "« flask demo --reset » la remplace par la démonstration actuelle."
        )
    today = date.today()
    created = {"organisations": load_census(), "accounts": 0, "meetings": 0, "life": False}
    with happening_at(moment(SETUP_DAY)):
        created["accounts"] = _staff_accounts()
        created["meetings"] = load_history()
    if not demo_loaded() and not existing_fictional():
        users = _count(User)
        last_mail = last_mail_id()
        live_a_year(Cast(today, DEMO_PASSWORD))
        mails_delivered(last_mail)
        created["organisations"] += len(ORGANISATIONS)
        created["accounts"] += _count(User) - users
        created["life"] = True
    mark_demo_loaded()
    # --- The other parts of the demonstration, each idempotent, one line each below. ---
    load_conventions()  # the 2022-2023 and 2024 agreements with their budgets
    load_actions()  # the register: 2022-2023 history and a simulated 2024 (demo/actions.py)
    write_the_2024_bilan()  # its narratives, testimonies, réalisé, sent (demo/year_2024/)
    log.debug("demo loaded: %s", created)
    return created


def organisation_count() -> int:
    from ..models import Organisation

    return _count(Organisation)
