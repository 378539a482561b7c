"""The edits of a layer: create, replace, update, delete, revert to a version, restore a deleted feature.

Every edit is one transaction (``transaction.atomic``) in which the history is told who and through which path
(``layers.history.context``); the layer's triggers record it and invalidate tiles. Each edit:

1. locks the feature (``SELECT ... FOR UPDATE``) and compares its current version with the versions the caller's
   ``If-Match`` accepts (``expected``): a stale one is a 412 and nothing is changed; concurrent edits of one feature
   are serialised by the lock, so none is lost;
2. checks the writer's rights through its view (``layers.access``): fields (403), rows of its grids or department
   before and after the change (403);
3. judges the geometry in the database: type as declared, valid (else the reason and location of
   ``ST_IsValidDetail``), inside the county; derives the grid (the boundary rule) and the area;
4. writes, then checks deferred foreign keys, so a unique code, a referenced code or a feature others refer to is
   a 4xx naming it (:func:`database_error`), never a 500 and never half-written.

Services take typed values (a view, cleaned properties, a GEOS geometry) and raise ``web.errors`` errors.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry
from django.db import IntegrityError, connection, transaction
from django.utils.dateparse import parse_datetime

from accounts.principal import Principal
from layers.access import LayerView
from layers.history.context import history_context
from layers.history.selectors import feature_history
from layers.registry import LAYERS
from spatial.crs import STORAGE_CRS, CrsInfo
from web.conditional import stale
from web.errors import ApiError, Conflict, Forbidden, InvalidParameter, NotFound

from . import sql as edit_sql
from .geometry import InvalidGeometry, located, parse_geometry
from .inputs import InvalidValue, defaults, model_fields


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
    the history keeps (``actor``), and the CRS positions in answers are given in."""

    view: LayerView
    principal: Principal
    path: str = "api"
    actor: str | None = None
    crs: CrsInfo = STORAGE_CRS


def _check_may_write(edit: Edit) -> None:
    if not edit.view.may_write:
        raise Forbidden(f"Your role may not change collection {edit.view.id!r}.", parameter="collectionId")


def _cursor_row(cursor, statement, parameters) -> tuple | None:
    cursor.execute(statement, parameters)
    return cursor.fetchone()


def _json(value) -> dict:
    return json.loads(value) if isinstance(value, str) else value


@dataclass
class _Locked:
    row: dict
    ewkb: bytes
    version: int


def _lock(cursor, edit: Edit, feature_id: int, expected: frozenset[int]) -> _Locked:
    """The feature locked, its version checked against ``expected`` and its row against the writer's scopes."""
    view = edit.view
    found = _cursor_row(cursor, edit_sql.sql_lock(view.layer), {"layer": view.id, "id": feature_id})
    if found is None or not _readable(view, _json(found[0])):
        raise NotFound(f"Collection {view.id!r} has no feature {feature_id}.", parameter="featureId")
    locked = _Locked(row=_json(found[0]), ewkb=bytes(found[1]), version=found[2])
    if locked.version not in expected:
        raise stale(view.id, feature_id, locked.version)
    _check_scope(view, locked.row, "is not")
    return locked


def _readable(view: LayerView, row: Mapping) -> bool:
    return view.row_scope is None or row.get(view.row_scope.column) in view.row_scope.grids


def _check_scope(view: LayerView, row: Mapping, verb: str) -> None:
    scope = view.write_scope
    if scope is not None and not scope.holds(row):
        raise Forbidden(
            f"This feature of collection {view.id!r} {verb} one of {scope.why}; you may change those only.",
            parameter="featureId",
        )


