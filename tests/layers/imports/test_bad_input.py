"""Bad input: each a JSON 4xx naming the cause, and nothing staged or imported."""
from __future__ import annotations

import io
import json
import uuid
import zipfile

import pytest

from layers.imports.models import Import, ImportRow

from .conftest import FIELDS, commit, gdal_file, geojson_bytes, upload, zipped


def _refused(answer, status: int, parameter: str, code: str | None = None) -> dict:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["parameter"] == parameter, body
    if code:
        assert body["code"] == code, body
    assert not ImportRow.objects.exists()
    return body


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_unknown_collection(client, editor, points):
    body = _refused(upload(client, editor[1], geojson_bytes(points), "a.geojson", collection="nope"), 400, "collection")
    assert "nope" in body["description"]


def test_an_unknown_format(client, editor):
    body = _refused(upload(client, editor[1], b"<kml/>", "a.kml"), 400, "file", "UnknownFormat")
    assert "a.kml" in body["description"]


def test_an_unknown_crs(client, editor, points):
    _refused(upload(client, editor[1], geojson_bytes(points), "a.geojson", crs="EPSG:9999"), 400, "crs", "UnknownCrs")


def test_a_file_crs_the_server_does_not_take(client, editor, points, tmp_path):
    path = gdal_file(tmp_path, "GPKG", ".gpkg", points, crs="EPSG:32649")
    body = _refused(upload(client, editor[1], path.read_bytes(), "a.gpkg"), 400, "crs", "UnknownCrs")
    assert "32649" in body["description"]


def test_a_zip_without_a_shp(client, editor):
    _refused(upload(client, editor[1], _zip({"readme.txt": b"hello"}), "a.zip"), 400, "file", "IncompleteShapefile")


def test_a_zip_without_a_prj_and_no_crs_given(client, editor, points, tmp_path):
    gdal_file(tmp_path, "ESRI Shapefile", ".shp", points)
    body = _refused(upload(client, editor[1], zipped(tmp_path, skip=(".prj",)), "a.zip"), 400, "crs", "MissingCrs")
    assert ".prj" in body["description"]


def test_a_zip_without_a_prj_reads_with_crs_given(client, editor, points, tmp_path):
    gdal_file(tmp_path, "ESRI Shapefile", ".shp", points)
    answer = upload(client, editor[1], zipped(tmp_path, skip=(".prj",)), "a.zip", crs="EPSG:4490")
    assert answer.status_code == 201 and answer.json()["counts"]["adds"] == 2


def test_a_zip_bomb_is_refused_unread(client, editor):
    bomb = _zip({"layer.shp": b"\0" * 50_000_000, "layer.shx": b"", "layer.dbf": b""})
    assert len(bomb) < 100_000
    body = _refused(upload(client, editor[1], bomb, "a.zip"), 400, "file", "UnsafeArchive")
    assert "50,000,000" in body["description"]


@pytest.mark.parametrize("name", ["../layer.shp", "/tmp/layer.shp", "a/../../layer.shp", "C:/layer.shp"])
def test_an_entry_outside_the_zip(client, editor, name):
    body = _refused(upload(client, editor[1], _zip({name: b"x"}), "a.zip"), 400, "file", "UnsafeArchive")
    assert "outside" in body["description"]


def test_a_file_of_mixed_encodings(client, editor, points):
    text = geojson_bytes(points)
    mixed = text.replace("新井盖".encode("utf-8"), "新井盖".encode("gbk"), 1)
    body = _refused(upload(client, editor[1], mixed, "a.geojson"), 400, "encoding", "WrongEncoding")
    assert "utf-8" in body["description"]


def test_a_shapefile_of_mixed_encodings(client, editor, points, tmp_path):
    gdal_file(tmp_path, "ESRI Shapefile", ".shp", points, encoding="gbk")
    (tmp_path / "layer.cpg").write_text("UTF-8")
    _refused(upload(client, editor[1], zipped(tmp_path), "a.zip"), 400, "encoding", "WrongEncoding")


def test_an_unknown_field(client, editor, points):
    for row in points:
        row["colour"] = "红"
    body = _refused(upload(client, editor[1], geojson_bytes(points, (*FIELDS, "colour")), "a.geojson"), 400,
                    "file.colour", "UnknownField")
    assert "colour" in body["description"]


def test_an_unknown_form_field_and_a_bad_match(client, editor, points):
    _refused(upload(client, editor[1], geojson_bytes(points), "a.geojson", colour="x"), 400, "colour")
    _refused(upload(client, editor[1], geojson_bytes(points), "a.geojson", match="name"), 400, "match")


def test_anonymous_is_401(client, points):
    _refused(upload(client, None, geojson_bytes(points), "a.geojson"), 401, "Authorization")


def test_an_import_not_yours_is_a_404_like_a_missing_one(client, editor, account, points):
    report = upload(client, editor[1], geojson_bytes(points), "a.geojson").json()
    _, other = account("gis_editor")
    from tests.accounts.conftest import bearer

    for path in (f"/api/imports/{report['id']}", f"/api/imports/{uuid.uuid4()}"):
        assert client.get(path, **bearer(other)).status_code == 404
    theirs = commit(client, other, report["id"])
    assert theirs.status_code == 404 and theirs.json()["parameter"] == "id"
    assert Import.objects.get(pk=report["id"]).state == "dry_run"
    assert client.get(f"/api/imports/{report['id']}", **bearer(editor[1])).json()["counts"]["adds"] == 2


def test_a_restricted_field_the_caller_may_not_read_is_403(client, editor):
    from layers.models import Incident

    incident = Incident.objects.order_by("pk").first()
    document = {"type": "FeatureCollection", "features": [{"type": "Feature",
                "geometry": {"type": "Point", "coordinates": [incident.geom.x, incident.geom.y]},
                "properties": {"code": incident.code, "reporter": "张三"}}]}
    answer = upload(client, editor[1], json.dumps(document, ensure_ascii=False).encode(), "a.geojson",
                    collection="incidents")
    body = _refused(answer, 403, "file.reporter", "Forbidden")
    assert "restricted" in body["description"]
