"""The groups' rules the database keeps (on SQLite too): one active group per organisation,
one active group per name; a write they refuse is the French 409 page."""

import html

import pytest
from sqlalchemy import insert, inspect
from sqlalchemy.exc import IntegrityError

from entraide.core.errors import UserError
from entraide.core.extensions import db
from entraide.groups import services
from entraide.models import TerritorialGroup
from entraide.models.group import group_member
from entraide.web.errors import CONFLICT_MESSAGE


def _group(name, *orgs) -> TerritorialGroup:
    group = services.create_group(None, name, list(orgs))
    db.session.commit()
    return group


def test_the_indexes_exist(app_ctx):
    indexes = {
        table: {index["name"]: index for index in inspect(db.engine).get_indexes(table)}
        for table in ("group_member", "territorial_group")
    }
    assert indexes["group_member"]["uq_group_member_active_organisation"]["unique"]
    assert indexes["territorial_group"]["uq_territorial_group_active_name"]["unique"]


def test_an_organisation_cannot_be_in_two_active_groups(world):
    first = _group("Lens", world["lens"], world["lievin"])
    second = _group("Calais", world["calais"], world["arras"])
    with pytest.raises(IntegrityError):
        db.session.execute(
            insert(group_member).values(group_id=second.id, organisation_id=world["lens"].id)
        )
    db.session.rollback()
    # Once its group is archived, it may join another one.
    services.archive_group(first, None)
    db.session.commit()
    assert not db.session.scalar(
        db.select(group_member.c.active).where(group_member.c.group_id == first.id).limit(1)
    )
    services.add_member(second, None, world["lens"])
    db.session.commit()
    assert services.active_group_of(world["lens"].id) == second


def test_two_active_groups_cannot_share_a_name_key(world):
    first = _group("Côte d'Opale", world["lens"], world["lievin"])
    assert first.name_key == "cote d opale"
    with pytest.raises(IntegrityError):
        db.session.execute(insert(TerritorialGroup).values(name="COTE D’OPALE"))
    db.session.rollback()
    services.archive_group(first, None)
    db.session.commit()
    # The Core insert computes the key too (the benchmarks insert groups so).
    db.session.execute(insert(TerritorialGroup).values(name="COTE D’OPALE"))
    db.session.commit()
    assert (
        db.session.scalar(
            db.select(db.func.count()).where(TerritorialGroup.name_key == "cote d opale")
        )
        == 2
    )


def test_names_compare_like_organisation_names(world):
    _group("Liévin", world["lens"], world["lievin"])
    with pytest.raises(UserError, match="Un groupe actif s'appelle déjà"):
        _group("LIEVIN", world["calais"], world["arras"])
    db.session.rollback()


def test_a_refusal_by_an_index_inside_the_service_is_the_409_page(
    world, client, login_as, app_ctx, monkeypatch
):
    """The service's own check missed it (as it does when another request commits
    meanwhile): the flush inside create_group fails, before the view's commit."""
    _group("Lens", world["lens"], world["lievin"])
    monkeypatch.setattr(services, "_check_joinable", lambda *args: None)
    login_as(world["coordinator"])
    response = client.post(
        "/groupes/valider",
        data={"name": "Autre", "member_ids": [world["lens"].id, world["arras"].id]},
    )
    assert response.status_code == 409
    body = html.unescape(response.get_data(as_text=True))
    assert "Action impossible" in body and CONFLICT_MESSAGE in body
    assert '/rapprochement/groupes">Revenir' in body  # the page the view named
    assert db.session.scalar(db.select(db.func.count(TerritorialGroup.id))) == 1
