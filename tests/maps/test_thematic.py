"""``/maps/thematic``: a folium page of counts per grid or town, read through the caller's view, every asset local."""
from __future__ import annotations

import json
import re

import pytest
from django.db.models import Count

from layers.models import Component, Grid, Incident
from tests.accounts.conftest import bearer

URL = "/maps/thematic"


def _areas(html: str) -> dict[str, dict]:
    """The choropleth's features (code -> properties) as the page carries them."""
    for match in re.finditer(r"_add\((\{.*\})\);$", html, re.M):
        data = json.loads(match.group(1))
        features = data.get("features", [])
        if features and "count" in features[0]["properties"]:
            return {f["properties"]["code"]: f["properties"] for f in features}
    raise AssertionError("no choropleth data in the page")


def test_incidents_per_grid_are_counted_and_every_asset_is_local(client, db):
    response = client.get(URL, {"by": "grid", "measure": "incidents"})
    assert response.status_code == 200
    html = response.content.decode()
    areas = _areas(html)
    assert len(areas) == Grid.objects.count()
    expected = dict(Incident.objects.values_list("grid").annotate(n=Count("id")))
    busiest = max(expected, key=expected.get)
    assert areas[busiest]["count"] == expected[busiest] > 0
    assert sum(a["count"] for a in areas.values()) == sum(n for g, n in expected.items() if g is not None)
    assert 'id="map-legend"' in html and "按网格统计事件数" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("http://testserver/") for url in urls), urls
    assert "cdn" not in html.lower() and "http://testserver/tiles/standard-map/{z}/{x}/{y}.png" in html


def test_components_by_state_per_town(client, db):
    response = client.get(URL, {"by": "town", "measure": "components", "state": "damaged"})
    assert response.status_code == 200
    areas = _areas(response.content.decode())
    assert len(areas) == 10
    damaged = Component.objects.filter(state="damaged")
    assert sum(a["count"] for a in areas.values()) == damaged.count() > 0
    town = damaged.values_list("grid__town", flat=True).first()
    assert areas[town]["count"] == damaged.filter(grid__town=town).count()
    assert "（破损）" in response.content.decode()


def test_a_grid_scoped_reader_counts_only_its_grids(client, account, grid_codes, redeclared):
    redeclared("incidents", grid_scoped_roles=("grid_member",))
    _, token = account("grid_member", grids=grid_codes[:1])
    areas = _areas(client.get(URL, {"measure": "incidents"}, **bearer(token)).content.decode())
    counted = {code: a["count"] for code, a in areas.items() if a["count"]}
    assert counted == {grid_codes[0]: Incident.objects.filter(grid=grid_codes[0]).count()}


def test_chosen_layers_carry_only_the_fields_the_caller_may_read(client, account, db):
    anonymous = client.get(URL, {"layers": "incidents", "bbox": "113.5,37.7,113.8,37.9"}).content.decode()
    assert '"reported_at"' in anonymous and '"reporter_phone"' not in anonymous
    _, token = account("admin")
    staff = client.get(URL, {"layers": "incidents", "bbox": "113.5,37.7,113.8,37.9"}, **bearer(token)).content.decode()
    assert '"reporter_phone"' in staff


def test_f_html_is_a_download(client, db):
    response = client.get(URL, {"f": "html"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pingding-thematic.html"'


@pytest.mark.parametrize("query, parameter", [
    ({"by": "village"}, "by"),
    ({"measure": "people"}, "measure"),
    ({"measure": "incidents", "state": "damaged"}, "state"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"colour": "red"}, "colour"),
    ({"layers": "a,b,c,d,e,f,g"}, "layers"),
])
def test_bad_parameters_are_400_naming_them(client, db, query, parameter):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_a_layer_the_caller_may_not_read_is_404(client, db, redeclared):
    redeclared("organisations", read_roles=("admin",))
    response = client.get(URL, {"layers": "organisations"})
    assert response.status_code == 404
    assert response.json()["parameter"] == "layers"
    assert client.get(URL, {"layers": "nothing"}).json()["parameter"] == "layers"


def test_a_measure_the_caller_may_not_read_is_404(client, db, redeclared):
    redeclared("incidents", read_roles=("admin",))
    response = client.get(URL, {"measure": "incidents"})
    assert response.status_code == 404
    assert response.json()["parameter"] == "measure"
