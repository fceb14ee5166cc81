"""Rows of the actions register: the coordination keeps it, the funder reads it and its
pièces justificatives; members have no access (403), visitors are sent to the login."""

from tests.web.access.rows import LOGIN, Route, To, coordinator_only

READERS = (LOGIN, 403, 403, 200, 200)

# fmt: off
ROWS = [
    Route("actions.index", "GET", "/actions", READERS),
    Route("actions.new", "GET", "/actions/nouvelle", coordinator_only(200)),
    Route("actions.new", "POST", "/actions/nouvelle", coordinator_only(422), {"title": ""}),
    Route("actions.show", "GET", "/actions/{network_action}", READERS),
    Route("actions.edit", "GET", "/actions/{network_action}/modifier", coordinator_only(200)),
    Route("actions.edit", "POST", "/actions/{network_action}/modifier", coordinator_only(422),
          {"title": ""}),
    Route("actions.delete", "POST", "/actions/{network_action}/supprimer",
          coordinator_only(To("/actions"))),
    # Without a file: the form's French error, nothing written.
    Route("actions.upload", "POST", "/actions/{network_action}/pieces", coordinator_only(422),
          {"kind": "attendance"}),
    Route("actions.download", "GET", "/actions/{network_action}/pieces/{document}", READERS,
          kind="pdf"),
    Route("actions.remove_document", "POST",
          "/actions/{network_action}/pieces/{document}/retirer",
          coordinator_only(To("/actions/{network_action}"))),
    Route("reports.actions_file", "GET", "/tableau-de-bord/actions.csv", READERS, kind="csv"),
]
# fmt: on
