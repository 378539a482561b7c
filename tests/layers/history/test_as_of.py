"""A collection as it was at a past instant, reconstructed from the history in one statement."""
import datetime as dt
import json

from django.db import connection

from accounts.principal import Principal
from layers.access import layer_view
from layers.history.selectors import layer_as_of
from layers.registry import get_layer

FACILITIES = get_layer("facilities")
ADMIN = Principal(user_id=1, roles={"admin"})


def _snapshot(fields) -> dict:
    """The table read directly (not through the history): id -> (properties cut to ``fields``, GeoJSON geometry)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, to_jsonb(t) - 'geom', ST_AsGeoJSON(geom, 9, 0) FROM layers_facility AS t ORDER BY id")
        return {fid: ({k: v for k, v in json.loads(a).items() if k in fields}, g) for fid, a, g in cursor.fetchall()}


def _as_of(view, instant) -> dict:
    return {fid: (json.loads(p) if isinstance(p, str) else p, g) for fid, p, g in layer_as_of(view, instant)}


def _now():
    with connection.cursor() as cursor:
        cursor.execute("SELECT transaction_timestamp()")
        return cursor.fetchone()[0]


def test_as_of_returns_exactly_the_rows_of_that_instant(db):
    view = layer_view(FACILITIES, ADMIN)
    before = _snapshot(view.fields)
    first, second, third = sorted(before)[:3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE layers_facility SET name = 'first edit', capacity = 7 WHERE id = %s", [first])
        cursor.execute(
            "UPDATE layers_facility SET name = 'second edit', geom = ST_SetSRID(ST_MakePoint(113.6, 37.8), 4490)"
            " WHERE id = %s", [first],
        )
        cursor.execute("DELETE FROM layers_facility WHERE id = %s", [second])
        cursor.execute(
            "INSERT INTO layers_facility (code, name, kind, capacity, grid_code, data_source, updated_at, geom)"
            " SELECT 'F-AS-OF', 'new', kind, 3, grid_code, 'survey', now(), geom FROM layers_facility WHERE id = %s",
            [third],
        )
    after = _snapshot(view.fields)
    assert after != before and len(after) == len(before)
    edited_at = _now()  # every change above has this instant (the transaction's)
    assert _as_of(view, edited_at - dt.timedelta(microseconds=1)) == before
    assert _as_of(view, edited_at) == after
    assert _as_of(view, edited_at + dt.timedelta(hours=1)) == after


def test_as_of_before_the_county_was_loaded_is_empty_and_cuts_fields_to_the_view(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(changed_at) FROM layers_history WHERE layer = 'facilities'")
        loaded_at = cursor.fetchone()[0]
    view = layer_view(FACILITIES, ADMIN)
    assert layer_as_of(view, loaded_at - dt.timedelta(seconds=1)) == []
    rows = layer_as_of(FACILITIES, loaded_at)  # a bare layer: what anonymous callers read
    properties = json.loads(rows[0][1]) if isinstance(rows[0][1], str) else rows[0][1]
    assert set(properties) <= set(FACILITIES.fields) and "id" not in properties and "updated_at" not in properties


def test_as_of_pages_with_limit_and_offset(db):
    view = layer_view(FACILITIES, ADMIN)
    now = _now()
    whole = [row[0] for row in layer_as_of(view, now)]
    assert [row[0] for row in layer_as_of(view, now, limit=2, offset=1)] == whole[1:3]


def test_a_grid_scoped_reader_sees_the_rows_that_were_in_its_grids_then(db):
    import dataclasses

    scoped_layer = dataclasses.replace(FACILITIES, grid_scoped_roles=("grid_member",))
    with connection.cursor() as cursor:
        cursor.execute("SELECT grid_code, array_agg(id ORDER BY id) FROM layers_facility GROUP BY grid_code ORDER BY 1")
        (grid_a, in_a), (grid_b, _) = cursor.fetchall()[:2]
        cursor.execute("UPDATE layers_facility SET grid_code = %s WHERE id = %s", [grid_b, in_a[0]])
    view = layer_view(scoped_layer, Principal(user_id=3, roles={"grid_member"}, grids={grid_a}))
    assert view.row_scope is not None
    edited_at = _now()
    assert [row[0] for row in layer_as_of(view, edited_at - dt.timedelta(microseconds=1))] == in_a
    assert [row[0] for row in layer_as_of(view, edited_at)] == in_a[1:]
