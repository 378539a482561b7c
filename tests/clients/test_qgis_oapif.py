"""QGIS 3.22 (Debian) opens the README's URL ``{live_url}/ogc`` with its OAPIF provider and reads what the API serves.

One QGIS run (``run_qgis``) opens ``components``, ``grids`` and ``incidents`` at the bare ``/ogc`` (QGIS follows the
server's absolute redirect to ``/ogc/``; it does not follow a relative one), and ``grids`` again at ``/ogc/``. Each
layer is read whole, and once more through a rectangle in EPSG:4547 on a layer restricted to the request's box
(without that option QGIS downloads the whole layer and filters locally). QGIS 3.22 does not use OGC API Part 2: its
layer CRS is EPSG:4326 in lon/lat order (CRS84) and it sends the rectangle, transformed, as a CRS84 ``bbox``.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.gis.db.models import Extent
from django.contrib.gis.geos import Point

from layers.models import AdminArea
from layers.registry import get_layer

from tests.clients.conftest import oapif_uri

pytestmark = pytest.mark.live

COLLECTIONS = ("components", "grids", "incidents")
SEAT = (113.627, 37.795)
"""The county seat, lon/lat degrees (EPSG:4490)."""
HALF_SIDE_M = 2000.0
EPSG_4547 = "http://www.opengis.net/def/crs/EPSG/0/4547"
CJK = re.compile(r"[\u4e00-\u9fff]")


def rect_4547() -> list[float]:
    """A square of 4 km around the county seat in EPSG:4547, easting/northing metres (QGIS's x/y)."""
    x, y = Point(*SEAT, srid=4490).transform(4547, clone=True).coords
    return [x - HALF_SIDE_M, y - HALF_SIDE_M, x + HALF_SIDE_M, y + HALF_SIDE_M]


@pytest.fixture(scope="module")
def qgis_read(live_url, run_qgis) -> dict:
    """What QGIS read: ``{"layers": {name: ...}, "requests": [...]}`` (see ``qgis_probe.py``)."""
    entries = [
        {
            "name": name, "uri": oapif_uri(f"{live_url}/ogc", name), "features": True,
            "rect": rect_4547(), "rect_crs": "EPSG:4547",
            "rect_uri": oapif_uri(f"{live_url}/ogc", name, restrictToRequestBBOX="1"),
        }
        for name in COLLECTIONS
    ]
    entries.append({"name": "grids-slash", "uri": oapif_uri(f"{live_url}/ogc/", "grids"), "features": True})
    answer = run_qgis({"layers": entries})
    return {"layers": {layer["name"]: layer for layer in answer["layers"]}, "requests": answer["requests"]}


def opened(qgis_read: dict, name: str) -> dict:
    """What QGIS read of layer ``name``; fails the test, with QGIS's reason, if QGIS could not open it."""
    layer = qgis_read["layers"][name]
    assert layer["valid"], f"QGIS could not open {name}: {layer['error']}"
    return layer


def api_features(url: str, **params: str) -> list[dict]:
    """Every feature the API answers at ``url`` with ``params``, following ``next`` links."""
    features, params = [], {"limit": "1000", **params}
    with requests.Session() as session:
        while url:
            page = session.get(url, params=params, headers={"Accept": "application/geo+json"}, timeout=60)
            assert page.status_code == 200, page.text[:500]
            body = page.json()
            features += body["features"]
            url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
            params = None
    return features


def test_qgis_opens_the_readme_url_through_the_absolute_redirect(qgis_read, live_url):
    for name in COLLECTIONS:
        opened(qgis_read, name)
    bare = [r for r in qgis_read["requests"] if r["url"] == f"{live_url}/ogc"]
    assert len(bare) == 2 * len(COLLECTIONS)  # each layer and each rectangle layer opens the URL as written
    assert all(r["status"] == 302 and r["location"] == f"{live_url}/ogc/" for r in bare), bare
    assert not [r for r in qgis_read["requests"] if r["error"]]


def test_qgis_opens_the_landing_page_with_its_slash(qgis_read, live_url, county_counts):
    layer = opened(qgis_read, "grids-slash")
    assert layer["feature_count"] == len(layer["features"]) == county_counts.grids
    assert {r["status"] for r in qgis_read["requests"] if r["url"] == f"{live_url}/ogc/"} == {200}


@pytest.mark.parametrize("name", COLLECTIONS)
def test_qgis_counts_what_the_database_holds(qgis_read, county_counts, db, name):
    layer = opened(qgis_read, name)
    expected = getattr(county_counts, name)
    assert expected == get_layer(name).model.objects.count() > 0
    assert layer["feature_count"] == expected
    assert len(layer["features"]) == expected
    assert len({feature["code"] for feature in layer["features"]}) == expected


@pytest.mark.parametrize("name", COLLECTIONS)
def test_qgis_places_the_layer_in_the_county(qgis_read, db, name):
    layer = opened(qgis_read, name)
    assert layer["crs"] == "EPSG:4326"  # QGIS's name for CRS84: lon/lat degrees, the API's default CRS
    xmin, ymin, xmax, ymax = layer["extent"]
    data = get_layer(name).model.objects.aggregate(extent=Extent("geom"))["extent"]
    county = AdminArea.objects.get(level="county").geom.extent
    tolerance = 1e-6
    assert xmin <= data[0] + tolerance and ymin <= data[1] + tolerance
    assert xmax >= data[2] - tolerance and ymax >= data[3] - tolerance
    assert county[0] - tolerance <= xmin < xmax <= county[2] + tolerance
    assert county[1] - tolerance <= ymin < ymax <= county[3] + tolerance


@pytest.mark.parametrize("name", COLLECTIONS)
def test_qgis_reads_the_public_fields_only(qgis_read, name):
    layer = get_layer(name)
    read = [field["name"] for field in opened(qgis_read, name)["fields"]]
    assert sorted(read) == sorted(layer.fields)
    hidden = {*layer.restricted_fields, *(f"{field}_id" for field in layer.restricted_fields)}
    assert not hidden & set(read)


@pytest.mark.parametrize("name", COLLECTIONS)
def test_qgis_reads_the_api_text_intact(qgis_read, live_url, db, name):
    layer = get_layer(name)
    text_fields = [field.name for field in layer.fields.values() if field.type == "string"]
    api = {f["properties"]["code"]: f["properties"] for f in api_features(f"{live_url}/ogc/collections/{name}/items")}
    read = {feature["code"]: feature for feature in opened(qgis_read, name)["features"]}
    assert read.keys() == api.keys()
    for code, feature in read.items():
        assert {f: feature[f] for f in text_fields} == {f: api[code].get(f) for f in text_fields}, code
    chinese = "description" if name == "incidents" else "name"
    stored = dict(layer.model.objects.values_list("code", chinese))
    assert {code: feature[chinese] for code, feature in read.items()} == stored
    assert sum(bool(CJK.search(value or "")) for value in stored.values()) > len(stored) / 2


@pytest.mark.parametrize("name", COLLECTIONS)
def test_qgis_filters_by_a_rectangle_in_cgcs2000_gauss_kruger(qgis_read, live_url, name):
    layer = opened(qgis_read, name)
    items = f"{live_url}/ogc/collections/{name}/items"
    sent = [parse_qs(urlsplit(r["url"]).query) for r in qgis_read["requests"] if r["url"].startswith(f"{items}?")]
    boxed = [query for query in sent if "bbox" in query]
    assert len(boxed) >= 1 and all("bbox-crs" not in query for query in boxed)
    bbox = [float(v) for v in boxed[0]["bbox"][0].split(",")]
    # CRS84 lon/lat: the 4547 square transformed by QGIS, around the county seat.
    assert bbox[0] < SEAT[0] < bbox[2] and bbox[1] < SEAT[1] < bbox[3]
    read = {feature["code"] for feature in layer["rect_features"]}
    assert read == {f["properties"]["code"] for f in api_features(items, bbox=boxed[0]["bbox"][0])}
    assert read < {feature["code"] for feature in layer["features"]}
    # The box QGIS sent holds the square: what the API finds in the square itself (northing, easting) is read too.
    x0, y0, x1, y1 = rect_4547()
    square = api_features(items, bbox=f"{y0},{x0},{y1},{x1}", **{"bbox-crs": EPSG_4547})
    assert square and {f["properties"]["code"] for f in square} <= read
