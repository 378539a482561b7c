"""Views of OGC API - Features: parse the request, ask a selector or a document builder, write the answer.

Every answer depends on the Accept header as well as on ``f`` (hence ``Vary: Accept``).
"""
from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts.middleware import principal_of
from layers.access import LayerView, readable_layer
from layers.errors import NotFound
from layers.exports.params import export_format
from layers.exports.views import export_response
from layers.query.items import parse_crs
from layers.registry import UnknownLayer
from layers.responses import json_response
from layers.selectors import feature_get_versioned, feature_page_open
from web.conditional import etag, none_match
from web.params import single

from . import documents, editing, html
from . import history as history_api
from .formats import F_VALUES, GEOJSON_TYPE, HTML, JSON_TYPE, OPENAPI_TYPE, SCHEMA_TYPE, geojson_type
from .geojson import FeatureCollectionStream, feature_body
from .links import items_links, link, self_links, url
from .openapi import openapi_document
from .params import FEATURE_PARAMETERS, parse_feature_id, parse_format, parse_items_query


def collection_view(request: HttpRequest, collection_id: str) -> LayerView:
    """The collection as the caller sees it; an unknown collection and one the caller may not read are one 404."""
    try:
        return readable_layer(collection_id, principal_of(request))
    except UnknownLayer:
        raise NotFound(
            f"There is no collection {collection_id!r}; see /ogc/collections.", parameter="collectionId"
        ) from None


def accept(request: HttpRequest) -> str | None:
    return request.headers.get("Accept")


def _document(request: HttpRequest, build, template: str) -> HttpResponse:
    """A service document in the negotiated format: ``build(request, fmt)`` as JSON, or rendered in ``template``."""
    fmt = parse_format(request.GET, accept(request))
    document = build(request, fmt)
    return html.render(request, template, document) if fmt == HTML else json_response(document)


@require_safe
@vary_on_headers("Accept")
def landing(request: HttpRequest) -> HttpResponse:
    return _document(request, documents.landing_document, "ogc/landing.html")


@require_safe
@vary_on_headers("Accept")
def openapi(request: HttpRequest) -> HttpResponse:
    fmt = parse_format(request.GET, accept(request))
    document = openapi_document(request)
    return html.render(request, "ogc/api.html", html.api_context(document)) if fmt == HTML else json_response(
        document, OPENAPI_TYPE
    )


@require_safe
@vary_on_headers("Accept")
def conformance(request: HttpRequest) -> HttpResponse:
    return _document(request, documents.conformance_document, "ogc/conformance.html")


@require_safe
@vary_on_headers("Accept")
def collections(request: HttpRequest) -> HttpResponse:
    return _document(request, documents.collections_document, "ogc/collections.html")


@require_safe
@vary_on_headers("Accept")
def collection(request: HttpRequest, collection_id: str) -> HttpResponse:
    layer = collection_view(request, collection_id)
    fmt = parse_format(request.GET, accept(request))
    document = documents.collection_document(request, layer, fmt)
    if fmt == HTML:
        return html.render(request, "ogc/collection.html", html.collection_context(layer, document))
    return json_response(document)


@require_safe
@vary_on_headers("Accept")
def queryables(request: HttpRequest, collection_id: str) -> HttpResponse:
    layer = collection_view(request, collection_id)
    fmt = parse_format(request.GET, accept(request))
    document = documents.queryables_document(request, layer)
    if fmt == HTML:
        return html.render(request, "ogc/queryables.html", {"layer": layer, "schema": document})
    return json_response(document, SCHEMA_TYPE)


@require_safe
@vary_on_headers("Accept")
def schema(request: HttpRequest, collection_id: str) -> HttpResponse:
    layer = collection_view(request, collection_id)
    parse_format(request.GET, accept(request))  # validated; the schema is JSON only
    return json_response(documents.schema_document(request, layer), SCHEMA_TYPE)


