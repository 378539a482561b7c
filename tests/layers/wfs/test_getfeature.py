"""GetFeature on the seeded county: GML 3.2 and GeoJSON, counts and paging, axis order per CRS name, properties,
sorting, several types, GetFeatureById; every expected value computed from the database."""
from __future__ import annotations

from django.contrib.gis.geos import Point

import pytest

from layers.models import AdminArea, Component, Grid
from layers.wfs.names import GET_FEATURE_BY_ID

from .conftest import NS, geojson, members, report, xml

pytestmark = pytest.mark.django_db
PD = "{urn:pingding:wfs}"


def test_a_gml_page_says_what_matched_and_links_the_next(wfs):
    answer = wfs(REQUEST="GetFeature", TYPENAMES="pd:components", COUNT="10")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/gml+xml; version=3.2")
    root = xml(answer)
    assert root.get("numberMatched") == str(Component.objects.count())
    assert root.get("numberReturned") == "10" and root.get("previous") is None
    features = members(root)
    assert [f.tag for f in features] == [f"{PD}components"] * 10
    ids = list(Component.objects.order_by("id").values_list("id", flat=True)[:10])
    assert [f.get(f"{{{NS['gml']}}}id") for f in features] == [f"components.{i}" for i in ids]
    assert "STARTINDEX=10" in root.get("next") and root.get("next").startswith("http://testserver/wfs?")


def test_paging_through_next_links_reads_every_feature_once(wfs, client):
    answer, seen = wfs(REQUEST="GetFeature", TYPENAMES="grids", COUNT="7"), []
    while True:
        root = xml(answer)
        seen += [f.findtext("pd:code", namespaces=NS) for f in members(root)]
        if root.get("next") is None:
            break
        answer = client.get(root.get("next"))
    assert len(seen) == len(set(seen)) == Grid.objects.count()
    assert set(seen) == set(Grid.objects.values_list("code", flat=True))


def test_hits_count_without_features(wfs):
    answer = wfs(REQUEST="GetFeature", TYPENAMES="components", RESULTTYPE="hits")
    root = xml(answer)
    assert root.get("numberMatched") == str(Component.objects.count()) and root.get("numberReturned") == "0"
    assert members(root) == []
    assert geojson(wfs(REQUEST="GetFeature", TYPENAMES="components", RESULTTYPE="hits",
                       OUTPUTFORMAT="application/json"))["numberMatched"] == Component.objects.count()


def _pos(answer) -> list[float]:
    feature = members(xml(answer))[0]
    point = feature.find("pd:geometry/gml:Point", NS)
    return point.get("srsName"), [float(v) for v in point.findtext("gml:pos", namespaces=NS).split()]


@pytest.mark.parametrize("srs_name, srid, northing_or_lat_first", [
    (None, 4490, True),
    ("urn:ogc:def:crs:EPSG::4490", 4490, True),
    ("EPSG:4490", 4490, False),
    ("urn:ogc:def:crs:EPSG::4326", 4326, True),
    ("http://www.opengis.net/def/crs/EPSG/0/4547", 4547, True),
    ("urn:ogc:def:crs:EPSG::4526", 4526, True),
    ("EPSG:4547", 4547, False),
    ("urn:ogc:def:crs:EPSG::3857", 3857, False),
])
def test_coordinates_come_in_the_axis_order_of_the_crs_name(wfs, make_component, srs_name, srid,
                                                             northing_or_lat_first):
    component = make_component(113.61, 37.81)
    params = {"SRSNAME": srs_name} if srs_name else {}
    written, pos = _pos(wfs(REQUEST="GetFeature", TYPENAMES="components", RESOURCEID=f"components.{component.pk}",
                            **params))
    x, y = Point(113.61, 37.81, srid=4490).transform(srid, clone=True).coords if srid not in (4490, 4326) \
        else (113.61, 37.81)
    assert pos == pytest.approx([y, x] if northing_or_lat_first else [x, y], abs=1e-3 if srid not in (4490, 4326) else 1e-7)
    assert written == (f"EPSG:{srid}" if srs_name and srs_name.startswith("EPSG:") else f"urn:ogc:def:crs:EPSG::{srid}")


