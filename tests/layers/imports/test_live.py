"""An import through the real front (nginx and uWSGI on the committed test county), as ``curl -F`` sends it: a
multipart upload of a small GeoJSON, its dry run, its commit, and the feature read back over OGC API - Features.
What the test adds is deleted, and its history dropped, afterwards."""
from __future__ import annotations

import json

import pytest
import requests

from layers.models import Component
from tests.layers.ogc.conftest import live_created, live_editors  # noqa: F401  (fixtures)

pytestmark = pytest.mark.live


@pytest.fixture
def new_row(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        model = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
        serial = 998001
        while Component.objects.filter(code=f"{model.code[:10]}{serial:06d}").exists():
            serial += 1
        return {"code": f"{model.code[:10]}{serial:06d}", "category_code": model.category_id, "name": "导入的井盖",
                "supervising_department": model.supervising_department, "owner_department": model.owner_department,
                "maintainer_department": model.maintainer_department,
                "lon": model.geom.x + 0.0001, "lat": model.geom.y + 0.0001}


def test_a_multipart_upload_then_its_commit_through_the_front(live_url, live_editors, live_created, new_row):
    [(_, token)] = live_editors(1)
    auth = {"Authorization": f"Bearer {token}"}
    lon, lat = new_row.pop("lon"), new_row.pop("lat")
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": new_row}]}
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    answer = requests.post(f"{live_url}/api/imports", headers=auth, data={"collection": "components"},
                           files={"file": ("survey.geojson", body, "application/geo+json")}, timeout=60)
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert report["counts"]["adds"] == 1 and report["adds"][0]["code"] == new_row["code"]
    commit = next(link["href"] for link in report["links"] if link["rel"] == "commit")
    assert commit.startswith(live_url)

    done = requests.post(commit, headers=auth, timeout=60)
    assert done.status_code == 200, done.text
    [added] = done.json()["result"]["versions"]["insert"]
    live_created.add(added["featureId"])
    feature = requests.get(f"{live_url}/ogc/collections/components/items/{added['featureId']}", timeout=30).json()
    assert feature["properties"]["name"] == "导入的井盖" and feature["properties"]["code"] == new_row["code"]
    assert requests.post(commit, headers=auth, timeout=30).status_code == 409
    assert requests.post(f"{live_url}/api/imports", data={"collection": "components"},
                         files={"file": ("survey.geojson", body)}, timeout=30).status_code == 401
