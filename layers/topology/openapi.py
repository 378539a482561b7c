"""The OpenAPI fragment of the topology report, merged into ``/openapi.json`` by ``geoserver_app.openapi``."""
from __future__ import annotations

__all__ = ["openapi_paths", "openapi_schemas"]

BREACH = {
    "type": "object", "required": ["rule", "layer", "kind", "features", "location"],
    "properties": {
        "rule": {"type": "string", "description": "<layer>_<rule>: grids_cover, buildings_no_overlap, "
                                                  "components_inside_county, buildings_inside_county, "
                                                  "addresses_inside_county"},
        "layer": {"type": "string"},
        "kind": {"type": "string", "enum": ["overlap", "gap", "outside"]},
        "features": {"type": "array", "items": {"type": "string"}, "description": "codes of the features involved"},
        "area_m2": {"type": "number", "nullable": True, "description": "m² on the spheroid (none for a point)"},
        "location": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                     "description": "a place inside the breach: lon, lat (EPSG:4490)"},
    },
}


def openapi_schemas() -> dict:
    return {"topologyBreach": BREACH}


def openapi_paths() -> dict:
    report = {
        "type": "object", "properties": {
            "rules": {"type": "array", "items": {"type": "object"}},
            "numberOfBreaches": {"type": "integer"},
            "breaches": {"type": "array", "items": {"$ref": "#/components/schemas/topologyBreach"}},
        },
    }
    return {"/api/topology": {"get": {
        "operationId": "getTopologyBreaches", "summary": "The current breaches of every topology rule",
        "tags": ["topology"],
        "description": "The grids cover the county with no gap and no overlap; buildings do not overlap; components "
                       "lie in the county. Every write keeps these rules in its own transaction (a breach is a 409 "
                       "TopologyViolation); this lists what is broken now, in the layers the caller may read.",
        "responses": {
            "200": {"description": "The breaches, largest first per rule.",
                    "content": {"application/json": {"schema": report, "example": {
                        "rules": [{"layer": "grids", "rules": ["cover"]}], "numberOfBreaches": 0, "breaches": []}}}},
            "400": {"description": "An unknown parameter.",
                    "content": {"application/json": {"schema": {"type": "object"}}}},
        },
    }}}
