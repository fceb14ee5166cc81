"""Property-based check of the API against its own OpenAPI document (schemathesis, WSGI).

A bounded number of generated requests per operation: no 500, documented status codes,
JSON bodies that match the schemas. Schemathesis' pytest plugin (``from_fixture``) does
not run on pytest 9, so the strategies are drawn with Hypothesis directly.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from entraide.api.openapi import openapi_document
from tests.directory.world import build_world

SCHEMA = schemathesis.openapi.from_dict(openapi_document())
OPERATIONS = [
    ("/api/v1/organisations", "GET"),
    ("/api/v1/organisations/{org_id}", "GET"),
    ("/api/v1/stats", "GET"),
]


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_conforms_to_its_openapi_document(app, make, path, method):
    build_world(make)
    operation = SCHEMA[path][method]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(app=app, base_url=app.config["BASE_URL"])

    check()
