"""Reading WFS requests: KVP and XML to the same typed requests, filters to their tree; no database."""
from __future__ import annotations

import pytest

from layers.wfs import fes
from layers.wfs import requests as r
from layers.wfs.crs import parse_srs_name
from layers.wfs.exceptions import WfsError
from layers.wfs.filters import like_pattern
from layers.wfs.kvp import parse_kvp
from layers.wfs.names import GET_FEATURE_BY_ID
from layers.wfs.xmlrequests import parse_body, parse_filter_text

FES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'


def kvp(**params: str) -> r.Request:
    return parse_kvp({key: [value] for key, value in {"service": "WFS", **params}.items()})


@pytest.mark.parametrize("name, axis, srid, written", [
    ("urn:ogc:def:crs:EPSG::4490", "latlon", 4490, "urn:ogc:def:crs:EPSG::4490"),
    ("urn:ogc:def:crs:EPSG:6.9:4326", "latlon", 4326, "urn:ogc:def:crs:EPSG::4326"),
    ("http://www.opengis.net/def/crs/EPSG/0/4547", "ne", 4547, "urn:ogc:def:crs:EPSG::4547"),
    ("urn:ogc:def:crs:EPSG::4526", "ne", 4526, "urn:ogc:def:crs:EPSG::4526"),
    ("urn:ogc:def:crs:EPSG::3857", "en", 3857, "urn:ogc:def:crs:EPSG::3857"),
    ("EPSG:4490", "lonlat", 4490, "EPSG:4490"),
    ("EPSG:4547", "en", 4547, "EPSG:4547"),
    ("http://www.opengis.net/gml/srs/epsg.xml#4326", "lonlat", 4326, "EPSG:4326"),
])
def test_a_crs_name_says_its_axis_order(name, axis, srid, written):
    crs = parse_srs_name(name, "srsName")
    assert (crs.info.axis, crs.srid, crs.name) == (axis, srid, written)


@pytest.mark.parametrize("name", ["EPSG:2000", "urn:ogc:def:crs:EPSG::32650", "CRS84", "GCJ02", ""])
def test_a_crs_not_served_is_invalid(name):
    with pytest.raises(WfsError) as error:
        parse_srs_name(name, "srsName")
    assert (error.value.code, error.value.locator) == ("InvalidParameterValue", "srsName")


def test_kvp_names_are_case_insensitive_and_lists_split():
    wanted = parse_kvp({"Service": ["WFS"], "request": ["GetFeature"], "TypeNames": ["pd:components,pd:grids"],
                        "count": ["5"], "startIndex": ["10"], "sortBy": ["code DESC,name"],
                        "propertyName": ["(code,geometry)(name)"], "outputFormat": ["application/json"]})
    assert isinstance(wanted, r.GetFeature)
    assert [q.type_names for q in wanted.queries] == [("pd:components",), ("pd:grids",)]
    assert [q.property_names for q in wanted.queries] == [("code", "geometry"), ("name",)]
    assert wanted.queries[0].sortby == (("code", True), ("name", False))
    assert (wanted.count, wanted.start_index, wanted.output_format, wanted.hits) == (5, 10, r.GEOJSON, False)


def test_kvp_bbox_is_a_bbox_filter_in_the_named_crs():
    wanted = kvp(request="GetFeature", typenames="components", bbox="37.7,113.5,37.9,113.7,urn:ogc:def:crs:EPSG::4490")
    node = wanted.queries[0].filter
    assert isinstance(node, fes.Spatial) and node.operator == "BBOX"
    assert node.geometry.parts == ((37.7, 113.5), (37.9, 113.7))
    assert node.geometry.srs_name == "urn:ogc:def:crs:EPSG::4490"


def test_resource_ids_name_their_types():
    wanted = kvp(request="GetFeature", resourceid="components.3,grids.7")
    assert [q.type_names for q in wanted.queries] == [("components",), ("grids",)]
    assert wanted.queries[0].filter == fes.ResourceIds((("components", 3), ("grids", 7)))


def test_get_feature_by_id_is_one_query_of_the_ids_type():
    wanted = kvp(request="GetFeature", storedquery_id=GET_FEATURE_BY_ID, id="grids.12")
    assert wanted.feature_id == "grids.12"
    assert wanted.queries[0].type_names == ("grids",)
    assert wanted.queries[0].filter == fes.ResourceIds((("grids", 12),))


