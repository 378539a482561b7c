"""OpenAPI 3.0 fragments of the reports, merged into the server-wide document by ``geoserver_app.openapi``.

:func:`openapi_paths` gives the Path Items of ``/api/reports`` and of Open311 GeoReport v2 under ``/open311/v2``
(absolute server paths); :func:`openapi_schemas` the schemas they reference, all named ``report…`` or
``open311…``. The main example is what the grid members' WeChat mini-program sends: a GCJ-02 fix near the county
seat (lon 113.6331, lat 37.7961 in GCJ-02, which is 113.62671, 37.79558 in CGCS2000). Answers in the examples come
from the synthetic test county.
"""
from __future__ import annotations

from cases.models import ReporterRole, ReportSource
from spatial.crs import CRS_TABLE

from . import conf
from .idempotency import HEADER, REPLAYED_HEADER
from .inputs import DESCRIPTION_MAX
from .openapi_examples import REPORT_CREATED_EXAMPLE, REQUEST_EXAMPLE
from .open311.params import CRS, END_DATE, START_DATE
from .openapi_schemas import schemas

JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
MULTIPART_TYPE = "multipart/form-data"
REPORTS_TAG = "reports"
OPEN311_TAG = "open311"
CRS_VALUES = [info.key for info in CRS_TABLE]
SOURCES = [str(value) for value in ReportSource.values]
ROLES = [str(value) for value in ReporterRole.values]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, example=None) -> dict:
    body = {"schema": schema}
    if example is not None:
        body["example"] = example
    return {JSON_TYPE: body}


def _error(description: str, example: dict, *, open311: bool = False) -> dict:
    if open311:
        return {"description": description, "content": _json(ref("open311Errors"), [example])}
    return {"description": description, "content": _json(ref("reportError"), example)}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before posting again.", "schema": {"type": "integer"}}}
_TOO_MANY = "Too many reports from this client address (per minute or per day); wait `Retry-After` seconds."
TOO_MANY = {**_error(_TOO_MANY, {
    "code": "TooManyRequests", "limit": "20 per minute", "retryAfter": 41,
    "description": "This client address is over the limit of 20 per minute requests here; try again in 41 s.",
}), "headers": _RETRY_AFTER}
TOO_MANY_311 = {**_error(_TOO_MANY, {"code": 429, "error": "TooManyRequests", "limit": "20 per minute",
                                     "retryAfter": 41, "description": "..."}, open311=True), "headers": _RETRY_AFTER}

