"""Writes of the reports: one report becomes one incident, snapped, routed and stored in ONE transaction.

The incident is an ordinary row of the incidents layer (status ``reported``, ``reported_at`` now, ``grid_code``
from the snap, the point in EPSG:4490), so the feature API and the vector tiles show it as soon as the
transaction commits; reporter name and phone go to the layer's restricted fields.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from accounts.principal import ANONYMOUS, Principal
from cases.models import Case, ReportDetail, ReportPhoto
from cases.services import case_open
from layers.history.context import history_context
from layers.errors import ApiError
from layers.locate.results import SnapResult
from layers.models import Component, EventClass, Incident, IncidentCodeCounter, IncidentStatus
from spatial.codes import parse_grid_code
from spatial.codes.identity import make_incident_code
from spatial.crs import STORAGE_SRID

from . import conf, idempotency
from .claims import check_claims
from .idempotency import Answer
from .inputs import ReportInput
from .photos import Photo, PhotoBatch, final_name
from .routing import Routing, route
from .snapping import snap_location

class UnknownReference(ApiError):
    """422: a well-formed event class or component code that the server does not have."""

    status = 422
    code = "UnknownReference"


@dataclass(frozen=True)
class ReportCreated:
    """What :func:`report_create` made: the incident, the snap it was placed by, the routing and the photo rows."""

    incident: Incident
    snap: SnapResult
    routing: Routing
    event_class: EventClass | None
    component: Component | None
    photos: tuple[ReportPhoto, ...]
    photo_batch: PhotoBatch | None
    component_distance_m: float | None = None
    case: Case | None = None


def event_class_get(*, code: str, parameter: str = "event_class") -> EventClass:
    try:
        return EventClass.objects.get(code=code)
    except EventClass.DoesNotExist:
        raise UnknownReference(
            f"There is no event class {code!r}; the classes are listed at /open311/v2/services.json "
            "(services E<code>).",
            parameter=parameter,
        ) from None


def component_get(*, code: str, parameter: str = "component_code") -> Component:
    try:
        return Component.objects.select_related("category").get(code=code)
    except Component.DoesNotExist:
        raise UnknownReference(
            f"There is no city component {code!r}; check the 16-digit code on the component's plate, or send "
            "event_class instead.",
            parameter=parameter,
        ) from None


def component_nearest(*, snap: SnapResult, category_code: str, parameters: Mapping[str, str]) -> Component:
    """The nearest component of ``category_code`` among those the snap found within its radius; 422 if none."""
    for hit in snap.components:
        if hit.category_code == category_code:
            return component_get(code=hit.code)
    parameter = parameters.get("component_category", "component_category")
    raise UnknownReference(
        f"No component of class {category_code} lies within {snap.radius_m:g} m of the point; send the component's "
        "16-digit code as component_code, or report it as an event.",
        parameter=parameter,
    )


def incident_code_next(*, reported_at: datetime, county: str | None = None) -> str:
    """The next free incident code of ``county`` (the county of the grid the report lies in; default
    ``PINGDING_COUNTY_CODE``) on the report's day (Asia/Shanghai): serials 00001 to 99999, then 100000 on.
    In a province each county numbers its own reports, and the code routes the incident to that county's partition.

    One ``UPDATE ... RETURNING`` of the day's :class:`IncidentCodeCounter` row, whose lock keeps concurrent
    reports of the day in line until the transaction ends (a rollback gives the serial back); call it inside the
    transaction that inserts the incident, as late as possible. The day's first report creates the row, starting
    after the largest serial the day's codes already have (``ON CONFLICT`` settles two first reports at once)."""
    county = county or settings.PINGDING_COUNTY_CODE
    local = timezone.localtime(reported_at).date()
    prefix = f"{county}{local:%Y%m%d}"
    counter = IncidentCodeCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {counter} SET last = last + 1 WHERE prefix = %s RETURNING last", [prefix])
        row = cursor.fetchone()
        if row is None:
            following = str(int(prefix) + 1).zfill(len(prefix))
            cursor.execute(_COUNTER_START.format(counter=counter, incident=Incident._meta.db_table),
                           [prefix, prefix, following])
            row = cursor.fetchone()
    return make_incident_code(county=county, day=local, serial=row[0])


_COUNTER_START = """
INSERT INTO {counter} AS c (prefix, last)
SELECT %s, coalesce(max(substr(code, 15)::bigint), 0) + 1 FROM {incident} WHERE code > %s AND code < %s
ON CONFLICT (prefix) DO UPDATE SET last = c.last + 1
RETURNING last
"""
"""The day's first code: one past the largest serial among the codes the day already has (made before the
counter existed, or by another path), else 1. The day's codes are those between its prefix and the next one (digits
only), a range of the code: one partition of the incidents and its index on code, not every partition read whole."""


