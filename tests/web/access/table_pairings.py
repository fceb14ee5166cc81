"""Rows of the sponsorships: the review queue, the pairings and their follow-up booklet.

The world's pairings: SCIC A (member's) is the mentee of SCIC C, once completed and once
active; SCIC B (other_member's) takes no part in either.
"""

from tests.web.access.rows import LOGIN, Route, To, coordinator_only, pairing_booklet

PAIRING = To("/parrainages/{pairing}")
BOOKLET = "/parrainages/{pairing}/rencontres/nouvelle"
EVALUATION = "/parrainages/{done_pairing}/bilan"
CORRECT = "/parrainages/{{pairing}}/rencontres/{{{}}}/corriger"
PLANNED = "/parrainages/{pairing}/rencontres/{planned_followup}"

# fmt: off
ROWS = [
    Route("pairings.queue", "GET", "/parrainages/file", coordinator_only(200)),
    Route("pairings.propose", "GET", "/parrainages/nouveau", coordinator_only(200)),
    Route("pairings.propose", "POST", "/parrainages/nouveau", coordinator_only(422), {}),
    Route("pairings.reject", "POST", "/parrainages/ecarter", coordinator_only(422), {}),
    Route("pairings.rejections", "GET", "/parrainages/refus", coordinator_only(200)),
    Route("pairings.lift", "POST", "/parrainages/refus/{rejection}/lever",
          coordinator_only(To("/parrainages/refus"))),
    # SCIC B's list holds only its own pairings (none); the funder has no list.
    Route("pairings.index", "GET", "/parrainages", (LOGIN, 200, 200, 200, 403)),
    # The funder is answered like an outsider: get_visible_or_404 says 404 to anyone
    # who is neither a side nor the coordinator.
    Route("pairings.show", "GET", "/parrainages/{pairing}", (LOGIN, 200, 404, 200, 404)),
    # The coordinator sees the pairing but is no side of it: it cannot consent (403).
    Route("pairings.answer", "POST", "/parrainages/{pairing}/reponse",
          (LOGIN, 422, 404, 403, 404), {}),
    Route("pairings.stop", "POST", "/parrainages/{pairing}/arreter", coordinator_only(PAIRING),
          {"reason": "La filleule a cessé son activité"}),
    Route("pairings.complete", "POST", "/parrainages/{pairing}/terminer",
          coordinator_only(PAIRING)),
    Route("pairings.visible_reason", "POST", "/parrainages/{declined_pairing}/motif-visible",
          coordinator_only(To("/parrainages/{declined_pairing}")),
          {"visible_reason": "La marraine n'avait plus de place."}),

    Route("followups.new", "GET", BOOKLET, pairing_booklet(200)),
    Route("followups.new", "POST", BOOKLET, pairing_booklet(422), {}),
    Route("followups.action_done", "POST", "/parrainages/{pairing}/actions/{action}/faite",
          pairing_booklet(PAIRING)),
    # Only the two SCICs give their close-out evaluation; the coordinator reads them.
    Route("followups.evaluate", "GET", EVALUATION, (LOGIN, 200, 404, 403, 403)),
    Route("followups.evaluate", "POST", EVALUATION, (LOGIN, 422, 404, 403, 403), {}),
    # Correcting a meeting: its author (A's member for followup_a, the coordinator for
    # followup) or the coordination, 30 days long; the other side 403, outsiders as above.
    Route("followups.correct", "GET", CORRECT.format("followup_a"), pairing_booklet(200)),
    Route("followups.correct", "POST", CORRECT.format("followup_a"), pairing_booklet(422), {}),
    Route("followups.correct", "GET", CORRECT.format("followup"),
          (LOGIN, 403, 404, 200, 403)),
    Route("followups.correct", "POST", CORRECT.format("followup"),
          (LOGIN, 403, 404, 422, 403), {"summary": "Réécrit"}),
    Route("followups.correct", "POST", CORRECT.format("old_followup"), pairing_booklet(409),
          {"summary": "Trop tard"}),
    # A planned meeting is changed with « Modifier », not corrected: 409 for whoever may see it.
    Route("followups.correct", "GET", CORRECT.format("planned_followup"), pairing_booklet(409)),
    Route("followups.correct", "POST", CORRECT.format("planned_followup"), pairing_booklet(409),
          {"summary": "Pas encore tenue"}),
    Route("followups.dashboard", "GET", "/suivi", coordinator_only(200)),
    # Planned meetings: either SCIC of the active pairing or the coordinator, like the
    # booklet; each role acts on its own planned meeting (world.py).
    Route("followup_planning.plan", "GET", "/parrainages/{pairing}/rencontres/prevoir",
          pairing_booklet(200)),
    Route("followup_planning.plan", "POST", "/parrainages/{pairing}/rencontres/prevoir",
          pairing_booklet(422), {}),
    Route("followup_planning.edit", "GET", PLANNED + "/modifier", pairing_booklet(200)),
    Route("followup_planning.edit", "POST", PLANNED + "/modifier", pairing_booklet(422), {}),
    Route("followup_planning.record", "GET", PLANNED + "/compte-rendu", pairing_booklet(200)),
    Route("followup_planning.record", "POST", PLANNED + "/compte-rendu",
          pairing_booklet(422), {}),
    Route("followup_planning.cancel", "GET", PLANNED + "/annuler", pairing_booklet(200)),
    Route("followup_planning.cancel", "POST", PLANNED + "/annuler", pairing_booklet(PAIRING),
          {"reason": "La filleule est souffrante"}),
    Route("followup_planning.download", "GET", PLANNED + "/rencontre.ics",
          pairing_booklet(200), kind="ics"),
    # « Relancer maintenant »: the preview, then its confirmation (an empty POST lacks the
    # preview's fingerprint: 422); the coordination only, like /suivi.
    Route("followups.remind", "GET", "/parrainages/{pairing}/relance", coordinator_only(200)),
    Route("followups.remind", "POST", "/parrainages/{pairing}/relance",
          coordinator_only(422), {}),
]
# fmt: on
