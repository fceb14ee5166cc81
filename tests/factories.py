"""Small factories that build committed rows through the services (audit included)."""

import itertools

from entraide.core.extensions import db
from entraide.declarations.services import declare_need, declare_offer
from entraide.organisations.services import create_organisation
from entraide.users.services import create_user

_counter = itertools.count(1)


class Factory:
    def __init__(self, password: str):
        self.password = password

    def organisation(self, name: str | None = None, **fields):
        fields.setdefault("commune_insee", "62498")  # Lens
        fields.setdefault("year_created", 2010)
        fields.setdefault("sector", "services")
        org = create_organisation(None, name or f"SCIC {next(_counter)}", **fields)
        db.session.commit()
        return org

    def user(self, role: str = "member", organisation=None, email: str | None = None, **kw):
        if role == "member" and organisation is None:
            organisation = self.organisation()
        contact = {key: kw.pop(key) for key in ("entraide_contact", "phone") if key in kw}
        user = create_user(
            None,
            email or f"personne{next(_counter)}@exemple.fr",
            role,
            organisation=organisation,
            password=kw.pop("password", self.password),
            **kw,
        )
        for key, value in contact.items():  # chosen on « Mon compte » (phone: stored form)
            setattr(user, key, value)
        db.session.commit()
        return user

    def member(self, organisation=None, **kw):
        return self.user("member", organisation, **kw)

    def coordinator(self, **kw):
        return self.user("coordinator", **kw)

    def viewer(self, **kw):
        return self.user("viewer", **kw)

    def need(self, organisation, theme="gouvernance", text="Besoin d'aide", urgency="normal"):
        need = declare_need(organisation, None, theme, text, urgency)
        db.session.commit()
        return need

    def offer(self, organisation, theme="gouvernance", text="Nous savons faire"):
        offer = declare_offer(organisation, None, theme, text)
        db.session.commit()
        return offer
