"""The edits of a layer: create, replace, update, delete, revert to a version, restore a deleted feature.

Every edit is one transaction (``transaction.atomic``) in which the history is told who and through which path
(``layers.history.context``); the layer's triggers record it and invalidate tiles. The steps each edit takes (lock
and version, rights, the geometry judged, the database's refusals as 4xx) are in :mod:`layers.editing.steps`.
Services take typed values (an :class:`~layers.editing.steps.Edit`, cleaned properties, a GEOS geometry in EPSG:4490)
and raise ``web.errors`` errors; only the edge knows statuses.
"""
from __future__ import annotations

from collections.abc import Mapping

from django.contrib.gis.geos import GEOSGeometry

from layers.history.selectors import feature_history
from web.conditional import stale
from web.errors import Conflict, Forbidden, InvalidParameter, NotFound

from . import sql as edit_sql
from .inputs import defaults, model_fields
from .rights import unsettable_required
from .steps import Edit, Written, as_dict, check_kind, check_may_write, check_scope, checked_version, cursor_row, \
    finish, judge, lock, run, same, version_of

__all__ = ["Edit", "Written", "create_feature", "delete_feature", "restore_feature", "revert_feature",
           "update_feature", "update_features"]


def create_feature(edit: Edit, *, properties: Mapping[str, object], geometry: GEOSGeometry) -> Written:
    """A new feature of ``properties`` (cleaned, writable) and ``geometry``; properties not given take their
    defaults (a required one the writer may not set: 403)."""
    check_may_write(edit)
    view = edit.view
    unsettable = unsettable_required(view)
    if unsettable:
        raise Forbidden(f"A new feature of collection {view.id!r} needs {unsettable[0]!r}, which your role may not "
                        "set.", parameter=f"properties.{unsettable[0]}")
    missing = [c for c in model_fields(view.layer) if c not in properties and c not in view.layer.derived]
    values = {**defaults(view.layer, missing), **properties}

    def work(cursor) -> Written:
        check_kind(view, values, geometry.geom_type)
        values.update(judge(cursor, edit, geometry))
        check_scope(view, values, "would not be")
        statement = edit_sql.sql_insert(view.layer, values, with_id=False)
        feature_id = cursor_row(cursor, statement, {**edit_sql.params(values), "geom": bytes(geometry.ewkb)})[0]
        return Written(feature_id, finish(cursor, edit, feature_id, None))

    return run(edit, work)


def update_feature(edit: Edit, feature_id: int, *, expected: frozenset[int], properties: Mapping[str, object],
                   geometry: GEOSGeometry | None, replace: bool = False) -> Written:
    """Change feature ``feature_id`` made against one of the ``expected`` versions: set ``properties`` (cleaned,
    writable) and the ``geometry`` when given. ``replace`` (PUT): the writable properties not given return to
    their defaults; properties the writer may not read keep their values."""
    check_may_write(edit)
    view = edit.view
    if replace:
        properties = {**defaults(view.layer, sorted(view.writable - set(properties))), **properties}

    def work(cursor) -> Written:
        locked = lock(cursor, edit, feature_id, None)
        values = {c: v for c, v in properties.items() if not same(locked.row.get(c), v)}
        moved = geometry is not None and bytes(geometry.ewkb) != locked.ewkb
        if moved or not values:  # the precondition first, before the geometry is judged (or nothing to write)
            version = checked_version(view, feature_id, expected, version_of(cursor, view, feature_id))
            if not values and not moved:
                return Written(feature_id, version, changed=False)
        kind_field = view.layer.geometry_kind_field
        if moved or (kind_field and view.model._meta.get_field(kind_field).column in values):
            shape = geometry if moved else GEOSGeometry(memoryview(locked.ewkb))
            check_kind(view, {**locked.row, **values}, shape.geom_type)
        if moved:
            values.update(judge(cursor, edit, geometry))
        statement = edit_sql.sql_update(view.layer, values, geometry=moved)
        parameters = {**edit_sql.params(values), "id": feature_id, "geom": bytes(geometry.ewkb) if moved else None}
        changed, before = cursor_row(cursor, statement, {**parameters, "layer": view.id})
        if not moved:  # an attribute edit compares its version here, in the UPDATE's round trip
            checked_version(view, feature_id, expected, before)
        return Written(feature_id, finish(cursor, edit, feature_id, as_dict(changed)))

    return run(edit, work)