def _judge(cursor, edit: Edit, geometry: GEOSGeometry) -> dict[str, object]:
    """The derived values of a geometry the database finds valid and inside the county; else a 400 with the reason
    and the location."""
    view = edit.view
    valid, reason, x, y, inside, grid, area = _cursor_row(
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


def _version(cursor, view: LayerView, feature_id: int) -> int:
    return _cursor_row(cursor, edit_sql.CURRENT_VERSION, {"layer": view.id, "id": feature_id})[0]


def _finish(cursor, edit: Edit, feature_id: int, row: Mapping | None) -> None:
    if row is not None:
        _check_scope(edit.view, row, "would not be")
    cursor.execute(edit_sql.CHECK_DEFERRED)


def _same(old: object, new: object) -> bool:
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


def _run(edit: Edit, work):
    """``work(cursor)`` in the edit's transaction; a database refusal becomes a 4xx naming it."""
    atomic, context = _atomic(edit)
    try:
        with atomic, context, connection.cursor() as cursor:
            return work(cursor)
    except IntegrityError as error:
        raise database_error(edit.view, error) from None


def create_feature(edit: Edit, *, properties: Mapping[str, object], geometry: GEOSGeometry) -> Written:
    """A new feature of ``properties`` (cleaned, writable) and ``geometry``; properties not given take their
    defaults (a required one the writer may not set: 403)."""
    _check_may_write(edit)
    view = edit.view
    missing = [c for c in model_fields(view.layer) if c not in properties and c not in view.layer.derived]
    for column in missing:
        field = model_fields(view.layer)[column]
        required = not (field.has_default() or field.null or (field.blank and field.empty_strings_allowed))
        if required and column not in view.writable:
            raise Forbidden(f"A new feature of collection {view.id!r} needs {column!r}, which your role may not set.",
                            parameter=f"properties.{column}")
    values = {**defaults(view.layer, missing), **properties}

    def work(cursor) -> Written:
        values.update(_judge(cursor, edit, geometry))
        _check_scope(view, values, "would not be")
        statement = edit_sql.sql_insert(view.layer, values, with_id=False)
        feature_id = _cursor_row(cursor, statement, {**edit_sql.params(values), "geom": bytes(geometry.ewkb)})[0]
        _finish(cursor, edit, feature_id, None)
        return Written(feature_id, _version(cursor, view, feature_id))

    return _run(edit, work)


def update_feature(edit: Edit, feature_id: int, *, expected: frozenset[int], properties: Mapping[str, object],
                   geometry: GEOSGeometry | None, replace: bool = False) -> Written:
    """Change feature ``feature_id`` made against one of the ``expected`` versions: set ``properties`` (cleaned,
    writable) and the ``geometry`` when given. ``replace`` (PUT): the writable properties not given return to
    their defaults; properties the writer may not read keep their values."""
    _check_may_write(edit)
    view = edit.view
    if replace:
        properties = {**defaults(view.layer, sorted(view.writable - set(properties))), **properties}

    def work(cursor) -> Written:
        locked = _lock(cursor, edit, feature_id, expected)
        values = {c: v for c, v in properties.items() if not _same(locked.row.get(c), v)}
        moved = geometry is not None and bytes(geometry.ewkb) != locked.ewkb
        if not values and not moved:
            return Written(feature_id, locked.version, changed=False)
        if moved:
            values.update(_judge(cursor, edit, geometry))
        statement = edit_sql.sql_update(view.layer, values, geometry=moved)
        parameters = {**edit_sql.params(values), "id": feature_id, "geom": bytes(geometry.ewkb) if moved else None}
        row = _json(_cursor_row(cursor, statement, parameters)[0])
        _finish(cursor, edit, feature_id, row)
        return Written(feature_id, _version(cursor, view, feature_id))

    return _run(edit, work)


def delete_feature(edit: Edit, feature_id: int, *, expected: frozenset[int]) -> Written:
    """Delete feature ``feature_id``: it leaves the layer (every read, tile and snap) and its last state stays in the
    history, from which :func:`restore_feature` brings it back with its id."""
    _check_may_write(edit)

    def work(cursor) -> Written:
        _lock(cursor, edit, feature_id, expected)
        cursor.execute(edit_sql.sql_delete(edit.view.layer), {"id": feature_id})
        _finish(cursor, edit, feature_id, None)
        return Written(feature_id, _version(cursor, edit.view, feature_id))

    return _run(edit, work)


def revert_feature(edit: Edit, feature_id: int, *, version: int, expected: frozenset[int]) -> Written:
    """Put feature ``feature_id`` back as it was after its version ``version`` (an edit like any other, made
    against one of the ``expected`` versions); a deleted feature comes back with its id."""
    history = _history(edit, feature_id)
    chosen = next((v for v in history if v.version == version), None)
    if chosen is None:
        raise NotFound(f"Feature {feature_id} of collection {edit.view.id!r} has no version {version}.",
                       parameter="version")
    if chosen.attributes_after is None:
        raise InvalidParameter(
            f"Version {version} of feature {feature_id} is its deletion; revert to a version that has the feature "
            "(or DELETE it).", parameter="version",
        )
    return _apply_image(edit, feature_id, history[0], chosen.attributes_after, chosen.geom_after, expected)


def restore_feature(edit: Edit, feature_id: int, *, expected: frozenset[int]) -> Written:
    """Bring back a deleted feature as it was when it was deleted, with its id."""
    history = _history(edit, feature_id)
    latest = history[0]
    if latest.operation != "delete":
        raise Conflict(f"Feature {feature_id} of collection {edit.view.id!r} is not deleted; nothing to restore.",
                       parameter="featureId")
    return _apply_image(edit, feature_id, latest, latest.attributes_before, latest.geom_before, expected)


def _history(edit: Edit, feature_id: int):
    _check_may_write(edit)
    history = feature_history(edit.view, feature_id)
    if not history:
        raise NotFound(f"Collection {edit.view.id!r} has no history of feature {feature_id}.", parameter="featureId")
    return history


def _apply_image(edit: Edit, feature_id: int, latest, attributes: Mapping, geometry: GEOSGeometry,
                 expected: frozenset[int]) -> Written:
    """Make the feature hold ``attributes`` (a history image) and ``geometry``: an update when it exists, else an
    insert with its id. Derived columns are derived again; a column whose value would change must be writable."""
    view = edit.view
    columns = [c for c in model_fields(view.layer) if c not in view.layer.derived and c in attributes]
    image = {c: attributes[c] for c in columns}

    def work(cursor) -> Written:
        exists = latest.operation != "delete"
        if exists:
            locked = _lock(cursor, edit, feature_id, expected)
            current = locked.row
        else:
            if latest.version not in expected:
                raise stale(view.id, feature_id, latest.version)
            current = {}
        changing = {c: v for c, v in image.items() if current.get(c) != v}
        forbidden = sorted(set(changing) - view.writable)
        if forbidden and exists:
            raise Forbidden(f"Reverting would change {', '.join(forbidden)}, which your role may not set.",
                            parameter=f"properties.{forbidden[0]}")
        if view.write_scope is not None and not exists:
            _check_scope(view, image, "would not be")
        values = {**(changing if exists else image), **_judge(cursor, edit, geometry)}
        parameters = {**edit_sql.params(values), "id": feature_id, "geom": bytes(geometry.ewkb)}
        if exists:
            row = _json(_cursor_row(cursor, edit_sql.sql_update(view.layer, values, geometry=True), parameters)[0])
        else:
            _cursor_row(cursor, edit_sql.sql_insert(view.layer, values, with_id=True), parameters)
            row = None
        _finish(cursor, edit, feature_id, row)
        return Written(feature_id, _version(cursor, view, feature_id))

    return _run(edit, work)


_KEY = re.compile(r"Key \((?P<column>[^)]+)\)=\((?P<value>.*)\) (?P<rest>.*)")
_TABLE = re.compile(r'table "(?P<table>[^"]+)"')


def _layer_of_table(table: str) -> str:
    return next((layer.id for layer in LAYERS if layer.table == table), table)


def database_error(view: LayerView, error: IntegrityError) -> ApiError:
    """The 4xx of a change the database refused: a duplicate (409), a reference to nothing (400), a feature others
    refer to (409), a rule of the table (400); each names the property."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    detail = (getattr(diag, "message_detail", None) or "") if diag else ""
    pgcode = getattr(cause, "pgcode", None)
    key = _KEY.match(detail)
    column = key.group("column") if key else getattr(diag, "column_name", None)
    parameter = f"properties.{column}" if column else None
    if pgcode == "23505" and key:
        return Conflict(f"{column} {key.group('value')!r} exists already in collection {view.id!r}; codes are unique.",
                        parameter=parameter)
    if pgcode == "23503" and key:
        table = _TABLE.search(key.group("rest"))
        other = _layer_of_table(table.group("table")) if table else "another table"
        if "still referenced" in key.group("rest"):
            return Conflict(f"Features of {other} refer to this feature by {column} {key.group('value')!r}; change "
                            "them first.", parameter="featureId")
        return InvalidValue(f"{column} {key.group('value')!r} names nothing in {other}.", parameter=parameter)
    if pgcode == "23502":
        return InvalidValue(f"Property {column!r} may not be null.", parameter=parameter)
    if pgcode == "23514":
        constraint = getattr(diag, "constraint_name", None) or "a rule of the table"
        return InvalidValue(f"The feature breaks the rule {constraint} of collection {view.id!r}.",
                            parameter=parameter)
    return InvalidParameter(f"The database refused the change: {str(cause or error).splitlines()[0][:200]}.")


def parse_feature(view: LayerView, document: object, *, crs: CrsInfo, require_geometry: bool = True):
    """``(properties, geometry)`` of a GeoJSON Feature body (the geometry in ``crs``); the properties are checked by
    :func:`layers.editing.inputs.clean_properties`."""
    from .inputs import clean_properties

    if not isinstance(document, dict) or document.get("type", "Feature") != "Feature":
        raise InvalidParameter("The body must be a GeoJSON Feature: {\"type\": \"Feature\", \"geometry\": ..., "
                               "\"properties\": {...}}.", parameter="body")
    unknown = sorted(set(document) - {"type", "id", "geometry", "properties", "links", "bbox"})
    if unknown:
        raise InvalidParameter(f"Unknown member {unknown[0][:40]!r} of the Feature.", parameter=f"body.{unknown[0][:40]}")
    properties = clean_properties(view, document.get("properties") or {})
    geometry = document.get("geometry")
    if geometry is None:
        if require_geometry:
            raise InvalidGeometry("The Feature needs a geometry.", parameter="geometry")
        return properties, None
    return properties, parse_geometry(geometry, crs=crs, declared=view.geometry_type)
