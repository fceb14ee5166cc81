"""Rows of « Qui peut m'aider ? » / « Qui puis-je aider ? » and the sponsorship requests.

SCIC A (member's) is young and already sponsored: its page says so and its requests are
refused (409). SCIC B (other_member's) is experienced but not opted in as a sponsor: its
page says how to opt in and its offers of help are refused (409) before anything about
another organisation's need is told. Each role has its own open request from SCIC A to
SCIC C ("sponsor_request").
"""

from tests.web.access.rows import LOGIN, Route, To, coordinator_only

HELP, OFFER = "/qui-peut-m-aider", "/qui-puis-je-aider"
MEMBERS_ONLY = (LOGIN, 200, 200, 403, 403)

# fmt: off
ROWS = [
    # Each member is sent to the page of its kind (young, or experienced).
    Route("helpfinder.who_can_help", "GET", HELP, (LOGIN, 200, To(OFFER), 403, 403)),
    Route("helpfinder.who_i_can_help", "GET", OFFER, (LOGIN, To(HELP), 200, 403, 403)),
    # SCIC A is sponsored already (409); SCIC B asks for a need that is not its own (422).
    Route("helpfinder.ask", "POST", f"{HELP}/demander", (LOGIN, 409, 422, 403, 403),
          {"need_id": "{need_a}", "mentor_id": "{org_c}", "message": "Merci"}),
    # SCIC A is young (422); SCIC B did not opt in (409).
    Route("helpfinder.offer", "POST", f"{OFFER}/proposer", (LOGIN, 422, 409, 403, 403),
          {"need_id": "{need_a}"}),
    # Only the requester withdraws; another member does not learn the request exists.
    Route("helpfinder.withdraw", "POST", "/demandes-de-parrainage/{sponsor_request}/retirer",
          (LOGIN, To(HELP), 404, 403, 403)),
    Route("pairings.decline_request", "POST", "/parrainages/demandes/{sponsor_request}/refuser",
          coordinator_only(To("/parrainages/file")), {"reason": "La filleule a une marraine"}),
]
# fmt: on
