"""FES 2.0 filters over the seeded county: each operator matches what the same condition matches in the ORM."""
from __future__ import annotations

import pytest
from django.contrib.gis.geos import Polygon
from django.db.models import Q

from layers.models import Component, Grid, Incident

from .conftest import geojson, report, xml

pytestmark = pytest.mark.django_db
FES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'
# A 1 km square around the county seat: EPSG:4547 easting/northing metres.
SQUARE_4547 = (466_500.0, 4_183_500.0, 467_500.0, 4_184_500.0)


def prop(operator: str, name: str, value: str, attributes: str = "") -> str:
    return (f"<fes:{operator}{attributes}><fes:ValueReference>{name}</fes:ValueReference>"
            f"<fes:Literal>{value}</fes:Literal></fes:{operator}>")


def matched(wfs, type_name: str, body: str) -> set[str]:
    document = geojson(wfs(REQUEST="GetFeature", TYPENAMES=type_name, OUTPUTFORMAT="application/json",
                           PROPERTYNAME="code", FILTER=f"<fes:Filter {FES}>{body}</fes:Filter>"))
    assert document["numberMatched"] == len(document["features"])
    return {feature["properties"]["code"] for feature in document["features"]}


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def _square() -> Polygon:
    x0, y0, x1, y1 = SQUARE_4547
    square = Polygon.from_bbox((x0, y0, x1, y1))
    square.srid = 4547
    return square


FILTERS = {
    "equal": ("components", prop("PropertyIsEqualTo", "state", "damaged"), Q(state="damaged")),
    "not-equal": ("components", prop("PropertyIsNotEqualTo", "pd:state", "intact"), ~Q(state="intact")),
    "like": ("components", prop("PropertyIsLike", "name", "上水*", ' wildCard="*" singleChar="." escapeChar="!"'),
             Q(name__startswith="上水")),
    "like-single-char": ("components", prop("PropertyIsLike", "code", "140321010100000.",
                                            ' wildCard="*" singleChar="." escapeChar="!"'),
                         Q(code__regex=r"^140321010100000.$")),
    "equal-ignoring-case": ("components", prop("PropertyIsEqualTo", "data_source", "SYNTHETIC", ' matchCase="false"'),
                            Q(data_source__iexact="synthetic")),
    "less-than-date": ("components", prop("PropertyIsLessThan", "installed_on", "2018-01-01"),
                       Q(installed_on__lt="2018-01-01")),
    "greater-or-equal": ("grids", prop("PropertyIsGreaterThanOrEqualTo", "households", "300"), Q(households__gte=300)),
    "between": ("grids", "<fes:PropertyIsBetween><fes:ValueReference>households</fes:ValueReference>"
                "<fes:LowerBoundary><fes:Literal>100</fes:Literal></fes:LowerBoundary><fes:UpperBoundary>"
                "<fes:Literal>400</fes:Literal></fes:UpperBoundary></fes:PropertyIsBetween>",
                Q(households__gte=100, households__lte=400)),
    "null": ("incidents", "<fes:PropertyIsNull><fes:ValueReference>closed_at</fes:ValueReference>"
             "</fes:PropertyIsNull>", Q(closed_at=None)),
    "and-or-not": ("components", "<fes:Or><fes:And>" + prop("PropertyIsEqualTo", "state", "intact")
                   + prop("PropertyIsLike", "name", "%井盖%", ' wildCard="%" singleChar="_" escapeChar="\\"')
                   + "</fes:And><fes:Not>" + prop("PropertyIsNotEqualTo", "state", "missing") + "</fes:Not></fes:Or>",
                   (Q(state="intact") & Q(name__contains="井盖")) | Q(state="missing")),
}


@pytest.mark.parametrize("case", FILTERS)
def test_a_filter_matches_what_the_orm_matches(wfs, case):
    type_name, body, condition = FILTERS[case]
    model = {"components": Component, "grids": Grid, "incidents": Incident}[type_name]
    expected = codes(model.objects.filter(condition))
    assert expected, f"the seeded county has no row for {case}: the test would prove nothing"
    assert matched(wfs, type_name, body) == expected


