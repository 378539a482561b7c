"""WFS requests in key-value pairs (GET query, or a form-encoded POST body) to the typed ``requests``.

Parameter names are case-insensitive (WFS 2.0, 6.2.5.2); values are not. Lists are comma-separated; the
per-query lists of a GetFeature with several types (``PROPERTYNAME=(a,b)(c)``) are in parentheses.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from . import requests as r
from .crs import parse_srs_name
from .exceptions import WfsError, invalid, missing
from .fes import ResourceIds, Spatial
from .gmlgeometry import Geometry
from .names import GET_FEATURE_BY_ID, parse_resource_id
from .xmlrequests import parse_filter_text

_LISTS = re.compile(r"\(([^()]*)\)")
_FILTERS = re.compile(r"\(\s*(<.+?</(?:[A-Za-z_][\w.-]*:)?Filter>)\s*\)", re.S)


def lower_keys(pairs: Mapping[str, list[str]]) -> dict[str, str]:
    """One value per lower-cased name; a name given twice is an error naming it."""
    params: dict[str, str] = {}
    for name, values in pairs.items():
        key = name.lower()
        if key in params or len(values) > 1:
            raise invalid(key, f"Parameter {key} is given more than once; give it once.")
        if "\x00" in values[0]:
            raise invalid(key, f"Parameter {key} contains a NUL character.")
        params[key] = values[0]
    return params


def split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def per_query(value: str | None, queries: int, locator: str) -> list[tuple[str, ...] | None]:
    """A list parameter for each of ``queries`` queries: ``(a,b)(c)``, or one plain list for every query."""
    if value is None:
        return [None] * queries
    if value.strip().startswith("("):
        lists = [split(group) for group in _LISTS.findall(value)]
        if len(lists) != queries:
            raise invalid(locator, f"{locator} has {len(lists)} lists in parentheses for {queries} type names.")
        return lists
    return [split(value)] * queries


def parse_kvp(pairs: Mapping[str, list[str]]) -> r.Request:
    params = lower_keys(pairs)
    request = params.get("request")
    if not request:
        raise missing("request", "Parameter REQUEST is required: GetCapabilities, DescribeFeatureType, GetFeature, "
                                 "ListStoredQueries or DescribeStoredQueries.")
    service = params.get("service")
    if service is None:
        raise missing("service", "Parameter SERVICE=WFS is required.")
    if service.strip().upper() != "WFS":
        raise invalid("service", f"This is a WFS; SERVICE must be WFS, not {service[:20]!r}.")
    operation = next((name for name in r.OPERATIONS if name.lower() == request.strip().lower()), None)
    if operation is None:
        if request.strip().lower() in ("transaction", "lockfeature", "getfeaturewithlock", "getpropertyvalue",
                                       "createstoredquery", "dropstoredquery"):
            raise WfsError("OperationNotSupported", f"Operation {request[:40]} is not offered by this server.",
                           locator="request")
        raise invalid("request", f"Unknown operation {request[:40]!r}; use one of: {', '.join(r.OPERATIONS)}.")
    if operation == "GetCapabilities":
        r.check_accepted_versions(list(split(params.get("acceptversions", ""))))
        return r.GetCapabilities()
    r.check_version(params.get("version"))
    if operation == "DescribeFeatureType":
        r.output_format_xsd(params.get("outputformat"))
        return r.DescribeFeatureType(split(params.get("typename") or params.get("typenames") or ""))
    if operation == "ListStoredQueries":
        return r.ListStoredQueries()
    if operation == "DescribeStoredQueries":
        return r.DescribeStoredQueries(split(params.get("storedquery_id", "")))
    return get_feature(params)


def _query_filters(params: dict[str, str], count: int) -> list:
    given = [name for name in ("filter", "bbox", "resourceid") if name in params]
    if len(given) > 1:
        raise invalid(given[1], f"Parameters {' and '.join(given).upper()} are mutually exclusive; give one.")
    if "filter" in params:
        text = params["filter"].strip()
        filters = _FILTERS.findall(text) if text.startswith("(") else [text]
        if len(filters) != count and len(filters) != 1:
            raise invalid("filter", f"FILTER has {len(filters)} filters for {count} type names.")
        parsed = [parse_filter_text(item) for item in filters]
        return parsed * count if len(parsed) == 1 else parsed
    if "bbox" in params:
        return [bbox_filter(params["bbox"])] * count
    return [None] * count


def bbox_filter(value: str) -> Spatial:
    """``BBOX=a,b,c,d[,crs]``: two corners in the axis order of ``crs`` (default: the query's or EPSG:4490's)."""
    parts = [part.strip() for part in value.split(",")]
    srs_name = None
    if len(parts) == 5:
        srs_name = parts.pop()
        parse_srs_name(srs_name, "bbox")
    if len(parts) != 4:
        raise invalid("bbox", "BBOX needs 4 numbers (lower corner, upper corner, in the axis order of the CRS) and "
                              "optionally a CRS name.")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        raise invalid("bbox", f"BBOX holds something that is not a number: {value[:60]!r}.") from None
    if not all(abs(number) < float("inf") for number in numbers):
        raise invalid("bbox", "BBOX needs finite numbers.")
    return Spatial("BBOX", None, Geometry("Envelope", ((numbers[0], numbers[1]), (numbers[2], numbers[3])), srs_name))


def _sortby(value: str | None) -> tuple[tuple[str, bool], ...]:
    if value is None:
        return ()
    keys = []
    for item in split(value):
        words = item.split()
        order = words[1].upper() if len(words) == 2 else "ASC"
        if len(words) > 2 or order not in ("ASC", "DESC", "A", "D"):
            raise invalid("sortBy", f"SORTBY takes property [ASC|DESC], comma-separated; got {item[:40]!r}.")
        keys.append((words[0], order.startswith("D")))
    return tuple(keys)


def get_feature(params: dict[str, str]) -> r.GetFeature:
    common = dict(
        count=r.non_negative(params.get("count") or params.get("maxfeatures"), "count", None),
        start_index=r.non_negative(params.get("startindex"), "startIndex", 0),
        hits=r.result_type(params.get("resulttype")),
        output_format=r.output_format(params.get("outputformat")),
    )
    srs = parse_srs_name(params["srsname"], "srsName") if "srsname" in params else None
    stored = params.get("storedquery_id")
    if stored is not None:
        if stored.strip() != GET_FEATURE_BY_ID:
            raise invalid("storedQuery_Id", f"Unknown stored query {stored[:80]!r}; this server offers "
                                            f"{GET_FEATURE_BY_ID}.")
        if not params.get("id"):
            raise missing("id", f"Stored query {GET_FEATURE_BY_ID} needs parameter ID (<type>.<integer>).")
        return r.by_id(params["id"], srs, common["output_format"])
    names = split(params.get("typenames") or params.get("typename") or "")
    if not names and "resourceid" in params:
        ids = _resource_ids(params["resourceid"])
        names = tuple(dict.fromkeys(layer for layer, _ in ids.ids))
    if not names:
        raise missing("typeNames", "Parameter TYPENAMES is required (or RESOURCEID, or STOREDQUERY_ID).")
    filters = _query_filters(params, len(names))
    if "resourceid" in params:
        filters = [_resource_ids(params["resourceid"])] * len(names)
    properties = per_query(params.get("propertyname"), len(names), "propertyName")
    sortby = _sortby(params.get("sortby"))
    queries = tuple(
        r.Query(type_names=(name,), property_names=properties[i], filter=filters[i], sortby=sortby, srs=srs)
        for i, name in enumerate(names)
    )
    return r.GetFeature(queries=queries, **common)


def _resource_ids(value: str) -> ResourceIds:
    ids = []
    for item in split(value):
        parsed = parse_resource_id(item)
        if parsed is None:
            raise invalid("resourceId", f"Resource id {item[:60]!r} is not of the form <type>.<integer> "
                                        "(components.12).")
        ids.append(parsed)
    return ResourceIds(tuple(ids))

