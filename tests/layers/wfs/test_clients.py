"""Real WFS clients against the live server (``live_url``, the seeded test county): OWSLib's WebFeatureService
2.0.0 and GDAL's WFS driver (``ogrinfo``, ``ogr2ogr``) read the capabilities, the schema and the features."""
from __future__ import annotations

import json
import re
import subprocess

import pytest
from django.contrib.gis.geos import Polygon
from owslib.wfs import WebFeatureService

from layers.models import Component, Grid
from layers.registry import LAYERS

from .conftest import type_ids

pytestmark = pytest.mark.live


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def service(live_url) -> WebFeatureService:
    return WebFeatureService(f"{live_url}/wfs", version="2.0.0", timeout=60)


def test_owslib_reads_the_capabilities(service, live_url):
    assert service.identification.type == "WFS" and service.identification.version == "2.0.0"
    assert list(service.contents) == [f"pd:{name}" for name in type_ids()]
    grids = service.contents["pd:grids"]
    assert [str(crs) for crs in grids.crsOptions][:2] == ["urn:ogc:def:crs:EPSG::4490", "urn:ogc:def:crs:EPSG::4326"]
    lon0, lat0, lon1, lat1 = grids.boundingBoxWGS84
    assert 113 < lon0 < lon1 < 114.2 and 37.3 < lat0 < lat1 < 38.3
    get_feature = service.getOperationByName("GetFeature")
    assert {method["url"] for method in get_feature.methods} == {f"{live_url}/wfs"}


def test_owslib_reads_the_schema(service):
    schema = service.get_schema("pd:grids")
    assert schema["geometry_column"] == "geometry" and schema["geometry"].endswith("MultiPolygon")
    assert schema["properties"]["households"] == "long" and schema["properties"]["code"] == "string"


def test_owslib_reads_features_as_geojson_and_gml(service, db):
    answer = service.getfeature(typename=["pd:grids"], outputFormat="application/json")
    document = json.loads(answer.read())
    assert len(document["features"]) == document["numberMatched"] == Grid.objects.count()
    assert {f["properties"]["code"] for f in document["features"]} == set(Grid.objects.values_list("code", flat=True))
    gml = service.getfeature(typename=["pd:components"], maxfeatures=5).read()
    assert gml.count(b"<wfs:member>") == 5 and f'numberMatched="{Component.objects.count()}"'.encode() in gml


def test_owslib_filters_by_a_box(service, db):
    # OWSLib takes the box in x/y order and sends it in the axis order of the CRS it names: latitude first
    box = (113.60, 37.78, 113.65, 37.81, "urn:ogc:def:crs:EPSG::4490")
    answer = service.getfeature(typename=["pd:components"], bbox=box, outputFormat="application/json")
    codes = {f["properties"]["code"] for f in json.loads(answer.read())["features"]}
    expected = set(Component.objects.filter(geom__intersects=Polygon.from_bbox((113.60, 37.78, 113.65, 37.81)))
                   .values_list("code", flat=True))
    assert codes == expected and expected


def test_ogrinfo_lists_every_type_with_its_count(live_url, db):
    summary = run("ogrinfo", "-ro", "-so", "-al", f"WFS:{live_url}/wfs")
    counts = dict(re.findall(r"Layer name: pd:(\S+).*?Feature Count: (\d+)", summary, flags=re.S))
    kinds = {f"components_{kind}": Component.objects.extra(where=[f"GeometryType(geom) = '{shape}'"]).count()
             for kind, shape in (("point", "POINT"), ("line", "LINESTRING"), ("polygon", "POLYGON"))}
    assert {name: int(count) for name, count in counts.items()} == {
        **{layer.id: layer.model.objects.count() for layer in LAYERS}, **kinds
    }
    assert "member_phone" not in summary


def test_ogr2ogr_reads_a_layer_whole_in_gauss_kruger(live_url, db, tmp_path):
    target = tmp_path / "grids.geojson"
    run("ogr2ogr", "-f", "GeoJSON", str(target), f"WFS:{live_url}/wfs?SRSNAME=urn:ogc:def:crs:EPSG::4547",
        "pd:grids", "--config", "OGR_WFS_PAGE_SIZE", "7")
    document = json.loads(target.read_text())
    assert len(document["features"]) == Grid.objects.count()
    grid = Grid.objects.order_by("id").first()
    read = next(f for f in document["features"] if f["properties"]["code"] == grid.code)
    assert read["properties"]["name"] == grid.name
    x, y = grid.geom.transform(4547, clone=True).coords[0][0][0]
    # GDAL writes GeoJSON in x/y order: easting, northing metres
    assert read["geometry"]["coordinates"][0][0][0] == pytest.approx([x, y], abs=0.01)
