"""OpenAPI paths of the thematic and print maps, merged into the server-wide document."""
from __future__ import annotations

from layers.registry import LAYERS

from .measures import AREAS, MEASURES
from .paper import ORIENTATIONS, SIZES
from .params import MAX_LAYERS

_ERROR = {"$ref": "#/components/schemas/exception"}


def _query(name: str, description: str, schema: dict, example: object = None) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if example is not None:
        parameter["example"] = example
    return parameter


def _errors(*codes: str) -> dict:
    text = {"400": "A malformed parameter, named in the body",
            "404": "A layer (named by `layers` or `measure`) that does not exist or that the caller may not read",
            "503": "The standard map is not built yet"}
    return {code: {"description": text[code], "content": {"application/json": {"schema": _ERROR}}} for code in codes}


def _common() -> list[dict]:
    states = sorted({state for m in MEASURES.values() for state, _ in m.states})
    return [
        _query("by", "Count per base grid or per town / township.", {"type": "string", "enum": list(AREAS), "default": "grid"}, "town"),
        _query("measure", "What is counted: incidents, or city components.", {"type": "string", "enum": list(MEASURES)}, "components"),
        _query("state", "Count only rows in this state: an incident status, or a component state (CJ/T 214).",
               {"type": "string", "enum": states}, "damaged"),
        _query("layers", f"Layers drawn over the map, comma-separated (at most {MAX_LAYERS}), each with the fields the "
               "caller may read.", {"type": "string"}, "grids,components"),
        _query("bbox", "Draw the chosen layers inside this box: west, south, east, north in CRS84 degrees.",
               {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}}, "113.60,37.78,113.66,37.81")
        | {"style": "form", "explode": False},
    ]


def openapi_paths() -> dict:
    layer_ids = ", ".join(layer.id for layer in LAYERS)
    return {
        "/maps/thematic": {"get": {
            "operationId": "getThematicMap",
            "summary": "A thematic map page (folium / Leaflet): a choropleth per grid or town over the standard map",
            "description": "Legend, popups and tooltips; Leaflet and the tiles are served by this server, so the page "
            f"works on an intranet and when saved. Layers: {layer_ids}.",
            "tags": ["maps"],
            "parameters": [*_common(), _query("f", "`html`: answer the page as a download.", {"type": "string", "enum": ["html"]})],
            "responses": {"200": {"description": "The page", "content": {"text/html": {"schema": {"type": "string"}}}},
                          **_errors("400", "404")},
        }},
        "/maps/print": {"get": {
            "operationId": "getPrintMap",
            "summary": "A print map page (PDF or PNG) with title, legend, scale bar, north arrow, CRS and date",
            "description": "Drawn over the standard map with Chinese labels (the CJK font is embedded in the PDF). Give "
            "`layers`, `measure`, or both.",
            "tags": ["maps"],
            "parameters": [
                *_common(),
                _query("size", "Paper size (ISO 216).", {"type": "string", "enum": list(SIZES), "default": "A4"}, "A3"),
                _query("orientation", "Paper orientation.", {"type": "string", "enum": list(ORIENTATIONS), "default": "landscape"}),
                _query("f", "Format: PDF (vector, font embedded) or PNG at 150 dpi.", {"type": "string", "enum": ["pdf", "png"], "default": "pdf"}),
                _query("title", "Title printed on the page, at most 80 characters.", {"type": "string", "maxLength": 80}, "平定县城区部件图"),
            ],
            "responses": {
                "200": {"description": "The page", "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "image/png": {"schema": {"type": "string", "format": "binary"}}}},
                **_errors("400", "404", "503"),
            },
        }},
    }


def openapi_schemas() -> dict:
    return {}
