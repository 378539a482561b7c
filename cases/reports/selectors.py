"""Reads of the reports for Open311: the services (event classes and component classes) and service requests
(incidents, whoever reported them). Incidents are read through the caller's view of the ``incidents`` layer
(``layers.access``): its row scope, and its restricted fields (the reporter and the phone) are not selected unless
the view grants them. Personal data of the report (phone, e-mail, device and account ids) is never shown.

Open311 service codes: ``E<4 digits>`` for an event class of CJ/T 214 (01 市容环境 … 05 突发事件) and
``C<4 digits>`` for a class of city components (01 公用设施 … 06 其他设施). The two code lists overlap (``0101`` is
both 私搭乱建 and 上水井盖), hence the letter.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Greatest

from accounts.principal import ANONYMOUS, Principal
from cases.loop import OPEN_STATES
from cases.models import CaseStep
from layers.access import LayerView, layer_view
from layers.models import (
    Address,
    ComponentCategory,
    EventClass,
    Incident,
    IncidentStatus,
)
from layers.registry import get_layer

EVENT_PREFIX = "E"
COMPONENT_PREFIX = "C"
SERVICE_CODE_RE = re.compile(r"[EC]\d{4}")
OPEN_STATUSES = (IncidentStatus.REPORTED, IncidentStatus.ACCEPTED, IncidentStatus.DISPATCHED)
CLOSED_STATUSES = (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)
OPEN311_STATUS = {**{s.value: "open" for s in OPEN_STATUSES}, **{s.value: "closed" for s in CLOSED_STATUSES}}
"""Open311 status of an incident that has no case (reported before the loop existed); a case's is its state's."""


def open311_status(incident: Incident) -> str:
    """``open`` while the incident's case is in the loop (reported to verified, or suspended), ``closed`` once it
    is closed or rejected; an incident without a case by its own status."""
    case = getattr(incident, "case", None)
    if case is not None:
        return "open" if case.state in OPEN_STATES else "closed"
    return OPEN311_STATUS[incident.status]


@dataclass(frozen=True)
class Service:
    """One Open311 service: an event class (``kind`` ``event``) or a component class (``kind`` ``component``)."""

    service_code: str
    service_name: str
    description: str
    group: str
    keywords: tuple[str, ...]
    kind: str
    class_code: str


def _event_service(event_class: EventClass) -> Service:
    return Service(
        service_code=f"{EVENT_PREFIX}{event_class.code}",
        service_name=event_class.name,
        description=(
            f"事件 {event_class.major_name} / {event_class.name} (CJ/T 214 event class {event_class.code}); "
            "routed to the grid the point is in."
        ),
        group=event_class.major_name,
        keywords=("事件", "event", event_class.major_name, event_class.name),
        kind="event",
        class_code=event_class.code,
    )


def _component_service(category: ComponentCategory) -> Service:
    return Service(
        service_code=f"{COMPONENT_PREFIX}{category.code}",
        service_name=f"{category.name}问题",
        description=(
            f"部件 {category.major_name} / {category.name} (CJ/T 214 component class {category.code}) damaged, missing "
            f"or occupied; routed to the component's owner (usually {category.owner_department}). Send the "
            "component's 16-digit code as component_code, or the nearest one of this class is taken."
        ),
        group=category.major_name,
        keywords=("部件", "component", category.major_name, category.name),
        kind="component",
        class_code=category.code,
    )


def services_list() -> list[Service]:
    """Every service: event classes first, then component classes, each in code order."""
    return [_event_service(e) for e in EventClass.objects.order_by("code")] + [
        _component_service(c) for c in ComponentCategory.objects.order_by("code")
    ]


def service_get(*, service_code: str) -> Service | None:
    if not SERVICE_CODE_RE.fullmatch(service_code):
        return None
    prefix, code = service_code[0], service_code[1:]
    if prefix == EVENT_PREFIX:
        found = EventClass.objects.filter(code=code).first()
        return _event_service(found) if found else None
    found = ComponentCategory.objects.filter(code=code).first()
    return _component_service(found) if found else None


class StX(Func):
    """``ST_X(point)``: the longitude of an EPSG:4490 point."""

    function = "ST_X"
    output_field = FloatField()


class StY(Func):
    """``ST_Y(point)``: the latitude of an EPSG:4490 point."""

    function = "ST_Y"
    output_field = FloatField()


class KnnDistance(Func):
    """``a <-> b``: the PostGIS KNN distance operator, index-assisted in ``ORDER BY`` (ordering only)."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


