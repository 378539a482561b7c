"""Parsing of ``POST /api/reports``: a JSON body, or multipart/form-data with the same JSON in the ``report`` field
and the photos as ``photos`` file parts.

The body, with every field optional unless marked::

    {
      "location": {"lon": 113.6331, "lat": 37.7961, "crs": "GCJ02", "accuracy_m": 8},   # required
      "event_class": "0101",               # or "component_code": "1403210101000001" (at least one of the two)
      "description": "...",
      "reporter": {"name": "...", "phone": "...", "role": "resident"},
      "source": "public_app"
    }

``location`` is ``lon``/``lat`` (degrees) for a geographic CRS, or ``x`` (easting) / ``y`` (northing) in metres for
a projected one; ``x``/``y`` are also accepted for a geographic CRS (x = longitude). Whatever the CRS's EPSG axis
order, the names say which value is which. ``crs`` defaults to EPSG:4490.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError

from layers.errors import InvalidParameter
from spatial.crs import STORAGE_CRS
from web.bodies import load_json_object
from web.params import Crs

from . import inputs
from .photos import PayloadTooLarge, Photo, read_photos

BODY_FIELDS = frozenset({"location", "event_class", "component_code", "description", "reporter", "source"})
LOCATION_FIELDS = frozenset({"lon", "lat", "x", "y", "crs", "accuracy_m"})
REPORTER_FIELDS = frozenset({"name", "phone", "role"})
MULTIPART_REPORT_FIELD = "report"
MULTIPART_PHOTOS_FIELD = "photos"
LOCATION_CRS = Crs("location.crs", "CRS of the location (default EPSG:4490).", default=STORAGE_CRS)


@dataclass(frozen=True)
class ReportRequest:
    """A parsed ``POST /api/reports``: the report, its photos, and what identifies the request for idempotency
    (``canonical``: the JSON document and the photos' SHA-256 in order)."""

    report: inputs.ReportInput
    photos: list[Photo]
    canonical: dict


def _unknown_keys(document: dict, allowed: frozenset[str], *, prefix: str) -> None:
    unknown = sorted(set(document) - allowed)
    if unknown:
        name = f"{prefix}{unknown[0]}"
        raise InvalidParameter(
            f"Unknown field {name!r}; the fields are: {', '.join(prefix + a for a in sorted(allowed))}.", parameter=name
        )


def parse_report_request(request: HttpRequest) -> ReportRequest:
    """Parse the body of ``POST /api/reports`` (JSON or multipart) into a :class:`ReportRequest`."""
    content_type = request.content_type or ""
    try:
        if content_type == "multipart/form-data":
            return _parse_multipart(request)
        if content_type in ("application/json", "") or content_type.endswith("+json"):
            document = load_json_object(request.body, parameter="body")
            return ReportRequest(report=parse_report(document), photos=[], canonical={"report": document, "photos": []})
    except RequestDataTooBig:
        message = "The request body is too large; a report is a few kilobytes of JSON."
        raise PayloadTooLarge(message, parameter="body") from None
    except TooManyFilesSent:
        message = "The request carries too many files; send at most a few photos."
        raise InvalidParameter(message, parameter="photos") from None
    except MultiPartParserError as error:
        raise InvalidParameter(f"The multipart body cannot be read ({error}).", parameter="body") from None
    raise InvalidParameter(
        f"Content-Type {content_type!r} is not accepted; send application/json, or multipart/form-data with the "
        "report as JSON in the 'report' field and the photos as 'photos' files.",
        parameter="Content-Type",
    )


def _parse_multipart(request: HttpRequest) -> ReportRequest:
    unknown = sorted(set(request.POST) - {MULTIPART_REPORT_FIELD})
    if unknown:
        raise InvalidParameter(
            f"Unknown form field {unknown[0]!r}: send the report as JSON in the '{MULTIPART_REPORT_FIELD}' field and "
            f"the photos as '{MULTIPART_PHOTOS_FIELD}' files.",
            parameter=unknown[0],
        )
    other_files = sorted(set(request.FILES) - {MULTIPART_PHOTOS_FIELD})
    if other_files:
        raise InvalidParameter(
            f"Unknown file field {other_files[0]!r}: send photos as '{MULTIPART_PHOTOS_FIELD}' files.",
            parameter=other_files[0],
        )
    raw = request.POST.getlist(MULTIPART_REPORT_FIELD)
    if len(raw) != 1:
        raise InvalidParameter(
            f"A multipart report needs exactly one '{MULTIPART_REPORT_FIELD}' field holding the report as JSON.",
            parameter=MULTIPART_REPORT_FIELD,
        )
    document = load_json_object(raw[0], parameter=MULTIPART_REPORT_FIELD)
    report = parse_report(document)
    photos = read_photos(request.FILES.getlist(MULTIPART_PHOTOS_FIELD), parameter=MULTIPART_PHOTOS_FIELD)
    canonical = {"report": document, "photos": [photo.sha256 for photo in photos]}
    return ReportRequest(report=report, photos=photos, canonical=canonical)


def parse_report(document: dict[str, Any]) -> inputs.ReportInput:
    """Check a report document field by field (see the module docstring)."""
    _unknown_keys(document, BODY_FIELDS, prefix="")
    event_class = inputs.event_class_code(document.get("event_class"), parameter="event_class")
    component = inputs.component_code(document.get("component_code"), parameter="component_code")
    if event_class is None and component is None:
        raise InvalidParameter(
            "Say what is wrong: send event_class (a 4-digit CJ/T 214 event class, see /open311/v2/services.json) or "
            "component_code (the 16-digit code of a city component).",
            parameter="event_class",
        )
    return inputs.ReportInput(
        location=parse_location(document.get("location")),
        event_class=event_class,
        component_code=component,
        description=inputs.text(
            document.get("description"), parameter="description", max_length=inputs.DESCRIPTION_MAX
        ),
        reporter=parse_reporter(document.get("reporter")),
        source=inputs.source(document.get("source"), parameter="source"),
    )


def parse_location(value: object) -> inputs.Location:
    if value is None:
        raise InvalidParameter(
            "location is required: {\"lon\": ..., \"lat\": ..., \"crs\": \"EPSG:4490\"}.", parameter="location"
        )
    if not isinstance(value, dict):
        raise InvalidParameter(f"location must be an object, got {type(value).__name__}.", parameter="location")
    _unknown_keys(value, LOCATION_FIELDS, prefix="location.")
    crs_value = value.get("crs") or STORAGE_CRS.key
    if not isinstance(crs_value, str):
        raise InvalidParameter("location.crs must be a string such as EPSG:4490 or GCJ02.", parameter="location.crs")
    crs = LOCATION_CRS.parse(crs_value)
    has_lonlat = "lon" in value or "lat" in value
    has_xy = "x" in value or "y" in value
    if has_lonlat and has_xy:
        raise InvalidParameter("Send location.lon/lat or location.x/y, not both.", parameter="location")
    if has_lonlat and not crs.is_geographic:
        raise InvalidParameter(
            f"{crs.key} is a projected CRS in metres: send location.x (easting) and location.y (northing) instead "
            "of lon/lat.",
            parameter="location.lon",
        )
    x_name, y_name = ("location.x", "location.y") if has_xy else ("location.lon", "location.lat")
    for name in (x_name, y_name):
        if value.get(name.split(".")[1]) is None:
            raise InvalidParameter(f"{name} is required.", parameter=name)
    x = inputs.number(value[x_name.split(".")[1]], parameter=x_name)
    y = inputs.number(value[y_name.split(".")[1]], parameter=y_name)
    return inputs.Location(
        x=x, y=y, crs=crs, accuracy_m=inputs.accuracy(value.get("accuracy_m"), parameter="location.accuracy_m")
    )


def parse_reporter(value: object) -> inputs.Reporter:
    if value is None:
        return inputs.Reporter()
    if not isinstance(value, dict):
        raise InvalidParameter(f"reporter must be an object, got {type(value).__name__}.", parameter="reporter")
    _unknown_keys(value, REPORTER_FIELDS, prefix="reporter.")
    return inputs.Reporter(
        name=inputs.text(value.get("name"), parameter="reporter.name", max_length=60),
        phone=inputs.phone(value.get("phone"), parameter="reporter.phone"),
        role=inputs.role(value.get("role"), parameter="reporter.role"),
    )
