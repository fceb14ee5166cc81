"""A person's mails: listed (without bodies) in their export, deleted with their erasure."""

import json

from entraide.core.extensions import db
from entraide.models import OutboxMail
from entraide.outbox import services


def test_export_lists_the_mails_and_erasure_deletes_them(make, runner):
    make.member(make.organisation("SCIC Une"), email="dominique@exemple.fr")
    [sent] = services.queue(["Dominique@exemple.fr"], "reminder", "Relance", "Lien secret")
    sent.status, sent.body = "sent", None
    services.queue(["dominique@exemple.fr"], "password_reset", "Nouveau mot de passe", "JETON")
    services.queue(["autre@exemple.fr"], "reminder", "Relance", "Corps")
    db.session.commit()

    result = runner.invoke(args=["export-person", "dominique@exemple.fr"])
    assert result.exit_code == 0, result.output
    mails = json.loads(result.output)["mails"]
    assert [(m["subject"], m["status"]) for m in mails] == [
        ("Relance", "sent"),
        ("Nouveau mot de passe", "waiting"),
    ]
    assert "JETON" not in result.output and "body" not in mails[0]

    result = runner.invoke(args=["erase-person", "dominique@exemple.fr", "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalars(db.select(OutboxMail.recipient)).all() == ["autre@exemple.fr"]