def incidents_view(principal: Principal) -> LayerView:
    return layer_view(get_layer("incidents"), principal)


def _through_view(queryset: QuerySet, view: LayerView) -> QuerySet:
    """The incidents ``view`` may read, without the columns it may not read."""
    if not view.may_read:
        return queryset.none()
    hidden = [
        field.name for field in Incident._meta.concrete_fields
        if field.column in view.layer.restricted and field.column not in view.fields
    ]
    if view.row_scope is not None:
        grid = Incident._meta.get_field("grid").attname
        queryset = queryset.filter(**{f"{grid}__in": list(view.row_scope.grids)})
    return queryset.defer(*hidden) if hidden else queryset


LAST_STEPS = CaseStep.objects.filter(case_id=OuterRef("pk")).order_by("-at", "-id")
"""The steps of an incident's case, the last first (its ``note`` is the request's status note)."""


def _requests_queryset(principal: Principal = ANONYMOUS) -> QuerySet:
    """Incidents with what an Open311 request shows, computed in the one statement: the point (x = lon, y = lat,
    EPSG:4490), the last change, and the address: the reporter's snap for reports, else the nearest standard
    address (KNN, only evaluated for incidents that did not come through a report). Read through ``principal``'s
    view of the incidents."""
    nearest = (
        Address.objects.annotate(knn=KnnDistance(F("geom"), OuterRef("geom"))).order_by("knn").values("full_text")[:1]
    )
    queryset = (
        Incident.objects.select_related("event_class", "component__category", "report", "case")
        .annotate(
            lon=StX("geom"),
            lat=StY("geom"),
            updated=Greatest("reported_at", "accepted_at", "closed_at", "case__updated_at"),
            last_note=Subquery(LAST_STEPS.values("note")[:1]),
            address=Case(When(report__isnull=False, then=F("report__nearest_address")), default=Subquery(nearest)),
        )
        .order_by("-reported_at", "-id")
    )
    return _through_view(queryset, incidents_view(principal))


def service_requests(
    *,
    codes: Sequence[str] | None,
    service_codes: Sequence[str] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: Sequence[str] = (),
    limit: int,
    principal: Principal = ANONYMOUS,
) -> list[Incident]:
    """Incidents as Open311 requests, newest first, at most ``limit``.

    ``codes`` (incident codes) alone decides when given, as the spec says of ``service_request_id``; otherwise
    ``service_codes`` (``E…``/``C…``), ``start``/``end`` on ``reported_at`` (inclusive) and ``statuses``
    (``open``/``closed``) filter. Only what ``principal`` may read of the incidents."""
    queryset = _requests_queryset(principal)
    if codes is not None:
        return list(queryset.filter(code__in=list(codes))[:limit])
    if service_codes:
        events = [c[1:] for c in service_codes if c.startswith(EVENT_PREFIX)]
        classes = [c[1:] for c in service_codes if c.startswith(COMPONENT_PREFIX)]
        queryset = queryset.filter(
            Q(component__isnull=True, event_class_id__in=events) | Q(component__category_id__in=classes)
        )
    if start is not None:
        queryset = queryset.filter(reported_at__gte=start)
    if end is not None:
        queryset = queryset.filter(reported_at__lte=end)
    if statuses:
        wanted = [s for s, label in OPEN311_STATUS.items() if label in statuses]
        in_loop = sorted(OPEN_STATES) if "open" in statuses else []
        finished = ["closed", "rejected"] if "closed" in statuses else []
        queryset = queryset.filter(Q(case__state__in=[*in_loop, *finished]) | Q(case__isnull=True, status__in=wanted))
    return list(queryset[:limit])


def service_request_get(*, code: str, principal: Principal = ANONYMOUS) -> Incident | None:
    return _requests_queryset(principal).filter(code=code).first()


def service_code_of(incident: Incident) -> str:
    """``C<class>`` when the incident names a component (it is routed to the owner), else ``E<event class>``."""
    if incident.component_id:
        return f"{COMPONENT_PREFIX}{incident.component.category_id}"
    return f"{EVENT_PREFIX}{incident.event_class_id}"


def service_name_of(incident: Incident) -> str:
    if incident.component_id:
        return f"{incident.component.category.name}问题"
    return incident.event_class.name