IDEMPOTENCY_PARAMETER = {
    "name": HEADER, "in": "header", "required": False,
    "description": (
        "1 to 200 visible ASCII characters, e.g. a UUID made once per report on the phone. Any number of retries "
        "with the same key and the same body create ONE report: the first answer is stored and replayed (same "
        f"status and body, plus `{REPLAYED_HEADER}: true`). The same key with another body is a 409. Keys are "
        f"remembered {conf.DEFAULTS['PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS']} h. A request that fails leaves no "
        "trace, so a corrected retry may reuse its key."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[\\x21-\\x7e]+$"},
    "example": "wx-3f0c9b1e-6a4d-4d8e-9a51-2c7f0e1d5b11",
}
REPLAYED_HEADERS = {
    REPLAYED_HEADER: {"description": "`true` when this is a stored answer replayed for a retry.", "schema": {"type": "string"}}
}


def _reports_path() -> dict:
    max_mb = conf.DEFAULTS["PINGDING_REPORTS_MAX_PHOTO_BYTES"] / 1048576
    return {
        "post": {
            "operationId": "createReport",
            "summary": "Report a located problem (事件上报) from a mobile app; safe to retry with Idempotency-Key",
            "description": (
                "Snaps the point to its grid (with the grid's staff), town, community, nearest standard address and "
                "the city components within the snap radius, and creates ONE incident (status `reported`), routed "
                "by CJ/T 214: a component's problem (`component_code`) to the component's owner department, an "
                "event (`event_class`) to its territory, `网格 <grid code> <grid name>`. The incident is at once in "
                "`/ogc/collections/incidents/items` and the incidents vector tiles, without the reporter's name "
                "and phone, which are personal data. Send JSON, or multipart/form-data with the same JSON in the "
                f"`report` field and up to {conf.DEFAULTS['PINGDING_REPORTS_MAX_PHOTOS']} `photos` (JPEG, PNG or "
                f"WebP by content, at most {max_mb:g} MB each; stored re-encoded as JPEG or PNG, upright, without EXIF)."
            ),
            "tags": [REPORTS_TAG],
            "parameters": [IDEMPOTENCY_PARAMETER],
            "requestBody": {
                "required": True,
                "content": {
                    JSON_TYPE: {
                        "schema": ref("reportInput"),
                        "examples": {
                            "wechat-gcj02": {
                                "summary": "A grid member's WeChat mini-program, GCJ-02, near the county seat",
                                "value": REQUEST_EXAMPLE,
                            },
                            "component": {
                                "summary": "A missing manhole cover, by its component code (routed to the owner)",
                                "value": {
                                    "location": {"lon": 113.61662, "lat": 37.80862, "crs": "EPSG:4490"},
                                    "component_code": "1403210101000001",
                                    "description": "井盖丢失", "source": "public_app",
                                },
                            },
                        },
                    },
                    MULTIPART_TYPE: {
                        "schema": {
                            "type": "object", "required": ["report"],
                            "properties": {
                                "report": {"type": "string", "description": "The report as JSON (schema reportInput)."},
                                "photos": {"type": "array", "items": {"type": "string", "format": "binary"}},
                            },
                        },
                        "encoding": {"report": {"contentType": JSON_TYPE}, "photos": {"contentType": "image/jpeg, image/png, image/webp"}},
                    },
                },
            },
            "responses": {
                "201": {
                    "description": "The report was created (or, with `Idempotent-Replayed: true`, had been).",
                    "headers": REPLAYED_HEADERS,
                    "content": _json(ref("reportCreated"), REPORT_CREATED_EXAMPLE),
                },
                "400": _error("A field is missing or wrong; `parameter` names it.", {
                    "code": "InvalidParameterValue", "parameter": "location.crs",
                    "description": "Unknown CRS 'WGS84' in parameter 'location.crs'; use one of: CRS84, ...",
                }),
                "409": _error("The Idempotency-Key was used for another request.", {
                    "code": "IdempotencyKeyReused", "parameter": HEADER,
                    "description": "Idempotency-Key 'wx-3f0c…' was already used for a different request at ...",
                }),
                "413": _error("A photo is larger than the limit.", {
                    "code": "PayloadTooLarge", "parameter": "photos[0]",
                    "description": "Photo photos[0] ('IMG_0001.jpg') has 7340032 bytes; the limit is 5242880 bytes ...",
                }),
                "403": _error("The caller may not claim this source or reporter role (cases/reports/claims.py).", {
                    "code": "Forbidden", "parameter": "source",
                    "description": "source 'case_system' is claimed only by callers signed in with the role admin, "
                    "api_client; send a token of such an account, or leave it out.",
                }),
                "429": TOO_MANY,
                "422": _error(
                    "The point is outside the county (with the nearest grid, or the grid of the swapped pair), or "
                    "the event class / component / component class is unknown.",
                    {
                        "code": "OutsideCounty", "parameter": "location",
                        "description": "The point (lon, lat) = (37.7956, 113.6267) in EPSG:4490 is outside the "
                                       "county; did you swap lon and lat? ...",
                        "point": {"crs": "EPSG:4490", "x": 37.7956, "y": 113.6267}, "nearest_grid": None,
                        "swapped": {"x": 113.6267, "y": 37.7956, "grid": {"code": "140321100011002", "name": "姜家沟社区第2网格"}},
                    },
                ),
            },
        }
    }


def _format_parameter() -> dict:
    return {
        "name": "format", "in": "path", "required": True, "description": "Always `json` (the path ends in .json).",
        "schema": {"type": "string", "enum": ["json"]},
    }


def _query(name: str, description: str, schema: dict | None = None, example=None) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "description": description,
                 "schema": schema or {"type": "string"}}
    if example is not None:
        parameter["example"] = example
    return parameter


JURISDICTION = _query("jurisdiction_id", "Optional; anything but this server's id is a 404.",
                      example=conf.DEFAULTS["PINGDING_REPORTS_OPEN311_JURISDICTION"])
OUTPUT_CRS = CRS.openapi(schema={"enum": CRS_VALUES})
NOT_FOUND_311 = _error("Unknown service or request, or another jurisdiction.",
                       {"code": 404, "description": "There is no service 'E0999'; ...", "parameter": "service_code",
                        "error": "NotFound"}, open311=True)
BAD_311 = _error("A parameter is wrong; JSON only (.xml is a 400).",
                 {"code": 400, "description": "This Open311 server answers JSON only; ask for .json instead of .xml.",
                  "parameter": "format", "error": "UnsupportedFormat"}, open311=True)


