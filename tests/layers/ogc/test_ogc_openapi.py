"""The OpenAPI 3.0 document: well formed, every $ref resolves, every path parameter declared, every collection listed."""
from __future__ import annotations

import json
import re

import pytest

from accounts.token_auth import token_principal
from layers.access import layer_view
from layers.models import Component
from layers.ogc.editing import allowed
from layers.registry import get_layer, public_layers
from spatial.crs import CRS84
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)


@pytest.fixture
def document(get_json, db):
    response, body = get_json("/ogc/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json;version=3.0")
    return body


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document: dict, ref: str):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_structure(document):
    assert document["openapi"].startswith("3.0.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["servers"][0]["url"] == "http://testserver/ogc"
    for path, item in document["paths"].items():
        assert path.startswith("/")
        for method, operation in item.items():
            assert method in ("get", "post", "put", "patch", "delete", "options")
            assert operation["operationId"] and any(status.startswith("2") for status in operation["responses"])


def test_operation_ids_are_unique(document):
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_every_ref_resolves(document):
    found = list(refs(document))
    assert found
    for ref in found:
        assert isinstance(resolve(document, ref), dict), ref


def test_every_path_parameter_is_declared(document):
    for path, item in document["paths"].items():
        for operation in item.values():
            params = [resolve(document, p["$ref"]) if "$ref" in p else p for p in operation["parameters"]]
            declared = {p["name"] for p in params if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path
            assert all(p["required"] for p in params if p["in"] == "path")
            names = [(p["name"], p["in"]) for p in params]
            assert len(names) == len(set(names)), path


def test_collections_crs_and_limits(document, settings):
    parameters = document["components"]["parameters"]
    assert parameters["collectionId"]["schema"]["enum"] == [layer.id for layer in public_layers()]
    assert parameters["crs"]["schema"]["default"] == CRS84.uri and "GCJ02" in parameters["crs"]["schema"]["enum"]
    assert parameters["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}
    assert parameters["bbox"]["example"] == [113.60, 37.78, 113.65, 37.81]
    for layer in public_layers():
        operation = document["paths"][f"/collections/{layer.id}/items"]["get"]
        names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in operation["parameters"]}
        assert set(layer.fields) <= names and not set(layer.restricted_fields) & names
        assert ("datetime" in names) == bool(layer.temporal_field)


def test_limits_follow_the_settings(get_json, settings, db):
    settings.PINGDING_OGC_MAX_LIMIT = 500
    settings.PINGDING_OGC_DEFAULT_LIMIT = 20
    _, body = get_json("/ogc/api")
    assert body["components"]["parameters"]["limit"]["schema"]["maximum"] == 500
    assert body["components"]["parameters"]["limit"]["schema"]["default"] == 20


WRITES = {
    "/collections/{collectionId}/items": {"post": "201"},
    "/collections/{collectionId}/items/{featureId}": {"put": "200", "patch": "200", "delete": "204"},
    "/collections/{collectionId}/items/{featureId}/revert": {"post": "200"},
    "/collections/{collectionId}/items/{featureId}/restore": {"post": "200"},
}


def test_anonymous_callers_see_every_write_as_needing_a_token(document):
    """The templated writes are in everyone's document (Swagger UI reads it without the token typed into it), each
    with the bearer scheme, its If-Match and Content-Crs headers and every refusal as an exception; anonymous
    callers are offered no collection's POST."""
    assert "bearerAuth" in document["components"]["securitySchemes"]
    for path, methods in WRITES.items():
        for method, ok in methods.items():
            operation = document["paths"][path][method]
            assert operation["security"] == [{"bearerAuth": []}]
            assert {ok, "400", "401", "403", "404", "409"} <= set(operation["responses"])
            if path.endswith("{featureId}") or "/items/{featureId}/" in path:
                assert {"412", "428"} <= set(operation["responses"])
                assert {"$ref": "#/components/parameters/If-Match"} in operation["parameters"]
            for status in {"401", "403", "409", "412", "415", "428"} & set(operation["responses"]):
                answer = resolve(document, operation["responses"][status]["$ref"])
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/exception"}
    assert document["components"]["parameters"]["If-Match"]["required"] is True
    assert document["components"]["parameters"]["Content-Crs"]["in"] == "header"
    assert document["x-editing"] == {}
    assert not any("post" in document["paths"][f"/collections/{layer.id}/items"] for layer in public_layers())


def test_a_caller_s_document_says_what_it_may_write(client, account):
    """An editor gets a POST on every collection it writes (not the administrative areas: admin only), with the
    properties it may set; ``x-editing`` repeats what OPTIONS answers in ``Allow``."""
    user, token = account("gis_editor")
    body = client.get("/ogc/api", **bearer(token)).json()
    writable = [layer.id for layer in public_layers() if layer.id != "admin-areas"]
    assert sorted(body["x-editing"]) == sorted(writable)
    assert "post" not in body["paths"]["/collections/admin-areas/items"]
    for collection in writable:
        operation = body["paths"][f"/collections/{collection}/items"]["post"]
        assert operation["security"] == [{"bearerAuth": []}] and "201" in operation["responses"]
        options = client.options(f"/ogc/collections/{collection}/items", **bearer(token))
        assert options.status_code == 204
        assert body["x-editing"][collection]["items"] == [m.strip() for m in options["Allow"].split(",")]
    schema = resolve(body, body["paths"]["/collections/components/items"]["post"]["requestBody"]["content"]
                     ["application/geo+json"]["schema"]["$ref"])["properties"]["properties"]
    assert schema["properties"]["grid_code"]["readOnly"] is True and schema["additionalProperties"] is False
    assert "code" in schema["properties"] and "code" in schema["required"]


def test_a_grid_member_s_body_schema_leaves_out_the_fields_the_centre_keeps(client, account):
    _, token = account("grid_member", grids=["140321100011001"])
    body = client.get("/ogc/api", **bearer(token)).json()
    view = layer_view(get_layer("components"), token_principal(f"Bearer {token}"))
    assert "post" not in body["paths"]["/collections/components/items"]  # codes are the centre's: it creates nothing
    from layers.ogc.openapi_editing import schema_name

    properties = body["components"]["schemas"][schema_name(view)]["properties"]["properties"]["properties"]
    assert set(properties) == set(view.writable) | (set(view.layer.derived) & set(view.fields))
    assert not set(view.layer.keeper_columns) & set(properties)
    assert body["x-editing"]["components"]["rows"].startswith("the rows of your grids")
    inside = Component.objects.filter(grid_id="140321100011001").order_by("pk").first()
    options = client.options(f"/ogc/collections/components/items/{inside.pk}", **bearer(token))
    assert body["x-editing"]["components"]["item"] == [m.strip() for m in options["Allow"].split(",")]
    assert body["x-editing"]["components"]["items"] == allowed(view)
    assert "admin-areas" not in body["x-editing"] and "grids" not in body["x-editing"]


def test_the_documented_examples_work_as_written(client, account):
    """The component POST of the document creates the component (201), and its merge patch changes it."""
    _, token = account("gis_editor")
    body = client.get("/ogc/api", **bearer(token)).json()
    post = body["paths"]["/collections/components/items"]["post"]["requestBody"]["content"]["application/geo+json"]
    created = client.post("/ogc/collections/components/items", data=json.dumps(post["example"]),
                          content_type="application/geo+json", **bearer(token))
    assert created.status_code == 201, created.content
    patch = body["paths"]["/collections/{collectionId}/items/{featureId}"]["patch"]["requestBody"]["content"]
    changed = client.patch(created["Location"], data=json.dumps(patch["application/merge-patch+json"]["example"]),
                           content_type="application/merge-patch+json", HTTP_IF_MATCH=created["ETag"],
                           **bearer(token))
    assert changed.status_code == 200, changed.content
    assert changed.json()["properties"]["state"] == "damaged" and changed["ETag"] != created["ETag"]


def test_the_html_page_lists_the_writes_of_the_caller(client, account):
    _, token = account("gis_editor")
    page = client.get("/ogc/api?f=html", **bearer(token))
    assert page.status_code == 200
    text = page.content.decode()
    for method, path in (("PATCH", "/collections/{collectionId}/items/{featureId}"),
                         ("POST", "/collections/components/items"), ("OPTIONS", "/collections/{collectionId}/items")):
        assert f'<span class="method">{method}</span> <code>{path}</code>' in text
    assert "<code>If-Match</code> *" in text
