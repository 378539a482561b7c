"""Partition pruning on the three-county test province: a read with a box plans only the partitions of the counties
its box meets (and the DEFAULT one), and answers exactly as the same read over every partition.

The reads run in this process against the province database through a Django connection alias of its own
(``reading_from``), so the bounds, the builders and the snap's re-run are the server's own code."""
from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings

from layers.errors import ApiError
from layers.locate.snap import reverse_point, snap_point
from layers.partitions.bounds import forget_bounds
from layers.query.items import BBox, ItemsQuery
from layers.query.sql import sql_items_page
from layers.registry import get_layer
from spatial.crs import CRS84, EPSG_4490
from web.dbrouter import reading_from

from .test_province import PINGDING, SECOND, THIRD

ALIAS = "province_pruning"
PARTITIONED = ("grids", "buildings", "addresses", "components")


@pytest.fixture(scope="module")
def province_db(province, django_db_blocker) -> Iterator[str]:
    """The province database as the Django alias :data:`ALIAS`, read with ``reading_from(ALIAS)``."""
    name = province.url.rsplit("/", 1)[1]
    with django_db_blocker.unblock():
        connections.databases[ALIAS] = {**connections.databases["default"], "NAME": name, "TEST": {"NAME": name}}
        forget_bounds()
        try:
            yield ALIAS
        finally:
            connections[ALIAS].close()
            del connections.databases[ALIAS]
            forget_bounds()


@pytest.fixture
def reads(province_db, django_db_blocker):
    with django_db_blocker.unblock(), reading_from(province_db):
        yield connections[province_db]


def rows(connection, statement) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        return cursor.fetchall()


def plan(connection, statement) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement.text, statement.params)
        return "\n".join(row[0] for row in cursor.fetchall())


def county_box(connection, county: str) -> tuple[float, float, float, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Envelope(geom) AS e"
                       " FROM layers_adminarea WHERE code = %s) AS c", [county])
        return cursor.fetchone()


def page(layer_id: str, box, limit: int = 100) -> ItemsQuery:
    layer = get_layer(layer_id)
    return ItemsQuery(fmt="json", limit=limit, properties=tuple(layer.fields), bbox=BBox(*box, crs=CRS84))


def inner(box, fraction: float = 0.2):
    """The middle ``fraction`` of a box."""
    minx, miny, maxx, maxy = box
    dx, dy = (maxx - minx) * (1 - fraction) / 2, (maxy - miny) * (1 - fraction) / 2
    return minx + dx, miny + dy, maxx - dx, maxy - dy


@pytest.mark.parametrize("layer_id", PARTITIONED)
def test_a_page_inside_one_county_plans_only_its_partition_and_the_default(reads, layer_id):
    table = get_layer(layer_id).table
    statement = sql_items_page(get_layer(layer_id), page(layer_id, inner(county_box(reads, SECOND))))
    text = plan(reads, statement)
    assert f"{table}_{SECOND}" in text and f"{table}_default" in text
    assert f"{table}_{PINGDING}" not in text and f"{table}_{THIRD}" not in text
    with override_settings(PINGDING_PARTITIONS_PRUNE=False):
        unpruned = plan(reads, sql_items_page(get_layer(layer_id), page(layer_id, inner(county_box(reads, SECOND)))))
    assert f"{table}_{PINGDING}" in unpruned and f"{table}_{THIRD}" in unpruned


def test_incidents_are_never_pruned_a_report_is_numbered_with_the_servers_county_wherever_it_lies(reads):
    layer = get_layer("incidents")
    text = plan(reads, sql_items_page(layer, page("incidents", inner(county_box(reads, SECOND)))))
    assert f"{layer.table}_{PINGDING}" in text and f"{layer.table}_{THIRD}" in text


def straddling(connection) -> tuple[float, float, float, float]:
    """A box over the east part of the western of Pingding and the second county, the gap between them and the west
    part of the eastern one, from the south of both to the north of both."""
    first, second = county_box(connection, PINGDING), county_box(connection, SECOND)
    west, east = sorted((first, second))
    return (west[0] + 0.3 * (west[2] - west[0]), min(west[1], east[1]), east[0] + 0.7 * (east[2] - east[0]),
            max(west[3], east[3]))


