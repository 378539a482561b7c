"""The access matrix: every role (and anonymous) x every layer x every path, read and write, over HTTP with real
tokens, against an expectation table written here (not computed by ``layers.access``), so a wrong seam fails.

A cell is ``role x layer``; each path it walks is checked and every failure is reported with its cell and path.
Reads: OGC items (JSON and HTML), one item (JSON and HTML), the collection page, queryables, schema, a vector tile
of the layer's tileset and of ``all``, TileJSON, the snap answer (grids, addresses, components) and reverse
geocoding (addresses), Open311 (incidents), history and as-of. Writes: OPTIONS (Allow), POST, PATCH and DELETE with
If-Match on a feature inside and outside the grid member's grid and the department's components, and restoring the
deleted one; a write that succeeds must have changed the row and left its history row (actor, path ``api``). The
last test walks one cell again through a browser session.
"""
from __future__ import annotations

import json
from urllib.parse import quote

import mapbox_vector_tile
import pytest
from django.db import connection
from django.utils import timezone

from tiles.grid import tile_at

from .conftest import account, bearer, body_json  # noqa: F401  (fixtures)
from .matrix_county import KEPT_BY_GRID, MODELS, County, copy_into, fresh_codes, inside_feature, seeded_county

# --- The expectation table ------------------------------------------------------------------------------------------

ROLES = ("anonymous", "api_client", "reporter", "grid_member", "department", "gis_editor", "granted_editor", "leader",
         "admin")
"""The seven roles and anonymous; ``granted_editor`` is a gis_editor whose account grants it two layers."""
GRANTED = ("components", "buildings")
LAYERS = ("admin-areas", "grids", "buildings", "addresses", "components", "incidents", "organisations", "facilities")

READS = {role: LAYERS for role in ROLES}
"""Every layer is declared public: everyone reads every layer (and its public fields)."""

RESTRICTED = {"grids": ("member_phone",), "incidents": ("reporter", "reporter_phone"),
              "organisations": ("legal_representative",)}
SEES_RESTRICTED = ("grid_member", "department", "leader", "admin")
"""Who reads the restricted fields (of every layer that has some): not the public, apps, reporters or GIS editors."""

EVERY, OWN_GRID, OWN_DEPARTMENT = "every row", "rows of its grid", "components of its department"
WRITES = {
    "anonymous": {}, "api_client": {}, "reporter": {}, "leader": {},
    "grid_member": {layer: OWN_GRID for layer in KEPT_BY_GRID},
    "department": {"components": OWN_DEPARTMENT},
    "gis_editor": {layer: EVERY for layer in LAYERS if layer != "admin-areas"},
    "granted_editor": {layer: EVERY for layer in GRANTED},
    "admin": {layer: EVERY for layer in LAYERS},
}
"""Which rows of which layers each role changes. Only unscoped writers create: a new feature needs its code, which
is the county centre's (a scoped writer never sets it)."""

HISTORY_READERS = ("gis_editor", "granted_editor", "leader", "admin")
SNAPPED = ("grids", "addresses", "components")
"""The layers a snap answer shows. It names the grid's staff, never their phone (a restricted field), to anyone."""

KEY = {"organisations": "credit_code"}
PATCHED = {"addresses": "room", "incidents": "description"}
"""The property a PATCH changes (``name`` elsewhere)."""

# --- Fixtures and helpers ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def county(django_db_setup, django_db_blocker) -> County:
    with django_db_blocker.unblock():
        return seeded_county()


@pytest.fixture
def caller(account, county):
    """``caller(role)`` -> (username or None, request headers)."""
    def make(role: str):
        if role == "anonymous":
            return None, {}
        scope = {"grid_member": {"grids": [county.grid]}, "department": {"department": county.department},
                 "granted_editor": {"layers": GRANTED}}
        user, token = account("gis_editor" if role == "granted_editor" else role, **scope.get(role, {}))
        return user.username, bearer(token)
    return make