def test_xml_and_kvp_read_to_the_same_request():
    body = f"""<?xml version="1.0"?>
    <wfs:GetFeature xmlns:wfs="http://www.opengis.net/wfs/2.0" {FES} service="WFS" version="2.0.0" count="3"
        startIndex="2" resultType="hits" outputFormat="application/json">
      <wfs:Query typeNames="pd:components" srsName="urn:ogc:def:crs:EPSG::4547">
        <wfs:PropertyName>code</wfs:PropertyName>
        <fes:Filter><fes:PropertyIsEqualTo><fes:ValueReference>state</fes:ValueReference>
          <fes:Literal>intact</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>
        <fes:SortBy><fes:SortProperty><fes:ValueReference>code</fes:ValueReference><fes:SortOrder>DESC</fes:SortOrder>
        </fes:SortProperty></fes:SortBy>
      </wfs:Query>
    </wfs:GetFeature>"""
    from_xml = parse_body(body.encode())
    from_kvp = kvp(request="GetFeature", version="2.0.0", typenames="pd:components", count="3", startindex="2",
                   resulttype="hits", outputformat="application/json", srsname="urn:ogc:def:crs:EPSG::4547",
                   propertyname="code", sortby="code DESC",
                   filter=f"<fes:Filter {FES}><fes:PropertyIsEqualTo><fes:ValueReference>state</fes:ValueReference>"
                          "<fes:Literal>intact</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>")
    assert from_xml == from_kvp


def test_a_filter_reads_to_its_tree():
    node = parse_filter_text(f"""<fes:Filter {FES}><fes:Or>
        <fes:And>
          <fes:PropertyIsLike wildCard="%" singleChar="?" escapeChar="\\" matchCase="false">
            <fes:ValueReference>pd:name</fes:ValueReference><fes:Literal>井盖%</fes:Literal></fes:PropertyIsLike>
          <fes:Not><fes:PropertyIsNull><fes:ValueReference>grid_code</fes:ValueReference></fes:PropertyIsNull></fes:Not>
        </fes:And>
        <fes:PropertyIsBetween><fes:ValueReference>households</fes:ValueReference>
          <fes:LowerBoundary><fes:Literal>1</fes:Literal></fes:LowerBoundary>
          <fes:UpperBoundary><fes:Literal>9</fes:Literal></fes:UpperBoundary></fes:PropertyIsBetween>
        <fes:PropertyIsLessThan><fes:Literal>5</fes:Literal><fes:ValueReference>floors</fes:ValueReference>
        </fes:PropertyIsLessThan>
        <fes:Intersects><fes:ValueReference>geometry</fes:ValueReference>
          <gml:Point srsName="EPSG:4547"><gml:pos>468000 4184000</gml:pos></gml:Point></fes:Intersects>
      </fes:Or></fes:Filter>""")
    like, not_null = node.operands[0].operands
    assert like == fes.Like("pd:name", "井盖%", "%", "?", "\\", match_case=False)
    assert not_null == fes.Not(fes.IsNull("grid_code"))
    assert node.operands[1] == fes.Between("households", "1", "9")
    assert node.operands[2] == fes.Comparison(">", "floors", "5")  # 5 < floors: floors > 5
    assert node.operands[3].geometry.parts == ((468000.0, 4184000.0),) and node.operands[3].name == "geometry"


@pytest.mark.parametrize("pattern, expected", [
    ("井盖*", "井盖%"), ("a.c", "a_c"), ("100%", "100\\%"), ("a_b*", "a\\_b%"), ("!*star", "*star"),
    ("back\\slash", "back\\\\slash"),
])
def test_like_patterns_become_sql_like_with_the_specials_escaped(pattern, expected):
    assert like_pattern(fes.Like("name", pattern)) == expected