@pytest.mark.parametrize("envelope", [
    # urn EPSG::4547: northing first
    '<gml:Envelope srsName="urn:ogc:def:crs:EPSG::4547"><gml:lowerCorner>{y0} {x0}</gml:lowerCorner>'
    "<gml:upperCorner>{y1} {x1}</gml:upperCorner></gml:Envelope>",
    # EPSG:4547: easting first
    '<gml:Envelope srsName="EPSG:4547"><gml:lowerCorner>{x0} {y0}</gml:lowerCorner>'
    "<gml:upperCorner>{x1} {y1}</gml:upperCorner></gml:Envelope>",
])
def test_bbox_and_intersects_read_the_crs_axis_order(wfs, envelope):
    x0, y0, x1, y1 = SQUARE_4547
    square = _square().transform(4490, clone=True)
    expected = codes(Component.objects.filter(geom__intersects=square))
    assert expected
    box = envelope.format(x0=x0, y0=y0, x1=x1, y1=y1)
    assert matched(wfs, "components", f"<fes:BBOX><fes:ValueReference>geometry</fes:ValueReference>{box}</fes:BBOX>") \
        == expected
    polygon = (f'<gml:Polygon srsName="urn:ogc:def:crs:EPSG::4547"><gml:exterior><gml:LinearRing><gml:posList>'
               f"{y0} {x0} {y0} {x1} {y1} {x1} {y1} {x0} {y0} {x0}</gml:posList></gml:LinearRing></gml:exterior>"
               "</gml:Polygon>")
    assert matched(wfs, "components", f"<fes:Intersects><fes:ValueReference>geometry</fes:ValueReference>{polygon}"
                                      "</fes:Intersects>") == expected
    assert matched(wfs, "components", f"<fes:Within><fes:ValueReference>geometry</fes:ValueReference>{polygon}"
                                      "</fes:Within>") == expected  # points: within is intersects


def test_the_kvp_bbox_defaults_to_latitude_first_cgcs2000(wfs):
    square = _square().transform(4490, clone=True)
    lon0, lat0, lon1, lat1 = square.extent
    expected = Component.objects.filter(geom__bboverlaps=square.envelope).count()
    root = xml(wfs(REQUEST="GetFeature", TYPENAMES="components", RESULTTYPE="hits", BBOX=f"{lat0},{lon0},{lat1},{lon1}"))
    assert int(root.get("numberMatched")) == expected > 0


def test_an_everything_box_is_clamped_to_the_crs(wfs):
    root = xml(wfs(REQUEST="GetFeature", TYPENAMES="components", RESULTTYPE="hits",
                   BBOX="-100000000,-100000000,100000000,100000000,urn:ogc:def:crs:EPSG::4547"))
    assert root.get("numberMatched") == str(Component.objects.count())
    far = xml(wfs(REQUEST="GetFeature", TYPENAMES="components", RESULTTYPE="hits",
                  BBOX="1e8,1e8,2e8,2e8,urn:ogc:def:crs:EPSG::4547"))
    assert far.get("numberMatched") == "0"


def test_resource_ids_select_their_features_of_the_type(wfs):
    first, second = Component.objects.order_by("id")[:2]
    body = f'<fes:ResourceId rid="components.{first.pk}"/><fes:ResourceId rid="components.{second.pk}"/>' \
           '<fes:ResourceId rid="grids.1"/>'
    assert matched(wfs, "components", body) == {first.code, second.code}


@pytest.mark.parametrize("body, text", [
    (prop("PropertyIsEqualTo", "colour", "red"), "no property 'colour'"),
    (prop("PropertyIsEqualTo", "installed_on", "yesterday"), "type date"),
    ("<fes:BBOX><fes:ValueReference>name</fes:ValueReference><gml:Envelope><gml:lowerCorner>0 0</gml:lowerCorner>"
     "<gml:upperCorner>1 1</gml:upperCorner></gml:Envelope></fes:BBOX>", "geometry property"),
    ('<fes:Intersects><gml:Point srsName="urn:ogc:def:crs:EPSG::4547"><gml:pos>1e12 1e12</gml:pos></gml:Point>'
     "</fes:Intersects>", "4547"),
    ('<fes:Intersects><gml:Point srsName="urn:ogc:def:crs:EPSG::4490"><gml:pos>137 300</gml:pos></gml:Point>'
     "</fes:Intersects>", "lat"),
    ('<fes:BBOX><gml:Envelope srsName="urn:ogc:def:crs:EPSG::4490"><gml:lowerCorner>38 114</gml:lowerCorner>'
     "<gml:upperCorner>37 113</gml:upperCorner></gml:Envelope></fes:BBOX>", "lowerCorner is above"),
    ("<fes:PropertyIsLike><fes:ValueReference>name</fes:ValueReference><fes:Literal>a</fes:Literal>"
     '</fes:PropertyIsLike><fes:PropertyIsNull><fes:ValueReference>name</fes:ValueReference></fes:PropertyIsNull>',
     "exactly one operator"),
])
def test_a_bad_filter_is_an_exception_report_naming_the_filter(wfs, body, text):
    answer = wfs(REQUEST="GetFeature", TYPENAMES="components", FILTER=f"<fes:Filter {FES}>{body}</fes:Filter>")
    status, code, locator, message = report(answer)
    assert (status, code, locator) == (400, "InvalidParameterValue", "filter")
    assert text in message
