"""The JSON of the case API: a case in a list, a case with its steps and the actions its caller may take now."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.principal import Principal
from web.conditional import etag

from . import loop
from .models import Case
from .selectors import CasePage, nearby_open_cases, sees_personal_data
from .services import ETAG_KIND, default_department

NEARBY_M = 100.0
"""Radius of the open cases a dispatcher sees around a case, metres."""


def isotime(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def case_etag(case: Case) -> str:
    return etag(ETAG_KIND, case.pk, case.version)


def case_summary(case: Case, *, personal: bool) -> dict:
    """One case as a list shows it (``location``: EPSG:4490 [lon, lat]); reporter fields only when ``personal``."""
    incident = case.incident
    overdue = bool(case.deadline_at and case.state in loop.OPEN_STATES and case.deadline_at < timezone.now())
    body = {
        "id": case.pk,
        "code": incident.code,
        "state": case.state,
        "state_label": loop.STATE_LABELS[case.state],
        "event_class": incident.event_class_id,
        "component": incident.component_id,
        "grid": incident.grid_id,
        "department": case.department or None,
        "urgency": case.urgency,
        "level": case.level,
        "deadline_at": isotime(case.deadline_at),
        "overdue": overdue,
        "source": incident.source,
        "description": incident.description,
        "reported_at": isotime(incident.reported_at),
        "updated_at": isotime(case.updated_at),
        "location": [incident.geom.x, incident.geom.y],
    }
    if personal:
        report = getattr(incident, "report", None)
        body["reporter"] = {"name": incident.reporter or None, "phone": incident.reporter_phone or None,
                            "email": (report.reporter_email or None) if report else None}
    return body


def step_document(step: dict) -> dict:
    """A step as ``cases.selectors.steps_of`` gives it."""
    location, distance = step["location"], step["distance_m"]
    return {
        "action": step["action"],
        "from_state": step["from_state"] or None,
        "to_state": step["to_state"],
        "actor": step["actor_name"],
        "role": step["role"] or None,
        "at": isotime(step["at"]),
        "location": location,
        "distance_m": round(distance, 2) if distance is not None else None,
        "note": step["note"],
        "reason": step["reason"] or None,
        "deadline_at": isotime(step["deadline_at"]),
        "photos": [{"path": p["path"], "content_type": p["content_type"], "bytes": p["bytes"]} for p in step["photos"]],
    }


def case_document(case: Case, steps: list[dict], *, principal: Principal) -> dict:
    """A case with its steps, the ``actions`` the caller may take now, and for a dispatcher where it would go."""
    body = case_summary(case, personal=sees_personal_data(principal))
    body["reject_reason"] = case.reject_reason_id
    body["suspended_from"] = case.suspended_from or None
    body["steps"] = [step_document(step) for step in steps]
    body["actions"] = list(loop.actions_for(case.state, principal.roles))
    if principal.roles & {"dispatcher", "admin"} and case.state in loop.OPEN_STATES:
        body["dispatch"] = dispatch_view(case)
    body["links"] = [{"rel": "self", "href": reverse("cases:detail", args=[case.pk])},
                     {"rel": "actions", "href": reverse("cases:actions", args=[case.pk])}]
    return body


def dispatch_view(case: Case) -> dict:
    """What a dispatcher sees at once: the grid, the component and its owner, the department the rules name, and
    the open cases nearby."""
    incident = case.incident
    component = incident.component
    return {
        "grid": incident.grid_id,
        "component": {"code": component.code, "owner_department": component.owner_department} if component else None,
        "suggested_department": default_department(incident),
        "nearby_open_cases": nearby_open_cases(case=case, radius_m=NEARBY_M),
    }


def page_document(page: CasePage, *, principal: Principal) -> dict:
    personal = sees_personal_data(principal)
    body = {"cases": [case_summary(case, personal=personal) for case in page.cases], "total": page.total,
            "limit": page.filters.limit, "offset": page.filters.offset}
    if page.filters.offset + page.filters.limit < page.total:
        body["next_offset"] = page.filters.offset + page.filters.limit
    return body
