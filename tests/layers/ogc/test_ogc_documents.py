"""Landing page, conformance, collections, queryables and schemas; restricted fields never leave the server."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
from django.db.models import Max, Min

from layers.models import Incident
from layers.registry import LAYERS, get_layer, public_layers
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)
from spatial.crs import CRS84, OGC_CRS_URIS

from .conftest import SEAT, read

CONFORMANCE = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
    *(f"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/{name}"
      for name in ("queryables", "queryables-query-parameters", "filter", "features-filter")),
    *(f"http://www.opengis.net/spec/cql2/1.0/conf/{name}"
      for name in ("cql2-text", "cql2-json", "basic-cql2", "advanced-comparison-operators", "basic-spatial-functions",
                   "basic-spatial-functions-plus", "spatial-functions", "temporal-functions")),
}


def test_the_landing_page_links_everything(get_json, db):
    _, body = get_json("/ogc/")
    links = {link["rel"]: link for link in body["links"]}
    assert body["title"] and body["description"]
    assert links["service-desc"]["href"].endswith("/ogc/api")
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert links["service-doc"]["href"].endswith("/ogc/api?f=html") and links["service-doc"]["type"] == "text/html"
    assert links["conformance"]["href"].endswith("/ogc/conformance")
    assert links["data"]["href"].endswith("/ogc/collections")
    assert links["self"]["type"] == "application/json" and links["alternate"]["type"] == "text/html"
    assert all(link["href"].startswith("http://testserver/ogc/") for link in body["links"])


def test_public_url_setting_is_used_for_links(get_json, settings, db):
    settings.PINGDING_PUBLIC_URL = "https://gis.pingding.example/"
    _, body = get_json("/ogc/")
    assert all(link["href"].startswith("https://gis.pingding.example/ogc/") for link in body["links"])


def test_conformance_declares_core_geojson_html_oas30_crs_and_part_4(get_json, db):
    _, body = get_json("/ogc/conformance")
    assert set(body["conformsTo"]) == CONFORMANCE


def test_collections_are_exactly_the_public_layers(get_json, db):
    _, body = get_json("/ogc/collections")
    assert [c["id"] for c in body["collections"]] == [layer.id for layer in public_layers()]
    assert [c["id"] for c in body["collections"]] == [
        "admin-areas", "grids", "buildings", "addresses", "components", "incidents", "organisations", "facilities",
    ]


def test_a_collection_describes_crs_extent_and_links(get_json, make_component):
    component = make_component(SEAT[0] + 0.3, SEAT[1] - 0.2)
    _, body = get_json("/ogc/collections/components")
    assert body["itemType"] == "feature"
    assert body["crs"][0] == CRS84.uri and set(body["crs"]) == set(OGC_CRS_URIS)
    assert body["storageCrs"] == "http://www.opengis.net/def/crs/EPSG/0/4490"
    (xmin, ymin, xmax, ymax), = body["extent"]["spatial"]["bbox"]
    assert body["extent"]["spatial"]["crs"] == CRS84.uri
    assert xmin <= component.geom.x <= xmax and ymin <= component.geom.y <= ymax
    assert xmax == pytest.approx(max(xmax, component.geom.x)) and ymin == pytest.approx(min(ymin, component.geom.y))
    items = [link for link in body["links"] if link["rel"] == "items"]
    assert {link["type"] for link in items} == {"application/geo+json", "text/html"}
    assert "temporal" not in body["extent"]


def test_a_temporal_collection_has_its_interval(get_json, make_incident):
    make_incident(datetime(2032, 1, 1, 8))
    _, body = get_json("/ogc/collections/incidents")
    (first, last), = body["extent"]["temporal"]["interval"]
    bounds = Incident.objects.aggregate(first=Min("reported_at"), last=Max("reported_at"))
    assert datetime.fromisoformat(first) == bounds["first"] and datetime.fromisoformat(last) == bounds["last"]


def test_queryables_and_schema_list_public_fields_with_types(get_json, db):
    response, body = get_json("/ogc/collections/components/queryables")
    assert response["Content-Type"].startswith("application/schema+json")
    assert body["properties"]["state"]["enum"] == ["intact", "damaged", "missing", "occupied"]
    assert body["properties"]["installed_on"] == {"type": "string", "format": "date", "title": "初始日期",
                                                  "x-writable": False}
    _, schema = get_json("/ogc/collections/grids/schema")
    fields = schema["properties"]["properties"]["properties"]
    assert fields["households"]["type"] == "integer" and fields["area_m2"]["type"] == "number"
    assert fields["updated_at"]["format"] == "date-time"


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_derived_properties_are_read_only_for_everyone(get_json, db, layer):
    """The grid, areas and timestamps the server computes are no receivables (Part 4): ``readOnly``, and only
    those; an anonymous caller may write nothing."""
    _, schema = get_json(f"/ogc/collections/{layer.id}/schema")
    _, queryables = get_json(f"/ogc/collections/{layer.id}/queryables")
    assert schema["properties"]["id"]["readOnly"] is True
    for properties in (schema["properties"]["properties"]["properties"], queryables["properties"]):
        assert {name for name, item in properties.items() if item.get("readOnly")} == set(layer.derived) & set(properties)
        assert not any(item["x-writable"] for item in properties.values())
    assert layer.derived & set(queryables["properties"])  # every layer has one: the test is not empty


def _writable(client, collection, headers):
    properties = json.loads(read(client.get(f"/ogc/collections/{collection}/schema", **headers)))
    return {name for name, item in properties["properties"]["properties"]["properties"].items() if item["x-writable"]}


def test_x_writable_names_what_this_caller_may_set(client, account):
    """An editor sets every property but the derived ones; a grid member not the codes the centre keeps; a leader
    (reads all, writes nothing) nothing; only an admin the administrative areas."""
    layer = get_layer("components")
    derived, keeper = set(layer.derived), set(layer.keeper_columns)
    editor = bearer(account("gis_editor")[1])
    member = bearer(account("grid_member", grids=["140321100011001"])[1])
    leader = bearer(account("leader")[1])
    admin = bearer(account("admin")[1])
    editable = set(layer.fields) | set(layer.restricted)
    assert _writable(client, "components", editor) == editable - derived
    assert _writable(client, "components", member) == editable - derived - keeper
    assert keeper & editable and "state" in _writable(client, "components", member)
    assert _writable(client, "components", leader) == set()
    assert _writable(client, "admin-areas", editor) == set()
    assert _writable(client, "admin-areas", admin) == set(get_layer("admin-areas").fields) - {"area_km2"}


RESTRICTED = {layer.id: layer.restricted_fields for layer in LAYERS if layer.restricted_fields}


@pytest.mark.parametrize("layer_id", sorted(RESTRICTED))
def test_restricted_field_names_appear_nowhere(client, db, layer_id):
    urls = [
        f"/ogc/collections/{layer_id}/items?limit=20", f"/ogc/collections/{layer_id}/items?limit=20&f=html",
        f"/ogc/collections/{layer_id}", f"/ogc/collections/{layer_id}/queryables", f"/ogc/collections/{layer_id}/schema",
        "/ogc/api", "/ogc/api?f=html",
    ]
    for url in urls:
        body = read(client.get(url)).decode()
        for name in RESTRICTED[layer_id]:
            assert f'"{name}"' not in body and f">{name}<" not in body, (url, name)


def test_restricted_values_never_leak(client, make_incident):
    incident = make_incident(datetime(2033, 5, 5, 5), reporter="保密的举报人", reporter_phone="13912345678")
    grid = incident.grid
    grid.member_phone = "13700001111"
    grid.save()
    urls = [
        "/ogc/collections/incidents/items?limit=10000", "/ogc/collections/incidents/items?limit=10000&f=html",
        f"/ogc/collections/incidents/items/{incident.id}", f"/ogc/collections/incidents/items/{incident.id}?f=html",
        f"/ogc/collections/grids/items/{grid.id}", "/ogc/collections/grids/items?limit=10000",
    ]
    for url in urls:
        body = read(client.get(url)).decode()
        for secret in ("保密的举报人", "13912345678", "13700001111"):
            assert secret not in body, (url, secret)
