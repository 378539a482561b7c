"""Parsing of Open311 requests: the form of ``POST requests.json`` and the filters of ``GET requests.json``.

``POST requests.json`` takes the spec's fields, form-encoded: ``service_code`` (required); the location as
``lat`` + ``long`` (WGS 84 degrees per the spec) or ``address_id`` (a standard address code of this server);
``address_string``, ``description``, ``email``, ``first_name``, ``last_name``, ``phone``, ``media_url``,
``device_id``, ``account_id``, ``jurisdiction_id`` and ``api_key`` (optional; not checked). Extensions:
``crs`` (the CRS of ``lat``/``long``, e.g. ``GCJ02``: ``long`` is x, ``lat`` is y), ``component_code`` (the
16-digit component of a ``C…`` service), ``accuracy_m`` and ``source``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from layers.errors import InvalidParameter, NotFound
from cases.models import ReporterRole
from layers.models import Address
from spatial.crs import EPSG_4326, STORAGE_CRS, CrsInfo
from web.params import Crs, check_known, single
from web.temporal import Instant, parse_instant

from .. import conf, inputs
from ..selectors import SERVICE_CODE_RE, Service, service_get

POST_FIELDS = frozenset({
    "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email", "device_id",
    "account_id", "first_name", "last_name", "phone", "description", "media_url", "api_key",
    "crs", "component_code", "accuracy_m", "source",
})
LIST_FIELDS = frozenset({
    "jurisdiction_id", "api_key", "service_request_id", "service_code", "start_date", "end_date", "status", "crs",
})
GET_FIELDS = frozenset({"jurisdiction_id", "api_key", "crs"})
REQUEST_ID_RE = re.compile(r"[0-9A-Za-z\-]{1,24}")
STATUSES = ("open", "closed")
_CJK = re.compile(r"[\u3400-\u9fff]")
CRS = Crs("crs", "Extension: CRS of `lat`/`long` (default WGS 84; GCJ02 for WeChat maps): `long` is x, `lat` y.",
          default=EPSG_4326)
START_DATE = Instant("start_date", "W3C datetime (or a date: its first instant); requests at or after it.")
END_DATE = Instant("end_date", "W3C datetime (or a date: its last instant); requests at or before it.")


def check_jurisdiction(data: QueryDict) -> None:
    """A ``jurisdiction_id`` other than this server's is a 404, as the spec says."""
    value = single(data, "jurisdiction_id")
    ours = conf.get("PINGDING_REPORTS_OPEN311_JURISDICTION")
    if value not in (None, "", ours):
        raise NotFound(
            f"jurisdiction_id {value!r} is not served here; this server is {ours!r}.", parameter="jurisdiction_id"
        )


def parse_service(value: str | None, *, parameter: str = "service_code") -> Service:
    if not value:
        raise InvalidParameter(
            "service_code is required; the services are listed at services.json.", parameter=parameter
        )
    service = service_get(service_code=value.strip())
    if service is None:
        raise NotFound(
            f"There is no service {value!r}; services are E<event class> and C<component class>, listed at "
            "services.json.",
            parameter=parameter,
        )
    return service


def full_name(first: str, last: str) -> str:
    """A person's name from Open311's first/last: family name first, no space, for Chinese names (张 + 三 = 张三)."""
    if _CJK.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)


@dataclass(frozen=True)
class PostedRequest:
    report: inputs.ReportInput
    canonical: dict


def parse_post(request: HttpRequest) -> PostedRequest:
    """Check the form of ``POST requests.json`` (form-encoded, or multipart without files)."""
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise InvalidParameter(
            f"Content-Type {request.content_type!r} is not accepted; Open311 requests are posted "
            "application/x-www-form-urlencoded.",
            parameter="Content-Type",
        )
    data = request.POST
    if request.FILES:
        raise InvalidParameter(
            "Open311 requests take no files; give media_url, or post photos to /api/reports.",
            parameter=sorted(request.FILES)[0],
        )
    check_known(data, POST_FIELDS)
    check_jurisdiction(data)
    service = parse_service(single(data, "service_code"))
    component = inputs.component_code(single(data, "component_code"), parameter="component_code")
    if component is not None and (service.kind != "component" or component[6:10] != service.class_code):
        raise InvalidParameter(
            f"component_code {component} is not a component of service {service.service_code}; its class is "
            f"C{component[6:10]}.",
            parameter="component_code",
        )
    first = inputs.text(single(data, "first_name"), parameter="first_name", max_length=30)
    last = inputs.text(single(data, "last_name"), parameter="last_name", max_length=30)
    report = inputs.ReportInput(
        location=_location(data),
        event_class=service.class_code if service.kind == "event" else None,
        component_code=component,
        component_category=service.class_code if service.kind == "component" and component is None else None,
        description=inputs.text(
            single(data, "description"), parameter="description", max_length=inputs.DESCRIPTION_MAX
        ),
        reporter=inputs.Reporter(
            name=full_name(first, last)[:60],
            phone=inputs.phone(single(data, "phone"), parameter="phone"),
            role=ReporterRole.RESIDENT,
            email=inputs.email(single(data, "email"), parameter="email"),
        ),
        source=inputs.source(single(data, "source"), parameter="source"),
        extras=inputs.Extras(
            address_string=inputs.text(single(data, "address_string"), parameter="address_string", max_length=200),
            media_url=inputs.url(single(data, "media_url"), parameter="media_url"),
            device_id=inputs.text(single(data, "device_id"), parameter="device_id", max_length=100),
            account_id=inputs.text(single(data, "account_id"), parameter="account_id", max_length=100),
            service_code=service.service_code,
        ),
    )
    canonical = {name: data.getlist(name) for name in sorted(data) if name != "api_key"}
    return PostedRequest(report=report, canonical=canonical)


