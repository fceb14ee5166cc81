"""Real concurrent transactions on PostgreSQL: the groups' rules hold, and nobody gets a 500."""

import pytest

import entraide.groups.services as group_services
from entraide.core.extensions import db
from entraide.models import AuditEntry, Organisation, TerritorialGroup, User
from entraide.models.group import group_member
from tests.concurrency import (
    fresh,
    logged_in_client,
    postgres_only,
    race,
    race_requests,
    slow_down,
)
from tests.web.helpers import text_of

pytestmark = postgres_only


def _group(name, *orgs) -> TerritorialGroup:
    group = group_services.create_group(None, name, list(orgs))
    db.session.commit()
    return group


def _active_memberships(org_id: int) -> list[int]:
    return list(
        fresh(
            db.select(group_member.c.group_id)
            .join(TerritorialGroup, TerritorialGroup.id == group_member.c.group_id)
            .where(group_member.c.organisation_id == org_id, TerritorialGroup.archived_at.is_(None))
        ).scalars()
    )


def _group_ids() -> list[int]:
    return list(fresh(db.select(TerritorialGroup.id)).scalars())


def test_six_simultaneous_validations_make_one_group(app, world, monkeypatch):
    slow_down(monkeypatch, group_services, "record")
    members = [world["lens"].id, world["lievin"].id, world["arras"].id]
    clients = [logged_in_client(app, world["coordinator"]) for _ in range(6)]

    responses = race_requests(
        [
            lambda c=c: c.post("/groupes/valider", data={"name": "Lens", "member_ids": members})
            for c in clients
        ]
    )

    assert sorted(r.status_code for r in responses) == [302] + [409] * 5
    for refused in (r for r in responses if r.status_code == 409):
        assert "Action impossible" in text_of(refused)
    assert len(_group_ids()) == 1
    for org_id in members:
        assert len(_active_memberships(org_id)) == 1


def test_one_organisation_added_to_two_groups_at_once_joins_one(app, world, make, monkeypatch):
    first = _group("Lens", world["lens"], world["lievin"])
    second = _group("Calais", world["calais"], world["arras"])
    joining = make.organisation("Coop de Béthune", commune_insee="62119")
    slow_down(monkeypatch, group_services, "record")
    clients = [logged_in_client(app, world["coordinator"]) for _ in range(2)]

    urls = [f"/groupes/{g.id}/membres" for g in (first, second)]
    data = {"organisation_id": joining.id}

    responses = race_requests(
        [
            lambda c=client, url=url: c.post(url, data=data)
            for client, url in zip(clients, urls, strict=True)
        ]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "Quelqu'un a fait la même chose au même moment." in text_of(refused)
    assert len(_active_memberships(joining.id)) == 1


def test_the_same_organisation_added_twice_at_once_is_added_once(app, world, monkeypatch):
    group = _group("Lens", world["lens"], world["lievin"])
    slow_down(monkeypatch, group_services, "record")
    clients = [logged_in_client(app, world["coordinator"]) for _ in range(2)]

    url, data = f"/groupes/{group.id}/membres", {"organisation_id": world["arras"].id}

    responses = race_requests([lambda c=c: c.post(url, data=data) for c in clients])

    # The second waits for the first, then finds the organisation there: nothing to do.
    assert [r.status_code for r in responses] == [302, 302]
    assert _active_memberships(world["arras"].id) == [group.id]
    adds = fresh(
        db.select(db.func.count(AuditEntry.id)).where(AuditEntry.action == "group.member_add")
    ).scalar()
    assert adds == 1


def _job(function, *ids):
    """A job calling ``function(group, actor, *rows)`` on rows loaded in its own session."""
    group_id, actor_id, *rest = ids

    def job():
        group = db.session.get(TerritorialGroup, group_id)
        actor = db.session.get(User, actor_id)
        rows = [db.session.get(model, row_id) for model, row_id in rest]
        function(group, actor, *rows)

    return job


def test_two_removals_at_once_keep_two_members(app, world, monkeypatch):
    group = _group("Lens", world["lens"], world["lievin"], world["arras"])
    ids = (group.id, world["coordinator"].id)
    slow_down(monkeypatch, group_services, "record")

    outcomes = race(
        app,
        [
            _job(group_services.remove_member, *ids, (Organisation, world["lens"].id)),
            _job(group_services.remove_member, *ids, (Organisation, world["arras"].id)),
        ],
    )

    assert sorted(outcomes) == ["UserError", "ok"]
    members = fresh(
        db.select(group_member.c.organisation_id).where(group_member.c.group_id == group.id)
    ).all()
    assert len(members) == 2


@pytest.mark.parametrize("archive_first", [True, False])
def test_archiving_while_adding_leaves_no_active_member_in_an_archived_group(
    app, world, monkeypatch, archive_first
):
    group = _group("Lens", world["lens"], world["lievin"])
    ids = (group.id, world["coordinator"].id)
    slow_down(monkeypatch, group_services, "record")
    jobs = [
        _job(group_services.archive_group, *ids),
        _job(group_services.add_member, *ids, (Organisation, world["arras"].id)),
    ]

    outcomes = race(app, jobs if archive_first else jobs[::-1])

    assert "ok" in outcomes and set(outcomes) <= {"ok", "UserError"}
    assert fresh(db.select(TerritorialGroup.archived_at).filter_by(id=group.id)).scalar()
    assert _active_memberships(world["arras"].id) == []
    # Every organisation of the archived group is free to join another one.
    _group("Arras", world["arras"], world["lens"])


def test_contact_named_while_its_organisation_leaves(app, world, monkeypatch):
    group = _group("Lens", world["lens"], world["lievin"], world["arras"])
    ids = (group.id, world["coordinator"].id)
    slow_down(monkeypatch, group_services, "record")

    outcomes = race(
        app,
        [
            _job(group_services.set_contact, *ids, (User, world["lievin_user"].id)),
            _job(group_services.remove_member, *ids, (Organisation, world["lievin"].id)),
        ],
    )

    assert set(outcomes) <= {"ok", "UserError"}
    contact_id = fresh(db.select(TerritorialGroup.contact_user_id).filter_by(id=group.id)).scalar()
    members = set(
        fresh(
            db.select(group_member.c.organisation_id).where(group_member.c.group_id == group.id)
        ).scalars()
    )
    if contact_id is not None:
        assert db.session.get(User, contact_id).organisation_id in members


def test_two_groups_renamed_alike_at_once_keep_two_names(app, world, monkeypatch):
    first = _group("Lens", world["lens"], world["lievin"])
    second = _group("Calais", world["calais"], world["arras"])
    slow_down(monkeypatch, group_services, "record")

    def rename(group_id, name):
        def job():
            group = db.session.get(TerritorialGroup, group_id)
            group_services.rename_group(group, None, name)

        return job

    outcomes = race(app, [rename(first.id, "Côte d'Opale"), rename(second.id, "côte d’opale")])

    assert sorted(outcomes) in (["IntegrityError", "ok"], ["UserError", "ok"])
    names = fresh(db.select(TerritorialGroup.name_key)).scalars().all()
    assert len(set(names)) == 2
