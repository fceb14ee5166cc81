"""A small network for « Qui peut m'aider ? » / « Qui puis-je aider ? »: two young SCICs
with open needs, and every kind of experienced SCIC a young one must or must not see."""

import pytest

from entraide.core.extensions import db
from entraide.helpfinder import network as network_cache
from entraide.organisations.services import archive_organisation
from tests.web.helpers import use_cheap_password_hashing

LENS, LIEVIN, ARRAS, CALAIS = "62498", "62510", "62041", "62193"
SECRET_EMAIL = "tresorerie@vieux-chene.fr"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture(autouse=True)
def _no_cached_network():
    """Each test starts and ends without the process's cached network."""
    network_cache.forget()
    yield
    network_cache.forget()


def _sponsor(make, name, *themes, capacity=2, opted_in=True, year=2004, insee=LIEVIN, **kw):
    org = make.organisation(
        name,
        year_created=year,
        commune_insee=insee,
        mentor_capacity=capacity,
        proposable_sponsor=opted_in,
        **kw,
    )
    for theme in themes:
        make.offer(org, theme, f"{name} : expérience en {theme}")
    return org


@pytest.fixture
def network(make):
    young = make.organisation("Jeune Pousse", year_created=2023, commune_insee=LENS)
    governance = make.need(young, "gouvernance", "Préparer notre assemblée générale")
    funding = make.need(young, "financement", "Augmenter nos fonds propres", "high")
    other = make.organisation(
        "Autre Pousse", year_created=2022, commune_insee=ARRAS, in_difficulty=True
    )
    other_need = make.need(other, "gouvernance", "Écrire le règlement intérieur des collèges")
    oak = _sponsor(
        make,
        "Vieux Chêne",
        "gouvernance",
        "financement",
        in_difficulty=True,
        contact_email=SECRET_EMAIL,
    )
    far = _sponsor(make, "Chêne Lointain", "gouvernance", capacity=1, insee=CALAIS, year=2008)
    archived = _sponsor(make, "Chêne Archivé", "gouvernance", year=2003, insee=LENS)
    archive_organisation(archived, None)
    db.session.commit()
    return {
        "young": young,
        "governance": governance,
        "funding": funding,
        "other": other,
        "other_need": other_need,
        "oak": oak,
        "far": far,
        "not_opted_in": _sponsor(make, "Chêne Réservé", "gouvernance", opted_in=False),
        "no_capacity": _sponsor(make, "Chêne Sans Place", "gouvernance", capacity=0),
        "archived": archived,
        "young_sponsor": _sponsor(make, "Jeune Marraine", "gouvernance", year=2022),
        "other_theme": _sponsor(make, "Chêne du Lieu", "lieu", capacity=1, year=2001),
        "young_user": make.member(young),
        "other_user": make.member(other),
        "oak_user": make.member(oak),
        "far_user": make.member(far),
        "coordinator": make.coordinator(),
    }
