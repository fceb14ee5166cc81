from datetime import date, timedelta
from pathlib import Path

import pytest

from entraide.actions import services
from entraide.core.extensions import db
from tests.web.helpers import use_cheap_password_hashing

ARRAS, LENS = "62041", "62498"
PAST = date.today() - timedelta(days=30)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    use_cheap_password_hashing(monkeypatch)


@pytest.fixture
def pieces(app, tmp_path) -> Path:
    """A folder of its own for this test's documents (so "nothing on disk" is checkable)."""
    folder = tmp_path / "pieces"
    previous = app.config.get("ACTION_FILES_FOLDER")
    app.config["ACTION_FILES_FOLDER"] = str(folder)
    yield folder
    app.config["ACTION_FILES_FOLDER"] = previous


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def world(make):
    lens = make.organisation("Coop de Lens", commune_insee=LENS)
    arras = make.organisation("Coop d'Arras", commune_insee=ARRAS)
    return {
        "lens": lens,
        "arras": arras,
        "member": make.member(lens),
        "coordinator": make.coordinator(),
        "viewer": make.viewer(),
    }


def data(**fields) -> services.ActionData:
    values = {
        "axis": 1,
        "kind": "atelier",
        "title": "Atelier bénévolat",
        "held_on": PAST,
        "status": "held",
        "audience": ["scic"],
    }
    values.update(fields)
    return services.ActionData(**values)


@pytest.fixture
def action(world):
    created = services.create_action(
        world["coordinator"], data(hosts=[world["lens"]], partners=[world["arras"]])
    )
    db.session.commit()
    return created
