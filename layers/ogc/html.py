"""HTML pages (``f=html``) of the OGC API: template contexts and rendering. No script, style or font leaves the server."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from layers.registry import Layer
from layers.selectors import FeaturePage

from layers.query.items import ItemsQuery


def render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return HttpResponse(render_to_string(template, context, request=request), content_type="text/html; charset=utf-8")


def link_by_rel(links: list[dict], rel: str) -> str | None:
    return next((item["href"] for item in links if item["rel"] == rel), None)


def api_context(document: dict) -> dict:
    """The OpenAPI document as a list of operations with their parameters, for people."""
    parameters = document["components"]["parameters"]
    operations = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            resolved = [parameters[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p for p in operation.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "operation": operation, "parameters": resolved})
    return {"document": document, "operations": operations, "server": document["servers"][0]["url"]}


def collection_context(layer: Layer, document: dict) -> dict:
    return {"layer": layer, "collection": document, "fields": list(layer.fields.values())}


def items_context(layer: Layer, query: ItemsQuery, page: FeaturePage, features: list[dict], links: list[dict]) -> dict:
    columns = [layer.fields[name] for name in query.properties]
    rows = [
        {"id": item["id"], "values": [item["properties"].get(field.name) for field in columns]} for item in features
    ]
    return {
        "layer": layer,
        "columns": columns,
        "rows": rows,
        "number_matched": page.number_matched,
        "number_returned": len(rows),
        "offset": query.offset,
        "crs": query.crs,
        "next": link_by_rel(links, "next"),
        "prev": link_by_rel(links, "prev"),
        "json": link_by_rel(links, "alternate"),
    }


def feature_context(layer: Layer, feature: dict, links: list[dict]) -> dict:
    rows = [(layer.fields[name], value) for name, value in feature["properties"].items() if name in layer.fields]
    return {
        "layer": layer,
        "feature": feature,
        "rows": rows,
        "geometry_type": feature["geometry"]["type"] if feature.get("geometry") else None,
        "json": link_by_rel(links, "alternate"),
    }
