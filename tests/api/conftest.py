"""Fixtures of the API tests: the shared small network and the OpenAPI validators."""

import pytest
from jsonschema import Draft202012Validator

from entraide.api.openapi import openapi_document
from tests.directory.world import build_world


@pytest.fixture
def world(make):
    return build_world(make)


@pytest.fixture(scope="session")
def document(app):
    with app.app_context():
        return openapi_document()


@pytest.fixture(scope="session")
def validate(document):
    """validate(name, instance): check a body against a schema of the OpenAPI document."""

    def _validate(name: str, instance) -> None:
        # "components" is not a keyword: kept only so that the $ref pointers resolve.
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        Draft202012Validator(schema).validate(instance)

    return _validate
