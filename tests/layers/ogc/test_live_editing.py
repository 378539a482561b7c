"""OGC API - Features Part 4 with real clients against the real server (``live_url``: nginx and uWSGI on the committed
test county): OWSLib creates, replaces and deletes a component with a bearer token and ``If-Match``, ``requests``
patches it (JSON merge patch), GDAL's OAPIF driver reads each state back, and the history over the API names who
did it and through which path. What the test creates is deleted, and its history dropped, afterwards.

OWSLib 0.35 as it is: ``API.__init__`` makes the module's ``REQUEST_HEADERS`` dict the instance's headers and
updates it in place, and ``collection_item_create`` sets ``Content-Type`` in it, so a token given to one client
would travel with every later OWSLib request of the process: the test gives OWSLib a dict of its own. Its writes
answer only ``True`` (or ``RuntimeError`` with the body for a 4xx); ``Location`` and ``ETag`` are in
``response_headers``.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import owslib.ogcapi
import pytest
import requests
from owslib.ogcapi.features import Features

from layers.models import Component

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL command line tools (gdal-bin) are not installed"),
]
MERGE = "application/merge-patch+json"


@pytest.fixture
def template(django_db_blocker) -> dict:
    """A committed point component to model the new one on: its category, a code no component has, a position."""
    with django_db_blocker.unblock():
        model = Component.objects.filter(geom__isnull=False).extra(where=["GeometryType(geom) = 'POINT'"]) \
            .order_by("pk").first()
        serial = 999001
        while Component.objects.filter(code=f"{model.code[:10]}{serial:06d}").exists():
            serial += 1
        return {"category": model.category_id, "code": f"{model.code[:10]}{serial:06d}",
                "lon": model.geom.x + 0.0001, "lat": model.geom.y + 0.0001}


@pytest.fixture
def sent(monkeypatch) -> list:
    """The requests that leave this process (method, URL, headers, body), as ``requests`` sends them."""
    requests_sent = []
    send = requests.Session.send

    def spy(session, prepared, **kwargs):
        requests_sent.append(prepared)
        return send(session, prepared, **kwargs)

    monkeypatch.setattr(requests.Session, "send", spy)
    return requests_sent


def owslib_client(monkeypatch, live_url: str, token: str) -> Features:
    monkeypatch.setattr(owslib.ogcapi, "REQUEST_HEADERS", dict(owslib.ogcapi.REQUEST_HEADERS))
    return Features(f"{live_url}/ogc", headers={"Authorization": f"Bearer {token}"})


def gdal_read(live_url: str, code: str, tmp_path) -> list[dict]:
    """The components with ``code`` as GDAL's OAPIF driver reads them (``ogr2ogr`` to GeoJSON, lon/lat)."""
    target = tmp_path / f"{code}-{len(list(tmp_path.iterdir()))}.geojson"
    result = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", str(target), f"OAPIF:{live_url}/ogc", "components", "-where", f"code = '{code}'"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(target.read_text(encoding="utf-8"))["features"]


def test_owslib_creates_replaces_and_deletes_gdal_reads_each_state(live_url, live_editors, live_created, template,
                                                                   sent, monkeypatch, tmp_path):
    [(username, token)] = live_editors(1)
    api = owslib_client(monkeypatch, live_url, token)
    code, lon, lat = template["code"], template["lon"], template["lat"]
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
               "properties": {"code": code, "category_code": template["category"], "name": "测试消防栓（新建）",
                              "supervising_department": "县住建局", "owner_department": "县自来水公司",
                              "maintainer_department": "县自来水公司"}}

    assert api.collection_item_create("components", feature) is True
    post = sent[-1]
    assert (post.method, post.headers["Content-Type"], post.headers["Authorization"]) == \
        ("POST", "application/geo+json", f"Bearer {token}")
    location = api.response_headers["Location"]
    fid = int(location.rsplit("/", 1)[1])
    live_created.add(fid)
    assert location == f"{live_url}/ogc/collections/components/items/{fid}"
    created_etag = api.response_headers["ETag"]
    assert created_etag.startswith(f'"components.{fid}.')

    [read] = gdal_read(live_url, code, tmp_path)
    assert read["properties"]["name"] == "测试消防栓（新建）"
    assert read["properties"]["owner_department"] == "县自来水公司" and read["properties"]["state"] == "intact"
    assert read["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-7)

    # PUT without If-Match: OWSLib raises with the server's 428 naming the header; nothing changed.
    replaced = {**feature, "geometry": {"type": "Point", "coordinates": [lon + 0.0002, lat - 0.0001]},
                "properties": {**feature["properties"], "name": "测试消防栓（已移位）", "data_source": "巡查"}}
    with pytest.raises(RuntimeError) as refused:
        api.collection_item_update("components", str(fid), replaced)
    assert (sent[-1].method, json.loads(str(refused.value))["parameter"]) == ("PUT", "If-Match")

    api.headers["If-Match"] = created_etag
    assert api.collection_item_update("components", str(fid), replaced) is True
    put = sent[-1]
    assert (put.method, put.headers["If-Match"], put.headers["Content-Type"]) == \
        ("PUT", created_etag, "application/geo+json")
    replaced_etag = api.response_headers["ETag"]
    assert replaced_etag != created_etag

    # The same PUT again with the ETag it was made against: someone changed it since (us), a 412.
    with pytest.raises(RuntimeError) as stale:
        api.collection_item_update("components", str(fid), replaced)
    assert json.loads(str(stale.value))["code"] == "PreconditionFailed"

    signed = {"Authorization": f"Bearer {token}"}
    item = f"{live_url}/ogc/collections/components/items/{fid}"
    patched = requests.patch(item, data=json.dumps({"properties": {"state": "damaged"}}, ensure_ascii=False).encode(),
                             headers={**signed, "Content-Type": MERGE, "If-Match": replaced_etag}, timeout=10)
    assert patched.status_code == 200, patched.text
    assert patched.json()["properties"]["name"] == "测试消防栓（已移位）"
    patched_etag = patched.headers["ETag"]
    assert requests.get(item, timeout=10).headers["ETag"] == patched_etag

    [read] = gdal_read(live_url, code, tmp_path)
    assert (read["properties"]["name"], read["properties"]["state"], read["properties"]["data_source"]) == \
        ("测试消防栓（已移位）", "damaged", "巡查")
    assert read["geometry"]["coordinates"] == pytest.approx([lon + 0.0002, lat - 0.0001], abs=1e-7)

    api.headers["If-Match"] = patched_etag
    assert api.collection_item_delete("components", str(fid)) is True
    assert (sent[-1].method, sent[-1].headers["If-Match"]) == ("DELETE", patched_etag)
    assert requests.get(item, timeout=10).status_code == 404
    assert gdal_read(live_url, code, tmp_path) == []

    history = requests.get(f"{item}/history", headers=signed, timeout=10)
    assert history.status_code == 200, history.text
    versions = history.json()["versions"]
    assert [(v["operation"], v["actor"]["name"], v["path"]) for v in reversed(versions)] == [
        ("insert", username, "api"), ("update", username, "api"), ("update", username, "api"),
        ("delete", username, "api"),
    ]
    assert [v["version"] for v in reversed(versions)] == [1, 2, 3, 4]
    assert {"name", "geometry", "data_source"} <= set(versions[2]["changedFields"])
    assert "state" in versions[1]["changedFields"] and "name" not in versions[1]["changedFields"]
    assert history.json()["currentVersion"] == 4
