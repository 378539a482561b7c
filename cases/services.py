"""Writes of the case loop: a case opened at intake (:func:`case_open`) and one step taken on it (:func:`case_act`).

A step is checked against the loop's table (``cases.loop``) on the case as read, then written by ONE statement
(``cases.step_sql``): the UPDATE of the case from the version it was checked at (a case that moved meanwhile is a
412), one step row, and the incident's ``status`` moved with it (recorded by the incidents layer's history under
the path ``case``). Whatever fails, nothing of the step is left.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone

from accounts.principal import Principal
from layers.models import Incident
from spatial.crs import STORAGE_SRID
from web.conditional import stale

from . import conf, loop
from .case_sql import case_row
from .deadlines import deadline_for
from .dispatch import dispatch_department
from .duplicates import open_case_repeated
from .errors import ActionNotAllowed, CaseNotFound, RoleMayNotAct, StepRefused, VerificationTooFar
from .models import Case, CaseStep, RejectReason
from .reports.photos import Photo, PhotoBatch, final_name
from .reports import conf as reports_conf
from .selectors import step_values, steps_of
from .step_sql import current_version, step_write

ETAG_KIND = "cases"


@dataclass(frozen=True)
class StepInput:
    """One step as the caller asks for it: ``location`` in EPSG:4490 (lon, lat) or None; ``hours`` of an
    ``extend`` (None: the setting); ``department`` of a ``dispatch`` (None: the dispatch rule's); ``urgency`` set
    when the case is filed (None: it stays as it is; urgent cases are handled on the urgent limit)."""

    action: str
    note: str = ""
    reason: str = ""
    location: tuple[float, float] | None = None
    hours: float | None = None
    department: str | None = None
    urgency: str | None = None
    photos: Sequence[Photo] = ()


def case_open(*, incident: Incident, at: datetime) -> Case:
    """The case of a report just taken in (same id as the incident), with its ``report`` step; call it in the
    report's transaction. State ``reported``; or, when the report repeats an open case (``cases.duplicates``),
    ``rejected`` as ``duplicate`` with ``duplicate_of`` naming that case, so it is not counted twice."""
    repeated = open_case_repeated(incident=incident)
    if repeated is None:
        case = Case.objects.create(incident=incident, state="reported", updated_at=at,
                                   deadline_at=deadline_for("file", at))
        CaseStep.objects.create(case=case, action="report", from_state="", to_state="reported", at=at,
                                deadline_at=case.deadline_at)
        return case
    case_id, code, metres = repeated
    case = Case.objects.create(incident=incident, state="rejected", updated_at=at, reject_reason_id="duplicate",
                               duplicate_of_id=case_id)
    CaseStep.objects.create(case=case, action="report", from_state="", to_state="rejected", at=at,
                            reason="duplicate", note=f"重复上报: 案件 {code} ({metres:.1f} m)")
    _incident_follow(case=case, now=at)
    return case


@dataclass(frozen=True)
class StepTaken:
    """A step taken: the case as it is after it, and all its steps in order, the new one last."""

    case: Case
    steps: list[dict]


def case_act(*, case_id: int, principal: Principal, step: StepInput, versions: frozenset[int]) -> StepTaken:
    """Take ``step`` on case ``case_id`` as ``principal``, against the version ``If-Match`` named.

    Errors, in this order: 404 (no such case in the caller's scope), 412 (``versions`` does not hold the current
    version, or the case moved while the step was checked), 409 (the state does not allow the action), 403 (the
    caller's roles may not take it), 422 (a reason, a location within ``PINGDING_CASES_VERIFY_DISTANCE_M`` of the
    case, ... missing). The step is written by one statement (``cases.step_sql``): all of it, or nothing."""
    case = _current(case_id=case_id, principal=principal)
    if case.version not in versions:
        raise stale(ETAG_KIND, case.pk, case.version)
    row = _allowed(case=case, action=step.action, principal=principal)
    distance = _check_needs(case=case, row=row, step=step)
    steps = steps_of(case)
    now = timezone.now()
    version, before = case.version, case.state
    photos, batch = _photos_store(case=case, photos=step.photos, at=now)
    try:
        _apply(case=case, row=row, step=step, now=now)
        new = CaseStep(
            case=case, action=step.action, from_state=before, to_state=case.state, actor_id=principal.user_id,
            role=_acting_role(row, principal), at=now,
            location=Point(*step.location, srid=STORAGE_SRID) if step.location else None, distance_m=distance,
            note=step.note, reason=step.reason, deadline_at=case.deadline_at, photos=photos,
        )
        changes = _incident_changes(case=case, now=now)
        written = step_write(case=case, version=version, step=new, incident_changes=changes)
        if written is None:
            raise stale(ETAG_KIND, case.pk, current_version(case.pk))
        if batch is not None:
            transaction.on_commit(batch.publish, robust=True)
    except BaseException:
        if batch is not None:
            batch.discard()
        raise
    if changes is not None:
        incident = case.incident
        incident.status, incident.closed_at = changes["status"], changes["closed_at"]
        incident.accepted_at = incident.accepted_at or changes["accepted_at"]
    return StepTaken(case=case, steps=[*steps, step_values(new, actor=written.actor_name)])


def _current(*, case_id: int, principal: Principal) -> Case:
    case = case_row(case_id=case_id, principal=principal)
    if case is None:
        raise CaseNotFound(f"There is no case {case_id} among the cases you may read.", parameter="id")
    return case


def _allowed(*, case: Case, action: str, principal: Principal) -> loop.Transition:
    row = loop.transition(case.state, action)
    if row is None:
        allowed = ", ".join(loop.actions_in(case.state)) or "none (the case is finished)"
        raise ActionNotAllowed(
            f"A case in state {case.state} ({loop.STATE_LABELS[case.state]}) does not allow {action}; it allows: "
            f"{allowed}.", parameter="action",
        )
    if not loop.may_take(row, principal.roles):
        raise RoleMayNotAct(
            f"{action} in state {case.state} is taken by {', '.join(row.roles)}; your roles "
            f"({', '.join(sorted(principal.roles)) or 'none'}) may not take it.", parameter="action",
        )
    return row


def _check_needs(*, case: Case, row: loop.Transition, step: StepInput) -> float | None:
    """Check what the step must carry; the distance in metres from the case to the step's location, if any."""
    if "reason" in row.needs and not RejectReason.objects.filter(code=step.reason).exists():
        codes = ", ".join(RejectReason.objects.values_list("code", flat=True))
        raise StepRefused(f"{row.action} needs a reason of the filing standard, one of: {codes}.", parameter="reason")
    distance = _distance_m(case=case, location=step.location) if step.location else None
    if "location" in row.needs:
        limit = conf.verify_distance_m()
        if distance is None:
            raise StepRefused(
                f"{row.action} counts only on site: send location (where you stand, within {limit:g} m of the case).",
                parameter="location",
            )
        if distance > limit:
            raise VerificationTooFar(
                f"The location is {distance:.1f} m from the case; {row.action} counts only within {limit:g} m.",
                parameter="location",
            )
    return distance


def _distance_m(*, case: Case, location: tuple[float, float]) -> float:
    """Metres on the spheroid from the case's point to ``location`` (EPSG:4490 lon, lat)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(%s, %s), {STORAGE_SRID})::geography)"
            f" FROM {Incident._meta.db_table} WHERE id = %s",
            [location[0], location[1], case.pk],
        )
        return float(cursor.fetchone()[0])


def _apply(*, case: Case, row: loop.Transition, step: StepInput, now: datetime) -> None:
    """Move the case in memory (written by :func:`cases.step_sql.step_write`)."""
    target = loop.next_state(row, current=case.state, suspended_from=case.suspended_from)
    case.suspended_from = case.state if target == "suspended" else ""
    if row.action == "dispatch":
        case.department = step.department or default_department(case.incident)
    if row.action == "reject":
        case.reject_reason_id = step.reason
    if step.urgency is not None and row.action in ("file", "dispatch"):
        case.urgency = step.urgency
    case.deadline_at = _deadline(case=case, row=row, step=step, now=now)
    case.state, case.updated_at, case.version = target, now, case.version + 1


def default_department(incident: Incident) -> str:
    component = incident.component
    return dispatch_department(
        event_class=incident.event_class_id, component_owner=component.owner_department if component else None,
        territory=incident.grid.town.name if incident.grid_id else "",
    )


def _deadline(*, case: Case, row: loop.Transition, step: StepInput, now: datetime) -> datetime | None:
    if row.deadline is None:
        return None
    if row.deadline == "keep":
        return case.deadline_at
    if row.deadline == "extend":
        return deadline_for("extend", max(case.deadline_at or now, now), hours=step.hours)
    return deadline_for(row.deadline, now, urgency=case.urgency, event_class=case.incident.event_class_id)


def _incident_changes(*, case: Case, now: datetime) -> dict | None:
    """The incident's ``status``, ``accepted_at`` (kept when set) and ``closed_at`` in step with the case; None when
    its status stays (a suspended case keeps the status it had)."""
    status = loop.INCIDENT_STATUS.get(case.state)
    if status is None or status == case.incident.status:
        return None
    return {"status": status, "accepted_at": now if case.state == "filed" else None,
            "closed_at": now if status == "closed" else None}


def _incident_follow(*, case: Case, now: datetime) -> None:
    """At intake (inside the report's transaction and history context): the incident's status as its new case's."""
    changes = _incident_changes(case=case, now=now)
    if changes is not None:
        changes["accepted_at"] = case.incident.accepted_at or changes["accepted_at"]
        Incident.objects.filter(pk=case.pk).update(**changes)
        for name, value in changes.items():
            setattr(case.incident, name, value)


def _acting_role(row: loop.Transition, principal: Principal) -> str:
    """The role the step is taken as: one of the row's roles the principal holds, else ``admin``."""
    held = sorted(principal.roles & set(row.roles))
    return held[0] if held else loop.ADMIN


def _photos_store(*, case: Case, photos: Sequence[Photo], at: datetime) -> tuple[list[dict], PhotoBatch | None]:
    """Stage the step's photo files (the caller publishes them once the step is written) and return their rows."""
    if not photos:
        return [], None
    local = timezone.localtime(at)
    first = 100 * case.version  # one block of positions per version: no name of another step or the report's
    names = [
        final_name(incident_code=case.incident.code, position=first + i, photo=photo, year=local.year,
                   month=local.month)
        for i, photo in enumerate(photos)
    ]
    batch = PhotoBatch.stage(zip(photos, names), root=reports_conf.photos_dir())
    rows = [
        {"path": name, "content_type": photo.image.content_type, "bytes": photo.size, "sha256": photo.sha256}
        for photo, name in zip(photos, names)
    ]
    return rows, batch
