"""The network's 2022-2023 meetings (shipped CSV) loaded as held actions of the register."""

from datetime import date

import pytest

from entraide.actions import history
from entraide.core.extensions import db
from entraide.demo import load_demo
from entraide.models import AuditEntry, GroupMeeting, NetworkAction
from entraide.suggestions.adapter import load_profiles


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-04", (date(2022, 4, 1), True)),
        ("2023-11-16", (date(2023, 11, 16), False)),
        (" 2023-12 ", (date(2023, 12, 1), True)),
    ],
)
def test_parse_date(value, expected):
    assert history.parse_date(value) == expected


@pytest.mark.parametrize("value", ["", "2022", "2022-13", "2023-02-30", "avril 2022"])
def test_parse_date_refuses_bad_values(value):
    with pytest.raises(ValueError, match="Date de rencontre invalide"):
        history.parse_date(value)


def test_the_shipped_file_reads_whole():
    rows = history.shipped_rows()
    assert len(rows) == 16
    assert {row.kind for row in rows} <= set(history.KINDS)
    round_table = next(row for row in rows if row.held_on == date(2023, 12, 8))
    assert round_table.people == 30 and "Arras" in round_table.place
    with pytest.raises(ValueError, match="inconnu"):
        history.parse_kind("apéro")


@pytest.mark.parametrize(
    "line, message",
    [
        ("2022-05,atelier,,A,B,,", "Ligne 3 : titre manquant"),
        ("2022-05,atelier,Ok,A,B,,trente", "Ligne 3 : nombre de personnes invalide"),
        ("2022-05,atelier,Ok,A,B,,-2", "Ligne 3 : nombre de personnes invalide"),
    ],
)
def test_a_bad_row_names_its_line(line, message):
    text = "date,kind,title,host,participants,place,people\n2022-04,atelier,Ok,A,B,,\n" + line
    with pytest.raises(ValueError, match=message):
        history.parse_rows(text)


def test_demo_loads_the_history_once_as_held_actions(app_ctx):
    first = load_demo()
    db.session.commit()
    assert first["meetings"] == 16
    second = load_demo()
    db.session.commit()
    assert second == {"organisations": 0, "accounts": 0, "meetings": 0, "life": False}
    history_actions = db.session.scalars(
        db.select(NetworkAction).where(NetworkAction.held_on < date(2024, 1, 1))
    ).all()
    assert len(history_actions) == 16 and {a.status for a in history_actions} == {"held"}
    # The demo's groups have their meetings; the network's own are all in the register.
    no_group = db.select(db.func.count(GroupMeeting.id)).where(GroupMeeting.group_id.is_(None))
    assert db.session.scalar(no_group) == 0
    imported = db.select(db.func.count(AuditEntry.id)).filter_by(action="meeting.import")
    assert db.session.scalar(imported) == 16


def test_participants_outside_the_census_are_kept_by_name(app_ctx):
    load_demo()
    db.session.commit()
    first = db.session.execute(
        db.select(NetworkAction).filter_by(held_on=date(2022, 4, 1))
    ).scalar_one()
    assert first.kind == "atelier" and first.axis == 1 and first.month_only
    assert first.when == "avril 2022"
    assert [o.name for o in first.host_organisations] == ["Le Toit Commun"]
    names = {o.name for o in first.partner_organisations}
    assert {"Coopconnexion", "Cliss XXI", "Les Cousalis", "Super'Ecques"} <= names
    assert "Le Toit Commun" not in names
    # Le Coron des Arts, an association becoming a SCIC, is in the demo's census now.
    assert "Le Coron des Arts" in names | set(first.outside_partners.split("; "))
    assert "Pas-de-Calais Actif" in first.outside_partners
    assert first.organisations_count == 9
    apes = db.session.execute(
        db.select(NetworkAction).where(NetworkAction.title.contains("URSSAF"))
    ).scalar_one()
    assert apes.outside_hosts == "APES" and [o.name for o in apes.partner_organisations] == [
        "Cliss XXI"
    ]


def test_the_round_table_is_axis_2_at_the_departement(app_ctx):
    load_demo()
    db.session.commit()
    table = db.session.execute(
        db.select(NetworkAction).filter_by(held_on=date(2023, 12, 8))
    ).scalar_one()
    assert (table.axis, table.kind, table.people_count) == (2, "table_ronde", 30)
    assert table.commune_insee == "62041" and not table.month_only
    assert table.place == "Salle des fêtes du Conseil départemental, rue de la Paix, Arras (62000)"
    assert table.outside_hosts == "Département du Pas-de-Calais"
    assert set(table.audience) == {"elus", "techniciens", "scic"}
    event = db.session.execute(
        db.select(NetworkAction).filter_by(held_on=date(2023, 11, 22))
    ).scalar_one()
    assert event.axis == 3 and event.commune.name == "Lapugnoy"  # « (Lapugnoy) » in its title


def test_an_unknown_host_is_an_outside_host(app_ctx, make):
    make.organisation("Cliss XXI")
    rows = history.parse_rows(
        "date,kind,title,host,participants\n"
        "2022-06,atelier,Atelier test,Le Coron des Arts,Cliss XXI;Le Coron des Arts;APES\n"
    )
    assert history.load_history(rows) == 1
    assert history.load_history(rows) == 0
    db.session.commit()
    action = db.session.execute(db.select(NetworkAction)).scalar_one()
    assert action.host_organisations == [] and action.outside_hosts == "Le Coron des Arts"
    assert action.outside_partners == "APES"
    assert [o.name for o in action.partner_organisations] == ["Cliss XXI"]


def test_hosting_a_network_action_feeds_the_host_rotation(app_ctx, make):
    from entraide.actions import services

    lens = make.organisation("Coop A", commune_insee="62498")
    make.organisation("Coop B", commune_insee="62510")
    services.create_action(
        None,
        services.ActionData(
            axis=1,
            kind="rencontre_reseau",
            title="Chez A",
            held_on=date(2024, 3, 1),
            status="held",
            hosts=[lens],
        ),
    )
    services.create_action(
        None,
        services.ActionData(
            axis=1,
            kind="rencontre_reseau",
            title="Annulée chez A",
            held_on=date(2024, 5, 1),
            status="cancelled",
            hosts=[lens],
        ),
    )
    db.session.commit()
    profiles = {p.name: p for p in load_profiles()}
    assert profiles["Coop A"].last_hosted_on == date(2024, 3, 1)
    assert profiles["Coop B"].last_hosted_on is None


def test_the_cli_command_adds_what_is_missing(app, runner, make):
    with app.app_context():
        make.organisation("Cliss XXI")
    result = runner.invoke(args=["actions", "historique"])
    assert result.exit_code == 0 and "16 actions ajoutées au registre" in result.output
    again = runner.invoke(args=["actions", "historique"])
    assert "0 action ajoutée" in again.output
