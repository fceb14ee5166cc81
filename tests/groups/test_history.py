"""The network's 2022-2023 meetings loaded as history, and the host rotation they feed."""

from datetime import date

import pytest

from entraide.core.extensions import db
from entraide.demo import load_demo
from entraide.groups import history, services
from entraide.models import AuditEntry, GroupMeeting
from entraide.suggestions.adapter import load_profiles


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-04", date(2022, 4, 1)),
        ("2023-11-16", date(2023, 11, 16)),
        (" 2023-12 ", date(2023, 12, 1)),
    ],
)
def test_parse_date(value, expected):
    assert history.parse_date(value) == expected


@pytest.mark.parametrize("value", ["", "2022", "2022-13", "2023-02-30", "avril 2022"])
def test_parse_date_refuses_bad_values(value):
    with pytest.raises(ValueError, match="Date de rencontre invalide"):
        history.parse_date(value)


def test_every_kind_of_the_file_maps_onto_meeting_kinds():
    from entraide.models.group import MEETING_KINDS

    rows = history.shipped_rows()
    assert len(rows) == 14
    assert {row.kind for row in rows} <= set(MEETING_KINDS)
    assert history.parse_kind("groupe_de_travail") == "groupe_travail"
    with pytest.raises(ValueError, match="inconnu"):
        history.parse_kind("apéro")


def test_a_bad_row_names_its_line():
    text = "date,kind,title,host,participants\n2022-04,atelier,Ok,A,B\n2022-05,atelier,,A,B\n"
    with pytest.raises(ValueError, match="Ligne 3"):
        history.parse_rows(text)


def test_demo_loads_the_history_once(app_ctx):
    first = load_demo()
    db.session.commit()
    assert first["meetings"] == 14
    second = load_demo()
    db.session.commit()
    assert second == {"organisations": 0, "accounts": 0, "meetings": 0, "life": False}
    history = db.select(GroupMeeting).where(GroupMeeting.held_on < date(2024, 1, 1))
    meetings = db.session.execute(history).scalars().all()
    assert len(meetings) == 14 and all(m.group_id is None for m in meetings)
    assert (
        db.session.scalar(
            db.select(db.func.count(AuditEntry.id)).filter_by(action="meeting.import")
        )
        == 14
    )


def test_participants_outside_the_network_are_kept_as_text(app_ctx):
    load_demo()
    db.session.commit()
    first = db.session.execute(
        db.select(GroupMeeting).filter_by(held_on=date(2022, 4, 1))
    ).scalar_one()
    assert first.kind == "atelier" and first.host.name == "Le Toit Commun"
    names = {o.name for o in first.participants}
    assert {"Coopconnexion", "Cliss XXI", "Les Cousalis", "Super'Ecques"} <= names
    # The two associations becoming SCICs are organisations of the network (« projet »).
    assert {"Le Coron des Arts", "De rives en rêves"} <= names
    assert first.other_participants == "Pas-de-Calais Actif; Institut Godin"
    workgroup = db.session.execute(
        db.select(GroupMeeting).filter_by(held_on=date(2023, 5, 1))
    ).scalar_one()
    assert workgroup.kind == "groupe_travail"
    assert "Département du Pas-de-Calais" in workgroup.other_participants


def test_an_unknown_host_is_kept_in_other_participants(app_ctx, make):
    make.organisation("Cliss XXI")
    rows = history.parse_rows(
        "date,kind,title,host,participants\n"
        "2022-06,atelier,Atelier test,Le Coron des Arts,"
        "Cliss XXI;Le Coron des Arts;APES\n"
    )
    assert history.load_history(rows) == 1
    assert history.load_history(rows) == 0
    db.session.commit()
    meeting = db.session.execute(db.select(GroupMeeting)).scalar_one()
    assert meeting.host_id is None
    assert meeting.other_participants == "Le Coron des Arts (accueil); APES"
    assert [o.name for o in meeting.participants] == ["Cliss XXI"]


def test_last_hosted_on_feeds_the_next_host(app_ctx, make):
    lens = make.organisation("Coop A", commune_insee="62498")
    lievin = make.organisation("Coop B", commune_insee="62510")
    group = services.create_group(None, "Lens", [lens, lievin])
    services.record_meeting(
        group, None, held_on=date(2024, 3, 1), kind="rencontre", title="Chez A", host=lens
    )
    db.session.commit()
    profiles = {p.id: p for p in load_profiles()}
    assert profiles[lens.id].last_hosted_on == date(2024, 3, 1)
    assert profiles[lievin.id].last_hosted_on is None
    from entraide.matching.territories import next_host

    assert next_host([profiles[lens.id], profiles[lievin.id]]).id == lievin.id