def update_features(edit: Edit, feature_ids: list[int], *, properties: Mapping[str, object]) -> int:
    """Set the same ``properties`` (cleaned, writable) on every feature of ``feature_ids`` at once, as a WFS Update
    of many features does: one lock, one UPDATE (one pass of the history and tile triggers), each row checked against
    the writer's scope before and after; no version is compared (WFS has no ETag: the lock orders concurrent
    edits). Geometry changes go one by one (:func:`update_feature`). The number of features changed."""
    check_may_write(edit)
    view = edit.view

    def work(cursor) -> int:
        cursor.execute(edit_sql.sql_lock_many(view.layer), {"ids": list(feature_ids)})
        locked = {fid: (as_dict(row), shape) for fid, row, shape in cursor.fetchall()}
        changing, shapes = [], set()
        for fid, (row, shape) in locked.items():
            check_scope(view, row, "is not")
            if any(not same(row.get(c), v) for c, v in properties.items()):
                changing.append(fid)
                shapes.add(shape)
        if not changing:
            return 0
        kind_field = view.layer.geometry_kind_field
        if kind_field and view.model._meta.get_field(kind_field).column in properties:
            for shape in shapes:  # one kind for all: the same category is set on every feature
                check_kind(view, properties, _geos_type(shape))
        cursor.execute(edit_sql.sql_update_many(view.layer, properties),
                       {**edit_sql.params(properties), "ids": changing})
        for _, row in cursor.fetchall():
            check_scope(view, as_dict(row), "would not be")
        finish(cursor, edit, changing[0], None)
        return len(changing)

    return run(edit, work)


def _geos_type(postgis_type: str) -> str:
    """``GeometryType()``'s name (``MULTIPOLYGON``) as GEOS names it (``MultiPolygon``)."""
    return {"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon", "MULTIPOINT": "MultiPoint",
            "MULTILINESTRING": "MultiLineString", "MULTIPOLYGON": "MultiPolygon"}.get(postgis_type, postgis_type)


def delete_feature(edit: Edit, feature_id: int, *, expected: frozenset[int]) -> Written:
    """Delete feature ``feature_id``: it leaves the layer (every read, tile and snap) and its last state stays in the
    history, from which :func:`restore_feature` brings it back with its id."""
    check_may_write(edit)

    def work(cursor) -> Written:
        lock(cursor, edit, feature_id, expected)
        cursor.execute(edit_sql.sql_delete(edit.view.layer), {"id": feature_id})
        return Written(feature_id, finish(cursor, edit, feature_id, None))

    return run(edit, work)


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
    check_may_write(edit)
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
            locked = lock(cursor, edit, feature_id, expected)
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
        check_kind(view, {**current, **image}, geometry.geom_type)
        values = {**(changing if exists else image), **judge(cursor, edit, geometry)}
        if not exists:  # with its derived grid: the image holds none
            check_scope(view, values, "would not be")
        parameters = {**edit_sql.params(values), "id": feature_id, "geom": bytes(geometry.ewkb)}
        if exists:
            row = as_dict(cursor_row(cursor, edit_sql.sql_update(view.layer, values, geometry=True),
                                     {**parameters, "layer": view.id})[0])
        else:
            cursor_row(cursor, edit_sql.sql_insert(view.layer, values, with_id=True), parameters)
            row = None
        return Written(feature_id, finish(cursor, edit, feature_id, row))

    return run(edit, work)