@pytest.mark.parametrize("params, code, locator", [
    ({}, "MissingParameterValue", "request"),
    ({"request": "GetFeature", "service": ""}, "InvalidParameterValue", "service"),
    ({"request": "Fly"}, "InvalidParameterValue", "request"),
    ({"request": "Transaction"}, "OperationNotSupported", "request"),
    ({"request": "GetCapabilities", "acceptversions": "1.1.0,1.0.0"}, "VersionNegotiationFailed", "acceptVersions"),
    ({"request": "GetFeature", "version": "1.1.0", "typenames": "components"}, "InvalidParameterValue", "version"),
    ({"request": "GetFeature"}, "MissingParameterValue", "typeNames"),
    ({"request": "GetFeature", "typenames": "a", "count": "-1"}, "InvalidParameterValue", "count"),
    ({"request": "GetFeature", "typenames": "a", "startindex": "x"}, "InvalidParameterValue", "startIndex"),
    ({"request": "GetFeature", "typenames": "a", "resulttype": "all"}, "InvalidParameterValue", "resultType"),
    ({"request": "GetFeature", "typenames": "a", "outputformat": "shape-zip"}, "InvalidParameterValue",
     "outputFormat"),
    ({"request": "GetFeature", "typenames": "a", "bbox": "1,2,3"}, "InvalidParameterValue", "bbox"),
    ({"request": "GetFeature", "typenames": "a", "bbox": "1,2,3,x"}, "InvalidParameterValue", "bbox"),
    ({"request": "GetFeature", "typenames": "a", "bbox": "1,2,3,4,EPSG:9999"}, "InvalidParameterValue", "bbox"),
    ({"request": "GetFeature", "typenames": "a", "bbox": "1,2,3,4", "resourceid": "a.1"}, "InvalidParameterValue",
     "resourceid"),
    ({"request": "GetFeature", "typenames": "a", "srsname": "EPSG:27700"}, "InvalidParameterValue", "srsName"),
    ({"request": "GetFeature", "typenames": "a", "filter": "<fes:Filter>"}, "OperationParsingFailed", "filter"),
    ({"request": "GetFeature", "typenames": "a", "filter": "<Filter><Beyond/></Filter>"}, "InvalidParameterValue",
     "filter"),
    ({"request": "GetFeature", "typenames": "a", "resourceid": "a.b"}, "InvalidParameterValue", "resourceId"),
    ({"request": "GetFeature", "typenames": "a,b", "propertyname": "(a)"}, "InvalidParameterValue", "propertyName"),
    ({"request": "GetFeature", "typenames": "a", "sortby": "code SIDEWAYS"}, "InvalidParameterValue", "sortBy"),
    ({"request": "GetFeature", "storedquery_id": "urn:x"}, "InvalidParameterValue", "storedQuery_Id"),
    ({"request": "GetFeature", "storedquery_id": GET_FEATURE_BY_ID}, "MissingParameterValue", "id"),
    ({"request": "GetFeature", "storedquery_id": GET_FEATURE_BY_ID, "id": "12"}, "InvalidParameterValue", "id"),
    ({"request": "DescribeFeatureType", "outputformat": "application/json"}, "InvalidParameterValue", "outputFormat"),
])
def test_bad_kvp_names_the_parameter(params, code, locator):
    with pytest.raises(WfsError) as error:
        kvp(**params)
    assert (error.value.code, error.value.locator) == (code, locator)


@pytest.mark.parametrize("text, code, locator", [
    (b"<wfs:GetFeature", "OperationParsingFailed", "request"),
    (b"\xff\xfe<a/>", "OperationParsingFailed", "request"),
    (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><GetFeature/>', "OperationParsingFailed", "request"),
    (b"<Transaction/>", "MissingParameterValue", "Transaction"),
    (b"<LockFeature/>", "OperationNotSupported", "LockFeature"),
    (b"<Teleport/>", "InvalidParameterValue", "request"),
    (b"<GetFeature/>", "MissingParameterValue", "Query"),
    (b"<GetFeature><Query/></GetFeature>", "MissingParameterValue", "typeNames"),
    (b'<GetFeature><Query typeNames="a b"/></GetFeature>', "InvalidParameterValue", "typeNames"),
    (b'<GetFeature><Query typeNames="a"><Filter><And><PropertyIsNull><ValueReference>x</ValueReference>'
     b"</PropertyIsNull></And></Filter></Query></GetFeature>", "InvalidParameterValue", "filter"),
    (b'<GetFeature><Query typeNames="a"><Filter><BBOX><Envelope><lowerCorner>1</lowerCorner>'
     b"<upperCorner>2 3</upperCorner></Envelope></BBOX></Filter></Query></GetFeature>", "InvalidParameterValue",
     "filter"),
    (b'<GetFeature><Query typeNames="a"><Filter><Intersects><Polygon><exterior><LinearRing><posList>0 0 1 0 1 1'
     b"</posList></LinearRing></exterior></Polygon></Intersects></Filter></Query></GetFeature>",
     "InvalidParameterValue", "filter"),
    (b'<GetFeature><Query typeNames="a"><Filter><Intersects><Point><pos>1 nan</pos></Point></Intersects></Filter>'
     b"</Query></GetFeature>", "InvalidParameterValue", "filter"),
    (b'<GetFeature><StoredQuery id="urn:x"/></GetFeature>', "InvalidParameterValue", "StoredQuery"),
    (b'<GetFeature><Query typeNames="a"><Filter><Intersects>' + b"<MultiSurface><surfaceMember>" * 3000
     + b"<Point><pos>1 2</pos></Point>" + b"</surfaceMember></MultiSurface>" * 3000
     + b"</Intersects></Filter></Query></GetFeature>", "InvalidParameterValue", "filter"),
    (b'<GetFeature><Query typeNames="a"><Filter>' + b"<Not>" * 5000 + b"<PropertyIsNull><ValueReference>x"
     b"</ValueReference></PropertyIsNull>" + b"</Not>" * 5000 + b"</Filter></Query></GetFeature>",
     "InvalidParameterValue", "filter"),
])
def test_bad_xml_names_the_element(text, code, locator):
    with pytest.raises(WfsError) as error:
        parse_body(text)
    assert (error.value.code, error.value.locator) == (code, locator)
