"""GetFeature: each query resolved against the caller's view of its type, one statement run, the answer streamed.

What a caller may not read does not exist for it: a type it cannot read is an unknown type, a property it cannot
read an unknown property, rows outside its grids are never matched (``layers.access``).
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse

from accounts.middleware import principal_of
from accounts.principal import Principal
from layers.access import LayerView
from layers.ogc.geojson import FeatureCollectionStream, dumps, time_stamp
from layers.registry import UnknownLayer
from layers.selectors import statement_page_open
from web.dbrouter import read_connection
from web.public_url import public_url

from . import requests as r
from .crs import DEFAULT_CRS, parse_srs_name
from .exceptions import WfsError, invalid
from .filters import field_name, sql_filter
from .names import GEOMETRY, local_name, type_name
from .output import GmlCollectionStream, collection_start, standalone_feature
from .sql import Plan, sql_hits, sql_page, sql_where
from .types import readable_type, type_id

GEOJSON_CRS = parse_srs_name("EPSG:4490", "srsName")
"""GeoJSON's default: longitude, latitude (RFC 7946), as the feature API writes it."""


def service_url(request: HttpRequest) -> str:
    """The absolute URL of the service (``/wfs``), on the server's public URL."""
    return public_url(request) + reverse("wfs:service")


def resolve_type(name: str, principal: Principal, locator: str = "typeNames") -> LayerView:
    """The caller's view of the type ``name`` (``pd:components``, ``components``); a type it may not read is unknown."""
    try:
        return readable_type(local_name(name.strip()), principal)
    except UnknownLayer:
        raise invalid(locator, f"Unknown feature type {name[:60]!r}; GetCapabilities lists the types you may "
                               "read.") from None


def plan_query(query: r.Query, principal: Principal, fmt: str) -> Plan:
    view = resolve_type(query.type_names[0], principal)
    names, geometry = tuple(view.fields), True
    if query.property_names is not None:
        geometry = any(local_name(name) in (GEOMETRY, view.geometry_column) for name in query.property_names)
        chosen = {field_name(view, name, "propertyName") for name in query.property_names
                  if local_name(name) not in (GEOMETRY, view.geometry_column)}
        names = tuple(name for name in view.fields if name in chosen)  # the schema's order (an xsd:sequence)
    sortby = tuple((field_name(view, name, "sortBy"), descending) for name, descending in query.sortby)
    condition = None if query.filter is None else sql_filter(view, query.filter, query.srs or DEFAULT_CRS)
    crs = query.srs or (GEOJSON_CRS if fmt == r.GEOJSON else DEFAULT_CRS)
    return Plan(view=view, where=sql_where(view, condition), names=names, geometry=geometry, sortby=sortby, crs=crs)


def content_type(fmt: str) -> str:
    return f"{r.GEOJSON_TYPE if fmt == r.GEOJSON else r.GML_TYPE}; charset=utf-8"


def get_feature(request: HttpRequest, wanted: r.GetFeature) -> HttpResponse:
    principal = principal_of(request)
    plans = tuple(plan_query(query, principal, wanted.output_format) for query in wanted.queries)
    if wanted.feature_id is not None:
        return _by_id(plans[0], wanted)
    if wanted.hits:
        return _hits(request, plans, wanted)
    statement = sql_page(plans, wanted.output_format, count=wanted.count, start=wanted.start_index)
    page = statement_page_open(statement=statement, count=sql_hits(plans), limit=wanted.count)
    try:
        matched = page.number_matched
        returned = max(0, matched - wanted.start_index)
        returned = returned if wanted.count is None else min(wanted.count, returned)
        next_url, previous_url = paging_urls(request, wanted, matched, returned)
        if wanted.output_format == r.GEOJSON:
            links = [{"rel": rel, "href": url, "type": r.GEOJSON_TYPE}
                     for rel, url in (("next", next_url), ("previous", previous_url)) if url]
            body = FeatureCollectionStream(page, links=links)
        else:
            start = collection_start(matched=matched, returned=returned, schema_url=schema_url(request, plans),
                                     next_url=next_url, previous_url=previous_url)
            body = GmlCollectionStream(page, start)
        return StreamingHttpResponse(body, content_type=content_type(wanted.output_format))
    except BaseException as error:
        page.close(error)
        raise


def _hits(request: HttpRequest, plans: tuple[Plan, ...], wanted: r.GetFeature) -> HttpResponse:
    statement = sql_hits(plans)
    with read_connection().cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        matched = cursor.fetchone()[0]
    if wanted.output_format == r.GEOJSON:
        body = dumps({"type": "FeatureCollection", "numberMatched": matched, "numberReturned": 0,
                      "timeStamp": time_stamp(), "features": []})
    else:
        body = collection_start(matched=matched, returned=0, schema_url=schema_url(request, plans), empty=True)
    return HttpResponse(body, content_type=content_type(wanted.output_format))


def _by_id(plan: Plan, wanted: r.GetFeature) -> HttpResponse:
    statement = sql_page((plan,), wanted.output_format, count=1, start=0, member=False)
    page = statement_page_open(statement=statement, count=sql_hits((plan,)), limit=1)
    features = [feature for chunk in page.chunks() for feature in chunk]
    page.close()
    if not features:
        raise WfsError("NotFound", f"There is no feature {wanted.feature_id[:60]!r}.", locator="id", status=404)
    body = features[0] if wanted.output_format == r.GEOJSON else standalone_feature(features[0], type_id(plan.view))
    return HttpResponse(body, content_type=content_type(wanted.output_format))


def schema_url(request: HttpRequest, plans: tuple[Plan, ...]) -> str:
    names = ",".join(dict.fromkeys(type_name(type_id(plan.view)) for plan in plans))
    query = urlencode({"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "DescribeFeatureType", "TYPENAMES": names})
    return f"{service_url(request)}?{query}"


def paging_urls(request: HttpRequest, wanted: r.GetFeature, matched: int, returned: int) -> tuple[str | None, str | None]:
    """The ``next`` and ``previous`` pages of a KVP request with a COUNT (a POST body has no URL to page with)."""
    if request.method != "GET" or wanted.count is None or wanted.count == 0:
        return None, None
    start = wanted.start_index
    following = start + returned < matched
    preceding = start > 0
    return (
        page_url(request, start + wanted.count) if following else None,
        page_url(request, max(0, start - wanted.count)) if preceding else None,
    )


def page_url(request: HttpRequest, start: int) -> str:
    pairs = [(key, value) for key, value in request.GET.items() if key.lower() != "startindex"]
    pairs.append(("STARTINDEX", str(start)))
    return f"{service_url(request)}?{urlencode(pairs)}"
