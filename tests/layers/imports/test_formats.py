"""Every format with Chinese text: GeoPackage, zipped Shapefiles in GBK (declared, no .cpg) and in UTF-8 (its .cpg),
CSV with a WKT column, and CSV lon/lat in GCJ-02 landing where it was meant (within 1e-6 degrees)."""
from __future__ import annotations

import pytest

from layers.models import Component
from spatial.chinese import wgs84_to_gcj02

from .conftest import commit, gdal_file, upload, zipped


def _added_name(client, token, answer, row) -> Component:
    assert answer.status_code == 201, answer.content
    report = answer.json()
    assert report["counts"]["invalid"] == 0, report["invalid"]
    assert commit(client, token, report["id"]).status_code == 200
    return Component.objects.get(code=row["code"])


def test_a_geopackage_keeps_chinese_text(client, editor, points, tmp_path):
    _, token = editor
    path = gdal_file(tmp_path, "GPKG", ".gpkg", points)
    answer = upload(client, token, path.read_bytes(), "survey.gpkg")
    assert answer.json()["crs"] == "EPSG:4490"
    assert _added_name(client, token, answer, points[2]).name == "新井盖"


@pytest.mark.parametrize("encoding, declared", [("gbk", "gbk"), ("utf-8", None)])
def test_a_zipped_shapefile_in_gbk_or_utf8_keeps_chinese_text(client, editor, points, tmp_path, encoding, declared):
    _, token = editor
    gdal_file(tmp_path, "ESRI Shapefile", ".shp", points, encoding=encoding)
    skip = (".cpg",) if encoding == "gbk" else ()
    if encoding == "utf-8":
        assert (tmp_path / "layer.cpg").read_text().strip().upper() in ("UTF-8", "UTF8")
    form = {"encoding": declared} if declared else {}
    answer = upload(client, token, zipped(tmp_path, skip=skip), "survey.zip", **form)
    report = answer.json()
    assert report["format"] == "shp" and report["fields"][0] == "code"
    assert "category_code" in report["fields"] and "supervising_department" in report["fields"]
    assert _added_name(client, token, answer, points[2]).name == "新井盖"
    assert Component.objects.get(code=points[2]["code"]).supervising_department == points[2]["supervising_department"]


def test_a_csv_with_a_wkt_column(client, editor, points):
    _, token = editor
    header = "code,category_code,name,supervising_department,owner_department,maintainer_department,WKT"
    lines = [header] + [",".join([r["code"], r["category_code"], r["name"], r["supervising_department"],
                                  r["owner_department"], r["maintainer_department"],
                                  f'"POINT ({r["lon"]!r} {r["lat"]!r})"']) for r in points]
    answer = upload(client, token, "\n".join(lines).encode("utf-8"), "survey.csv", crs="EPSG:4490")
    assert answer.json()["counts"]["adds"] == 2
    assert _added_name(client, token, answer, points[3]).name == "新井盖"


def test_a_gcj02_csv_lands_where_it_was_meant(client, editor, points):
    _, token = editor
    row = points[2]
    lon, lat = wgs84_to_gcj02(row["lon"], row["lat"])
    assert abs(lon - row["lon"]) > 1e-4  # the offset is real: hundreds of metres
    text = (f"code,category_code,name,supervising_department,owner_department,maintainer_department,lon,lat\n"
            f"{row['code']},{row['category_code']},{row['name']},{row['supervising_department']},"
            f"{row['owner_department']},{row['maintainer_department']},{lon!r},{lat!r}\n")
    answer = upload(client, token, text.encode("gbk"), "survey.csv", crs="GCJ02", encoding="gbk")
    assert answer.json()["crs"] == "GCJ02"
    added = _added_name(client, token, answer, row)
    assert added.name == "新井盖"
    assert abs(added.geom.x - row["lon"]) < 1e-6 and abs(added.geom.y - row["lat"]) < 1e-6


@pytest.mark.parametrize("query", ["f=geojson", "f=shp&crs=GCJ02", "f=gpkg&crs=EPSG:4547", "f=csv&geometry=wkt&crs=EPSG:4526"])
def test_the_layer_s_own_export_imports_back_unchanged(client, editor, query):
    """An export of a selection (in any CRS the server writes, GCJ-02's inverse and the 38-prefixed zone included;
    a zip of one Shapefile per geometry type) imported back changes nothing: every row matches its feature, no field
    changes, no geometry moves."""
    _, token = editor
    exported = client.get(f"/ogc/collections/components/items?{query}&limit=40",
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    assert exported.status_code == 200, exported.content[:300]
    name = exported["Content-Disposition"].split("filename=")[1].strip('"')
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    form = {"crs": query.split("crs=")[1]} if "csv" in query else {}
    answer = upload(client, token, content, name, **form)
    assert answer.status_code == 201, answer.content
    report = answer.json()
    assert report["counts"]["rows"] == int(exported["X-Feature-Count"]) == 40
    assert report["counts"]["unchanged"] == report["counts"]["rows"], (report["updates"][:3], report["invalid"][:3])
