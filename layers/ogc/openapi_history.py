"""The OpenAPI pieces of the history routes, merged into ``/ogc/api`` by ``layers.ogc.openapi`` (revert and restore,
which are edits, are with the other edits in ``layers.ogc.openapi_editing``)."""
from __future__ import annotations

from layers.history.context import PATHS

from .history import HISTORY_READERS

_READERS = ", ".join(sorted(HISTORY_READERS))

INSTANT = {
    "name": "instant", "in": "path", "required": True,
    "description": "An RFC 3339 date-time (2026-05-01T08:00:00+08:00; without an offset: Asia/Shanghai) or a date "
                   "(its midnight). Not in the future.",
    "schema": {"type": "string"}, "example": "2026-05-01T08:00:00+08:00",
}

SCHEMAS = {
    "featureVersion": {
        "type": "object", "required": ["version", "operation", "changedAt", "actor", "path", "changedFields"],
        "properties": {
            "version": {"type": "integer", "minimum": 1},
            "operation": {"type": "string", "enum": ["insert", "update", "delete"]},
            "changedAt": {"type": "string", "format": "date-time", "description": "the edit's transaction timestamp"},
            "actor": {"type": "object", "properties": {"id": {"type": "integer", "nullable": True},
                                                       "name": {"type": "string", "nullable": True}}},
            "path": {"type": "string", "enum": list(PATHS),
                     "description": "the write path: the feature API, the admin, report intake, Open311, bulk "
                                    "re-snapping, the replayed grid re-division, imports, WFS-T, or sql (a change made directly)"},
            "changedFields": {"type": "array", "items": {"type": "string"},
                              "description": "readable properties that changed, and 'geometry' when it moved"},
            "transaction": {"type": "integer"},
        },
    },
    "featureHistory": {
        "type": "object", "required": ["collection", "featureId", "currentVersion", "versions"],
        "properties": {
            "collection": {"type": "string"}, "featureId": {"type": "integer"},
            "currentVersion": {"type": "integer", "minimum": 0, "description": "0: never changed since history began"},
            "etag": {"type": "string", "description": "the feature's current ETag (of its deletion, when deleted): "
                                                      "what If-Match takes to revert or restore it"},
            "deleted": {"type": "boolean"},
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/featureVersion"}},
            "links": {"$ref": "#/components/schemas/links"},
        },
    },
}


def _responses(ok: dict) -> dict:
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}
    return {
        "200": ok,
        "400": {"$ref": "#/components/responses/InvalidParameter"},
        "401": {"description": "No token or session: sign in (`WWW-Authenticate: Bearer`).", **error},
        "403": {"description": f"History is readable by the roles {_READERS} only.", **error},
        "404": {"$ref": "#/components/responses/NotFound"},
        "500": {"$ref": "#/components/responses/ServerError"},
    }


def history_paths() -> dict:
    """``/collections/{collectionId}/items/{featureId}/history`` and ``/collections/{collectionId}/as-of/{instant}/items``."""
    collection_id, feature_id = ({"$ref": f"#/components/parameters/{name}"} for name in ("collectionId", "featureId"))
    limit, offset = ({"$ref": f"#/components/parameters/{name}"} for name in ("limit", "offset"))
    history = {"description": "The versions of the feature, newest first.",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/featureHistory"}}}}
    page = {"description": "The collection as it was at the instant (coordinates CRS84).",
            "content": {"application/geo+json": {"schema": {"$ref": "#/components/schemas/featureCollectionGeoJSON"}}}}
    return {
        "/collections/{collectionId}/items/{featureId}/history": {"get": {
            "operationId": "getFeatureHistory", "summary": "Every version of one feature", "tags": ["history"],
            "description": f"Who changed the feature, when, through which path and which properties ({_READERS}).",
            "parameters": [collection_id, feature_id], "responses": _responses(history),
        }},
        "/collections/{collectionId}/deleted": {"get": {
            "operationId": "getDeletedFeatures", "summary": "The deleted features of a collection, restorable",
            "tags": ["history"],
            "description": "Most recently deleted first, each with the ETag that restores it "
                           f"(POST .../items/{{featureId}}/restore with If-Match) ({_READERS}).",
            "parameters": [collection_id, limit, offset],
            "responses": _responses({"description": "The deleted features.", "content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "collection": {"type": "string"},
                    "deleted": {"type": "array", "items": {"type": "object", "properties": {
                        "featureId": {"type": "integer"}, "deletedAt": {"type": "string", "format": "date-time"},
                        "actor": {"type": "object"}, "path": {"type": "string"}, "etag": {"type": "string"},
                        "links": {"$ref": "#/components/schemas/links"}}}},
                    "links": {"$ref": "#/components/schemas/links"}}}}}}),
        }},
        "/collections/{collectionId}/as-of/{instant}/items": {"get": {
            "operationId": "getFeaturesAsOf", "summary": "The features of a collection as they were at a past instant",
            "tags": ["history"],
            "description": "Rebuilt from the history: rows unchanged since the instant, and the state before the "
                           f"first later change of every other row; ordered by id ({_READERS}).",
            "parameters": [collection_id, INSTANT, limit, offset], "responses": _responses(page),
        }},
    }
