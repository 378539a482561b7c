"""The steps every edit of a layer takes, in its one transaction (``layers.editing.services`` composes them).

1. :func:`lock` the feature (``SELECT ... FOR UPDATE``) and compare its current version with the versions the
   caller's ``If-Match`` accepts: a stale one is a 412 and nothing is changed; concurrent edits of one feature are
   serialised by the lock, so none is lost;
2. check the writer's rights through its view (``layers.access``): rows of its grids or department before and after
   the change (:func:`check_scope`, 403);
3. :func:`judge` the geometry in the database: valid (else the reason and location of ``ST_IsValidDetail``), inside
   the county, of its category's kind (:func:`check_kind`); derive the grid (the boundary rule) and the area;
4. write, then :func:`finish`: check deferred foreign keys, so a unique code, a referenced code or a feature others
   refer to is a 4xx naming it (``layers.editing.database``), never a 500 and never half-written.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import IntegrityError, connection, transaction
from django.utils.dateparse import parse_datetime

from accounts.principal import Principal
from layers.access import LayerView
from layers.history.context import history_context
from spatial.crs import STORAGE_CRS, CrsInfo
from web.conditional import stale
from web.errors import Forbidden, NotFound

from . import sql as edit_sql
from .database import database_error
from .geometry import InvalidGeometry, located


@dataclass(frozen=True)
class Written:
    """The feature an edit left: its id and version (for its ETag); ``changed`` is False when the edit changed
    nothing (the version stays)."""

    feature_id: int
    version: int
    changed: bool = True


@dataclass(frozen=True)
class Edit:
    """Who edits and how: the writer's ``view`` of the layer, its ``principal``, the history ``path`` and the name
    the history keeps (``actor``), and the CRS positions in answers are given in. ``deferred``: the edit is one of
    several in the caller's transaction (a WFS Transaction, a re-division), which checks the deferred rules (foreign
    keys, the grid cover) once all are made, with :func:`check_deferred`; otherwise each edit checks them before it
    ends."""

    view: LayerView
    principal: Principal
    path: str = "api"
    actor: str | None = None
    crs: CrsInfo = STORAGE_CRS
    deferred: bool = False


def check_may_write(edit: Edit) -> None:
    """403 naming the collection when the writer may not change the layer at all (checked before the body is read,
    so a caller without the right learns that, not which property it first sent)."""
    if not edit.view.may_write:
        raise Forbidden(f"Your role may not change collection {edit.view.id!r}.", parameter="collectionId")


def cursor_row(cursor, statement, parameters) -> tuple | None:
    cursor.execute(statement, parameters)
    return cursor.fetchone()


def as_dict(value) -> dict:
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class Locked:
    row: dict
    ewkb: bytes
    version: int | None


def lock(cursor, edit: Edit, feature_id: int, expected: frozenset[int] | None) -> Locked:
    """The feature locked, its version checked against ``expected`` and its row against the writer's scopes
    (``expected`` None: the caller compares the version itself, later under the same lock; ``version`` is None)."""
    view = edit.view
    found = cursor_row(cursor, edit_sql.sql_lock(view.layer), {"layer": view.id, "id": feature_id})
    if found is None or not _readable(view, as_dict(found[0])):
        raise NotFound(f"Collection {view.id!r} has no feature {feature_id}.", parameter="featureId")
    locked = Locked(row=as_dict(found[0]), ewkb=bytes(found[1]), version=None)
    if expected is not None:
        locked.version = checked_version(view, feature_id, expected, version_of(cursor, view, feature_id))
    check_scope(view, locked.row, "is not")
    return locked


def checked_version(view: LayerView, feature_id: int, expected: frozenset[int], version: int) -> int:
    """``version``, or 412 when ``If-Match`` did not name it."""
    if version not in expected:
        raise stale(view.id, feature_id, version)
    return version


def _readable(view: LayerView, row: Mapping) -> bool:
    return view.row_scope is None or row.get(view.row_scope.column) in view.row_scope.grids


def check_scope(view: LayerView, row: Mapping, verb: str) -> None:
    scope = view.write_scope
    if scope is not None and not scope.holds(row):
        raise Forbidden(
            f"This feature of collection {view.id!r} {verb} one of {scope.why}; you may change those only.",
            parameter="featureId",
        )


def judge(cursor, edit: Edit, geometry: GEOSGeometry) -> dict[str, object]:
    """The derived values of a geometry the database finds valid and inside the county; else a 400 with the reason
    and the location."""
    view = edit.view
    valid, reason, x, y, inside, grid, area = cursor_row(
        cursor, edit_sql.sql_judge(view.layer), {"geom": bytes(geometry.ewkb)}
    )
    if not valid:
        error = InvalidGeometry(f"The geometry is not valid: {reason}.", parameter="geometry")
        if x is not None:
            error.location = located(x, y, edit.crs).as_dict(edit.crs)
            error.description += f" At {error.location['position']} ({edit.crs.key})."
        raise error
    if not inside:
        raise InvalidGeometry(
            "The geometry does not lie inside the county; check its coordinates and their CRS (Content-Crs) and "
            "axis order.", parameter="geometry",
        )
    if view.snapped_to_grid and grid is None:
        raise InvalidGeometry("The geometry lies in no base grid.", parameter="geometry")
    return edit_sql.derived_values(view.layer, grid=grid, area_m2=area)


KINDS = {"point": ("Point", "MultiPoint"), "line": ("LineString", "MultiLineString"),
         "polygon": ("Polygon", "MultiPolygon")}


def check_kind(view: LayerView, row: Mapping, geometry_type: str) -> None:
    """In a layer whose declaration names a ``geometry_kind_field``: the geometry is of the kind its row there says
    (a component of a point category is a point)."""
    name = view.layer.geometry_kind_field
    if name is None:
        return
    field = view.model._meta.get_field(name)
    key = row.get(field.column)
    kind = field.related_model.objects.filter(**{field.target_field.name: key}).values_list(
        "geometry_kind", flat=True).first()
    if kind in KINDS and geometry_type not in KINDS[kind]:
        raise InvalidGeometry(
            f"A feature of {name} {key} is a {kind} ({' or '.join(KINDS[kind])}), not a {geometry_type}.",
            parameter="geometry",
        )


def version_of(cursor, view: LayerView, feature_id: int) -> int:
    return cursor_row(cursor, edit_sql.CURRENT_VERSION, {"layer": view.id, "id": feature_id})[0]


def finish(cursor, edit: Edit, feature_id: int, row: Mapping | None) -> int:
    """The last checks of an edit (the writer's scope of the row it left, the deferred rules unless the edit is
    ``deferred``) and the feature's version after it, read in the same round trip."""
    if row is not None:
        check_scope(edit.view, row, "would not be")
    statement = edit_sql.CURRENT_VERSION if edit.deferred else f"{edit_sql.CHECK_DEFERRED}; {edit_sql.CURRENT_VERSION}"
    return cursor_row(cursor, statement, {"layer": edit.view.id, "id": feature_id})[0]


