"""The OpenAPI 3.1 document: valid, served, and describing the real responses."""

from openapi_spec_validator import validate as validate_spec

from entraide.themes import SECTORS


def test_document_is_valid_openapi_3_1(client, app_ctx):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    validate_spec(document)


def test_document_describes_the_endpoints(document):
    assert set(document["paths"]) == {
        "/api/v1/organisations",
        "/api/v1/organisations/{org_id}",
        "/api/v1/stats",
    }
    listing = document["paths"]["/api/v1/organisations"]["get"]
    params = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert params["per_page"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
    assert params["sector"]["enum"] == list(SECTORS)
    assert "CA de Lens - Liévin" in params["epci"]["enum"]
    assert set(listing["responses"]) == {"200", "400", "404"}
    assert "404" in [*document["paths"]["/api/v1/organisations/{org_id}"]["get"]["responses"]]
    assert {"Error", "Organisation", "OrganisationPage", "Stats"} <= set(
        document["components"]["schemas"]
    )
