"""The JSON documents of Open311: services, service definitions, service requests and the answer of a post.

Requests show the public fields of the incident only: never the reporter's name, phone or e-mail, nor device
or account ids. ``lat``/``long`` are WGS 84 degrees (CGCS2000, taken as identical), or the ``crs`` asked for.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from layers.models import Incident, IncidentStatus
from spatial.crs import STORAGE_CRS, CrsInfo
from spatial.transform import transform_xy

from ..documents import isotime
from ..idempotency import Answer
from ...loop import OPEN_STATES, STATE_LABELS
from ..selectors import Service, open311_status, service_code_of, service_name_of
from ..services import ReportCreated

STATUS_LABELS = dict(IncidentStatus.choices)
DECIMALS = 7


def service_document(service: Service) -> dict:
    return {
        "service_code": service.service_code,
        "service_name": service.service_name,
        "description": service.description,
        "metadata": False,
        "type": "realtime",
        "keywords": ",".join(service.keywords),
        "group": service.group,
    }


def service_definition(service: Service) -> dict:
    """A service's definition: it has no attributes (``metadata`` is false for every service)."""
    return {"service_code": service.service_code, "attributes": []}


def _coordinates(incidents: Sequence[Incident], crs: CrsInfo) -> list[tuple[float, float]]:
    if not incidents:
        return []
    lon = np.array([i.lon for i in incidents], dtype=np.float64)
    lat = np.array([i.lat for i in incidents], dtype=np.float64)
    if crs.key != STORAGE_CRS.key and not (crs.is_geographic and crs.srid is not None):
        lon, lat = transform_xy(lon, lat, src=STORAGE_CRS, dst=crs)
    return [(round(float(x), DECIMALS), round(float(y), DECIMALS)) for x, y in zip(lon, lat)]


def request_documents(incidents: Sequence[Incident], *, crs: CrsInfo) -> list[dict]:
    """Service requests of the incidents (from :mod:`cases.reports.selectors`), ``lat``/``long`` in ``crs``
    (x = long, y = lat, whatever the CRS's EPSG axis order)."""
    return [_request_document(i, xy) for i, xy in zip(incidents, _coordinates(incidents, crs))]


def status_notes(incident: Incident) -> str:
    """Why the request is where it is: the case's state in Chinese and English, the reason of a rejection, and
    the note of its last step (GeoReport v2: "explanation of why status was changed to current state")."""
    case = getattr(incident, "case", None)
    if case is None:
        return f"{STATUS_LABELS.get(incident.status, incident.status)} ({incident.status})"
    notes = f"{STATE_LABELS[case.state]} ({case.state})"
    if case.reject_reason_id:
        notes += f" [{case.reject_reason_id}]"
    last_note = getattr(incident, "last_note", "")
    return f"{notes}: {last_note}" if last_note else notes


def _expected(incident: Incident) -> str | None:
    """When the request is expected to be fulfilled: the deadline its case runs against, while it is open."""
    case = getattr(incident, "case", None)
    return isotime(case.deadline_at) if case and case.state in OPEN_STATES and case.deadline_at else None


def _request_document(incident: Incident, xy: tuple[float, float]) -> dict:
    report = getattr(incident, "report", None)
    return {
        "service_request_id": incident.code,
        "status": open311_status(incident),
        "status_notes": status_notes(incident),
        "service_name": service_name_of(incident),
        "service_code": service_code_of(incident),
        "description": incident.description,
        "agency_responsible": incident.routed_to,
        "service_notice": None,
        "requested_datetime": isotime(incident.reported_at),
        "updated_datetime": isotime(incident.updated),
        "expected_datetime": _expected(incident),
        "address": incident.address or (report.address_string if report else None) or None,
        "address_id": (report.nearest_address_code or None) if report else None,
        "zipcode": None,
        "lat": xy[1],
        "long": xy[0],
        "media_url": (report.media_url or None) if report else None,
    }


def service_notice(created: ReportCreated) -> str:
    return f"已受理，案件编号 {created.incident.code}，转 {created.routing.routed_to} 处置。"


def post_answer(created: ReportCreated) -> Answer:
    """``[{"service_request_id", "service_notice", "account_id": null}]``, 201."""
    return Answer(
        status=201,
        body=[{
            "service_request_id": created.incident.code,
            "service_notice": service_notice(created),
            "account_id": None,
        }],
    )
