"""The JSON answer of ``POST /api/reports`` (201), built from what :func:`~cases.reports.services.report_create`
made. It is also the body stored for ``Idempotency-Key`` replays, so it holds no personal data of the reporter
beyond what the reporter sent, and only JSON types (times as RFC 3339 strings in Asia/Shanghai)."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from spatial.crs import STORAGE_CRS

from .idempotency import Answer
from .services import ReportCreated
from .snapping import snap_body


def isotime(value) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()


def report_document(created: ReportCreated) -> dict:
    """``{id, code, status, reported_at, location, event_class, component, case, routed_to, routing, snap, photos,
    links}``; ``case``: the loop's case of the report (``duplicate_of``: the open case it repeats, if any);
    ``routed_to`` follows CJ/T 214 (component → owner department, event → ``网格 <code> <name>``)."""
    incident = created.incident
    snap = created.snap
    event_class = created.event_class
    component = created.component
    return {
        "id": incident.pk,
        "code": incident.code,
        "status": incident.status,
        "reported_at": isotime(incident.reported_at),
        "source": incident.source,
        "location": {
            "crs": STORAGE_CRS.key,
            "lon": round(snap.point.lon, 8),
            "lat": round(snap.point.lat, 8),
            "as_sent": {"crs": snap.crs.key, "x": snap.point.x, "y": snap.point.y},
        },
        "event_class": None if event_class is None else {
            "code": event_class.code, "name": event_class.name, "major_code": event_class.major_code,
            "major_name": event_class.major_name,
        },
        "component": None if component is None else {
            "code": component.code,
            "name": component.name,
            "category_code": component.category_id,
            "category_name": component.category.name,
            "state": component.state,
            "owner_department": component.owner_department,
            "grid_code": component.grid_id,
            "distance_m": None if created.component_distance_m is None else round(created.component_distance_m, 2),
        },
        "case": None if created.case is None else {
            "id": created.case.pk, "state": created.case.state, "duplicate_of": created.case.duplicate_of_id,
        },
        "routed_to": created.routing.routed_to,
        "routing": created.routing.as_dict(),
        "snap": snap_body(snap),
        "photos": [
            {"position": p.position, "content_type": p.content_type, "bytes": p.bytes, "sha256": p.sha256}
            for p in created.photos
        ],
        "links": [
            {
                "rel": "item", "type": "application/geo+json", "title": "the incident in the feature API",
                "href": reverse("ogc:feature", args=["incidents", str(incident.pk)]),
            },
            {
                "rel": "alternate", "type": "application/json", "title": "the Open311 service request",
                "href": reverse("open311:request", args=[incident.code, "json"]),
            },
        ],
    }


def report_answer(created: ReportCreated) -> Answer:
    return Answer(status=201, body=report_document(created))