class Cell:
    """The failures of one cell, each naming its path."""

    def __init__(self, role: str, layer: str):
        self.name, self.failures = f"{role} x {layer}", []

    def expect(self, path: str, ok: bool, detail: object = "") -> bool:
        if not ok:
            self.failures.append(f"{self.name} x {path}: {str(detail)[:300]}")
        return ok

    def status(self, path: str, answer, expected: int) -> bool:
        return self.expect(path, answer.status_code == expected,
                           f"status {answer.status_code}, expected {expected}: {answer.content[:200]!r}"
                           if not getattr(answer, "streaming", False) else f"status {answer.status_code}")

    def done(self) -> None:
        assert not self.failures, "\n".join(self.failures)


def restricted_keys(layer: str, keys) -> set[str]:
    return set(RESTRICTED.get(layer, ())) & set(keys)


def expected_restricted(role: str, layer: str) -> set[str]:
    return set(RESTRICTED.get(layer, ())) if role in SEES_RESTRICTED else set()


def feature(layer: str, fid: int):
    return MODELS[layer].objects.get(pk=fid)


def code_of(layer: str, fid: int) -> str:
    return getattr(feature(layer, fid), KEY.get(layer, "code"))


def point_of(layer: str, fid: int):
    return feature(layer, fid).geom.point_on_surface


def history_rows(layer: str, fid: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT operation, path, actor_name FROM layers_history WHERE layer = %s AND feature_id = %s"
                       " ORDER BY version", [layer, fid])
        return cursor.fetchall()


# --- Reads ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("role", ROLES)
def test_read(client, caller, county, role, layer):
    name, headers = caller(role)
    cell, fid = Cell(role, layer), inside_feature(county, layer)
    code, key, sees = code_of(layer, fid), KEY.get(layer, "code"), expected_restricted(role, layer)
    assert layer in READS[role]
    base = f"/ogc/collections/{layer}"

    page = client.get(f"{base}/items?{key}={code}&f=json", **headers)
    if cell.status("items", page, 200):
        features = body_json(page)["features"]
        if cell.expect("items", [f["id"] for f in features] == [fid], [f["id"] for f in features]):
            got = restricted_keys(layer, features[0]["properties"])
            cell.expect("items restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")

    one = client.get(f"{base}/items/{fid}?f=json", **headers)
    if cell.status("item", one, 200):
        got = restricted_keys(layer, one.json()["properties"])
        cell.expect("item restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")

    for path, url in (("queryables", f"{base}/queryables?f=json"), ("schema", f"{base}/schema")):
        answer = client.get(url, **headers)
        if cell.status(path, answer, 200):
            document = answer.json() if path == "queryables" else answer.json()["properties"]["properties"]
            got = restricted_keys(layer, document["properties"])
            cell.expect(f"{path} restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")

    collection = client.get(f"{base}?f=html", **headers)
    if cell.status("collection html", collection, 200):
        got = {n for n in RESTRICTED.get(layer, ()) if f"<code>{n}</code>" in collection.content.decode()}
        cell.expect("collection html restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")
    for path, url in (("items html", f"{base}/items?{key}={code}&f=html"), ("item html", f"{base}/items/{fid}?f=html")):
        html = client.get(url, **headers)
        if cell.status(path, html, 200):
            text = html.content.decode()
            cell.expect(path, code in text, "the feature is not on the page")
            values = {n for n in RESTRICTED.get(layer, ()) if str(getattr(feature(layer, fid), n)) in text}
            cell.expect(f"{path} restricted values", values == sees, f"saw {sorted(values)}, expected {sorted(sees)}")

    read_tiles(client, cell, headers, layer, fid, code, sees)
    if layer in SNAPPED:
        read_snap(client, cell, headers, county, layer, fid, code)
    if layer == "incidents":
        read_open311(client, cell, headers, fid, code)
    read_history(client, cell, headers, role, layer, fid, sees)
    cell.done()