def test_geojson_is_the_feature_apis_with_layer_ids(wfs, client):
    answer = wfs(REQUEST="GetFeature", TYPENAMES="components", COUNT="3", OUTPUTFORMAT="application/json")
    assert answer["Content-Type"].startswith("application/json")
    document = geojson(answer)
    items = geojson(client.get("/ogc/collections/components/items", {"limit": "3"}))
    assert document["numberMatched"] == items["numberMatched"] and document["numberReturned"] == 3
    assert [f["id"] for f in document["features"]] == [f"components.{f['id']}" for f in items["features"]]
    assert [(f["geometry"], f["properties"]) for f in document["features"]] == \
        [(f["geometry"], f["properties"]) for f in items["features"]]
    assert [link["rel"] for link in document["links"]] == ["next"]


def test_property_names_choose_the_properties_and_the_geometry(wfs):
    root = xml(wfs(REQUEST="GetFeature", TYPENAMES="components", COUNT="2", PROPERTYNAME="name,pd:code"))
    for feature in members(root):
        assert [child.tag for child in feature] == [f"{PD}code", f"{PD}name"]  # the type's order
    root = xml(wfs(REQUEST="GetFeature", TYPENAMES="components", COUNT="1", PROPERTYNAME="geometry"))
    assert [child.tag for child in members(root)[0]] == [f"{PD}geometry"]


def test_sortby_orders_the_features(wfs):
    root = xml(wfs(REQUEST="GetFeature", TYPENAMES="grids", SORTBY="households DESC,code", PROPERTYNAME="code"))
    expected = list(Grid.objects.order_by("-households", "code", "id").values_list("code", flat=True))
    assert [f.findtext("pd:code", namespaces=NS) for f in members(root)] == expected


def test_several_types_are_paged_as_one_collection(wfs):
    grids, areas = Grid.objects.count(), AdminArea.objects.count()
    root = xml(wfs(REQUEST="GetFeature", TYPENAMES="pd:grids,pd:admin-areas", STARTINDEX=str(grids - 2), COUNT="5",
                   PROPERTYNAME="(code)(code)"))
    assert root.get("numberMatched") == str(grids + areas) and root.get("numberReturned") == "5"
    tags = [f.tag for f in members(root)]
    assert tags == [f"{PD}grids"] * 2 + [f"{PD}admin-areas"] * 3
    codes = [f.findtext("pd:code", namespaces=NS) for f in members(root)]
    assert codes[:2] == list(Grid.objects.order_by("id").values_list("code", flat=True))[-2:]
    assert codes[2:] == list(AdminArea.objects.order_by("id").values_list("code", flat=True))[:3]


def test_get_feature_by_id_answers_the_feature_alone(wfs):
    grid = Grid.objects.order_by("id").first()
    answer = wfs(REQUEST="GetFeature", STOREDQUERY_ID=GET_FEATURE_BY_ID, ID=f"grids.{grid.pk}")
    root = xml(answer)
    assert root.tag == f"{PD}grids" and root.get(f"{{{NS['gml']}}}id") == f"grids.{grid.pk}"
    assert root.findtext("pd:code", namespaces=NS) == grid.code
    assert root.find("pd:geometry/gml:MultiSurface", NS) is not None
    feature = geojson(wfs(REQUEST="GetFeature", STOREDQUERY_ID=GET_FEATURE_BY_ID, ID=f"grids.{grid.pk}",
                          OUTPUTFORMAT="application/json"))
    assert feature["type"] == "Feature" and feature["properties"]["code"] == grid.code
    missing = wfs(REQUEST="GetFeature", STOREDQUERY_ID=GET_FEATURE_BY_ID, ID="grids.999999999")
    assert report(missing)[:3] == (404, "NotFound", "id")


def test_a_post_query_answers_as_its_kvp(wfs, wfs_post):
    body = """<wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" service="WFS" version="2.0.0" count="4">
      <wfs:Query typeNames="pd:grids"/></wfs:GetFeature>"""
    posted, got = xml(wfs_post(body)), xml(wfs(REQUEST="GetFeature", TYPENAMES="pd:grids", COUNT="4"))
    assert [f.get(f"{{{NS['gml']}}}id") for f in members(posted)] == [f.get(f"{{{NS['gml']}}}id") for f in members(got)]
    assert posted.get("next") is None and got.get("next")  # a POST has no URL to page with