@contextmanager
def edits_together(view: LayerView) -> Iterator[None]:
    """One transaction for several ``deferred`` edits: the deferred rules are judged once all are made (a boundary
    moved between two grids by two edits), with :func:`check_deferred`; a breach rolls every edit back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(edit_sql.DEFER_CHECKS)
        yield
        check_deferred(view)


def check_deferred(view: LayerView) -> None:
    """The deferred rules of the current transaction checked now (after ``deferred`` edits): a breach is the 4xx
    naming it (``view``: the layer the answer speaks of), and the transaction must be rolled back."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(edit_sql.CHECK_DEFERRED)
    except IntegrityError as error:
        raise database_error(view, error) from None


def same(old: object, new: object) -> bool:
    """Whether a stored value (as jsonb gives it) equals a cleaned one."""
    if isinstance(new, dt.datetime) and isinstance(old, str):
        parsed = parse_datetime(old)
        return parsed is not None and parsed == new
    if isinstance(new, dt.date) and isinstance(old, str):
        return old == new.isoformat()
    if isinstance(new, float) and isinstance(old, (int, float)):
        return float(old) == new
    return old == new


def _atomic(edit: Edit):
    """The transaction of an edit, and the history told who makes it (entered together by the caller)."""
    return transaction.atomic(), history_context(principal=edit.principal, path=edit.path, actor_name=edit.actor)


def run(edit: Edit, work):
    """``work(cursor)`` in the edit's transaction; a database refusal becomes a 4xx naming it."""
    atomic, context = _atomic(edit)
    try:
        with atomic, context, connection.cursor() as cursor:
            return work(cursor)
    except IntegrityError as error:
        raise database_error(edit.view, error) from None
