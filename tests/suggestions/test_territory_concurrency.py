"""Two coordinators changing the territory table at the same moment (PostgreSQL)."""

from sqlalchemy import delete, func, select

import entraide.suggestions.territory_table as territory_table
from entraide.core.extensions import db
from entraide.models import CommuneTerritory, Territory
from tests.concurrency import fresh, logged_in_client, postgres_only, race_requests, slow_down
from tests.web.helpers import text_of

pytestmark = postgres_only
PAGE = "/rapprochement/territoires"


def _count(model) -> int:
    return fresh(select(func.count()).select_from(model)).scalar()


def test_two_changes_at_once_both_land_in_turn(app, make, monkeypatch):
    coordinator = make.coordinator()
    territory_table.assign(None, "Arras", "Arrageois")  # the table is stored
    db.session.commit()
    slow_down(monkeypatch, territory_table, "record")
    clients = [logged_in_client(app, coordinator) for _ in range(2)]
    responses = race_requests(
        [
            lambda: clients[0].post(
                PAGE + "/commune", data={"commune": "Lens", "territory": "Artois"}
            ),
            lambda: clients[1].post(
                PAGE + "/commune", data={"commune": "Liévin", "territory": "Artois"}
            ),
        ]
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert fresh(select(CommuneTerritory.territory_id).filter_by(insee="62498")).scalar() == (
        fresh(select(Territory.id).filter_by(name="Artois")).scalar()
    )
    assert _count(CommuneTerritory) == 890


def test_two_first_changes_on_an_emptied_table_store_it_once(app, make, monkeypatch):
    coordinator = make.coordinator()
    db.session.execute(delete(CommuneTerritory))
    db.session.execute(delete(Territory))
    db.session.commit()
    slow_down(monkeypatch, territory_table, "record")
    clients = [logged_in_client(app, coordinator) for _ in range(2)]
    responses = race_requests(
        [
            lambda c=c: c.post(PAGE + "/commune", data={"commune": "Lens", "territory": "Artois"})
            for c in clients
        ]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses in ([302, 302], [302, 409]), statuses
    for refused in (r for r in responses if r.status_code == 409):
        assert "Action impossible" in text_of(refused)
    assert _count(Territory) == 7 and _count(CommuneTerritory) == 890