@pytest.mark.parametrize("layer_id", PARTITIONED)
@pytest.mark.parametrize("where", ["inside", "straddling", "nowhere"])
def test_pruned_pages_answer_as_unpruned_ones(reads, layer_id, where):
    box = {"inside": lambda: inner(county_box(reads, THIRD), 0.5), "straddling": lambda: straddling(reads),
           "nowhere": lambda: (100.0, 20.0, 100.5, 20.5)}[where]()
    layer = get_layer(layer_id)
    pruned = rows(reads, sql_items_page(layer, page(layer_id, box, limit=20000)))
    with override_settings(PINGDING_PARTITIONS_PRUNE=False):
        full = rows(reads, sql_items_page(layer, page(layer_id, box, limit=20000)))
    assert pruned == full
    if where == "nowhere":
        assert full == []
    else:
        assert full and full[0][0] > 0  # number_matched
    if where == "straddling":
        counties = {row[1].split('"code":"', 1)[1][:6] for row in full}
        assert counties == {PINGDING, SECOND}
        assert f"{layer.table}_{THIRD}" not in plan(reads, sql_items_page(layer, page(layer_id, box)))


def snap_points(connection, count: int) -> list[tuple[float, float]]:
    """Random points over the three counties' envelopes, a border's neighbourhood included (seeded)."""
    boxes = [county_box(connection, county) for county in (PINGDING, SECOND, THIRD)]
    generator = random.Random(20261206)
    points = []
    for _ in range(count):
        minx, miny, maxx, maxy = generator.choice(boxes)
        points.append((generator.uniform(minx - 0.02, maxx + 0.02), generator.uniform(miny - 0.02, maxy + 0.02)))
    return points


def answer(function, **kwargs):
    try:
        return function(**kwargs)
    except ApiError as error:
        return type(error), str(error), vars(error)


@pytest.mark.parametrize("reach_m", [2000.0, 50.0])
def test_pruned_snaps_answer_as_unpruned_ones(reads, reach_m):
    """A short reach makes most snaps run again over every county; both ways the answers are the full ones."""
    held = again = 0
    for lon, lat in snap_points(reads, 40):
        with override_settings(PINGDING_LOCATE_PRUNE_REACH_M=reach_m), CaptureQueriesContext(reads) as queries:
            snapped = answer(snap_point, lon=lon, lat=lat, crs=EPSG_4490, radius_m=100)
            reversed_ = answer(reverse_point, lon=lon, lat=lat, crs=EPSG_4490, limit=5)
        with override_settings(PINGDING_PARTITIONS_PRUNE=False):
            assert snapped == answer(snap_point, lon=lon, lat=lat, crs=EPSG_4490, radius_m=100)
            assert reversed_ == answer(reverse_point, lon=lon, lat=lat, crs=EPSG_4490, limit=5)
        statements = [q["sql"] for q in queries.captured_queries if "layers_grid" in q["sql"]]
        held += len(statements) == 2 and ".code < '" in statements[0] and ".code < '" in statements[1]
        again += len(statements) > 2
    assert held >= 3 if reach_m > 1000 else again >= 10


def test_a_snap_in_one_county_plans_only_its_partitions(reads):
    lon, lat = ((a + b) / 2 for a, b in zip(county_box(reads, SECOND)[:2], county_box(reads, SECOND)[2:]))
    with CaptureQueriesContext(reads) as queries:
        snap_point(lon=lon, lat=lat, crs=EPSG_4490, radius_m=100)
    [statement] = [q["sql"] for q in queries.captured_queries if "layers_grid" in q["sql"]]
    with reads.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement)
        text = "\n".join(row[0] for row in cursor.fetchall())
    for table in ("layers_grid", "layers_address", "layers_component"):
        assert f"{table}_{SECOND}" in text and f"{table}_default" in text
        assert f"{table}_{PINGDING}" not in text and f"{table}_{THIRD}" not in text


def test_the_benchmarks_snap_floor_is_the_pruned_statement_the_endpoint_runs(reads):
    """bench.reads builds a database's snap floors while reading from it: far counties left out, as the endpoint does."""
    from bench.snapping import built_up_points, snap_far, snap_params, snap_statement

    lon, lat = built_up_points(1, 7).tolist()[0]
    far = snap_far(lon, lat)
    assert far and all(not lo <= PINGDING < hi for lo, hi in far)
    assert any(lo <= SECOND < hi for lo, hi in far) and any(lo <= THIRD < hi for lo, hi in far)
    with reads.cursor() as cursor:
        cursor.execute("EXPLAIN " + snap_statement(len(far)), snap_params(lon, lat, far))
        text = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(snap_statement(len(far)), snap_params(lon, lat, far))
        pruned = cursor.fetchone()
        cursor.execute(snap_statement(), snap_params(lon, lat))
        assert cursor.fetchone() == pruned and pruned[0].startswith(PINGDING)
    assert "layers_grid_" + SECOND not in text and "layers_grid_" + PINGDING in text
