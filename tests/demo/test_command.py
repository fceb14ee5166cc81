"""``flask demo``: loads once, ``--reset`` rebuilds, ``--unload`` takes it out, and neither
erases anything else without ``--yes``."""

from decimal import Decimal

import pytest

from entraide.core.extensions import db
from entraide.declarations.services import declare_need
from entraide.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from entraide.models import (
    Theme,
    User,
)
from entraide.models.demo import demo_loaded
from entraide.organisations.services import create_organisation, find_by_name
from entraide.reports.services import set_hourly_rate
from entraide.users.services import create_user


def _counts(app) -> dict[str, int]:
    """Rows of every table: what a second load must leave alone."""
    with app.app_context():
        return {
            table.name: db.session.scalar(db.select(db.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
            if table.name != "network_version"
        }


def _in(app, query):
    with app.app_context():
        return query()


def _loaded(app) -> bool:
    return _in(app, demo_loaded)


def test_demo_loads_the_network_once(app, runner):
    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    assert "40 organisations, 19 comptes et 16 rencontres" in result.output
    assert "une année de vie des organisations fictives" in result.output
    for email, _role, _name, org in DEMO_ACCOUNTS:
        assert email in result.output and (org is None or org in result.output)
    with app.app_context():
        for email, role, _name, org in DEMO_ACCOUNTS:
            user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
            assert user.role == role and user.check_password(DEMO_PASSWORD)
            assert (user.organisation.name if user.organisation else None) == org
    counts = _counts(app)
    assert counts["pairing"] and counts["followup"] and counts["help_request"]

    again = runner.invoke(args=["demo"])

    assert again.exit_code == 0, again.output
    assert "déjà chargé : rien n'a été ajouté" in again.output
    assert _counts(app) == counts


def test_demo_if_empty_leaves_a_network_alone(app, runner):
    with app.app_context():
        create_organisation(None, "Énergie Citoyenne", commune_insee="62498")
        db.session.commit()
    result = runner.invoke(args=["demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "démonstration non chargée" in result.output
    assert _counts(app)["organisation"] == 1 and not _loaded(app)


def test_demo_if_empty_loads_an_empty_database(app, runner):
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert _counts(app)["organisation"] == 40 and _loaded(app)


def _play_with_the_demo(app) -> None:
    """What someone trying the demo does: a need declared."""
    with app.app_context():
        member = db.session.execute(db.select(User).filter_by(email=DEMO_ACCOUNTS[1][0])).scalar()
        declare_need(member.organisation, member, "gestion", "Un essai", "low")
        db.session.commit()


def test_reset_rebuilds_the_demo(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    fresh = _counts(app)
    _play_with_the_demo(app)
    assert _counts(app)["need"] == fresh["need"] + 1

    result = runner.invoke(args=["demo", "--reset"])

    assert result.exit_code == 0, result.output
    assert "Base vidée : 40 organisations, 19 comptes" in result.output
    assert "thèmes, territoires, réglages du rapprochement et du bilan conservés" in result.output
    assert "Réseau de démonstration : 40 organisations" in result.output
    rebuilt = _counts(app)
    # The same demo again (the mails and the journal too), the settings kept.
    assert rebuilt == fresh
    assert _loaded(app)
    assert _in(app, lambda: db.session.scalar(db.select(db.func.count(Theme.code)))) == 15


def test_reset_refuses_a_database_with_other_data(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        real = create_organisation(None, "Ma vraie SCIC", commune_insee="62041")
        create_user(None, "vraie@exemple.fr", "member", organisation=real)
        db.session.commit()
    before = _counts(app)

    result = runner.invoke(args=["demo", "--reset"])

    assert result.exit_code == 1
    assert (
        "Erreur : La base contient d'autres données que la démonstration (organisations hors "
        "démonstration : Ma vraie SCIC ; comptes hors démonstration : vraie@exemple.fr) : rien "
        "n'a été effacé. Relancez avec --yes pour tout effacer quand même."
    ) in result.output
    assert _counts(app) == before

    confirmed = runner.invoke(args=["demo", "--reset", "--yes"])

    assert confirmed.exit_code == 0, confirmed.output
    assert _in(app, lambda: find_by_name("Ma vraie SCIC")) is None
    assert _counts(app)["organisation"] == 40


def _old_demo(app) -> None:
    """What the first demos left: invented needs on a census SCIC, published, and the demo
    member's account on it; no marker."""
    with app.app_context():
        cliss = create_organisation(None, "Cliss XXI", public_directory=True, mentor_capacity=2)
        declare_need(cliss, None, "gestion", "Inventé", "high")
        create_user(None, "membre@entraide.example", "member", organisation=cliss)
        db.session.commit()


def test_an_old_demo_is_not_mixed_with_the_new_one(app, runner):
    _old_demo(app)
    before = _counts(app)

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 1
    assert "Erreur : La base contient une démonstration d'une version précédente" in result.output
    assert "flask demo --reset" in result.output
    assert _counts(app) == before
    quiet = runner.invoke(args=["demo", "--if-empty"])
    assert quiet.exit_code == 0, quiet.output
    assert "démonstration d'une version précédente" in quiet.output
    assert _counts(app) == before


def test_reset_cleans_a_database_loaded_by_the_old_demo(app, runner):
    """Same names and accounts as the demo: a reset needs no --yes, and leaves the census
    SCICs with their facts."""
    _old_demo(app)

    result = runner.invoke(args=["demo", "--reset"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        cliss = find_by_name("Cliss XXI")
        assert (cliss.public_directory, cliss.mentor_capacity, cliss.needs) == (False, 0, [])
        member = db.session.execute(
            db.select(User).filter_by(email="membre@entraide.example")
        ).scalar_one()
        assert member.organisation.name == "Tiers-lieu fictif de l'Artois"


def test_unload_empties_the_database_and_keeps_the_settings(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        set_hourly_rate(None, Decimal("30"))
        db.session.commit()

    result = runner.invoke(args=["demo", "--unload"])

    assert result.exit_code == 0, result.output
    assert "La démonstration est retirée : la base est vide." in result.output
    counts = _counts(app)
    for table in ("organisation", "user_account", "pairing", "audit_entry", "outbox", "need"):
        assert counts[table] == 0, table
    assert counts["theme"] == 15 and counts["report_settings"] == 1
    assert not _loaded(app)


def test_an_empty_database_may_be_reset(app, runner):
    result = runner.invoke(args=["demo", "--reset"])
    assert result.exit_code == 0, result.output
    assert "Base vidée : 0 organisation, 0 compte" in result.output
    assert _counts(app)["organisation"] == 40


@pytest.mark.parametrize("args", [["--reset", "--unload"], ["--unload", "--reset", "--yes"]])
def test_reset_and_unload_together_are_refused(app, runner, args):
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code == 1
    assert "Choisissez --reset (effacer et recharger) ou --unload (effacer)." in result.output
    assert _counts(app)["organisation"] == 0
