"""The SQL builders: identifiers from the registry, every client value bound, the right geometry expression per CRS."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from django.db import connection
from django.http import QueryDict

from layers.ogc.params import parse_items_query
from layers.query import sql
from layers.query.items import BBox, ItemsQuery
from layers.query.temporal import TimeInterval
from layers.registry import get_layer
from spatial.crs import CRS84, EPSG_3857, EPSG_4326, EPSG_4490, EPSG_4526, EPSG_4547, resolve_crs
from tests.layers.ogc.conftest import grid, make_incident  # noqa: F401  (fixtures)

COMPONENTS = get_layer("components")
INCIDENTS = get_layer("incidents")
FACILITIES = get_layer("facilities")


def query(**fields) -> ItemsQuery:
    return ItemsQuery(**{"fmt": "json", "limit": 10, "properties": tuple(COMPONENTS.fields), **fields})


@pytest.mark.parametrize(
    ("name", "quoted"), [("code", '"code"'), ("layers_component", '"layers_component"'), ('we"ird', '"we""ird"')]
)
def test_ident_quotes_and_doubles_embedded_quotes(name, quoted):
    assert sql.ident(name) == quoted


@pytest.mark.parametrize(
    ("crs", "expected"),
    [
        (CRS84, 't."geom"'),
        (EPSG_4490, 'ST_FlipCoordinates(t."geom")'),
        (EPSG_4326, 'ST_FlipCoordinates(t."geom")'),
        (EPSG_4547, 'ST_FlipCoordinates(ST_Transform(t."geom", %s))'),
        (EPSG_4526, 'ST_FlipCoordinates(ST_Transform(t."geom", %s))'),
        (EPSG_3857, 'ST_Transform(t."geom", %s)'),
        (resolve_crs("GCJ02"), 'pd_wgs84_to_gcj02(t."geom")'),
        (resolve_crs("BD09"), 'pd_wgs84_to_bd09(t."geom")'),
    ],
)
def test_geometry_expression_per_output_crs(crs, expected):
    expression = sql.sql_geometry(COMPONENTS, crs)
    assert expression.text == expected
    assert expression.params == ((crs.srid,) if "%s" in expected else ())


def test_a_lonlat_bbox_is_an_envelope_in_storage_srid():
    envelope = sql.sql_envelope(BBox(113.6, 37.78, 113.65, 37.81, CRS84))
    assert envelope.text == "ST_MakeEnvelope(%s, %s, %s, %s, 4490)"
    assert envelope.params == (113.6, 37.78, 113.65, 37.81)


def test_a_projected_bbox_is_segmentized_then_transformed():
    envelope = sql.sql_envelope(BBox(460000.0, 4180000.0, 470000.0, 4186400.0, EPSG_4547))
    assert envelope.text == "ST_Transform(ST_Segmentize(ST_MakeEnvelope(%s, %s, %s, %s, %s), %s), 4490)"
    assert envelope.params == (460000.0, 4180000.0, 470000.0, 4186400.0, 4547, 10000.0 / sql.BBOX_SEGMENTS)


@pytest.mark.parametrize(
    ("layer", "box_crs", "intersects"),
    [(FACILITIES, CRS84, False), (FACILITIES, EPSG_4547, True), (COMPONENTS, CRS84, True)],
)
def test_bbox_filter_uses_the_index_and_intersects_unless_points_meet_a_lonlat_box(layer, box_crs, intersects):
    where = sql.sql_bbox_filter(layer, BBox(1.0, 2.0, 3.0, 4.0, box_crs))
    assert where.text.startswith('t."geom" &&') or where.text.startswith('(t."geom" &&')
    assert ("ST_Intersects" in where.text) is intersects


def test_property_filters_bind_values_and_refuse_unknown_fields():
    hostile = "x' OR '1'='1"
    where = sql.sql_property_filter(COMPONENTS, "state", hostile)
    assert where.text == 't."state" = %s' and where.params == (hostile,)
    with pytest.raises(ValueError):
        sql.sql_property_filter(COMPONENTS, "no_such_field", "x")


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (TimeInterval(datetime(2024, 1, 1, tzinfo=timezone.utc), None), 't."reported_at" >= %s'),
        (TimeInterval(None, datetime(2024, 1, 1, tzinfo=timezone.utc)), 't."reported_at" <= %s'),
        (
            TimeInterval(datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 2, tzinfo=timezone.utc), False),
            't."reported_at" >= %s AND t."reported_at" < %s',
        ),
    ],
)
def test_datetime_filter_on_the_temporal_field(interval, text):
    assert sql.sql_datetime_filter(INCIDENTS, interval).text == text
    with pytest.raises(ValueError):
        sql.sql_datetime_filter(COMPONENTS, interval)


def test_sort_keys_end_with_the_primary_key_for_stable_paging():
    assert sql.sql_order_by(COMPONENTS, ()) == 'ORDER BY t."id"'
    assert sql.sql_order_by(COMPONENTS, (("state", True), ("code", False))) == 'ORDER BY t."state" DESC, t."code", t."id"'
    assert sql.sql_order_by(COMPONENTS, (("id", True),)) == 'ORDER BY t."id" DESC'


def test_the_feature_text_is_concatenated_without_reparsing_the_geometry():
    feature = sql.sql_feature_json(COMPONENTS, CRS84, ("code", "state"))
    assert "ST_AsGeoJSON(t.\"geom\", %s, 0)" in feature.text and "::json" not in feature.text.split("properties")[0]
    assert feature.params == (CRS84.decimals,)
    assert "row_to_json(p)" in feature.text
    assert sql.sql_properties_join(COMPONENTS, ("code", "state")) == ' CROSS JOIN LATERAL (SELECT t."code", t."state") AS p'
    assert sql.sql_properties(COMPONENTS, ()) == "'{}'" and sql.sql_properties_join(COMPONENTS, ()) == ""


def test_no_client_value_ever_reaches_the_sql_text(db):  # db: a bbox page reads the counties' bounds (pruning)
    hostile = "'; DROP TABLE layers_component; --"
    page = sql.sql_items_page(
        COMPONENTS,
        query(bbox=BBox(113.6, 37.78, 113.65, 37.81, CRS84), filters=(("name", hostile), ("state", "damaged")), offset=5),
    )
    assert hostile not in page.text and "damaged" not in page.text and "113.6" not in page.text
    assert page.text.count("%s") == len(page.params)
    assert page.params[-2:] == (10, 5)


@pytest.mark.parametrize(
    "query_string",
    ["", "state=damaged", "bbox=113.60,37.78,113.65,37.81", "bbox=4180000,460000,4190000,470000&bbox-crs=EPSG:4547",
     "sortby=-code&properties=code,state", "crs=EPSG:4547&limit=3&offset=2", "bbox=113.60,37.78,113.65,37.81&bbox-crs=GCJ02"],
)
def test_the_items_statement_counts_what_the_orm_counts(db, query_string):
    parsed = parse_items_query(COMPONENTS, QueryDict(query_string), None)
    count = sql.sql_count(COMPONENTS, parsed)
    page = sql.sql_items_page(COMPONENTS, parsed)
    with connection.cursor() as cursor:
        cursor.execute(count.text, count.params)
        expected = cursor.fetchone()[0]
        cursor.execute(page.text, page.params)
        rows = cursor.fetchall()
    if parsed.filters:
        assert expected == COMPONENTS.model.objects.filter(**dict(parsed.filters)).count()
    assert len(rows) == max(0, min(parsed.limit, expected - parsed.offset))
    assert all(row[0] == expected for row in rows)


def test_extent_statement_reads_bbox_and_time(db, make_incident):
    make_incident(datetime(2030, 1, 1, 8))
    with connection.cursor() as cursor:
        statement = sql.sql_extent(INCIDENTS)
        cursor.execute(statement.text, statement.params)
        xmin, ymin, xmax, ymax, first, last = cursor.fetchone()
    assert xmin <= xmax and ymin <= ymax and first <= last
    assert last == INCIDENTS.model.objects.order_by("-reported_at").first().reported_at
