import pytest

from tests.web.helpers import use_cheap_password_hashing

LENS, LIEVIN, ARRAS, CALAIS = "62498", "62510", "62041", "62193"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture
def world(make):
    """Three SCICs around Lens (one with two members), one in Calais, every role; the
    members are contact people for the entraide (who may be a group's contact)."""
    lens = make.organisation("Coop de Lens", commune_insee=LENS)
    lievin = make.organisation("Coop de Liévin", commune_insee=LIEVIN)
    arras = make.organisation("Coop d'Arras", commune_insee=ARRAS)
    calais = make.organisation("Coop de Calais", commune_insee=CALAIS)
    return {
        "lens": lens,
        "lievin": lievin,
        "arras": arras,
        "calais": calais,
        "lens_user": make.member(lens, name="Léa Lens", entraide_contact=True),
        "lievin_user": make.member(lievin, name="Luc Liévin", entraide_contact=True),
        "calais_user": make.member(calais, entraide_contact=True),
        "coordinator": make.coordinator(),
        "viewer": make.viewer(),
    }
