"""The service documents (capabilities, XML Schema, stored queries), the access seam on every operation, and
errors answered as exception reports over HTTP."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from layers.models import Grid, Incident
from layers.registry import LAYERS, get_layer
from layers.wfs.names import GET_FEATURE_BY_ID

from tests.accounts.conftest import account, bearer, grid_codes  # noqa: F401 (fixtures)

from .conftest import NS, geojson, members, report, type_ids, xml

pytestmark = pytest.mark.django_db
XSD = "{http://www.w3.org/2001/XMLSchema}"


def feature_types(root) -> list[str]:
    return [name.text for name in root.findall("wfs:FeatureTypeList/wfs:FeatureType/wfs:Name", NS)]


def test_capabilities_list_every_layer_with_its_crss_and_the_operations(wfs):
    answer = wfs(REQUEST="GetCapabilities")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/xml")
    root = xml(answer)
    assert root.tag == f"{{{NS['wfs']}}}WFS_Capabilities" and root.get("version") == "2.0.0"
    assert feature_types(root) == [f"pd:{name}" for name in type_ids()]
    grids = root.find("wfs:FeatureTypeList/wfs:FeatureType[wfs:Name='pd:grids']", NS)
    assert grids.findtext("wfs:DefaultCRS", namespaces=NS) == "urn:ogc:def:crs:EPSG::4490"
    assert [crs.text for crs in grids.findall("wfs:OtherCRS", NS)] == [
        f"urn:ogc:def:crs:EPSG::{srid}" for srid in (4326, 4547, 4526, 3857)]
    lower = [float(v) for v in grids.findtext("ows:WGS84BoundingBox/ows:LowerCorner", namespaces=NS).split()]
    assert 113 < lower[0] < 114 and 37 < lower[1] < 38.5
    operations = {op.get("name"): op for op in root.findall("ows:OperationsMetadata/ows:Operation", NS)}
    assert set(operations) == {"GetCapabilities", "DescribeFeatureType", "GetFeature", "ListStoredQueries",
                               "DescribeStoredQueries"}
    href = operations["GetFeature"].find("ows:DCP/ows:HTTP/ows:Get", NS).get(f"{{{NS['xlink']}}}href")
    assert href == "http://testserver/wfs"
    paging = root.find("ows:OperationsMetadata/ows:Constraint[@name='ImplementsResultPaging']", NS)
    assert paging.findtext("ows:DefaultValue", namespaces=NS) == "TRUE"
    formats = [v.text for v in root.findall("ows:OperationsMetadata/ows:Parameter[@name='outputFormat']//ows:Value", NS)]
    assert formats == ["application/gml+xml; version=3.2", "application/json"]
    spatial = [op.get("name") for op in root.findall(".//fes:SpatialOperator", NS)]
    assert {"BBOX", "Intersects"} <= set(spatial)


def test_capabilities_answer_a_post_and_the_public_url(wfs_post, settings):
    settings.PINGDING_PUBLIC_URL = "https://gis.example.org/pd"
    root = xml(wfs_post('<GetCapabilities xmlns="http://www.opengis.net/wfs/2.0" service="WFS"/>'))
    href = root.find(".//ows:Operation[@name='GetFeature']/ows:DCP/ows:HTTP/ows:Post", NS).get(f"{{{NS['xlink']}}}href")
    assert href == "https://gis.example.org/pd/wfs"


@pytest.mark.parametrize("layer_id, geometry_type", [
    ("components", "gml:GeometryPropertyType"), ("grids", "gml:MultiSurfacePropertyType"),
    ("buildings", "gml:SurfacePropertyType"), ("addresses", "gml:PointPropertyType"),
])
def test_describe_feature_type_types_the_properties_from_the_registry(wfs, layer_id, geometry_type):
    root = xml(wfs(REQUEST="DescribeFeatureType", TYPENAME=f"pd:{layer_id}"))
    assert root.get("targetNamespace") == "urn:pingding:wfs"
    elements = {e.get("name"): e.get("type") for e in root.findall(f"{XSD}complexType//{XSD}element")}
    layer = get_layer(layer_id)
    assert list(elements) == ["geometry", *layer.fields]
    assert elements["geometry"] == geometry_type
    kinds = {"integer": "xsd:long", "number": "xsd:double", "date": "xsd:date", "date-time": "xsd:dateTime",
             "string": "xsd:string"}
    assert all(elements[name] == kinds[field.type] for name, field in layer.fields.items())
    top = root.find(f"{XSD}element")
    assert (top.get("name"), top.get("substitutionGroup")) == (layer_id, "gml:AbstractFeature")


def test_describe_without_a_type_describes_every_type(wfs):
    root = xml(wfs(REQUEST="DescribeFeatureType"))
    assert [e.get("name") for e in root.findall(f"{XSD}element")] == type_ids()


def test_stored_queries_offer_get_feature_by_id(wfs):
    listed = xml(wfs(REQUEST="ListStoredQueries"))
    query = listed.find("wfs:StoredQuery", NS)
    assert query.get("id") == GET_FEATURE_BY_ID
    assert len(query.findall("wfs:ReturnFeatureType", NS)) == len(type_ids())
    described = xml(wfs(REQUEST="DescribeStoredQueries", STOREDQUERY_ID=GET_FEATURE_BY_ID))
    parameter = described.find("wfs:StoredQueryDescription/wfs:Parameter", NS)
    assert (parameter.get("name"), parameter.get("type")) == ("ID", "xs:string")
    assert report(wfs(REQUEST="DescribeStoredQueries", STOREDQUERY_ID="urn:nope"))[:3] == (
        400, "InvalidParameterValue", "storedQuery_Id")


def test_restricted_fields_exist_only_for_those_who_read_them(wfs, account):
    anonymous = xml(wfs(REQUEST="DescribeFeatureType", TYPENAME="grids"))
    assert "member_phone" not in {e.get("name") for e in anonymous.iter(f"{XSD}element")}
    status, code, locator, _ = report(wfs(REQUEST="GetFeature", TYPENAMES="grids", PROPERTYNAME="member_phone"))
    assert (status, code, locator) == (400, "InvalidParameterValue", "propertyName")
    _, token = account("leader")
    described = xml(wfs(bearer(token), REQUEST="DescribeFeatureType", TYPENAME="grids"))
    assert "member_phone" in {e.get("name") for e in described.iter(f"{XSD}element")}
    grid = Grid.objects.exclude(member_phone="").order_by("id").first()
    read = geojson(wfs(bearer(token), REQUEST="GetFeature", RESOURCEID=f"grids.{grid.pk}", OUTPUTFORMAT="json"))
    assert read["features"][0]["properties"]["member_phone"] == grid.member_phone


def test_a_layer_hidden_from_a_caller_is_no_type_of_its(wfs, account, redeclared):
    redeclared("incidents", read_roles=("leader",))
    assert "pd:incidents" not in feature_types(xml(wfs(REQUEST="GetCapabilities")))
    assert report(wfs(REQUEST="GetFeature", TYPENAMES="pd:incidents"))[:3] == (
        400, "InvalidParameterValue", "typeNames")
    assert report(wfs(REQUEST="DescribeFeatureType", TYPENAME="pd:incidents"))[:3] == (
        400, "InvalidParameterValue", "typeName")
    _, token = account("leader")
    assert "pd:incidents" in feature_types(xml(wfs(bearer(token), REQUEST="GetCapabilities")))
    root = xml(wfs(bearer(token), REQUEST="GetFeature", TYPENAMES="pd:incidents", RESULTTYPE="hits"))
    assert root.get("numberMatched") == str(Incident.objects.count())


def test_a_grid_scoped_reader_matches_only_its_grids(wfs, account, redeclared, grid_codes):
    redeclared("incidents", grid_scoped_roles=("grid_member",))
    _, token = account("grid_member", grids=grid_codes[:1])
    root = xml(wfs(bearer(token), REQUEST="GetFeature", TYPENAMES="incidents", PROPERTYNAME="grid_code"))
    expected = Incident.objects.filter(grid_id=grid_codes[0]).count()
    assert root.get("numberMatched") == str(expected) and len(members(root)) == expected > 0
    assert {f.findtext("pd:grid_code", namespaces=NS) for f in members(root)} == {grid_codes[0]}
    other = Incident.objects.exclude(grid_id=grid_codes[0]).exclude(grid=None).first()
    missing = wfs(bearer(token), REQUEST="GetFeature", STOREDQUERY_ID=GET_FEATURE_BY_ID, ID=f"incidents.{other.pk}")
    assert report(missing)[:2] == (404, "NotFound")


@pytest.mark.parametrize("params, status, code, locator", [
    ({"REQUEST": "GetFeature", "TYPENAMES": "pd:rivers"}, 400, "InvalidParameterValue", "typeNames"),
    ({"REQUEST": "GetFeature", "TYPENAMES": "grids", "SORTBY": "colour"}, 400, "InvalidParameterValue", "sortBy"),
    ({"REQUEST": "GetFeature", "TYPENAMES": "grids", "PROPERTYNAME": "pd:colour"}, 400, "InvalidParameterValue",
     "propertyName"),
    ({"REQUEST": "GetFeature", "TYPENAMES": "grids", "BBOX": "38,114,37,113"}, 400, "InvalidParameterValue",
     "filter"),
    ({"REQUEST": "GetFeature", "TYPENAMES": "grids", "SRSNAME": "EPSG:900913"}, 400, "InvalidParameterValue",
     "srsName"),
    ({"REQUEST": "GetFeature", "TYPENAMES": "grids", "FILTER": "<Filter"}, 400, "OperationParsingFailed", "filter"),
    ({"REQUEST": "Transaction"}, 400, "OperationNotSupported", "request"),
    ({"REQUEST": "GetFeature", "TYPENAMES": "grids", "COUNT": "9" * 40}, 400, "InvalidParameterValue", "count"),
])
def test_bad_requests_are_exception_reports_over_http(wfs, params, status, code, locator):
    answer = wfs(**params)
    assert answer["Content-Type"].startswith("application/xml")
    assert report(answer)[:3] == (status, code, locator)


@pytest.mark.parametrize("body, code", [
    (b"<wfs:GetFeature xmlns:wfs='http://www.opengis.net/wfs/2.0'><wfs:Query typeNames='grids'>", "OperationParsingFailed"),
    (b"", "MissingParameterValue"),
    (b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>]><GetCapabilities/>", "OperationParsingFailed"),
])
def test_malformed_xml_is_a_report_never_a_500(client, body, code):
    answer = client.post("/wfs", data=body, content_type="text/xml")
    assert report(answer)[:2] == (400, code)


def test_a_form_encoded_post_is_read_as_kvp(client):
    answer = client.post("/wfs", {"SERVICE": "WFS", "REQUEST": "GetFeature", "TYPENAMES": "grids",
                                  "RESULTTYPE": "hits"})
    assert xml(answer).get("numberMatched") == str(Grid.objects.count())


def test_the_readme_s_wfs_urls_answer_as_written(client):
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    urls = re.findall(r"curl -s '(http://127\.0\.0\.1:8000/wfs\?[^']+)'", readme)
    assert len(urls) == 2
    capabilities, features = (client.get(url.removeprefix("http://127.0.0.1:8000")) for url in urls)
    assert xml(capabilities).tag == f"{{{NS['wfs']}}}WFS_Capabilities"
    root = xml(features)
    assert root.get("numberReturned") == str(len(members(root))) and 0 < len(members(root)) <= 5
    assert all(f.find("pd:geometry/gml:Point", NS).get("srsName") == "urn:ogc:def:crs:EPSG::4547"
               for f in members(root) if f.find("pd:geometry/gml:Point", NS) is not None)
