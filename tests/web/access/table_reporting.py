"""Rows of the coordinator's tools and the funder's report: journal, outbox, transfer,
reports, conventions."""

from tests.web.access.rows import LOGIN, Route, To, coordinator_only

# The report: the coordinator and the funder (viewer); members have no access. Its map
# and per-organisation balance name the SCICs (organisations, never people or notes).
REPORT = (LOGIN, 403, 403, 200, 200)

# fmt: off
ROWS = [
    Route("journal.index", "GET", "/journal", coordinator_only(200)),

    Route("outbox.index", "GET", "/courriels", coordinator_only(200)),
    Route("outbox.retry", "POST", "/courriels/{mail}/reessayer",
          coordinator_only(To("/courriels"))),

    Route("transfer.import_orgs", "GET", "/organisations/import", coordinator_only(200)),
    Route("transfer.import_orgs", "POST", "/organisations/import", coordinator_only(422), {}),
    Route("transfer.export_orgs", "GET", "/organisations/export.csv", coordinator_only(200),
          kind="csv"),
    Route("transfer.template_csv", "GET", "/organisations/import/modele.csv",
          coordinator_only(200), kind="csv"),
    Route("transfer.export_orgs_xlsx", "GET", "/organisations/export.xlsx",
          coordinator_only(200), kind="xlsx"),
    Route("transfer.template_xlsx", "GET", "/organisations/import/modele.xlsx",
          coordinator_only(200), kind="xlsx"),
    # Without a valid token: the French "aperçu expiré" page.
    Route("transfer.confirm_import", "POST", "/organisations/import/confirmer",
          coordinator_only(410), {}),
    Route("transfer.cancel_import", "POST", "/organisations/import/annuler",
          coordinator_only(To("/organisations/import")), {}),

    Route("reports.dashboard", "GET", "/tableau-de-bord/", REPORT, names_a_to=("viewer",)),
    Route("reports.report_file", "GET", "/tableau-de-bord/bilan.csv", REPORT, kind="csv",
          names_a_to=("viewer",)),
    Route("reports.report_zip", "GET", "/tableau-de-bord/bilan-csv.zip", REPORT, kind="zip"),
    Route("reports.settings", "GET", "/tableau-de-bord/reglages", coordinator_only(200)),
    Route("reports.settings", "POST", "/tableau-de-bord/reglages", coordinator_only(422),
          {"hourly_rate": ""}),
    Route("branding.logo", "GET", "/tableau-de-bord/logo", coordinator_only(200)),
    Route("branding.logo", "POST", "/tableau-de-bord/logo", coordinator_only(422), {}),
    Route("branding.image", "GET", "/tableau-de-bord/logo/image", (LOGIN, 403, 403, 200, 200),
          kind="image"),
    Route("branding.remove", "POST", "/tableau-de-bord/logo/retirer",
          coordinator_only(To("/tableau-de-bord/logo"))),
    Route("reports.highlights", "GET", "/tableau-de-bord/temoignages", coordinator_only(200)),
    Route("reports.highlights", "POST", "/tableau-de-bord/temoignages", coordinator_only(422),
          {}),
    Route("reports.remove_highlight", "POST", "/tableau-de-bord/temoignages/{highlight}/retirer",
          coordinator_only(To("/tableau-de-bord/temoignages"))),
    Route("reports.edit_highlight", "GET", "/tableau-de-bord/temoignages/{testimony}/modifier",
          coordinator_only(200)),
    Route("reports.edit_highlight", "POST", "/tableau-de-bord/temoignages/{testimony}/modifier",
          coordinator_only(422), {"quote": ""}),
    Route("reports.mark_sent", "POST", "/tableau-de-bord/bilan/2024/envoye",
          coordinator_only(To("/tableau-de-bord/temoignages"))),
    Route("reports.axis_narratives", "GET", "/tableau-de-bord/bilan/2024/axes",
          coordinator_only(200)),
    Route("reports.save_axis_narrative", "POST", "/tableau-de-bord/bilan/2024/axes/1",
          coordinator_only(To("/tableau-de-bord/bilan/2024/axes")),
          {"axe1-conditions": "Rencontres chez les membres"}),
    # Not sent: nothing to reopen.
    Route("reports.reopen", "POST", "/tableau-de-bord/bilan/2024/rouvrir",
          coordinator_only(409)),

    # A testimony from SCIC A's meeting: SCIC A's people read and answer it; SCIC B does
    # not know it exists; the coordination and the funder have no answer to give.
    Route("testimonies.show", "GET", "/temoignages/{testimony}", (LOGIN, 200, 404, 403, 403)),
    Route("testimonies.answer", "POST", "/temoignages/{testimony}/reponse",
          (LOGIN, To("/temoignages/{testimony}"), 404, 403, 403),
          {"answer": "approved_anonymous", "digest": "{testimony_digest}"}),

    # The conventions and their statement: the coordination only. A POST without the
    # page's version is a stale page (409, nothing written).
    Route("conventions.index", "GET", "/conventions", coordinator_only(200)),
    Route("conventions.new", "GET", "/conventions/nouvelle", coordinator_only(200)),
    Route("conventions.new", "POST", "/conventions/nouvelle", coordinator_only(422), {}),
    Route("conventions.show", "GET", "/conventions/{convention}", coordinator_only(200)),
    Route("conventions.edit", "GET", "/conventions/{convention}/modifier",
          coordinator_only(200)),
    Route("conventions.edit", "POST", "/conventions/{convention}/modifier",
          coordinator_only(422), {"reference": ""}),
    Route("conventions.delete", "POST", "/conventions/{convention}/supprimer",
          coordinator_only(To("/conventions")), {"version": "{convention_version}"}),
    Route("conventions.statement", "GET", "/conventions/{convention}/bilan-financier",
          coordinator_only(200)),
    Route("conventions.edit_statement", "GET", "/conventions/{convention}/bilan-financier/saisie",
          coordinator_only(200)),
    Route("conventions.edit_statement", "POST",
          "/conventions/{convention}/bilan-financier/saisie", coordinator_only(409), {}),
    Route("conventions.add_line", "POST", "/conventions/{convention}/bilan-financier/sous-lignes",
          coordinator_only(422), {"head_id": "", "label": ""}),
    Route("conventions.remove_line", "POST",
          "/conventions/{convention}/bilan-financier/sous-lignes/{convention_line}/retirer",
          coordinator_only(To("/conventions/{convention}/bilan-financier")),
          {"version": "{convention_version}"}),
    # An empty statement cannot be final; a draft cannot go back to draft.
    Route("conventions.finalise", "POST", "/conventions/{convention}/bilan-financier/definitif",
          coordinator_only(409), {"version": "{convention_version}"}),
    Route("conventions.reopen", "POST", "/conventions/{convention}/bilan-financier/brouillon",
          coordinator_only(409), {"version": "{convention_version}"}),
]
# fmt: on