@csrf_exempt  # writes check CSRF for sessions themselves (accounts.middleware.check_writer), after the 401
@require_http_methods(["GET", "HEAD", "POST", "OPTIONS"])
@vary_on_headers("Accept")
def items(request: HttpRequest, collection_id: str) -> HttpResponse:
    layer = collection_view(request, collection_id)
    if request.method == "POST":
        return editing.create(request, layer)
    if request.method == "OPTIONS":
        return editing.options(layer)
    f = request.GET.get("f")
    if export_format(f) is not None or (f is not None and f.strip().lower() not in F_VALUES):
        return export_response(request, layer)  # a file, or a 400 naming every format items answer
    query = parse_items_query(layer, request.GET, accept(request))
    page = feature_page_open(layer=layer, query=query)
    try:
        links = items_links(
            request, layer.id, fmt=query.fmt, limit=query.limit, offset=query.offset, number_matched=page.number_matched
        )
        if query.fmt == HTML:
            features = [json.loads(text) for chunk in page.chunks() for text in chunk]
            page.close()
            response = html.render(request, "ogc/items.html", html.items_context(layer, query, page, features, links))
        else:  # from here on the response owns the page and closes it once written (or abandoned)
            response = StreamingHttpResponse(
                FeatureCollectionStream(page, links=links), content_type=f"{geojson_type(accept(request))}; charset=utf-8"
            )
    except BaseException as error:
        page.close(error)
        raise
    response["Content-Crs"] = f"<{query.crs.uri}>"
    return response


@csrf_exempt  # as items
@require_http_methods(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"])
@vary_on_headers("Accept")
def feature(request: HttpRequest, collection_id: str, feature_id: str) -> HttpResponse:
    layer = collection_view(request, collection_id)
    identifier = parse_feature_id(feature_id)
    writes = {"PUT": editing.replace, "PATCH": editing.patch, "DELETE": editing.delete}
    if request.method in writes:
        return writes[request.method](request, layer, identifier)
    if request.method == "OPTIONS":
        return editing.options(layer, identifier)
    fmt = parse_format(request.GET, accept(request), allowed=FEATURE_PARAMETERS)
    crs = parse_crs(single(request.GET, "crs"), "crs")
    found = feature_get_versioned(layer=layer, feature_id=identifier, crs=crs)
    if found is None:
        raise NotFound(f"Collection {layer.id!r} has no feature {identifier}.", parameter="featureId")
    text, version = found
    tag = etag(layer.id, identifier, version)
    if none_match(request, tag):
        response = HttpResponse(status=304)
        response["ETag"] = tag
        return response
    links = [
        *self_links(
            request, "feature", layer.id, identifier, fmt=fmt, title="this feature", json_type=GEOJSON_TYPE,
            query={"crs": crs.key} if "crs" in request.GET else None,
        ),
        link(url(request, "collection", layer.id), "collection", JSON_TYPE, layer.title),
    ]
    if fmt == HTML:
        response = html.render(request, "ogc/feature.html", html.feature_context(layer, json.loads(text), links))
    else:
        response = HttpResponse(feature_body(text, links), content_type=f"{geojson_type(accept(request))}; charset=utf-8")
    response["Content-Crs"] = f"<{crs.uri}>"
    response["ETag"] = tag
    return response


@csrf_exempt
@require_http_methods(["POST"])
def feature_revert(request: HttpRequest, collection_id: str, feature_id: str) -> HttpResponse:
    """The feature as it was after one of its versions (``{"version": n}``, with If-Match)."""
    return editing.revert(request, collection_view(request, collection_id), parse_feature_id(feature_id))


@csrf_exempt
@require_http_methods(["POST"])
def feature_restore(request: HttpRequest, collection_id: str, feature_id: str) -> HttpResponse:
    """A deleted feature back, as it was when deleted (with If-Match)."""
    return editing.restore(request, collection_view(request, collection_id), parse_feature_id(feature_id))


@require_safe
def feature_history(request: HttpRequest, collection_id: str, feature_id: str) -> HttpResponse:
    """The versions of one feature, newest first (history readers only: 403 for anyone else)."""
    layer = collection_view(request, collection_id)
    history_api.check_may_read_history(layer, principal_of(request))
    history_api.check_json_only(request.GET, frozenset({"f"}))
    return json_response(history_api.history_document(request, layer, parse_feature_id(feature_id)))


@require_safe
def as_of_items(request: HttpRequest, collection_id: str, instant: str) -> HttpResponse:
    """A page of the collection as it was at ``instant`` (history readers only)."""
    layer = collection_view(request, collection_id)
    history_api.check_may_read_history(layer, principal_of(request))
    document = history_api.as_of_document(request, layer, instant, request.GET)
    return json_response(document, GEOJSON_TYPE)


@require_safe
def deleted(request: HttpRequest, collection_id: str) -> HttpResponse:
    """The deleted (restorable) features of the collection (history readers only)."""
    layer = collection_view(request, collection_id)
    history_api.check_may_read_history(layer, principal_of(request))
    return json_response(history_api.deleted_document(request, layer, request.GET))
