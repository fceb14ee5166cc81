"""Conventions tests: a coordinator, and conventions made through the services."""

from datetime import date
from decimal import Decimal

import pytest

from entraide.conventions import services
from entraide.core.extensions import db
from entraide.models import Convention
from tests.web.helpers import use_cheap_password_hashing

DEPARTEMENT = "Département du Pas-de-Calais"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    limiter = app.extensions.get("entraide_limiter")
    if limiter is not None:
        limiter.reset()


@pytest.fixture(autouse=True)
def _no_migrated_convention(app):
    """The migration turns its 2024 aid into a convention: the first test would see it."""
    with app.app_context():
        db.session.execute(db.delete(Convention))
        db.session.commit()


def convention_data(**changes) -> services.ConventionData:
    values = {
        "funder": DEPARTEMENT,
        "reference": "2024-03658",
        "beneficiary": "Cliss XXI",
        "title": "Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "aid_amount": Decimal("17500"),
        "decision": "Commission Permanente du 27 mai 2024",
        "report_due": date(2025, 6, 1),
        "extension_before": date(2024, 6, 30),
    }
    return services.ConventionData(**{**values, **changes})


@pytest.fixture
def coordinator(make):
    return make.coordinator(email="coordination@exemple.fr")


@pytest.fixture
def new_convention(app_ctx, coordinator):
    """Record a convention (committed) with these changes to the 2024 agreement."""

    def _new(**changes) -> Convention:
        convention = services.create_convention(coordinator, convention_data(**changes))
        db.session.commit()
        return convention

    return _new


def line(convention, label: str):
    """The statement line of ``convention`` with this label."""
    return next(item for item in convention.lines if item.label == label)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def duo(make, coordinator):
    """A young SCIC and its sponsor, each with a member account (the follow-up's helpers
    start a pairing between them and log its meetings)."""
    mentee = make.organisation("Jeune Pousse", year_created=2023)
    mentor = make.organisation("Vieux Chêne", year_created=2004, mentor_capacity=2)
    return {
        "mentee": mentee,
        "mentor": mentor,
        "coordinator": coordinator,
        "mentee_user": make.member(mentee),
        "mentor_user": make.member(mentor),
    }
