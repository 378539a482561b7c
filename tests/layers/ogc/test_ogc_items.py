"""Items and single features over HTTP: counts, paging, bbox in several CRSs, axis order, filters, headers."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.contrib.gis.geos import LineString
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from layers.models import Component, Grid, Incident
from layers.registry import public_layers
from spatial.chinese import wgs84_to_bd09, wgs84_to_gcj02
from spatial.crs import CRS84, EPSG_3857, EPSG_4526, EPSG_4547
from spatial.transform import transform_xy

from .conftest import SEAT, read

ITEMS = "/ogc/collections/{}/items"
COMPONENTS = ITEMS.format("components")


def ids(body: dict) -> list[int]:
    return [feature["id"] for feature in body["features"]]


@pytest.mark.parametrize("layer", public_layers(), ids=lambda layer: layer.id)
def test_number_matched_is_the_orm_count_for_every_collection(get_json, layer, db):
    response, body = get_json(ITEMS.format(layer.id) + "?limit=5")
    count = layer.model.objects.count()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == count
    assert body["numberReturned"] == len(body["features"]) == min(5, count)
    assert response["Content-Type"].startswith("application/geo+json")
    assert response["Content-Crs"] == f"<{CRS84.uri}>"
    assert body["timeStamp"].endswith("Z")
    for feature in body["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["id"], int)
        assert set(feature["properties"]) == set(layer.fields)


def test_following_next_links_visits_every_feature_once(get_json, make_component):
    make_component(*SEAT)
    response, body = get_json(COMPONENTS + "?limit=97")
    seen = ids(body)
    pages = 1
    while (next_link := next((link["href"] for link in body["links"] if link["rel"] == "next"), None)) is not None:
        assert "limit=97" in next_link
        response, body = get_json(next_link)
        assert any(link["rel"] == "prev" for link in body["links"])
        seen += ids(body)
        pages += 1
    assert len(seen) == len(set(seen)) == body["numberMatched"] == Component.objects.count()
    assert set(seen) == set(Component.objects.values_list("id", flat=True))
    assert pages == -(-len(seen) // 97)


def test_next_links_keep_the_other_parameters(get_json, make_component):
    for _ in range(3):
        make_component(*SEAT, state="damaged")
    _, body = get_json(COMPONENTS + "?limit=1&state=damaged&crs=EPSG:4326&properties=code")
    next_link = next(link["href"] for link in body["links"] if link["rel"] == "next")
    assert "state=damaged" in next_link and "crs=EPSG:4326" in next_link and "properties=code" in next_link
    assert "offset=1" in next_link and "limit=1" in next_link


def test_a_page_beyond_the_end_is_empty_but_counted(get_json, make_component):
    make_component(*SEAT)
    count = Component.objects.count()
    _, body = get_json(COMPONENTS + f"?offset={count + 10}&limit=5")
    assert body["features"] == [] and body["numberMatched"] == count and body["numberReturned"] == 0
    rels = {link["rel"] for link in body["links"]}
    assert "next" not in rels and "prev" in rels


def test_limit_up_to_the_maximum_is_honoured(get_json, settings, make_component):
    make_component(*SEAT)
    settings.PINGDING_OGC_MAX_LIMIT = 3
    settings.PINGDING_STREAM_CHUNK_ROWS = 2
    _, body = get_json(COMPONENTS + "?limit=3")
    assert body["numberReturned"] == len(body["features"]) == min(3, Component.objects.count())
    get_json(COMPONENTS + "?limit=4", expect=400)


@pytest.fixture
def seat_and_far(make_component):
    """A component at the county seat and one 2 km east of it."""
    return make_component(*SEAT), make_component(SEAT[0] + 0.0227, SEAT[1])


def box_query(box: tuple[float, float, float, float], crs_key: str | None = None) -> str:
    query = "bbox=" + ",".join(repr(float(value)) for value in box)
    return query + (f"&bbox-crs={crs_key}" if crs_key else "")


def bbox_ids(get_json, query: str) -> set[int]:
    _, body = get_json(COMPONENTS + f"?limit=10000&{query}")
    assert body["numberMatched"] == body["numberReturned"]
    return set(ids(body))


def test_the_same_box_in_crs84_epsg4326_epsg4547_and_gcj02_selects_the_same_features(get_json, seat_and_far):
    seat, far = seat_and_far
    lon0, lat0, lon1, lat1 = SEAT[0] - 0.006, SEAT[1] - 0.005, SEAT[0] + 0.006, SEAT[1] + 0.005
    in_crs84 = bbox_ids(get_json, box_query((lon0, lat0, lon1, lat1)))
    assert seat.id in in_crs84 and far.id not in in_crs84
    assert in_crs84 == set(Component.objects.filter(geom__within=_box(lon0, lat0, lon1, lat1)).values_list("id", flat=True))

    assert bbox_ids(get_json, box_query((lat0, lon0, lat1, lon1), "EPSG:4326")) == in_crs84
    assert bbox_ids(get_json, box_query((lat0, lon0, lat1, lon1), "http://www.opengis.net/def/crs/EPSG/0/4490")) == in_crs84

    # The projected box through the corners of the lon/lat box is nearly the same region (GK lines curve slightly).
    (e0, e1), (n0, n1) = transform_xy([lon0, lon1], [lat0, lat1], src=CRS84, dst=EPSG_4547)
    in_gk = bbox_ids(get_json, box_query((n0, e0, n1, e1), "EPSG:4547"))
    assert seat.id in in_gk and far.id not in in_gk
    assert len(in_gk ^ in_crs84) <= max(2, len(in_crs84) // 50)

    gx0, gy0 = wgs84_to_gcj02(lon0, lat0)
    gx1, gy1 = wgs84_to_gcj02(lon1, lat1)
    in_gcj = bbox_ids(get_json, box_query((gx0, gy0, gx1, gy1), "GCJ02"))
    assert seat.id in in_gcj and far.id not in in_gcj
    assert in_crs84 <= in_gcj and len(in_gcj - in_crs84) <= max(2, len(in_crs84) // 50)


def _box(lon0, lat0, lon1, lat1):
    from django.contrib.gis.geos import Polygon

    box = Polygon.from_bbox((lon0, lat0, lon1, lat1))
    box.srid = 4490
    return box


def test_a_line_crossing_a_box_is_found_although_no_vertex_is_inside(get_json, make_component):
    line = make_component(geom=LineString((SEAT[0] - 0.01, SEAT[1]), (SEAT[0] + 0.01, SEAT[1]), srid=4490))
    box = (SEAT[0] - 0.001, SEAT[1] - 0.001, SEAT[0] + 0.001, SEAT[1] + 0.001)
    assert line.id in bbox_ids(get_json, box_query(box))
    assert line.id not in bbox_ids(get_json, box_query((box[0], box[1] + 0.002, box[2], box[3] + 0.002)))


def feature_coordinates(get_json, feature_id: int, crs: str | None) -> tuple[list[float], str]:
    query = f"?crs={crs}" if crs else ""
    response, body = get_json(f"/ogc/collections/components/items/{feature_id}{query}")
    assert body["id"] == feature_id
    return body["geometry"]["coordinates"], response["Content-Crs"]


def test_output_axis_order_follows_the_crs(get_json, seat_and_far):
    seat = seat_and_far[0]
    lon, lat = SEAT
    coords, header = feature_coordinates(get_json, seat.id, None)
    assert coords == pytest.approx([lon, lat], abs=1e-7) and header == f"<{CRS84.uri}>"
    for crs in ("EPSG:4326", "EPSG:4490", "http://www.opengis.net/def/crs/EPSG/0/4326"):
        coords, header = feature_coordinates(get_json, seat.id, crs)
        assert coords == pytest.approx([lat, lon], abs=1e-7)
    for info in (EPSG_4547, EPSG_4526):
        easting, northing = transform_xy(lon, lat, src=CRS84, dst=info)
        coords, header = feature_coordinates(get_json, seat.id, info.key)
        assert coords == pytest.approx([northing, easting], abs=2e-3) and header == f"<{info.uri}>"
        assert 4.18e6 < coords[0] < 4.19e6
    x, y = transform_xy(lon, lat, src=CRS84, dst=EPSG_3857)
    assert feature_coordinates(get_json, seat.id, "EPSG:3857")[0] == pytest.approx([x, y], abs=2e-3)


def test_the_items_page_uses_the_same_axis_order(get_json, seat_and_far):
    seat = seat_and_far[0]
    query = f"?limit=10000&bbox={SEAT[0] - 1e-4},{SEAT[1] - 1e-4},{SEAT[0] + 1e-4},{SEAT[1] + 1e-4}&crs=EPSG:4547"
    response, body = get_json(COMPONENTS + query)
    assert response["Content-Crs"] == f"<{EPSG_4547.uri}>"
    feature = next(feature for feature in body["features"] if feature["id"] == seat.id)
    assert 4.18e6 < feature["geometry"]["coordinates"][0] < 4.19e6
    assert len(str(feature["geometry"]["coordinates"][1]).split(".")[-1]) <= EPSG_4547.decimals


@pytest.mark.parametrize(("key", "forward"), [("GCJ02", wgs84_to_gcj02), ("BD09", wgs84_to_bd09)])
def test_gcj02_and_bd09_output_lon_lat(get_json, seat_and_far, key, forward):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc('pd_wgs84_to_gcj02') IS NOT NULL")
        if not cursor.fetchone()[0]:
            pytest.skip("the migration installing pd_wgs84_to_gcj02 is not applied")
    coords, header = feature_coordinates(get_json, seat_and_far[0].id, key)
    assert coords == pytest.approx(list(forward(*SEAT)), abs=1e-6)
    assert header == f"<urn:pingding:crs:{key}>"


def test_property_filters_select_by_equality(get_json, make_component):
    make_component(*SEAT, state="damaged")
    grid_code = Grid.objects.order_by("code").values_list("code", flat=True).first()
    _, body = get_json(COMPONENTS + f"?state=damaged&grid_code={grid_code}&limit=10000")
    expected = Component.objects.filter(state="damaged", grid_id=grid_code)
    assert body["numberMatched"] == expected.count() >= 1
    assert set(ids(body)) == set(expected.values_list("id", flat=True))
    assert all(f["properties"]["state"] == "damaged" for f in body["features"])


def test_an_integer_filter_and_a_date_filter(get_json, make_component, grid):
    _, body = get_json(f"/ogc/collections/grids/items?households={grid.households}&limit=10000")
    assert body["numberMatched"] == Grid.objects.filter(households=grid.households).count()
    component = make_component(*SEAT, installed_on="2001-02-03")
    _, body = get_json(COMPONENTS + "?installed_on=2001-02-03")
    assert component.id in ids(body)


def test_properties_selects_public_fields_in_order(get_json, make_component):
    make_component(*SEAT)
    _, body = get_json(COMPONENTS + "?properties=state,code&limit=3")
    assert [list(f["properties"]) for f in body["features"]] == [["state", "code"]] * len(body["features"])
    _, body = get_json(COMPONENTS + "?properties=&limit=1")
    assert body["features"][0]["properties"] == {}


def test_sortby_orders_the_page(get_json, make_component):
    for _ in range(3):
        make_component(*SEAT)
    _, body = get_json(COMPONENTS + "?sortby=-code&limit=50&properties=code")
    codes = [f["properties"]["code"] for f in body["features"]]
    assert codes == sorted(codes, reverse=True)
    assert codes[0] == Component.objects.order_by("-code").values_list("code", flat=True).first()


def test_datetime_filters_incidents(get_json, make_incident):
    made = [make_incident(datetime(2031, 3, day, hour)) for day in (1, 2, 3) for hour in (0, 12)]
    url = "/ogc/collections/incidents/items?limit=10000&datetime="

    def got(value: str) -> set[int]:
        return set(ids(get_json(url + value)[1]))

    day2 = {i.id for i in made if i.reported_at.day == 2}
    assert got("2031-03-02") == day2
    assert got("2031-03-02T00:00:00%2B08:00/2031-03-02T23:59:59%2B08:00") == day2
    assert got("2031-03-02T12:00:00%2B08:00") == {made[3].id}
    assert got("2031-03-02T04:00:00Z") == {made[3].id}
    later = set(Incident.objects.filter(reported_at__gte=made[2].reported_at).values_list("id", flat=True))
    assert got("2031-03-02T00:00:00%2B08:00/..") == later
    assert {i.id for i in made} - got("../2031-03-01T12:00:00%2B08:00") == {i.id for i in made[2:]}


def test_a_missing_feature_is_404_and_a_bad_id_400(get_json, db):
    _, body = get_json("/ogc/collections/components/items/999999999", expect=404)
    assert body["parameter"] == "featureId" and body["code"] == "NotFound"
    _, body = get_json("/ogc/collections/components/items/abc", expect=400)
    assert body["parameter"] == "featureId"


def test_a_feature_has_links_and_geojson_headers(get_json, seat_and_far):
    response, body = get_json(f"/ogc/collections/components/items/{seat_and_far[0].id}?crs=EPSG:4326")
    assert response["Content-Type"].startswith("application/geo+json")
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4326>"
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert {"self", "alternate", "collection"} <= set(rels)
    assert "crs=EPSG:4326" in rels["self"] and "f=json" in rels["self"] and "f=html" in rels["alternate"]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [("application/geo+json, application/json", "application/geo+json"), ("application/json", "application/json"),
     ("*/*", "application/geo+json")],
)
def test_json_content_types(client, db, accept, content_type):
    response = client.get(COMPONENTS + "?limit=1", HTTP_ACCEPT=accept)
    json.loads(read(response))
    assert response["Content-Type"].split(";")[0] == content_type
    assert "Accept" in response["Vary"]


def test_streaming_ends_the_transaction_whether_read_or_closed(client, db, settings, make_component):
    """A page of more than one chunk holds its cursor, in a transaction, until its body is written or abandoned."""
    for step in range(4):
        make_component(SEAT[0] + step * 0.001, SEAT[1])
    settings.PINGDING_STREAM_CHUNK_ROWS = 2
    depth = len(connection.savepoint_ids)
    response = client.get(COMPONENTS + "?limit=3")
    assert len(connection.savepoint_ids) == depth + 1  # the page holds its cursor until the body is written
    read(response)
    assert len(connection.savepoint_ids) == depth
    response = client.get(COMPONENTS + "?limit=3")
    request_finished.disconnect(close_old_connections)  # as the test client does: keep the test's connection
    try:
        response.close()  # what a WSGI server does when the client goes away before the body is read
    finally:
        request_finished.connect(close_old_connections)
    assert len(connection.savepoint_ids) == depth


def test_a_page_of_one_chunk_is_one_plain_statement_and_holds_nothing(client, db, make_component):
    """limit <= PINGDING_STREAM_CHUNK_ROWS: no transaction, no server-side cursor (DECLARE/FETCH/CLOSE), one SELECT."""
    make_component(*SEAT)
    depth = len(connection.savepoint_ids)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(COMPONENTS + "?limit=3")
        assert len(connection.savepoint_ids) == depth  # nothing held while the body waits to be written
        body = json.loads(read(response))
    statements = [query["sql"] for query in captured.captured_queries]
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")
    assert body["numberReturned"] == len(body["features"]) == min(3, Component.objects.count())


@pytest.mark.parametrize(("chunk_rows", "writes"), [(1, 5), (2, 3), (3, 2), (4, 1), (5, 1), (1000, 1)])
def test_a_page_is_the_same_bytes_whatever_the_chunk_size(client, db, settings, make_component, chunk_rows, writes):
    """One plain statement (one chunk) or a cursor read by chunks of any size: the same document, byte for byte but
    for the time stamp, in one write per chunk (header with the first, trailer with the last; a chunk that ends the
    page exactly cannot know it, so the trailer then goes alone)."""
    for step in range(5):
        make_component(SEAT[0] + step * 0.001, SEAT[1])
    query = COMPONENTS + "?limit=4&offset=1&properties=code,state"
    settings.PINGDING_STREAM_CHUNK_ROWS = 1000
    expected = read(client.get(query))
    settings.PINGDING_STREAM_CHUNK_ROWS = chunk_rows
    response = client.get(query)
    pieces = list(response.streaming_content)
    assert len(pieces) == writes
    assert _stamp_blanked(b"".join(pieces)) == _stamp_blanked(expected)
    assert json.loads(expected)["numberReturned"] == 4


def _stamp_blanked(body: bytes) -> bytes:
    start = body.index(b'"timeStamp":"') + len(b'"timeStamp":"')
    return body[:start] + body[body.index(b'"', start):]
