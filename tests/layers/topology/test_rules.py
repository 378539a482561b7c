"""The topology rules on the seeded county: a grid edit that opens a gap or makes an overlap is refused with the
area and the place; a boundary moved between two neighbours in one transaction is accepted; buildings do not
overlap; components stay in the county; every path (the API and plain SQL) is held."""
from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import MultiPolygon
from django.db import IntegrityError, connection, transaction

from accounts.principal import Principal
from layers.access import layer_view
from layers.editing.services import Edit, update_feature
from layers.editing.steps import edits_together
from layers.models import Building, Component, Grid
from layers.registry import get_layer
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)

EDITOR = Principal(user_id=1, roles={"gis_editor"})


def neighbours() -> tuple[Grid, Grid]:
    """Two grids that share a stretch of boundary (a line, not a point)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, b.id FROM layers_grid a JOIN layers_grid b ON a.id < b.id AND a.geom && b.geom"
            " AND ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)::geography) > 100"
            " ORDER BY a.id, b.id LIMIT 1"
        )
        first, second = cursor.fetchone()
    return Grid.objects.get(pk=first), Grid.objects.get(pk=second)


def geojson(geometry) -> dict:
    return json.loads(geometry.geojson)


def patch(client, headers, collection, feature, geometry):
    url = f"/ogc/collections/{collection}/items/{feature.pk}"
    etag = client.get(url, **headers)["ETag"]
    return client.patch(url, data=json.dumps({"geometry": geojson(geometry)}),
                        content_type="application/merge-patch+json", HTTP_IF_MATCH=etag, **headers)


def test_a_grid_grown_into_its_neighbour_is_an_overlap_with_its_area_and_place(client, account):
    _, token = account("gis_editor")
    a, b = neighbours()
    grown = a.geom.union(b.geom.buffer(-0.0002).intersection(a.geom.buffer(0.0005)))
    answer = patch(client, bearer(token), "grids", a, MultiPolygon(*[p for p in _polygons(grown)], srid=4490))
    assert answer.status_code == 409, answer.content
    body = answer.json()
    assert body["code"] == "TopologyViolation"
    assert body["topology"]["kind"] == "overlap" and body["topology"]["other"] == b.code
    assert body["topology"]["area_m2"] > 1 and len(body["topology"]["location"]) == 2
    a.refresh_from_db()
    assert a.geom.equals_exact(Grid.objects.get(pk=a.pk).geom)


def test_a_grid_shrunk_away_from_its_neighbour_leaves_a_gap(client, account):
    _, token = account("gis_editor")
    a, b = neighbours()
    shrunk = a.geom.difference(b.geom.buffer(0.0003))
    answer = patch(client, bearer(token), "grids", a, MultiPolygon(*[p for p in _polygons(shrunk)], srid=4490))
    assert answer.status_code == 409, answer.content
    assert answer.json()["topology"]["kind"] == "gap"
    assert "m²" in answer.json()["description"]


def test_a_boundary_moved_between_neighbours_in_one_transaction_is_accepted(db):
    a, b = neighbours()
    strip = b.geom.intersection(a.geom.buffer(0.0003))
    new_a = MultiPolygon(*_polygons(a.geom.union(strip)), srid=4490)
    new_b = MultiPolygon(*_polygons(b.geom.difference(strip)), srid=4490)
    view = layer_view(get_layer("grids"), EDITOR)
    edit = Edit(view=view, principal=EDITOR, deferred=True)
    with edits_together(view):
        update_feature(edit, a.pk, expected=frozenset({_version(a)}), properties={}, geometry=new_a)
        update_feature(edit, b.pk, expected=frozenset({_version(b)}), properties={}, geometry=new_b)
    a.refresh_from_db()
    assert a.geom.area > 0 and abs(a.geom.area - new_a.area) < 1e-12


def test_plain_sql_is_held_too(db):
    a, b = neighbours()
    with pytest.raises(IntegrityError, match="gap"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE layers_grid SET geom = ST_Multi(ST_Buffer(geom, -0.0003)) WHERE id = %s", [a.pk])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_buildings_do_not_overlap(client, account):
    _, token = account("gis_editor")
    first, second = Building.objects.order_by("pk")[:2]
    answer = patch(client, bearer(token), "buildings", second, first.geom.buffer(-0.00001))
    assert answer.status_code == 409, answer.content
    assert answer.json()["topology"]["rule"] == "buildings_no_overlap"
    with pytest.raises(IntegrityError, match="overlaps"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE layers_building SET geom = (SELECT geom FROM layers_building WHERE id = %s)"
                           " WHERE id = %s", [first.pk, second.pk])


def test_components_stay_in_the_county_on_every_path(db):
    component = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
    with pytest.raises(IntegrityError, match="inside the county"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE layers_component SET geom = ST_SetSRID(ST_MakePoint(116.4, 39.9), 4490)"
                           " WHERE id = %s", [component.pk])


def _version(feature) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(version), 0) FROM layers_history WHERE layer = 'grids' AND feature_id = %s",
                       [feature.pk])
        return cursor.fetchone()[0]


def _polygons(geometry):
    return [geometry] if geometry.geom_type == "Polygon" else [g for g in geometry if g.geom_type == "Polygon"]


def _add_county(code: str, lon: float, lat: float) -> None:
    """A county admin area of ``code``: a 0.1° square whose south-west corner is (lon, lat)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO layers_adminarea (code, stat_code, name, level, kind, population, area_km2, geom)"
            " VALUES (%s, %s, %s, 'county', '县', 0, 0, ST_Multi(ST_MakeEnvelope(%s, %s, %s, %s, 4490)))",
            [code, code + "000000", "另一县", lon, lat, lon + 0.1, lat + 0.1])


