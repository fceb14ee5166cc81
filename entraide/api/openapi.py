"""The OpenAPI 3.1 description of the public API, built as a plain dict."""

from .. import __version__
from ..geo.gazetteer import get_gazetteer
from ..themes import SECTORS, STATUSES, THEMES, YOUNG_SINCE_YEAR
from .paging import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE

_REF = "#/components/schemas/"


def _ref(name: str) -> dict:
    return {"$ref": _REF + name}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _json_response(description: str, schema: str) -> dict:
    return {
        "description": description,
        "headers": {
            "Cache-Control": {
                "description": "« public, max-age=300 » (« no-store » si connecté).",
                "schema": {"type": "string"},
            }
        },
        "content": {"application/json": {"schema": _ref(schema)}},
    }


def _counts(key: str, codes: list[str]) -> dict:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "required": [key, "label", "count"],
            "additionalProperties": False,
            "properties": {
                key: {"type": "string", "examples": codes[:1]},
                "label": {"type": "string"},
                "count": {"type": "integer", "minimum": 0},
            },
        },
    }


def _schemas() -> dict:
    nullable_int = {"type": ["integer", "null"]}
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["status", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "status": {"type": "integer", "minimum": 400, "maximum": 599},
                        "message": {"type": "string", "description": "Message en français."},
                    },
                }
            },
        },
        "Commune": {
            "type": "object",
            "required": ["insee", "name", "epci"],
            "additionalProperties": False,
            "properties": {
                "insee": {"type": "string", "pattern": "^[0-9]{5}$"},
                "name": {"type": "string"},
                "epci": {"type": "string"},
            },
        },
        "Offer": {
            "type": "object",
            "required": ["theme", "theme_label", "text"],
            "additionalProperties": False,
            "properties": {
                "theme": {"type": "string", "examples": list(THEMES)[:1]},
                "theme_label": {"type": "string"},
                "text": {"type": "string"},
            },
        },
        "Organisation": {
            "type": "object",
            "required": [
                "id",
                "name",
                "status",
                "sector",
                "sector_label",
                "year_created",
                "commune",
                "lat",
                "lon",
                "website",
                "offers",
            ],  # fmt: skip
            "additionalProperties": False,
            "properties": {
                "id": {"type": "integer", "minimum": 1},
                "name": {"type": "string"},
                "status": {"type": "string", "enum": list(STATUSES)},
                "sector": {"type": "string", "enum": list(SECTORS)},
                "sector_label": {"type": "string"},
                "year_created": nullable_int,
                "commune": {
                    "description": "Commune du Pas-de-Calais, ou null (hors département).",
                    "oneOf": [_ref("Commune"), {"type": "null"}],
                },
                "lat": {
                    "type": ["number", "null"],
                    "description": "Centre de la commune, ou coordonnées arrondies à 0,01°.",
                },
                "lon": {"type": ["number", "null"]},
                "website": {"type": ["string", "null"]},
                "offers": {
                    "type": "array",
                    "description": "Offres actives de l'organisation.",
                    "items": _ref("Offer"),
                },
            },
        },
        "OrganisationPage": {
            "type": "object",
            "required": ["items", "page", "per_page", "total", "pages"],
            "additionalProperties": False,
            "properties": {
                "items": {"type": "array", "items": _ref("Organisation")},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                "total": {"type": "integer", "minimum": 0},
                "pages": {"type": "integer", "minimum": 0},
            },
        },
        "Stats": {
            "type": "object",
            "required": [
                "organisations",
                "young",
                "experienced",
                "year_unknown",
                "by_sector",
                "open_needs_by_theme",
                "active_offers_by_theme",
                "active_pairings",
            ],  # fmt: skip
            "additionalProperties": False,
            "properties": {
                "organisations": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Organisations membres aujourd'hui (entrées dans le réseau, "
                    "non archivées), publiques ou non : jeunes + expérimentées + année inconnue.",
                },
                "young": {
                    "type": "integer",
                    "minimum": 0,
                    "description": f"Projets et SCIC créées en {YOUNG_SINCE_YEAR} ou après.",
                },
                "experienced": {
                    "type": "integer",
                    "minimum": 0,
                    "description": f"SCIC créées avant {YOUNG_SINCE_YEAR}.",
                },
                "year_unknown": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "SCIC dont l'année de création est inconnue (ni jeunes, "
                    "ni expérimentées).",
                },
                "by_sector": _counts("sector", list(SECTORS)),
                "open_needs_by_theme": _counts("theme", list(THEMES)),
                "active_offers_by_theme": _counts("theme", list(THEMES)),
                "active_pairings": {"type": "integer", "minimum": 0},
            },
        },
    }


def openapi_document() -> dict:
    """The OpenAPI 3.1 document of ``/api/v1`` (parameters, responses, schemas)."""
    bad_request = _error_response("Paramètre invalide (message en français).")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Entraide SCIC 62 – API publique",
            "version": __version__,
            "description": (
                "Annuaire public des SCIC du réseau du Pas-de-Calais (organisations ayant "
                "choisi d'y figurer) et chiffres agrégés du réseau. Lecture seule, sans "
                "authentification, sans donnée personnelle. Les erreurs sont en JSON avec "
                "un message en français."
            ),
        },
        "paths": {
            "/api/v1/organisations": {
                "get": {
                    "operationId": "listOrganisations",
                    "summary": "Organisations de l'annuaire public, paginées",
                    "parameters": [
                        {
                            "name": "page",
                            "in": "query",
                            "description": (
                                "Numéro de page. Une page au-delà de la dernière donne une "
                                "erreur 404 (la page 1 existe toujours, éventuellement vide)."
                            ),
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE,
                                "default": 1,
                            },
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PER_PAGE,
                                "default": DEFAULT_PER_PAGE,
                            },
                        },
                        {
                            "name": "sector",
                            "in": "query",
                            "description": "Code du secteur.",
                            "schema": {"type": "string", "enum": list(SECTORS)},
                        },
                        {
                            "name": "epci",
                            "in": "query",
                            "description": "Nom exact d'une intercommunalité du Pas-de-Calais.",
                            "schema": {"type": "string", "enum": get_gazetteer().epci_names()},
                        },
                    ],
                    "responses": {
                        "200": _json_response("Une page d'organisations.", "OrganisationPage"),
                        "400": bad_request,
                        "404": _error_response("Page au-delà de la dernière."),
                    },
                }
            },
            "/api/v1/organisations/{org_id}": {
                "get": {
                    "operationId": "getOrganisation",
                    "summary": "Une organisation de l'annuaire public",
                    "parameters": [
                        {
                            "name": "org_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647},
                        }
                    ],
                    "responses": {
                        "200": _json_response("L'organisation.", "Organisation"),
                        "404": _error_response(
                            "Organisation inconnue, archivée ou absente de l'annuaire public."
                        ),
                    },
                }
            },
            "/api/v1/stats": {
                "get": {
                    "operationId": "getStats",
                    "summary": "Chiffres agrégés du réseau (comptages seulement)",
                    "responses": {"200": _json_response("Les chiffres du réseau.", "Stats")},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
