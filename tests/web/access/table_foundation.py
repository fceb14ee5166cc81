"""Rows of the foundation: home, accounts, organisations, declarations, users."""

from tests.web.access.rows import (
    LOGIN,
    Route,
    To,
    coordinator_only,
    everyone,
    logged_in,
    not_a_partner,
    own_org,
    partner_page,
)

WEAK = {"password": "court", "confirm": "court"}
UNKNOWN_EMAIL = {"email": "personne@exemple.fr", "password": "pas-le-bon"}
HOME = To("/")
ORG_A = To("/organisations/{org_a}")

# fmt: off
ROWS = [
    # A member's home: its « À faire » and its partners.
    Route("main.home", "GET", "/", (To("/connexion"), 200, 200, To("/organisations"),
          To("/tableau-de-bord/"))),
    Route("main.overview", "GET", "/synthese",
          (LOGIN, 403, 403, To("/tableau-de-bord/"), To("/tableau-de-bord/"))),

    Route("auth.login", "GET", "/connexion", (200,) + (HOME,) * 4),
    Route("auth.login", "POST", "/connexion", (422,) + (HOME,) * 4, UNKNOWN_EMAIL),
    Route("auth.logout", "POST", "/deconnexion", logged_in(To("/connexion"))),
    Route("auth.accept_invitation", "GET", "/invitation/{invite_token}", everyone(200)),
    Route("auth.accept_invitation", "POST", "/invitation/{invite_token}", everyone(422), WEAK),
    Route("auth.reset_password", "GET", "/mot-de-passe/nouveau/{reset_token}", everyone(200)),
    Route("auth.reset_password", "POST", "/mot-de-passe/nouveau/{reset_token}", everyone(422),
          WEAK),
    Route("auth.forgot_password", "GET", "/mot-de-passe/oublie", everyone(200)),
    Route("auth.forgot_password", "POST", "/mot-de-passe/oublie", everyone(To("/connexion")),
          {"email": "personne@exemple.fr"}),
    Route("auth.change_password", "GET", "/compte/mot-de-passe", logged_in(200)),
    Route("auth.change_password", "POST", "/compte/mot-de-passe", logged_in(422), {}),

    Route("organisations.mine", "GET", "/mon-organisation",
          (LOGIN, ORG_A, To("/organisations/{org_b}"), 404, 404)),
    Route("organisations.index", "GET", "/organisations", coordinator_only(200)),
    Route("organisations.show", "GET", "/organisations/{org_a}", own_org(200)),
    # One row per way of being SCIC A's partner (models/partners.py), or of not being one:
    # C sponsors A (active and completed pairings) and is in its group; D only shares the
    # group (and was set aside as A's sponsor); E sponsored A once (completed); F answered
    # one of A's calls; G was told about it. H declined a proposal, I's was withdrawn.
    Route("organisations.show", "GET", "/organisations/{org_c}", partner_page(200)),
    Route("organisations.show", "GET", "/organisations/{org_d}", partner_page(200)),
    Route("organisations.show", "GET", "/organisations/{org_e}", partner_page(200)),
    Route("organisations.show", "GET", "/organisations/{org_f}", partner_page(200)),
    Route("organisations.show", "GET", "/organisations/{org_g}", partner_page(200)),
    Route("organisations.show", "GET", "/organisations/{org_h}", not_a_partner(200)),
    Route("organisations.show", "GET", "/organisations/{org_i}", not_a_partner(200)),
    Route("organisations.show", "GET", "/organisations/{org_b}", (LOGIN, 404, 200, 200, 404)),
    Route("organisations.create", "GET", "/organisations/nouvelle", coordinator_only(200)),
    Route("organisations.create", "POST", "/organisations/nouvelle", coordinator_only(422), {}),
    Route("organisations.edit", "GET", "/organisations/{org_a}/modifier", own_org(200)),
    Route("organisations.edit", "POST", "/organisations/{org_a}/modifier", own_org(422),
          {"name": ""}),
    Route("organisations.archive", "POST", "/organisations/{org_a}/archiver",
          coordinator_only(To("/organisations"))),
    Route("organisations.restore", "POST", "/organisations/{org_a}/restaurer",
          coordinator_only(ORG_A)),

    Route("declarations.new_need", "GET", "/organisations/{org_a}/besoins/nouveau", own_org(200)),
    Route("declarations.new_need", "POST", "/organisations/{org_a}/besoins/nouveau",
          own_org(422), {}),
    Route("declarations.edit_need", "GET", "/besoins/{need_a}/modifier", own_org(200)),
    Route("declarations.edit_need", "POST", "/besoins/{need_a}/modifier", own_org(422),
          {"text": ""}),
    Route("declarations.close_need", "POST", "/besoins/{need_a}/clore", own_org(ORG_A),
          {"outcome": "met"}),
    Route("declarations.reopen_need", "POST", "/besoins/{closed_need_a}/rouvrir", own_org(ORG_A)),
    Route("declarations.new_offer", "GET", "/organisations/{org_a}/offres/nouvelle", own_org(200)),
    Route("declarations.new_offer", "POST", "/organisations/{org_a}/offres/nouvelle",
          own_org(422), {}),
    Route("declarations.edit_offer", "GET", "/offres/{offer_a}/modifier", own_org(200)),
    Route("declarations.edit_offer", "POST", "/offres/{offer_a}/modifier", own_org(422),
          {"text": ""}),
    Route("declarations.withdraw_offer", "POST", "/offres/{offer_a}/retirer", own_org(ORG_A)),
    Route("declarations.overview", "GET", "/besoins", coordinator_only(200)),

    Route("users.account", "GET", "/mon-compte", logged_in(200)),
    Route("users.account", "POST", "/mon-compte", logged_in(422), {"phone": "abc"}),
    # The personal calendar feed: no login, the address is the secret (SCIC A's member's
    # here); an unknown token is a plain 404 for everyone. The funder has no feed.
    Route("calendars.feed", "GET", "/agenda/{feed_token}.ics", everyone(200), kind="ics",
          names_a_to=("anonymous", "other_member", "viewer")),
    Route("calendars.feed", "GET", "/agenda/{unknown_feed_token}.ics", everyone(404)),
    Route("calendars.renew", "GET", "/mon-compte/agenda/renouveler", (LOGIN, 200, 200, 200, 404)),
    Route("calendars.renew", "POST", "/mon-compte/agenda/renouveler",
          (LOGIN, To("/mon-compte"), To("/mon-compte"), To("/mon-compte"), 404)),
    Route("users.index", "GET", "/utilisateurs", coordinator_only(200)),
    Route("users.invite", "GET", "/utilisateurs/inviter", coordinator_only(200)),
    Route("users.invite", "POST", "/utilisateurs/inviter", coordinator_only(422), {}),
    # The pending invitation is sent again; without SMTP the page shows the link (200).
    Route("users.resend", "POST", "/utilisateurs/{invited}/reinviter", coordinator_only(200)),
    Route("users.toggle_active", "POST", "/utilisateurs/{invited}/activation",
          coordinator_only(To("/utilisateurs"))),
]
# fmt: on