def test_a_component_of_one_county_placed_in_another_is_refused(db):
    """The rule partition pruning relies on: a feature lies inside the county its code starts with."""
    _add_county("140399", 116.0, 39.0)
    component = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
    with pytest.raises(IntegrityError, match=r"inside the county of its code, 140321") as refused:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE layers_component SET geom = ST_SetSRID(ST_MakePoint(116.05, 39.05), 4490)"
                           " WHERE id = %s", [component.pk])
    assert refused.value.__cause__.diag.constraint_name == "components_inside_county"


@pytest.mark.parametrize("table", ["layers_building", "layers_address"])
def test_buildings_and_addresses_stay_in_the_county_of_their_code(db, table):
    _add_county("140399", 116.0, 39.0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE GeometryType(geom) IN ('POINT', 'POLYGON') ORDER BY id LIMIT 1")
        [feature] = cursor.fetchone()
    with pytest.raises(IntegrityError, match="inside the county of its code, 140321"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET geom = ST_Translate(geom, 116.05 - ST_X(ST_Centroid(geom)),"
                           f" 39.05 - ST_Y(ST_Centroid(geom))) WHERE id = %s", [feature])


def test_a_feature_of_a_county_the_admin_areas_do_not_know_may_lie_in_any_county(db):
    """Without a county row of its code, the rule is the old one: inside some county."""
    component = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO layers_component (code, name, supervising_department, owner_department,"
                       " maintainer_department, state, geom, category_code, grid_code, data_source, updated_at)"
                       " SELECT '1403980101999999', name, supervising_department, owner_department,"
                       " maintainer_department, state, geom, category_code, grid_code, data_source, now()"
                       " FROM layers_component WHERE id = %s RETURNING tableoid::regclass::text", [component.pk])
        assert cursor.fetchone() == ("layers_component_default",)
        with pytest.raises(IntegrityError, match="inside the county of its code, 140398"):
            with transaction.atomic():
                cursor.execute("UPDATE layers_component SET geom = ST_SetSRID(ST_MakePoint(116.4, 39.9), 4490)"
                               " WHERE code = '1403980101999999'")


def test_a_component_given_the_code_of_another_county_is_refused(db):
    _add_county("140399", 116.0, 39.0)
    component = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
    with pytest.raises(IntegrityError, match="inside the county of its code, 140399"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE layers_component SET code = '140399' || substr(code, 7) WHERE id = %s",
                           [component.pk])
