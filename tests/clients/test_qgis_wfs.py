"""QGIS 3.22 (Debian) reads the WFS at ``{live_url}/wfs`` with its WFS provider, in EPSG:4547.

One QGIS run opens ``components`` (mixed geometry) and ``grids`` with ``srsname='EPSG:4547'``, reads each whole, and
once more through a rectangle in EPSG:4547 on a layer restricted to the request's box. What QGIS 3.22 does, and
these tests hold it to: it negotiates WFS 2.0.0 (``ACCEPTVERSIONS=2.0.0,1.1.0,1.0.0``; no WFS 1.1 is needed), asks
``SRSNAME=urn:ogc:def:crs:EPSG::4547`` and reads the coordinates northing first, sends its box northing first
with that URN, pages with ``STARTINDEX``/``COUNT``, counts with ``RESULTTYPE=hits``, and probes a type of unknown
geometry (``gml:GeometryPropertyType``) with one feature in a box of +-1e8 metres.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from layers.models import AdminArea
from layers.registry import get_layer

pytestmark = pytest.mark.live

TYPES = ("components", "grids")
SEAT = (113.627, 37.795)
HALF_SIDE_M = 2000.0


def wfs_uri(base_url: str, name: str, **options: str) -> str:
    keys = {"url": f"{base_url}/wfs", "typename": f"pd:{name}", "version": "auto", "srsname": "EPSG:4547", **options}
    return " ".join(f"{key}='{value}'" for key, value in keys.items())


def rect_4547() -> list[float]:
    """A 4 km square around the county seat, EPSG:4547 easting/northing metres (QGIS's x/y)."""
    x, y = Point(*SEAT, srid=4490).transform(4547, clone=True).coords
    return [x - HALF_SIDE_M, y - HALF_SIDE_M, x + HALF_SIDE_M, y + HALF_SIDE_M]


@pytest.fixture(scope="module")
def qgis_read(live_url, run_qgis) -> dict:
    entries = [
        {"name": name, "provider": "WFS", "uri": wfs_uri(live_url, name), "features": True, "rect": rect_4547(),
         "rect_crs": "EPSG:4547", "rect_uri": wfs_uri(live_url, name, restrictToRequestBBOX="1")}
        for name in TYPES
    ]
    answer = run_qgis({"layers": entries})
    return {"layers": {layer["name"]: layer for layer in answer["layers"]}, "requests": answer["requests"]}


def opened(qgis_read: dict, name: str) -> dict:
    layer = qgis_read["layers"][name]
    assert layer["valid"], f"QGIS could not open {name}: {layer['error']}"
    return layer


def sent(qgis_read: dict, operation: str) -> list[dict]:
    queries = [{k.upper(): v[0] for k, v in parse_qs(urlsplit(r["url"]).query).items()} for r in qgis_read["requests"]]
    return [query for query in queries if query.get("REQUEST") == operation]


def test_qgis_speaks_wfs_2_and_every_request_succeeds(qgis_read):
    assert [r for r in qgis_read["requests"] if r["status"] != 200 or r["error"]] == []
    assert {q["VERSION"] for q in sent(qgis_read, "GetFeature")} == {"2.0.0"}
    assert {q["SRSNAME"] for q in sent(qgis_read, "GetFeature") if "SRSNAME" in q} == {"urn:ogc:def:crs:EPSG::4547"}


@pytest.mark.parametrize("name", TYPES)
def test_qgis_counts_what_the_database_holds(qgis_read, db, name):
    layer = opened(qgis_read, name)
    expected = get_layer(name).model.objects.count()
    assert expected > 0
    assert layer["feature_count"] == len(layer["features"]) == expected
    assert len({feature["code"] for feature in layer["features"]}) == expected
    assert sorted(field["name"] for field in layer["fields"]) == sorted(get_layer(name).fields)


@pytest.mark.parametrize("name", TYPES)
def test_qgis_places_the_layer_in_the_county_in_gauss_kruger(qgis_read, db, name):
    layer = opened(qgis_read, name)
    assert layer["crs"] == "EPSG:4547"
    xmin, ymin, xmax, ymax = layer["extent"]  # easting, northing metres: read northing first, put in x/y
    county = AdminArea.objects.get(level="county").geom.transform(4547, clone=True).extent
    assert 400_000 < xmin < xmax < 600_000 and 4_000_000 < ymin < ymax < 4_400_000
    # QGIS takes the capabilities' WGS84BoundingBox through the projection: its edges bulge by some hundred metres
    slack = 1000.0
    assert county[0] - slack <= xmin and county[1] - slack <= ymin
    assert xmax <= county[2] + slack and ymax <= county[3] + slack


@pytest.mark.parametrize("name", TYPES)
def test_qgis_filters_by_a_rectangle_in_gauss_kruger(qgis_read, db, name):
    layer = opened(qgis_read, name)
    boxes = [q["BBOX"] for q in sent(qgis_read, "GetFeature")
             if q.get("TYPENAMES") == f"pd:{name}" and "BBOX" in q and "100000000" not in q["BBOX"]]
    x0, y0, x1, y1 = rect_4547()
    assert len(set(boxes)) == 1 and boxes[0].endswith(",urn:ogc:def:crs:EPSG::4547")  # one box, maybe paged
    assert [float(v) for v in boxes[0].split(",")[:4]] == pytest.approx([y0, x0, y1, x1], abs=0.01)  # northing first
    table = get_layer(name).table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT code FROM {table} WHERE ST_Intersects(geom, ST_Transform(ST_Segmentize("
            "ST_MakeEnvelope(%s, %s, %s, %s, 4547), 62.5), 4490))", [x0, y0, x1, y1])
        expected = {row[0] for row in cursor.fetchall()}
    read = {feature["code"] for feature in layer["rect_features"]}
    assert read == expected and 0 < len(read) < layer["feature_count"]


KIND_SHAPES = {"components_point": "POINT", "components_line": "LINESTRING", "components_polygon": "POLYGON"}


@pytest.fixture(scope="module")
def qgis_every_type(live_url, run_qgis) -> dict:
    """Every layer and every kind's type, each opened in EPSG:4547 and read whole (attributes)."""
    from layers.registry import LAYERS

    names = [layer.id for layer in LAYERS] + list(KIND_SHAPES)
    answer = run_qgis({"layers": [{"name": name, "provider": "WFS", "uri": wfs_uri(live_url, name), "features": True}
                                  for name in names]})
    return {layer["name"]: layer for layer in answer["layers"]}


def test_qgis_opens_every_type_in_gauss_kruger_and_reads_every_feature(qgis_every_type, db):
    from layers.models import Component
    from layers.registry import LAYERS

    expected = {layer.id: layer.model.objects.count() for layer in LAYERS}
    expected.update({name: Component.objects.extra(where=[f"GeometryType(geom) = '{shape}'"]).count()
                     for name, shape in KIND_SHAPES.items()})
    for name, count in expected.items():
        layer = qgis_every_type[name]
        assert layer["valid"], f"QGIS could not open {name}: {layer.get('error')}"
        assert layer["crs"] == "EPSG:4547", name
        assert (layer["feature_count"], len(layer["features"])) == (count, count), name
    assert sum(expected[name] for name in KIND_SHAPES) == expected["components"]
