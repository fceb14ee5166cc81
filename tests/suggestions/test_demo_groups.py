"""Held out: the groups proposed on the demo network, as the coordinator sees them.

The issue found « CA de Lens - Liévin » holding three Arras SCICs and « CC des 7 Vallées »
holding Calais twice, Le Touquet, Ecques and Hesdin (66 km). Whatever the demo holds,
no proposed group may mix two territories nor carry the name of an intercommunality, and
the two reported groups must not come back.
"""

import pytest

from entraide.core.extensions import db
from entraide.demo import load_demo
from entraide.geo.gazetteer import get_gazetteer
from entraide.models import Organisation
from entraide.suggestions import territory_table
from entraide.suggestions.services import network_groups

EPCI_NAMES = set(get_gazetteer().epci_names())


@pytest.fixture
def demo(app_ctx):
    load_demo()
    db.session.commit()
    orgs = db.session.scalars(db.select(Organisation)).all()
    return {org.id: org for org in orgs}


def _towns(group, orgs) -> set[str]:
    return {orgs[m.id].town for m in group.members}


def test_demo_groups_stay_in_one_territory_and_are_named_after_it(demo):
    table = territory_table.assignments()
    result = network_groups()
    assert result.groups
    for group in result.groups:
        territories = {table.get(demo[m.id].commune_insee) for m in group.members}
        assert territories == {group.territory}, (group.name, _towns(group, demo))
        assert group.name == group.territory or group.name.startswith(group.territory + " ")
        assert group.name not in EPCI_NAMES


@pytest.mark.parametrize("same_territory", [True, False])
def test_the_two_reported_groups_do_not_come_back(demo, same_territory):
    for group in network_groups(same_territory=same_territory).groups:
        towns = _towns(group, demo)
        assert group.name not in EPCI_NAMES, group.name
        if same_territory:
            assert not ("Arras" in towns and towns & {"Lens", "Liévin"}), group
            assert not ("Calais" in towns and towns & {"Le Touquet-Paris-Plage", "Hesdin"}), group
        else:
            # Named after the communes it holds, the first holding the most members.
            named = group.name.split(" et ")[0].split(" – ")
            assert set(named) <= towns, (group.name, towns)
