"""WFS requests in XML (a POST body) to the typed ``requests``, and FES filters given as text (KVP ``FILTER``).

Parsed by the standard library's expat parser, which resolves no external entity; a document type declaration
(where entity expansion attacks live) is refused before parsing. Elements are matched by local name.
"""
from __future__ import annotations

import re
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from . import requests as r
from .crs import parse_srs_name
from .exceptions import WfsError, invalid, missing
from .fes import parse_filter
from .gmlgeometry import children
from .transaction_requests import parse_transaction
from .names import APP_NS, APP_PREFIX, FES_NS, GET_FEATURE_BY_ID, GML_NS, WFS_NS, local_name

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_FILTER_NAMESPACES = (
    f'xmlns:fes="{FES_NS}" xmlns:gml="{GML_NS}" xmlns:ogc="http://www.opengis.net/ogc" xmlns:wfs="{WFS_NS}" '
    f'xmlns:{APP_PREFIX}="{APP_NS}"'
)
UNSUPPORTED = ("LockFeature", "GetFeatureWithLock", "GetPropertyValue", "CreateStoredQuery",
               "DropStoredQuery")


def parse_xml(text: str, locator: str) -> Element:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise WfsError("OperationParsingFailed", "XML with a document type declaration is not accepted.",
                       locator=locator)
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise WfsError("OperationParsingFailed", f"The XML cannot be parsed: {error}.", locator=locator) from None


def parse_filter_text(text: str):
    """A ``fes:Filter`` given as text; the usual prefixes (fes, gml, ogc, wfs, pd) need no declaration."""
    body = _DECLARATION.sub("", text, count=1)
    wrapper = parse_xml(f"<wrapper {_FILTER_NAMESPACES}>{body}</wrapper>", "filter")
    if len(wrapper) != 1 or (wrapper.text or "").strip():
        raise invalid("filter", "FILTER must be one fes:Filter element.")
    return parse_filter(wrapper[0])


def parse_body(body: bytes) -> r.Request:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WfsError("OperationParsingFailed", "The request body is not UTF-8.", locator="request") from None
    root = parse_xml(text, "request")
    operation = local_name(root.tag)
    if operation == "Transaction":
        return parse_transaction(root)
    if operation in UNSUPPORTED:
        raise WfsError("OperationNotSupported", f"Operation {operation} is not offered by this server.",
                       locator=operation)
    if operation not in r.OPERATIONS:
        raise invalid("request", f"Unknown operation element {operation[:40]!r}; use one of: "
                                 f"{', '.join(r.OPERATIONS)}.")
    service = root.get("service")
    if service is not None and service != "WFS":
        raise invalid("service", f"This is a WFS; service must be WFS, not {service[:20]!r}.")
    if operation == "GetCapabilities":
        r.check_accepted_versions([(v.text or "") for a in children(root, "AcceptVersions") for v in a])
        return r.GetCapabilities()
    r.check_version(root.get("version"))
    if operation == "DescribeFeatureType":
        r.output_format_xsd(root.get("outputFormat"))
        return r.DescribeFeatureType(tuple((t.text or "").strip() for t in children(root, "TypeName")))
    if operation == "ListStoredQueries":
        return r.ListStoredQueries()
    if operation == "DescribeStoredQueries":
        return r.DescribeStoredQueries(tuple((t.text or "").strip() for t in children(root, "StoredQueryId")))
    return get_feature(root)


def get_feature(root: Element) -> r.GetFeature:
    fmt = r.output_format(root.get("outputFormat"))
    stored = children(root, "StoredQuery")
    if stored:
        return _stored_query(stored, fmt)
    queries = tuple(_query(element) for element in children(root, "Query"))
    if not queries:
        raise missing("Query", "GetFeature needs a wfs:Query (or a wfs:StoredQuery).")
    return r.GetFeature(
        queries=queries,
        count=r.non_negative(root.get("count"), "count", None),
        start_index=r.non_negative(root.get("startIndex"), "startIndex", 0),
        hits=r.result_type(root.get("resultType")),
        output_format=fmt,
    )


def _stored_query(stored: list[Element], fmt: str) -> r.GetFeature:
    if len(stored) != 1 or stored[0].get("id") != GET_FEATURE_BY_ID:
        raise invalid("StoredQuery", f"This server answers one wfs:StoredQuery, {GET_FEATURE_BY_ID}.")
    values = [(p.text or "") for p in children(stored[0], "Parameter") if (p.get("name") or "").upper() == "ID"]
    if len(values) != 1:
        raise missing("id", f"{GET_FEATURE_BY_ID} needs one wfs:Parameter name=\"ID\".")
    return r.by_id(values[0], None, fmt)


def _query(element: Element) -> r.Query:
    names = tuple((element.get("typeNames") or element.get("typeName") or "").split())
    if not names:
        raise missing("typeNames", "wfs:Query needs a typeNames attribute.")
    if len(names) > 1:
        raise invalid("typeNames", "Joins are not offered: give each wfs:Query one type name.")
    srs = element.get("srsName")
    filters = children(element, "Filter")
    if len(filters) > 1:
        raise invalid("filter", "A wfs:Query takes one fes:Filter.")
    properties = tuple((p.text or "").strip() for p in children(element, "PropertyName"))
    return r.Query(
        type_names=names,
        property_names=properties or None,
        filter=parse_filter(filters[0]) if filters else None,
        sortby=_sortby(element),
        srs=parse_srs_name(srs, "srsName") if srs else None,
    )


def _sortby(element: Element) -> tuple[tuple[str, bool], ...]:
    keys = []
    for sortby in children(element, "SortBy"):
        for prop in children(sortby, "SortProperty"):
            names = children(prop, "ValueReference") + children(prop, "PropertyName")
            orders = children(prop, "SortOrder")
            if len(names) != 1:
                raise invalid("sortBy", "fes:SortProperty needs one fes:ValueReference.")
            order = (orders[0].text or "ASC").strip().upper() if orders else "ASC"
            if order not in ("ASC", "DESC"):
                raise invalid("sortBy", f"fes:SortOrder is ASC or DESC, not {order[:10]!r}.")
            keys.append(((names[0].text or "").strip(), order == "DESC"))
    return tuple(keys)