def read_tiles(client, cell, headers, layer, fid, code, sees) -> None:
    point = point_of(layer, fid)
    tile = tile_at(point.x, point.y, 16)
    for tileset in (layer, "all"):
        path = f"tile of {tileset}"
        answer = client.get(f"/tiles/{tileset}/{tile.z}/{tile.x}/{tile.y}.mvt", **headers)
        if not cell.status(path, answer, 200):
            continue
        decoded = mapbox_vector_tile.decode(answer.content)
        key = KEY.get(layer, "code")
        found = [f for f in decoded.get(layer, {}).get("features", []) if f["properties"].get(key) == code]
        if cell.expect(path, len(found) == 1, f"{len(found)} features with {key} {code}"):
            got = restricted_keys(layer, found[0]["properties"])
            cell.expect(f"{path} restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")
    tilejson = client.get(f"/tiles/{layer}.json", **headers)
    if cell.status("tilejson", tilejson, 200):
        got = restricted_keys(layer, tilejson.json()["vector_layers"][0]["fields"])
        cell.expect("tilejson restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")


def read_snap(client, cell, headers, county, layer, fid, code) -> None:
    point = point_of(layer, fid)
    answer = client.get(f"/api/snap?lon={point.x}&lat={point.y}", **headers)
    if not cell.status("snap", answer, 200):
        return
    body = answer.json()
    if layer == "grids":
        cell.expect("snap grid", body["grid"]["code"] == county.grid, body["grid"])
        shown = county.member_phone in answer.content.decode()
        cell.expect("snap grid phone", not shown, "the grid's phone is shown")
    elif layer == "addresses":
        cell.expect("snap address", body["address"] is not None and body["address"]["distance_m"] < 1, body["address"])
        nearest = client.get(f"/api/reverse?lon={point.x}&lat={point.y}", **headers)
        if cell.status("reverse", nearest, 200):
            cell.expect("reverse", code in nearest.content.decode(), "the address is not in the answer")
    else:
        cell.expect("snap components", code in [c["code"] for c in body["components"]], body["components"])


def read_open311(client, cell, headers, fid, code) -> None:
    """Open311 is the public face of incidents: every caller reads them there, nobody the reporter."""
    incident = feature("incidents", fid)
    for path, url in (("open311 request", f"/open311/v2/requests/{code}.json"),
                      ("open311 requests", f"/open311/v2/requests.json?service_request_id={code}")):
        answer = client.get(url, **headers)
        if cell.status(path, answer, 200):
            text = answer.content.decode()
            cell.expect(path, code in text, "the request is not in the answer")
            cell.expect(f"{path} reporter", incident.reporter_phone not in text and incident.reporter not in text,
                        "the reporter is shown")


def read_history(client, cell, headers, role, layer, fid, sees) -> None:
    expected = 200 if role in HISTORY_READERS else 401 if role == "anonymous" else 403
    versions = client.get(f"/ogc/collections/{layer}/items/{fid}/history", **headers)
    cell.status("history", versions, expected)
    instant = quote(timezone.now().isoformat())
    as_of = client.get(f"/ogc/collections/{layer}/as-of/{instant}/items?limit=5", **headers)
    if cell.status("as-of", as_of, expected) and expected == 200:
        features = as_of.json()["features"]
        if cell.expect("as-of", features, "no features"):
            got = restricted_keys(layer, features[0]["properties"])
            cell.expect("as-of restricted fields", got == sees, f"saw {sorted(got)}, expected {sorted(sees)}")


# --- Writes ---------------------------------------------------------------------------------------------------------