def _location(data: QueryDict) -> inputs.Location:
    lat, lon = single(data, "lat"), single(data, "long")
    accuracy = inputs.accuracy(single(data, "accuracy_m"), parameter="accuracy_m")
    if lat in (None, "") and lon in (None, ""):
        address_id = single(data, "address_id")
        if address_id:
            return _address_location(address_id.strip(), accuracy)
        address_string = single(data, "address_string")
        raise InvalidParameter(
            "lat and long are required (WGS 84 degrees), or address_id (a standard address code); "
            + ("address_string alone cannot be placed on the map." if address_string else ""),
            parameter="lat,long",
        )
    if lat in (None, "") or lon in (None, ""):
        missing = "lat" if lat in (None, "") else "long"
        other = "long" if missing == "lat" else "lat"
        raise InvalidParameter(f"{missing} is required with {other}.", parameter=missing)
    crs = CRS.parse(single(data, "crs") or None)
    return inputs.Location(
        x=inputs.number(lon, parameter="long"), y=inputs.number(lat, parameter="lat"), crs=crs, accuracy_m=accuracy
    )


def _address_location(code: str, accuracy: float | None) -> inputs.Location:
    address = Address.objects.filter(code=code).only("geom").first()
    if address is None:
        raise NotFound(f"There is no standard address {code!r}.", parameter="address_id")
    return inputs.Location(x=address.geom.x, y=address.geom.y, crs=STORAGE_CRS, accuracy_m=accuracy)


@dataclass(frozen=True)
class ListQuery:
    codes: list[str] | None
    service_codes: list[str]
    start: datetime
    end: datetime
    statuses: list[str]


def _comma_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def w3c_datetime(value: str, *, parameter: str, end_of_day: bool = False) -> datetime:
    """A W3C datetime (``2026-11-01T08:00:00+08:00``, ``...Z``, or a date, its first or with ``end_of_day`` its
    last microsecond); no offset means Asia/Shanghai."""
    moment, whole_day = parse_instant(value, parameter)
    if whole_day and end_of_day:
        moment = moment + timedelta(days=1) - timedelta(microseconds=1)
    return moment


def parse_list(data: QueryDict) -> ListQuery:
    """The filters of ``GET requests.json``; without dates, the last ``PINGDING_REPORTS_OPEN311_DEFAULT_DAYS``.

    A date range may span at most that many days (the spec's 90)."""
    check_known(data, LIST_FIELDS)
    check_jurisdiction(data)
    ids = single(data, "service_request_id")
    codes = None
    if ids is not None:
        codes = _comma_list(ids)
        bad = [c for c in codes if not REQUEST_ID_RE.fullmatch(c)]
        if bad or not codes:
            raise InvalidParameter(
                f"service_request_id must be a comma-separated list of request ids, got {ids!r}.",
                parameter="service_request_id",
            )
    service_codes = _comma_list(single(data, "service_code"))
    bad = [c for c in service_codes if not SERVICE_CODE_RE.fullmatch(c)]
    if bad:
        raise InvalidParameter(
            f"service_code {bad[0]!r} is not a service code (E<4 digits> or C<4 digits>, see services.json).",
            parameter="service_code",
        )
    statuses = _comma_list(single(data, "status"))
    bad = [s for s in statuses if s not in STATUSES]
    if bad:
        raise InvalidParameter(
            f"status must be open, closed or both (comma-separated), got {bad[0]!r}.", parameter="status"
        )
    days = int(conf.get("PINGDING_REPORTS_OPEN311_DEFAULT_DAYS"))
    start_value, end_value = single(data, START_DATE.name), single(data, END_DATE.name)
    end = w3c_datetime(end_value, parameter=END_DATE.name, end_of_day=True) if end_value else None
    start = w3c_datetime(start_value, parameter=START_DATE.name) if start_value else None
    if end is None:
        end = start + timedelta(days=days) if start is not None else timezone.now()
    if start is None:
        start = end - timedelta(days=days)
    if start > end:
        raise InvalidParameter("start_date is after end_date.", parameter="start_date")
    if end - start > timedelta(days=days, seconds=1):
        raise InvalidParameter(
            f"start_date to end_date spans {(end - start).days} days; a query may span at most {days} days.",
            parameter="end_date",
        )
    return ListQuery(codes=codes, service_codes=service_codes, start=start, end=end, statuses=statuses)


def parse_output_crs(data: QueryDict) -> CrsInfo:
    """The ``crs`` extension of the reads: lat/long in that CRS instead of WGS 84 (e.g. ``GCJ02`` for WeChat maps)."""
    return CRS.parse(single(data, "crs") or None)

