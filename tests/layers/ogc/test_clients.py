"""Real clients against a real server (``live_url``: the application server on the seeded test county).

GDAL's OAPIF driver (``ogrinfo``, ``ogr2ogr``) and OWSLib must read every collection: as many features as the ORM
counts, and the coordinates of a known feature within 1e-6 degrees. GDAL pages with ``limit`` and follows ``next``.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from owslib.ogcapi.features import Features

from layers.registry import Layer, public_layers

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command line tools (gdal-bin) are not installed"),
]
LAYERS = public_layers()


def first_coordinate(coordinates) -> tuple[float, float]:
    while isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    return coordinates[0], coordinates[1]


def known_feature(layer: Layer) -> tuple[str, str, tuple[float, float]] | None:
    """(key property, its value, first lon/lat vertex) of the layer's first feature, read with the ORM."""
    key = "code" if "code" in layer.fields else "credit_code"
    row = layer.model.objects.order_by("pk").first()
    if row is None:
        return None
    geometry = json.loads(row.geom.geojson)
    return key, getattr(row, key), first_coordinate(geometry["coordinates"] if "coordinates" in geometry else
                                                    geometry["geometries"][0]["coordinates"])


def run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_ogrinfo_lists_every_collection_with_its_count(live_url, db):
    summary = run("ogrinfo", "-ro", "-so", "-al", f"OAPIF:{live_url}/ogc")
    counts = dict(re.findall(r"Layer name: (\S+).*?Feature Count: (\d+)", summary, flags=re.S))
    assert {name: int(count) for name, count in counts.items()} == {
        layer.id: layer.model.objects.count() for layer in LAYERS
    }
    assert "member_phone" not in summary and "reporter_phone" not in summary


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_gdal_reads_every_feature_by_paging(live_url, db, tmp_path, layer):
    target = tmp_path / f"{layer.id}.geojson"
    # A page size below the layer size makes GDAL follow next links at least once for the bigger layers.
    run("ogr2ogr", "-f", "GeoJSON", str(target), f"OAPIF:{live_url}/ogc", layer.id, "-oo", "PAGE_SIZE=500")
    features = json.loads(target.read_text())["features"]
    assert len(features) == layer.model.objects.count()
    known = known_feature(layer)
    if known:
        key, value, (lon, lat) = known
        feature = next(f for f in features if f["properties"][key] == value)
        assert first_coordinate(feature["geometry"]["coordinates"]) == pytest.approx((lon, lat), abs=1e-6)


def test_gdal_pushes_an_attribute_filter_to_the_server(live_url, db):
    from layers.models import Component

    state = "damaged"
    output = run("ogrinfo", "-ro", "-q", f"OAPIF:{live_url}/ogc", "components", "-where", f"state = '{state}'",
                 "-oo", "PAGE_SIZE=1000")
    assert output.count("OGRFeature(components)") == Component.objects.filter(state=state).count()


def test_owslib_reads_every_collection(live_url, db):
    api = Features(f"{live_url}/ogc")
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in api.conformance()["conformsTo"]
    assert set(api.feature_collections()) == {layer.id for layer in LAYERS}
    assert api.api()["openapi"].startswith("3.0")
    for layer in LAYERS:
        features, offset = [], 0
        while True:
            page = api.collection_items(layer.id, limit=1000, offset=offset)
            features += page["features"]
            offset += page["numberReturned"]
            if not any(link["rel"] == "next" for link in page["links"]):
                break
        assert page["numberMatched"] == len(features) == layer.model.objects.count(), layer.id
        known = known_feature(layer)
        if known:
            key, value, (lon, lat) = known
            feature = next(f for f in features if f["properties"][key] == value)
            assert first_coordinate(feature["geometry"]["coordinates"]) == pytest.approx((lon, lat), abs=1e-6)
            single = api.collection_item(layer.id, str(feature["id"]))
            assert single["properties"] == feature["properties"]
