"""Exports on the items URL, read back with GDAL (pyogrio): counts, Chinese text, coordinates in each CRS, the
caller's fields, the Shapefile's split and field map, and bad input as JSON 4xx."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pyogrio
import pytest
import shapely
from django.contrib.gis.geos import LineString, Polygon

from layers.models import Component
from spatial.chinese import wgs84_to_gcj02
from spatial.crs import CRS84, EPSG_3857, EPSG_4490, EPSG_4526, EPSG_4547, GCJ02
from spatial.transform import transform_xy
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)

from .conftest import SEAT, read

COMPONENTS = "/ogc/collections/components/items"
FORMATS = ("gpkg", "shp", "fgb", "csv", "kml", "geojson")
NAME = "平定县冠山镇测试路灯"


def download(client, url: str, tmp_path, name: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, read(response)[:300]
    path = tmp_path / (name[:-4] + ".zip" if name.endswith(".shp") else name)  # /vsizip/ needs .zip
    path.write_bytes(read(response))
    return response, path


def gdal_path(path, fmt: str) -> str:
    """A path GDAL opens: a zipped Shapefile set through /vsizip/."""
    return f"/vsizip/{path}" if fmt == "shp" else str(path)


def read_all(path, fmt: str):
    """(geometries, attribute table) of every layer of the file, concatenated (a split Shapefile has several)."""
    source = gdal_path(path, fmt)
    layers = [name for name, _ in pyogrio.list_layers(source)]
    frames = [pyogrio.read_dataframe(source, layer=layer) for layer in layers]
    return frames


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_with_every_feature(client, make_component, tmp_path, fmt):
    make_component(*SEAT, name=NAME)
    response, path = download(client, f"{COMPONENTS}?f={fmt}", tmp_path, f"out.{fmt}")
    frames = read_all(path, fmt)
    assert sum(len(frame) for frame in frames) == Component.objects.count()
    name = "Name" if fmt == "kml" else "name"  # KML's own <name> element
    assert any(NAME in set(frame[name]) for frame in frames)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"components_CRS84_{datetime.now():%Y%m%d}" in disposition


def test_a_mixed_layer_is_split_into_one_shapefile_per_type_with_its_field_map(client, make_component, tmp_path):
    point = make_component(*SEAT)
    line = make_component(geom=LineString((113.62, 37.79), (113.63, 37.80), srid=4490))
    polygon = make_component(geom=Polygon(((113.62, 37.79), (113.63, 37.79), (113.63, 37.80), (113.62, 37.79)),
                                          srid=4490))
    _, path = download(client, f"{COMPONENTS}?f=shp", tmp_path, "out.zip")
    names = zipfile.ZipFile(path).namelist()
    stems = {name.rsplit(".", 1)[0] for name in names if name.endswith(".shp")}
    assert {stem.rsplit("_", 1)[1] for stem in stems} >= {"points", "lines", "polygons"}
    for stem in stems:
        assert {f"{stem}.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")} <= set(names)
    counts = {stem.rsplit("_", 1)[1]: pyogrio.read_info(f"/vsizip/{path}/{stem}.shp")["features"] for stem in stems}
    assert sum(counts.values()) == Component.objects.count()
    by_kind = {kind: Component.objects.filter(geom__isnull=False).extra(
        where=["GeometryType(geom) = ANY(%s)"], params=[kinds]).count()
        for kind, kinds in (("points", ["POINT"]), ("lines", ["LINESTRING", "MULTILINESTRING"]),
                            ("polygons", ["POLYGON", "MULTIPOLYGON"]))}
    assert {kind: counts.get(kind, 0) for kind in by_kind} == by_kind
    assert point and line and polygon
    fields = list(csv.DictReader(io.StringIO(zipfile.ZipFile(path).read("fields.csv").decode("utf-8-sig"))))
    mapping = {row["property"]: row["shapefile_field"] for row in fields}
    assert all(len(short) <= 10 for short in mapping.values()) and len(set(mapping.values())) == len(mapping)
    assert mapping["supervising_department"] != "supervising_department"
    info = pyogrio.read_info(f"/vsizip/{path}/{sorted(stems)[0]}.shp")
    assert set(info["fields"]) == set(mapping.values())


@pytest.mark.parametrize(("encoding", "cpg"), [(None, "UTF-8"), ("gbk", "CP936")])
def test_shapefiles_keep_chinese_text_in_utf8_and_gbk(client, make_component, tmp_path, encoding, cpg):
    component = make_component(*SEAT, name=NAME, supervising_department="县城市管理局")
    query = f"{COMPONENTS}?f=shp&code={component.code}" + (f"&encoding={encoding}" if encoding else "")
    _, path = download(client, query, tmp_path, "out.zip")
    bundle = zipfile.ZipFile(path)
    stem = next(name for name in bundle.namelist() if name.endswith(".shp"))[:-4]
    assert bundle.read(f"{stem}.cpg").decode().strip() == cpg
    raw = bundle.read(f"{stem}.dbf")
    assert NAME.encode("gbk" if encoding else "utf-8") in raw
    frame = pyogrio.read_dataframe(f"/vsizip/{path}/{stem}.shp")
    assert list(frame["name"]) == [NAME]
    assert "县城市管理局" in set(frame.iloc[0])


def test_text_that_gbk_cannot_hold_is_a_422_not_question_marks(client, make_component):
    component = make_component(*SEAT, name="𠀀号井盖")  # CJK extension B: outside GBK
    response = client.get(f"{COMPONENTS}?f=shp&encoding=gbk&code={component.code}")
    assert response.status_code == 422
    assert response.json()["parameter"] == "encoding" and "𠀀号井盖" in response.json()["description"]
    assert client.get(f"{COMPONENTS}?f=shp&code={component.code}").status_code == 200  # UTF-8 holds it


def test_multiline_text_and_nulls_survive_csv_and_shapefile(client, make_incident, tmp_path):
    incident = make_incident(datetime(2033, 5, 5, 5), description='多行\n描述, "引号"')
    for fmt in ("csv", "shp", "gpkg"):
        _, path = download(client, f"/ogc/collections/incidents/items?f={fmt}&code={incident.code}", tmp_path,
                           f"out.{fmt}")
        (frame,) = read_all(path, fmt)
        row = frame.iloc[0]
        assert row["descriptio" if fmt == "shp" else "description"] == '多行\n描述, "引号"'
        closed = row["closed_at"]
        assert closed is None or closed != closed or closed == ""  # null (NaN/NaT/None; CSV has no null)


@pytest.mark.parametrize("crs", [CRS84, EPSG_4490, EPSG_4547, EPSG_4526, EPSG_3857, GCJ02], ids=lambda c: c.key)
@pytest.mark.parametrize("fmt", ["gpkg", "fgb", "shp", "geojson"])
def test_coordinates_are_in_the_requested_crs_easting_or_longitude_first(client, make_component, tmp_path, crs, fmt):
    lon, lat = 113.6311, 37.7987
    component = make_component(lon, lat)
    _, path = download(client, f"{COMPONENTS}?f={fmt}&crs={crs.key}&code={component.code}", tmp_path, f"out.{fmt}")
    (frame,) = read_all(path, fmt)
    point = frame.geometry.iloc[0]
    if crs is GCJ02:
        expected = wgs84_to_gcj02(lon, lat)
    else:
        expected = transform_xy(lon, lat, src=EPSG_4490, dst=crs)
    tolerance = 1e-7 if crs.srid in (4326, 4490, None) else 1e-3
    assert point.x == pytest.approx(float(expected[0]), abs=tolerance)
    assert point.y == pytest.approx(float(expected[1]), abs=tolerance)
    if crs.srid is not None and fmt != "geojson":
        assert pyogrio.read_info(gdal_path(path, fmt), layer=0)["crs"] == f"EPSG:{crs.srid}"


def test_kml_and_csv_coordinates(client, make_component, tmp_path):
    lon, lat = 113.6311, 37.7987
    component = make_component(lon, lat, name=NAME)
    _, kml = download(client, f"{COMPONENTS}?f=kml&code={component.code}", tmp_path, "out.kml")
    point = pyogrio.read_dataframe(str(kml)).geometry.iloc[0]
    assert (point.x, point.y) == pytest.approx((lon, lat), abs=1e-7)
    _, text = download(client, f"{COMPONENTS}?f=csv&crs=EPSG:4547&geometry=lonlat&code={component.code}",
                       tmp_path, "out.csv")
    (row,) = csv.DictReader(io.StringIO(text.read_bytes().decode("utf-8-sig")))
    easting, northing = transform_xy(lon, lat, src=EPSG_4490, dst=EPSG_4547)
    assert row["name"] == NAME
    assert (float(row["easting"]), float(row["northing"])) == pytest.approx((float(easting), float(northing)), abs=1e-3)
    _, text = download(client, f"{COMPONENTS}?f=csv&code={component.code}", tmp_path, "wkt.csv")
    (row,) = csv.DictReader(io.StringIO(text.read_bytes().decode("utf-8-sig")))
    assert shapely.from_wkt(row["WKT"]).equals_exact(shapely.Point(lon, lat), 1e-7)


def test_restricted_fields_follow_the_callers_view(client, account, make_incident, tmp_path):
    incident = make_incident(datetime(2033, 5, 5, 5), reporter="保密的举报人", reporter_phone="13912345678")
    url = f"/ogc/collections/incidents/items?f=gpkg&code={incident.code}"
    _, path = download(client, url, tmp_path, "anonymous.gpkg")
    info = pyogrio.read_info(str(path))
    assert "reporter_phone" not in info["fields"] and "reporter" not in info["fields"]
    _, token = account("leader")
    _, path = download(client, url, tmp_path, "leader.gpkg", **bearer(token))
    frame = pyogrio.read_dataframe(str(path))
    assert list(frame["reporter"]) == ["保密的举报人"] and list(frame["reporter_phone"]) == ["13912345678"]
    assert str(frame["reported_at"].iloc[0]).startswith("2033-05-05 05:00")  # county local time


def test_properties_bbox_and_limit_narrow_the_export(client, make_component, tmp_path):
    component = make_component(*SEAT, name=NAME)
    _, path = download(client, f"{COMPONENTS}?f=gpkg&properties=code,name&limit=3", tmp_path, "out.gpkg")
    info = pyogrio.read_info(str(path))
    assert list(info["fields"]) == ["code", "name"] and info["features"] == min(3, Component.objects.count())
    lon, lat = SEAT
    box = f"{lon - 1e-6},{lat - 1e-6},{lon + 1e-6},{lat + 1e-6}"
    _, path = download(client, f"{COMPONENTS}?f=fgb&bbox={box}", tmp_path, "box.fgb")
    frame = pyogrio.read_dataframe(str(path))
    assert component.code in set(frame["code"])
    assert len(frame) == Component.objects.filter(geom__intersects=component.geom.buffer(1e-6).envelope).count()


@pytest.mark.parametrize(("query", "status", "parameter"), [
    ("f=xlsx", 400, "f"),
    ("f=gpkg&crs=EPSG:9999", 400, "crs"),
    ("f=gpkg&encoding=gbk", 400, "encoding"),
    ("f=shp&encoding=latin9", 400, "encoding"),
    ("f=gpkg&geometry=lonlat", 400, "geometry"),
    ("f=csv&geometry=geojson", 400, "geometry"),
    ("f=kml&crs=EPSG:4547", 400, "crs"),
    ("f=gpkg&limit=0", 400, "limit"),
    ("f=gpkg&colour=red", 400, "colour"),
    ("f=gpkg&properties=nope", 400, "properties"),
])
def test_bad_export_requests_are_json_4xx_naming_the_parameter(client, db, query, status, parameter):
    response = client.get(f"{COMPONENTS}?{query}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/") and response.json()["parameter"] == parameter


def test_an_unknown_format_names_the_page_and_file_formats(client, db):
    description = client.get(f"{COMPONENTS}?f=xlsx").json()["description"]
    assert all(f"f={key}" in description for key in ("json", "html", *FORMATS))


def test_a_selection_above_the_synchronous_limit_is_a_401_for_anonymous_callers(client, make_component, settings):
    make_component(*SEAT)
    make_component(*SEAT)
    settings.PINGDING_EXPORT_SYNC_MAX_FEATURES = 1
    response = client.get(f"{COMPONENTS}?f=gpkg")
    assert response.status_code == 401 and response.json()["parameter"] == "Authorization"
    assert "job" in response.json()["description"] and "sign in" in response.json()["description"]
    assert client.get(f"{COMPONENTS}?f=gpkg&limit=1").status_code == 200


def test_the_openapi_document_offers_the_export_formats_and_their_parameters(client, db):
    document = client.get("/ogc/api?f=json").json()
    get = document["paths"]["/collections/components/items"]["get"]
    names = {document["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"] if "$ref" in p else p["name"]
             for p in get["parameters"]}
    assert {"f", "encoding", "geometry", "crs", "bbox", "properties", "limit"} <= names
    assert set(FORMATS) <= set(document["components"]["parameters"]["itemsF"]["schema"]["enum"])
    assert {"202", "401"} <= set(get["responses"])
    assert "application/geopackage+sqlite3" in document["components"]["responses"]["FeaturesOrFile"]["content"]


@pytest.mark.live
@pytest.mark.parametrize("fmt", ["gpkg", "shp", "fgb", "kml"])
def test_the_systems_gdal_opens_an_export_from_the_server(live_url, db, tmp_path, fmt):
    """Downloaded through nginx and uWSGI, the file opens in the system's ogrinfo (GDAL 3.6, what QGIS 3.22 reads
    with), not only in the GDAL that pyogrio bundles."""
    import re
    import subprocess
    import urllib.request

    crs = "CRS84" if fmt == "kml" else "EPSG:4547"
    with urllib.request.urlopen(f"{live_url}{COMPONENTS}?f={fmt}&crs={crs}", timeout=120) as answer:
        assert answer.status == 200
        name = re.search(r'filename="([^"]+)"', answer.headers["Content-Disposition"]).group(1)
        path = tmp_path / name
        path.write_bytes(answer.read())
    source = f"/vsizip/{path}" if fmt == "shp" else str(path)
    result = subprocess.run(["ogrinfo", "-ro", "-so", "-al", source], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    counts = [int(count) for count in re.findall(r"Feature Count: (\d+)", result.stdout)]
    assert sum(counts) == Component.objects.count()
    if fmt != "kml":
        assert re.search(r"CGCS2000[ _]/?[ _]?3[ -]degree[ _]Gauss-Kruger[ _]CM[ _]114E", result.stdout, re.I)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_selection_is_an_empty_file_with_the_fields(client, db, tmp_path, fmt):
    _, path = download(client, f"{COMPONENTS}?f={fmt}&code=nothing-has-this-code", tmp_path, f"empty.{fmt}")
    source = gdal_path(path, fmt)
    layers = pyogrio.list_layers(source)
    assert sum(len(pyogrio.read_dataframe(source, layer=name)) for name, _ in layers) == 0
    if fmt not in ("kml", "geojson", "csv"):  # these hold no schema without a feature
        assert "name" in pyogrio.read_info(source, layer=layers[0][0])["fields"]
