"""A report lists the first rows of each kind (``PINGDING_IMPORT_REPORT_LIST_MAX``), its counts whole, and links to
every row of each kind, paged by ``GET /api/imports/{id}/rows`` (the owner's dry run only)."""
from __future__ import annotations

import pytest

from tests.accounts.conftest import bearer

from .conftest import commit, geojson_bytes, upload


def _bad(points: list[dict]) -> list[dict]:
    """The four rows of ``points`` (two updates, two adds) and three rows whose code is no component code."""
    bad = [{**points[2], "code": f"12345{n}"} for n in range(3)]
    return [{**points[0], "state": "damaged"}, {**points[1], "name": "改名的井盖"}, points[2], points[3], *bad]


def _rows(client, token: str, import_id: str, query: str):
    return client.get(f"/api/imports/{import_id}/rows?{query}", **bearer(token))


def test_the_report_lists_the_first_rows_of_each_kind_and_links_to_all(client, editor, points, settings):
    settings.PINGDING_IMPORT_REPORT_LIST_MAX = 1
    _, token = editor
    report = upload(client, token, geojson_bytes(_bad(points)), "survey.geojson").json()
    assert report["counts"] == {"rows": 7, "adds": 2, "updates": 2, "unchanged": 0, "deletions": 0, "invalid": 3}
    assert [a["code"] for a in report["adds"]] == [points[2]["code"]]
    assert [(u["row"], u["changed"]) for u in report["updates"]] == [(1, ["state"])]
    assert [i["row"] for i in report["invalid"]] == [5] and report["deletions"] == []
    related = {link["href"].split("/rows?")[1] for link in report["links"] if link["rel"] == "related"}
    assert related == {"action=add", "action=update", "action=invalid"}


def test_every_invalid_row_is_reached_page_by_page_with_its_reason(client, editor, points):
    _, token = editor
    report = upload(client, token, geojson_bytes(_bad(points)), "survey.geojson").json()
    seen, query = [], "action=invalid&limit=2"
    while query:
        page = _rows(client, token, report["id"], query)
        assert page.status_code == 200, page.content
        body = page.json()
        assert body["count"] == 3 and body["action"] == "invalid"
        seen += body["rows"]
        query = next((link["href"].split("/rows?")[1] for link in body["links"] if link["rel"] == "next"), None)
    assert [row["row"] for row in seen] == [5, 6, 7]
    assert all(row["reason"].startswith("code:") and row["code"] is None for row in seen)
    updates = _rows(client, token, report["id"], "action=update&offset=1").json()
    assert [(u["row"], u["featureId"], u["changed"]) for u in updates["rows"]] == [(2, points[1]["id"], ["name"])]
    assert _rows(client, token, report["id"], "action=add&offset=5").json()["rows"] == []


@pytest.mark.parametrize(("query", "parameter"), [
    ("action=same", "action"), ("", "action"), ("action=add&limit=0", "limit"), ("action=add&limit=10001", "limit"),
    ("action=add&offset=-1", "offset"), ("action=add&offset=x", "offset"), ("action=add&page=2", "page"),
    ("action=add&action=update", "action"),
])
def test_a_bad_page_is_a_400_naming_the_parameter(client, editor, points, query, parameter):
    _, token = editor
    report = upload(client, token, geojson_bytes(points), "survey.geojson").json()
    answer = _rows(client, token, report["id"], query)
    assert answer.status_code == 400 and answer.json()["parameter"] == parameter


def test_only_the_owner_pages_a_dry_run_and_only_while_it_is_one(client, editor, account, points):
    _, token = editor
    report = upload(client, token, geojson_bytes(points), "survey.geojson").json()
    _, other = account("gis_editor")
    assert _rows(client, other, report["id"], "action=add").status_code == 404
    assert client.get(f"/api/imports/{report['id']}/rows?action=add").status_code == 401
    assert commit(client, token, report["id"]).status_code == 200
    finished = _rows(client, token, report["id"], "action=add")
    assert finished.status_code == 409 and finished.json()["code"] == "ImportFinished"


def test_a_file_whose_rows_all_update_lists_them_and_not_the_deletions(client, editor, points):
    _, token = editor
    changed = [{**points[0], "state": "damaged"}, {**points[1], "name": "改名的井盖"}]
    report = upload(client, token, geojson_bytes(changed), "survey.geojson", delete_missing="true").json()
    assert report["counts"]["updates"] == report["counts"]["rows"] == 2 and report["counts"]["deletions"] > 0
    assert [(u["row"], u["featureId"]) for u in report["updates"]] == [(1, points[0]["id"]), (2, points[1]["id"])]
    assert points[0]["id"] not in {d["featureId"] for d in report["deletions"]}
    page = _rows(client, token, report["id"], "action=update&offset=1&limit=1").json()
    assert [u["row"] for u in page["rows"]] == [2] and page["count"] == 2
    assert [link["rel"] for link in page["links"]] == ["self", "up", "prev"]
