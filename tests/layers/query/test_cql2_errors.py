"""Bad CQL2 is a JSON 400 naming the parameter and what is wrong; restricted fields are queryables only to readers."""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.db.models import Q

from layers.models import Incident
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)

from ..ogc.conftest import read

COMPONENTS = "/ogc/collections/components/items?"


def error(client, params: dict, collection: str = "components", **headers) -> dict:
    response = client.get(f"/ogc/collections/{collection}/items?" + urlencode(params), **headers)
    body = json.loads(read(response))
    assert response.status_code == 400, body
    assert response["Content-Type"].startswith("application/json")
    return body


TEXT_ERRORS = [
    ("state = ", "line 1, column 9"),
    ("state == 'intact'", "line 1, column"),
    ("nosuch = 1", "Unknown queryable 'nosuch'"),
    ("code = 5", "string queryable"),
    ("installed_on < TIMESTAMP('2020-01-01T00:00:00Z')", "date queryable"),
    ("state LIKE 5", "LIKE"),
    ("code LIKE 'abc\\'", "lone escape"),
    ("1 = 1", "two literals"),
    ("state = code AND installed_on = state", "one type"),
    ("S_INTERSECTS(state, POINT(113 37))", "spatial predicate"),
    ("S_INTERSECTS(geometry, POINT(500 500))", "geometry in 'filter'"),
    ("S_DWITHIN(geometry, POINT(113.6 37.8), -5)", "distance in metres"),
    ("T_BEFORE(state, DATE('2020-01-01'))", "date or date-time queryable"),
    ("T_DURING(installed_on, INTERVAL('2020-01-01', '2010-01-01'))", "starts after it ends"),
    ("CASEI(name) = 'x'", "not supported"),
    ("installed_on + 1 = 2", "not supported"),
    ("(" * 100 + "state = 'intact'" + ")" * 100, "deeper than"),
    ("state IN (" + ", ".join(["'intact'"] * 600) + ")", "longer than"),
]


@pytest.mark.parametrize("text, says", TEXT_ERRORS, ids=[case[0][:40] for case in TEXT_ERRORS])
def test_bad_cql2_text_is_a_400_naming_filter(client, db, text, says):
    body = error(client, {"filter": text})
    assert body["parameter"] == "filter"
    assert says in body["description"], body["description"]


JSON_ERRORS = [
    ("{", "line 1, column 2"),
    ("5", "condition"),
    ('{"op": "frobnicate", "args": [1]}', "frobnicate"),
    ('{"op": "=", "args": [{"property": "state"}]}', "2 arguments"),
    ('{"op": "=", "args": [{"property": "state"}, "a\\u0000b"]}', "NUL"),
    ('{"op": "in", "args": [{"property": "state"}, []]}', "non-empty list"),
    ('{"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [1, 2]}]}', "BBOX"),
    ('{"op": "not", "args": [' * 70 + '{"op": "=", "args": [{"property": "state"}, "x"]}' + "]}" * 70, "deeper"),
]


@pytest.mark.parametrize("text, says", JSON_ERRORS, ids=[case[0][:40] for case in JSON_ERRORS])
def test_bad_cql2_json_is_a_400_naming_filter(client, db, text, says):
    body = error(client, {"filter": text, "filter-lang": "cql2-json"})
    assert body["parameter"] == "filter"
    assert says in body["description"], body["description"]


@pytest.mark.parametrize("params, parameter", [
    ({"filter": "state = 'intact'", "filter-lang": "ecql"}, "filter-lang"),
    ({"filter": "state = 'intact'", "filter-crs": "EPSG:9999"}, "filter-crs"),
    ({"filter": ["state = 'intact'", "state = 'damaged'"]}, "filter"),
])
def test_bad_companion_parameters_are_named(client, db, params, parameter):
    response = client.get(COMPONENTS + urlencode(params, doseq=True))
    assert response.status_code == 400
    assert json.loads(read(response))["parameter"] == parameter


def test_a_restricted_field_is_an_unknown_queryable_to_a_caller_who_cannot_read_it(client, db, account):
    body = error(client, {"filter": "reporter LIKE '%'"}, collection="incidents")
    assert "Unknown queryable 'reporter'" in body["description"]
    assert "reporter" not in body["description"].split("has:")[1]
    _, token = account("admin")
    response = client.get("/ogc/collections/incidents/items?" + urlencode({"filter": "reporter LIKE '张%'", "limit": 1000}),
                          **bearer(token))
    assert response.status_code == 200
    got = {feature["id"] for feature in json.loads(read(response))["features"]}
    assert got == set(Incident.objects.filter(Q(reporter__startswith="张")).values_list("id", flat=True))
