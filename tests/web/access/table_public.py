"""Rows of what anyone may read: the public directory, the read-only JSON API and the
health check.

SCIC C opted in to the directory; SCIC A did not (its pages would answer 404).
"""

from tests.web.access.rows import Route, everyone

# fmt: off
ROWS = [
    Route("directory.index", "GET", "/annuaire", everyone(200)),
    Route("directory.show", "GET", "/annuaire/{org_c}", everyone(200)),

    Route("api.list_organisations", "GET", "/api/v1/organisations", everyone(200), kind="json"),
    Route("api.get_organisation", "GET", "/api/v1/organisations/{org_c}", everyone(200),
          kind="json"),
    Route("api.stats", "GET", "/api/v1/stats", everyone(200), kind="json"),
    Route("api.openapi", "GET", "/api/v1/openapi.json", everyone(200), kind="json"),

    Route("main.healthz", "GET", "/healthz", everyone(200), kind="json"),
]
# fmt: on
