"""Rows of the network's life: territorial groups, help requests, the coordinator's matching.

The world's group gathers SCIC A, C and D (SCIC B is in no group); every role has its
own open help request posted by SCIC A, which SCIC C has answered.
"""

from tests.web.access.rows import LOGIN, Route, To, coordinator_only, group_page

GROUP = To("/groupes/{group}")
CALL = To("/entraide/{help_request}")
TERRITORIES = To("/rapprochement/territoires")
MEETING_FORM = "/groupes/{group}/rencontres/nouvelle"
MEETING_CORRECTION = "/groupes/rencontres/{group_meeting}/corriger"
PLAN_FORM = "/groupes/{group}/rencontres/prevoir"
PLANNED = "/groupes/{group}/rencontres/{planned_meeting}"

# fmt: off
ROWS = [
    Route("groups.index", "GET", "/groupes", coordinator_only(200)),
    Route("groups.validate", "POST", "/groupes/valider", coordinator_only(422), {}),
    # A member's entry point: SCIC B has no group (a page saying so); others have none.
    Route("groups.mine", "GET", "/groupes/le-mien", (LOGIN, GROUP, 200, 404, 404)),
    Route("groups.show", "GET", "/groupes/{group}", group_page(200)),
    Route("groups.rename", "POST", "/groupes/{group}/nom", coordinator_only(GROUP),
          {"name": "Groupe du Bassin minier"}),
    Route("groups.add_member", "POST", "/groupes/{group}/membres", coordinator_only(GROUP),
          {"organisation_id": "{org_b}"}),
    Route("groups.remove_member", "POST", "/groupes/{group}/membres/{org_d}/retirer",
          coordinator_only(GROUP)),
    Route("groups.contact", "POST", "/groupes/{group}/contact", coordinator_only(GROUP),
          {"contact_id": "{member_user}"}),
    Route("groups.archive", "POST", "/groupes/{group}/archiver", coordinator_only(GROUP)),
    # SCIC A relays the group's meetings (its member is the contact): it plans and records
    # them, as the coordinator does; each role acts on its own planned meeting (world.py).
    Route("groups.new_meeting", "GET", MEETING_FORM, group_page(200)),
    Route("groups.new_meeting", "POST", MEETING_FORM, group_page(422), {}),
    Route("group_planning.plan", "GET", PLAN_FORM, group_page(200)),
    Route("group_planning.plan", "POST", PLAN_FORM, group_page(422), {}),
    Route("group_planning.edit", "GET", PLANNED + "/modifier", group_page(200)),
    Route("group_planning.edit", "POST", PLANNED + "/modifier", group_page(422), {}),
    Route("group_planning.record", "GET", PLANNED + "/compte-rendu", group_page(200)),
    Route("group_planning.record", "POST", PLANNED + "/compte-rendu", group_page(422), {}),
    Route("group_planning.cancel", "GET", PLANNED + "/annuler", group_page(200)),
    Route("group_planning.cancel", "POST", PLANNED + "/annuler", group_page(GROUP),
          {"reason": "Salle indisponible"}),
    Route("group_planning.download", "GET", PLANNED + "/rencontre.ics", group_page(200),
          kind="ics"),
    Route("groups.meetings", "GET", "/groupes/rencontres", coordinator_only(200)),
    # The coordination recorded the group's meeting: A's member reads it (403 to correct),
    # SCIC B is outside the group (404).
    Route("groups.correct_meeting", "GET", MEETING_CORRECTION, (LOGIN, 403, 404, 200, 403)),
    Route("groups.correct_meeting", "POST", MEETING_CORRECTION, (LOGIN, 403, 404, 422, 403),
          {"topics": "Réécrit"}),
    # A planned meeting is changed with « Modifier », not corrected.
    Route("groups.correct_meeting", "GET", "/groupes/rencontres/{planned_meeting}/corriger",
          group_page(409)),
    Route("groups.correct_meeting", "POST", "/groupes/rencontres/{planned_meeting}/corriger",
          group_page(409), {"topics": "Pas encore tenue"}),

    # A call is addressed to the whole network: every member reads it (not its answers).
    Route("help_requests.index", "GET", "/entraide",
          (LOGIN, 200, 200, To("/entraide/suivi"), 403), names_a_to=("other_member",)),
    Route("help_requests.follow_up", "GET", "/entraide/suivi", coordinator_only(200)),
    Route("help_requests.new", "GET", "/entraide/nouveau", (LOGIN, 200, 200, 403, 403)),
    Route("help_requests.new", "POST", "/entraide/nouveau", (LOGIN, 422, 422, 403, 403), {}),
    Route("help_requests.show", "GET", "/entraide/{help_request}", (LOGIN, 200, 200, 200, 403),
          names_a_to=("other_member",)),
    # SCIC A cannot answer its own call (409); SCIC B can; the coordinator only relays.
    Route("help_requests.answer", "POST", "/entraide/{help_request}/reponses",
          (LOGIN, 409, CALL, 403, 403), {"message": "Nous avons traversé la même crise."}),
    # Only the coordination relays a call; nothing chosen is refused.
    Route("help_requests.relay", "POST", "/entraide/{help_request}/relayer",
          coordinator_only(422), {}),
    Route("help_requests.close", "POST", "/entraide/{help_request}/clore",
          (LOGIN, CALL, 403, CALL, 403), {"solved": "yes"}),

    Route("suggestions.index", "GET", "/rapprochement/suggestions", coordinator_only(200)),
    Route("suggestions.groups", "GET", "/rapprochement/groupes", coordinator_only(200)),
    Route("suggestions.settings", "GET", "/rapprochement/reglages", coordinator_only(200)),
    # The commune -> territory table (the coordination's).
    Route("suggestions.territories", "GET", "/rapprochement/territoires", coordinator_only(200)),
    Route("suggestions.assign_territory", "POST", "/rapprochement/territoires/commune",
          coordinator_only(TERRITORIES), {"commune": "62041", "territory": "Artois"}),
    Route("suggestions.check_territory_file", "POST", "/rapprochement/territoires/fichier",
          coordinator_only(422), {}),
    Route("suggestions.apply_territory_file", "POST",
          "/rapprochement/territoires/fichier/appliquer", coordinator_only(422), {}),
    Route("suggestions.reset_territories", "GET", "/rapprochement/territoires/reinitialiser",
          coordinator_only(200)),
    Route("suggestions.reset_territories", "POST", "/rapprochement/territoires/reinitialiser",
          coordinator_only(TERRITORIES), {}),
    Route("suggestions.export_territories", "GET", "/rapprochement/territoires.csv",
          coordinator_only(200), kind="csv"),
    Route("suggestions.settings", "POST", "/rapprochement/reglages", coordinator_only(422),
          {"top_k": "0"}),
]
# fmt: on