def _open311_paths() -> dict:
    base = "/open311/v2"
    fmt = _format_parameter()
    return {
        f"{base}/services.{{format}}": {"get": {
            "operationId": "open311Services", "tags": [OPEN311_TAG],
            "summary": "Open311 services: CJ/T 214 event classes (E…) and component classes (C…)",
            "parameters": [fmt, JURISDICTION],
            "responses": {"200": {"description": "Every service", "content": _json(
                {"type": "array", "items": ref("open311Service")},
                [{"service_code": "E0102", "service_name": "暴露垃圾", "metadata": False, "type": "realtime",
                  "keywords": "事件,event,市容环境,暴露垃圾", "group": "市容环境",
                  "description": "事件 市容环境 / 暴露垃圾 (CJ/T 214 event class 0102); routed to the grid the point is in."}],
            )}, "400": BAD_311},
        }},
        f"{base}/services/{{service_code}}.{{format}}": {"get": {
            "operationId": "open311ServiceDefinition", "tags": [OPEN311_TAG],
            "summary": "Open311 service definition (no service has attributes)",
            "parameters": [
                {"name": "service_code", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[EC]\\d{4}$"},
                 "example": "E0102"},
                fmt, JURISDICTION,
            ],
            "responses": {"200": {"description": "The definition", "content": _json(
                ref("open311ServiceDefinition"), {"service_code": "E0102", "attributes": []})},
                "400": BAD_311, "404": NOT_FOUND_311},
        }},
        f"{base}/requests.{{format}}": {
            "get": {
                "operationId": "open311Requests", "tags": [OPEN311_TAG],
                "summary": "Open311 service requests (incidents), newest first",
                "description": (
                    "Without dates: the last 90 days; a date range may span at most 90 days; at most "
                    f"{conf.DEFAULTS['PINGDING_REPORTS_OPEN311_MAX_REQUESTS']} requests. `service_request_id` "
                    "alone decides when given. Status: reported/accepted/dispatched are `open`, resolved/closed "
                    "`closed`. Reporter name, phone and e-mail are never returned."
                ),
                "parameters": [
                    fmt, JURISDICTION,
                    _query("service_request_id", "Comma-separated request ids.", example="1403212026112600001"),
                    _query("service_code", "Comma-separated service codes.", example="E0102,C0101"),
                    START_DATE.openapi(schema={"format": "date-time"}, example="2026-11-01T00:00:00+08:00"),
                    END_DATE.openapi(schema={"format": "date-time"}),
                    _query("status", "open, closed, or both comma-separated.", example="open"),
                    OUTPUT_CRS,
                ],
                "responses": {"200": {"description": "Requests", "content": _json(
                    {"type": "array", "items": ref("open311ServiceRequest")})}, "400": BAD_311, "404": NOT_FOUND_311},
            },
            "post": {
                "operationId": "open311CreateRequest", "tags": [OPEN311_TAG],
                "summary": "Post an Open311 service request (creates a report, as POST /api/reports does)",
                "description": (
                    "Form-encoded as the spec says. `lat`/`long` are WGS 84 degrees unless the `crs` extension says "
                    "otherwise (`long` is x, `lat` is y). A C… service takes the component named by "
                    "`component_code`, else the nearest component of its class within the snap radius (422 if "
                    "none). Takes an `Idempotency-Key` header like /api/reports."
                ),
                "parameters": [fmt, IDEMPOTENCY_PARAMETER],
                "requestBody": {"required": True, "content": {FORM_TYPE: {
                    "schema": ref("open311RequestForm"),
                    "example": {"service_code": "E0102", "lat": 37.7961, "long": 113.6331, "crs": "GCJ02",
                                "description": "冠山路东关街口垃圾桶满溢", "first_name": "伟", "last_name": "张",
                                "phone": "13903530000", "device_id": "wx-device-1"},
                }}},
                "responses": {
                    "201": {"description": "Created (or replayed)", "headers": REPLAYED_HEADERS, "content": _json(
                        {"type": "array", "items": ref("open311PostedRequest")},
                        [{"service_request_id": "1403212026112600002", "account_id": None,
                          "service_notice": "已受理，案件编号 1403212026112600002，转 网格 140321100011002 姜家沟社区第2网格 处置。"}],
                    )},
                    "400": BAD_311, "404": NOT_FOUND_311,
                    "409": _error("Idempotency-Key reused for another request.", {"code": 409, "description": "...",
                                  "parameter": HEADER, "error": "IdempotencyKeyReused"}, open311=True),
                    "422": _error("Outside the county, or no component of the class nearby.", {
                        "code": 422, "parameter": "lat,long", "error": "OutsideCounty",
                        "description": "The point ... is outside the county: no grid covers it. The nearest grid is ..."},
                        open311=True),
                    "403": _error("The caller may not claim this source.", {
                        "code": 403, "parameter": "source", "error": "Forbidden", "description": "..."}, open311=True),
                    "429": TOO_MANY_311,
                },
            },
        },
        f"{base}/requests/{{service_request_id}}.{{format}}": {"get": {
            "operationId": "open311Request", "tags": [OPEN311_TAG],
            "summary": "One Open311 service request (a list of one, as the spec says)",
            "parameters": [
                {"name": "service_request_id", "in": "path", "required": True, "schema": {"type": "string"},
                 "example": "1403212026112600002"},
                fmt, JURISDICTION, OUTPUT_CRS,
            ],
            "responses": {"200": {"description": "The request", "content": _json(
                {"type": "array", "items": ref("open311ServiceRequest"), "minItems": 1, "maxItems": 1})},
                "400": BAD_311, "404": NOT_FOUND_311},
        }},
    }


def openapi_paths() -> dict:
    """Path Items by absolute server path: ``/api/reports`` and the four Open311 resources."""
    return {"/api/reports": _reports_path(), **_open311_paths()}


def openapi_schemas() -> dict:
    """The schemas referenced by :func:`openapi_paths`."""
    return schemas(crs_values=CRS_VALUES, sources=SOURCES, roles=ROLES, description_max=DESCRIPTION_MAX)