MERGE = "application/merge-patch+json"
READ_METHODS = ["GET", "HEAD", "OPTIONS"]


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("role", ROLES)
def test_write(client, caller, county, topology_off, role, layer):
    """Rights only: the new features copy an existing one's geometry, so the topology rules (tested in
    tests/layers/topology) are off here."""
    topology_off("grids", "buildings", "components")
    name, headers = caller(role)
    cell = Cell(role, layer)
    rows = WRITES[role].get(layer)
    refused = 401 if role == "anonymous" else 403
    inside, outside = inside_feature(county, layer), county.outside[layer]
    items = f"/ogc/collections/{layer}/items"

    allow = client.options(items, **headers)["Allow"]
    cell.expect("OPTIONS items", allow == ", ".join(READ_METHODS + ["POST"] * (rows == EVERY)), allow)
    for where, fid, may in (("inside", inside, rows is not None), ("outside", outside, rows == EVERY)):
        allow = client.options(f"{items}/{fid}", **headers)["Allow"]
        expected = ", ".join(READ_METHODS + ["PUT", "PATCH", "DELETE"] * may)
        cell.expect(f"OPTIONS item {where}", allow == expected, allow)

    template = client.get(f"{items}/{inside}?f=json", **headers).json()
    properties = {**template["properties"], **fresh_codes(layer, template["properties"], "8")}
    body = {"type": "Feature", "geometry": template["geometry"], "properties": properties}
    created = client.post(items, data=json.dumps(body), content_type="application/geo+json", **headers)
    new_id = None
    if cell.status("POST", created, 201 if rows == EVERY else refused) and created.status_code == 201:
        new_id = created.json()["id"]
        rows_written = history_rows(layer, new_id)
        cell.expect("POST history", rows_written == [("insert", "api", name)], rows_written)

    field = PATCHED.get(layer, "name")
    for where, fid, may in (("inside", inside, rows is not None), ("outside", outside, rows == EVERY)):
        before = getattr(feature(layer, fid), field)
        etag = client.get(f"{items}/{fid}", **headers)["ETag"]
        answer = client.patch(f"{items}/{fid}", data=json.dumps({"properties": {field: "矩阵测试"}}),
                              content_type=MERGE, HTTP_IF_MATCH=etag, **headers)
        cell.status(f"PATCH {where}", answer, 200 if may else refused)
        after = getattr(feature(layer, fid), field)
        cell.expect(f"PATCH {where} row", after == ("矩阵测试" if may else before), after)
        if may:
            cell.expect(f"PATCH {where} history", history_rows(layer, fid)[-1:] == [("update", "api", name)],
                        history_rows(layer, fid)[-1:])

    if layer in KEPT_BY_GRID:  # a fresh copy nothing refers to
        target = copy_into(layer, inside, county.grid, "7")
    else:  # a grid or an area is referred to by others: the one just created, if any
        target = new_id or inside
    etag = client.get(f"{items}/{target}", **headers)["ETag"]
    gone = client.delete(f"{items}/{target}", HTTP_IF_MATCH=etag, **headers)
    cell.status("DELETE", gone, 204 if rows is not None else refused)
    exists = MODELS[layer].objects.filter(pk=target).exists()
    cell.expect("DELETE row", exists == (rows is None), f"exists: {exists}")
    if rows is not None:
        cell.expect("DELETE history", history_rows(layer, target)[-1:] == [("delete", "api", name)],
                    history_rows(layer, target)[-1:])
    etag = gone.get("ETag") or etag
    back = client.post(f"{items}/{target}/restore", HTTP_IF_MATCH=etag, **headers)
    cell.status("restore", back, 200 if rows is not None else refused)
    cell.expect("restore row", MODELS[layer].objects.filter(pk=target).exists(), "the feature is gone")
    cell.done()


# --- The browser's path: a session instead of a token -----------------------------------------------------------------


def test_a_session_reads_and_writes_as_the_token_of_its_account(session, county):
    """One cell again through a signed-in session: the same rows and fields, and its writes CSRF-checked."""
    user, browser, csrf = session("grid_member", grids=[county.grid])
    inside, outside = inside_feature(county, "incidents"), county.outside["incidents"]
    items = "/ogc/collections/incidents/items"
    seen = browser.get(f"{items}/{inside}?f=json")
    assert seen.status_code == 200 and set(RESTRICTED["incidents"]) <= set(seen.json()["properties"])

    def patch(fid, **extra):
        etag = browser.get(f"{items}/{fid}")["ETag"]
        return browser.patch(f"{items}/{fid}", data=json.dumps({"properties": {"description": "矩阵测试"}}),
                             content_type=MERGE, HTTP_IF_MATCH=etag, **extra)

    unchecked = patch(inside)
    assert unchecked.status_code == 403 and unchecked.json()["parameter"] == "X-CSRFToken"
    assert patch(outside, **csrf).status_code == 403
    assert patch(inside, **csrf).status_code == 200
    assert feature("incidents", inside).description == "矩阵测试"
    assert history_rows("incidents", inside)[-1] == ("update", "api", user.username)
    assert browser.options(f"{items}/{outside}")["Allow"] == "GET, HEAD, OPTIONS"
