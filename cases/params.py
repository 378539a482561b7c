"""Parsing of the case API: the filters of ``GET /api/cases`` and the body of ``POST /api/cases/{id}/actions``.

The action body is JSON ``{"action", "note", "reason", "location", "hours", "department", "urgency"}``, or
multipart/form-data with that JSON in the ``step`` field and the photos as ``photos`` files. ``location`` is as a
report's (``{"lon", "lat", "crs"}``, GCJ-02 from WeChat accepted) and is stored in EPSG:4490; without it, a photo's
camera position (EXIF GPS) is the step's location.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError

from spatial.crs import CRS84, STORAGE_CRS
from spatial.transform import transform_xy, validate_lonlat
from web.bodies import load_json_object
from web.errors import InvalidParameter
from web.params import Integer, Param, check_known, single
from web.temporal import Instant, parse_instant

from . import conf, loop
from .errors import UnknownAction
from .models import Urgency
from .reports import inputs
from .reports.params import parse_location
from .reports.photos import PayloadTooLarge, read_photos
from .selectors import CaseFilters
from .services import StepInput

STEP_FIELDS = frozenset({"action", "note", "reason", "location", "hours", "department", "urgency"})
NOTE_MAX = 2000
MULTIPART_STEP_FIELD = "step"
MULTIPART_PHOTOS_FIELD = "photos"

STATE = Param("state", f"Only cases in this state: {', '.join(loop.STATES)} (comma-separated for several).")
GRID = Param("grid", "Only cases of this grid (grid code).")
DEPARTMENT = Param("department", "Only cases dispatched to this department.")
EVENT_CLASS = Param("class", "Only cases of this event class: a 2-digit major or a 4-digit class code.")
OVERDUE = Param("overdue", "true: only open cases past their deadline; false: only those within it.")
PERIOD = Instant("period", "Reported within this interval: start/end, RFC 3339 or dates, '..' for an open end.")
LIMIT = Integer("limit", "Cases per page.", minimum=1, maximum=lambda: conf.get("PINGDING_CASES_MAX_PAGE_SIZE"),
                default=lambda: conf.get("PINGDING_CASES_PAGE_SIZE"))
OFFSET = Integer("offset", "Cases to skip (the next page's link carries it).", minimum=0, default=0)
LIST_PARAMETERS = (STATE, GRID, DEPARTMENT, EVENT_CLASS, OVERDUE, PERIOD, LIMIT, OFFSET)


def parse_filters(query: QueryDict) -> CaseFilters:
    check_known(query, {p.name for p in LIST_PARAMETERS})
    states = tuple(s for s in (single(query, "state") or "").split(",") if s)
    for state in states:
        if state not in loop.STATES:
            raise InvalidParameter(f"Unknown state {state!r}; the states are: {', '.join(loop.STATES)}.",
                                   parameter="state")
    event_class = single(query, "class")
    if event_class is not None and not (event_class.isascii() and event_class.isdigit() and len(event_class) in (2, 4)):
        raise InvalidParameter("class must be a 2-digit major or a 4-digit event class code.", parameter="class")
    start, end = _period(single(query, "period"))
    return CaseFilters(
        states=states, grid=single(query, "grid"), department=single(query, "department"), event_class=event_class,
        overdue=_boolean(single(query, "overdue"), "overdue"), start=start, end=end,
        limit=LIMIT.parse(single(query, "limit")), offset=OFFSET.parse(single(query, "offset")),
    )


def _boolean(value: str | None, name: str) -> bool | None:
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise InvalidParameter(f"{name} must be true or false, got {value[:20]!r}.", parameter=name)
    return value.lower() == "true"


def _period(value: str | None) -> tuple[datetime | None, datetime | None]:
    if value is None:
        return None, None
    parts = value.split("/")
    if len(parts) != 2:
        raise InvalidParameter("period is an interval: start/end (e.g. 2026-12-01/2026-12-31, '..' for open).",
                               parameter="period")
    bounds = []
    for position, text in enumerate(parts):
        if text in ("", ".."):
            bounds.append(None)
            continue
        instant, whole_day = parse_instant(text, "period")
        bounds.append(instant + timedelta(days=1) if whole_day and position == 1 else instant)
    if bounds[0] and bounds[1] and bounds[0] >= bounds[1]:
        raise InvalidParameter("period starts after it ends.", parameter="period")
    return bounds[0], bounds[1]


def parse_step_request(request: HttpRequest) -> StepInput:
    """The step of ``POST /api/cases/{id}/actions`` (JSON or multipart with photos)."""
    content_type = request.content_type or ""
    try:
        if content_type == "multipart/form-data":
            return _parse_multipart(request)
        if content_type in ("application/json", "") or content_type.endswith("+json"):
            return parse_step(load_json_object(request.body, parameter="body"))
    except RequestDataTooBig:
        raise PayloadTooLarge("The request body is too large.", parameter="body") from None
    except TooManyFilesSent:
        raise InvalidParameter("The request carries too many files.", parameter="photos") from None
    except MultiPartParserError as error:
        raise InvalidParameter(f"The multipart body cannot be read ({error}).", parameter="body") from None
    raise InvalidParameter(
        f"Content-Type {content_type!r} is not accepted; send application/json, or multipart/form-data with the "
        f"step as JSON in the '{MULTIPART_STEP_FIELD}' field and the photos as '{MULTIPART_PHOTOS_FIELD}' files.",
        parameter="Content-Type",
    )


def _parse_multipart(request: HttpRequest) -> StepInput:
    unknown = sorted(set(request.POST) - {MULTIPART_STEP_FIELD}) or sorted(set(request.FILES) - {"photos"})
    if unknown:
        raise InvalidParameter(
            f"Unknown form field {unknown[0]!r}: send the step as JSON in '{MULTIPART_STEP_FIELD}' and the photos "
            f"as '{MULTIPART_PHOTOS_FIELD}' files.", parameter=unknown[0],
        )
    raw = request.POST.getlist(MULTIPART_STEP_FIELD)
    if len(raw) != 1:
        raise InvalidParameter(f"Send exactly one '{MULTIPART_STEP_FIELD}' field holding the step as JSON.",
                               parameter=MULTIPART_STEP_FIELD)
    step = parse_step(load_json_object(raw[0], parameter=MULTIPART_STEP_FIELD))
    photos = read_photos(request.FILES.getlist(MULTIPART_PHOTOS_FIELD), parameter=MULTIPART_PHOTOS_FIELD)
    return dataclasses.replace(step, photos=tuple(photos), location=step.location or located_by_camera(photos))


def located_by_camera(photos) -> tuple[float, float] | None:
    """Where the first photo with a camera position was taken (its EXIF GPS, WGS 84), in EPSG:4490 (lon, lat)."""
    for index, photo in enumerate(photos):
        if photo.gps is not None:
            lon, lat = transform_xy(*photo.gps, src=CRS84, dst=STORAGE_CRS, parameter=f"photos[{index}]")
            return float(lon), float(lat)
    return None


def parse_step(document: dict) -> StepInput:
    unknown = sorted(set(document) - STEP_FIELDS)
    if unknown:
        raise InvalidParameter(f"Unknown field {unknown[0]!r}; the fields are: {', '.join(sorted(STEP_FIELDS))}.",
                               parameter=unknown[0])
    action = document.get("action")
    if not isinstance(action, str) or action not in loop.ACTIONS:
        raise UnknownAction(f"Unknown action {action!r}; the actions are: {', '.join(loop.ACTIONS)}.",
                            parameter="action")
    hours = document.get("hours")
    if hours is not None:
        hours = inputs.number(hours, parameter="hours")
        if not 0 < hours <= 24 * 365:
            raise InvalidParameter("hours must be more than 0 and at most a year (8760).", parameter="hours")
    urgency = document.get("urgency")
    if urgency is not None and urgency not in Urgency.values:
        raise InvalidParameter(f"urgency must be one of: {', '.join(Urgency.values)}.", parameter="urgency")
    return StepInput(
        action=action,
        urgency=urgency,
        note=inputs.text(document.get("note"), parameter="note", max_length=NOTE_MAX),
        reason=inputs.text(document.get("reason"), parameter="reason", max_length=30),
        location=_location(document.get("location")),
        hours=hours,
        department=inputs.text(document.get("department"), parameter="department", max_length=80) or None,
    )


def _location(value: object) -> tuple[float, float] | None:
    """``location`` in EPSG:4490 (lon, lat), whatever CRS it was sent in; None when absent."""
    if value is None:
        return None
    location = parse_location(value)
    lon, lat = transform_xy(location.x, location.y, src=location.crs, dst=STORAGE_CRS, parameter="location")
    lon, lat = validate_lonlat(lon, lat, parameter="location")
    return float(lon), float(lat)