@transaction.atomic
def report_create(
    *,
    report: ReportInput,
    photos: Sequence[Photo] = (),
    parameters: Mapping[str, str] | None = None,
    reported_at: datetime | None = None,
) -> ReportCreated:
    """Create the incident of one report, in one transaction, and return it with its snap and routing.

    Steps: check the event class and the component exist (422 naming ``event_class``/``component_code``);
    snap the point (400 bad coordinates, 422 outside the county, with parameter names mapped by
    ``parameters``); route by CJ/T 214 (component → its owner, event → its grid); insert the incident,
    its :class:`ReportDetail` and :class:`ReportPhoto` rows. Photo files are staged now and published when the
    transaction commits (deleted if this function fails).
    """
    parameters = parameters or {}
    event_class = component = None
    if report.event_class:
        event_class = event_class_get(code=report.event_class, parameter=parameters.get("event_class", "event_class"))
    if report.component_code:
        component = component_get(
            code=report.component_code, parameter=parameters.get("component_code", "component_code")
        )
    snap = snap_location(location=report.location, parameters=parameters)
    if component is None and report.component_category:
        component = component_nearest(snap=snap, category_code=report.component_category, parameters=parameters)
    routing = route(
        component=component, grid_code=snap.grid.code, grid_name=snap.grid.name, grid_member=snap.grid.grid_member
    )
    now = reported_at or timezone.now()
    incident = Incident.objects.create(
        code=incident_code_next(reported_at=now, county=parse_grid_code(snap.grid.code).admin.county),
        event_class=event_class,
        component=component,
        status=IncidentStatus.REPORTED,
        source=report.source,
        description=report.description,
        reporter=report.reporter.name,
        reporter_phone=report.reporter.phone,
        grid_id=snap.grid.code,
        routed_to=routing.routed_to,
        reported_at=now,
        geom=Point(snap.point.lon, snap.point.lat, srid=STORAGE_SRID),
    )
    address = snap.address
    extras = report.extras
    ReportDetail.objects.create(
        incident=incident,
        crs=report.location.crs.key,
        x=report.location.x,
        y=report.location.y,
        accuracy_m=report.location.accuracy_m,
        reporter_role=report.reporter.role,
        reporter_email=report.reporter.email,
        address_string=extras.address_string,
        nearest_address_code=address.code if address else "",
        nearest_address=address.full_text if address else "",
        nearest_address_m=address.distance_m if address else None,
        media_url=extras.media_url,
        device_id=extras.device_id,
        account_id=extras.account_id,
        service_code=extras.service_code,
    )
    case = case_open(incident=incident, at=now)
    rows, batch = _photos_store(incident=incident, photos=photos, reported_at=now)
    return ReportCreated(
        incident=incident, snap=snap, routing=routing, event_class=event_class, component=component, photos=rows,
        photo_batch=batch, case=case,
        component_distance_m=component_distance_m(component=component, incident=incident) if component else None,
    )


def component_distance_m(*, component: Component, incident: Incident) -> float:
    """Metres on the spheroid from the reported point to the component's geometry."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_Distance(c.geom::geography, i.geom::geography)"
            f" FROM {Component._meta.db_table} AS c, {Incident._meta.db_table} AS i WHERE c.id = %s AND i.id = %s",
            [component.pk, incident.pk],
        )
        return float(cursor.fetchone()[0])


def _photos_store(
    *, incident: Incident, photos: Sequence[Photo], reported_at: datetime
) -> tuple[tuple[ReportPhoto, ...], PhotoBatch | None]:
    """Stage the photo files, insert their rows, and publish the files when the transaction commits."""
    if not photos:
        return (), None
    local = timezone.localtime(reported_at)
    names = [
        final_name(incident_code=incident.code, position=i, photo=photo, year=local.year, month=local.month)
        for i, photo in enumerate(photos)
    ]
    batch = PhotoBatch.stage(zip(photos, names), root=conf.photos_dir())
    try:
        rows = ReportPhoto.objects.bulk_create(
            ReportPhoto(
                incident=incident, position=i, path=name, content_type=photo.image.content_type,
                bytes=photo.size, sha256=photo.sha256,
            )
            for i, (photo, name) in enumerate(zip(photos, names))
        )
        transaction.on_commit(batch.publish, robust=True)
    except BaseException:
        batch.discard()
        raise
    return tuple(rows), batch


def report_submit(
    *,
    report: ReportInput,
    photos: Sequence[Photo] = (),
    idempotency_key: str | None,
    fingerprint: str,
    render: Callable[[ReportCreated], Answer],
    parameters: Mapping[str, str] | None = None,
    principal: Principal = ANONYMOUS,
    path: str = "report",
) -> Answer:
    """Create a report once per ``idempotency_key`` and return its answer, as ``render`` builds it; the history
    records the incident as made by ``principal`` through ``path`` (``report``, or ``open311``).

    With a key: under the key's advisory lock, replay the stored answer of an earlier request with the same
    ``fingerprint`` (409 for another fingerprint), or create the report and store its answer, all in one
    transaction (see :mod:`cases.reports.idempotency`). Without a key: just create it. Staged photo files of a
    transaction that fails are deleted. A source or reporter role that ``principal`` may not claim is a 403 before
    anything is done (:mod:`cases.reports.claims`).
    """
    check_claims(report=report, principal=principal, parameters=parameters or {})
    created: ReportCreated | None = None
    try:
        with transaction.atomic(), history_context(principal=principal, path=path):
            if idempotency_key is not None:
                idempotency.key_lock(key=idempotency_key)
                replay = idempotency.key_replay(key=idempotency_key, fingerprint=fingerprint)
                if replay is not None:
                    return replay
            created = report_create(report=report, photos=photos, parameters=parameters)
            answer = render(created)
            if idempotency_key is not None:
                idempotency.key_store(
                    key=idempotency_key, fingerprint=fingerprint, answer=answer, incident=created.incident
                )
            return answer
    except BaseException:
        if created is not None and created.photo_batch is not None:
            created.photo_batch.discard()
        raise
