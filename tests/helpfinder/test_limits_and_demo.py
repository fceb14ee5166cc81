"""Per-account limits on the requests; the demo network's sponsors who opted in."""

from entraide.core.extensions import db
from entraide.demo import load_demo
from entraide.models import Organisation, SponsorRequest
from tests.conftest import TEST_PASSWORD, build_sqlite_app, login
from tests.factories import Factory


def test_requests_are_limited_per_account(tmp_path):
    app = build_sqlite_app(
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_SPONSOR_REQUESTS="2 per hour",
    )
    factory = Factory(TEST_PASSWORD)
    with app.app_context():
        young = factory.organisation("Jeune Pousse", year_created=2023)
        needs = [factory.need(young, theme) for theme in ("gouvernance", "gestion", "emploi")]
        sponsor = factory.organisation(
            "Vieux Chêne", year_created=2004, mentor_capacity=2, proposable_sponsor=True
        )
        for theme in ("gouvernance", "gestion", "emploi"):
            factory.offer(sponsor, theme)
        email = factory.member(young).email
        need_ids, sponsor_id = [n.id for n in needs], sponsor.id
        db.session.remove()
    client = app.test_client()
    assert login(client, email).status_code == 302

    answers = [
        client.post(
            "/qui-peut-m-aider/demander",
            data={"need_id": need_id, "mentor_id": sponsor_id},
            environ_base={"REMOTE_ADDR": f"198.51.100.{i}"},
        )
        for i, need_id in enumerate(need_ids)
    ]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert "Trop de tentatives" in answers[2].get_data(as_text=True)
    assert client.get("/qui-peut-m-aider").status_code == 200  # reading is never limited
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SponsorRequest.id))) == 2
        db.session.remove()
        db.engine.dispose()


def test_the_demo_sponsors_with_offers_accept_to_be_proposed(app_ctx):
    load_demo()
    db.session.commit()

    orgs = db.session.execute(db.select(Organisation)).scalars().all()
    opted_in = {org.name for org in orgs if org.proposable_sponsor}

    assert {"SCIC fictive Habitat de Lens-Hénin", "SCIC fictive des Deux Caps"} <= opted_in
    # Experienced with a place, but it has not chosen to be proposed; young; real SCICs.
    assert "Conserverie fictive de la Côte d'Opale" not in opted_in
    assert "Tiers-lieu fictif de l'Artois" not in opted_in
    assert "Cliss XXI" not in opted_in
    for org in orgs:
        if org.proposable_sponsor:
            assert not org.is_young and org.mentor_capacity > 0 and org.active_offers()
