"""A layer of mixed geometry (components) is also served as one type per kind of geometry, so a desktop GIS that
takes one geometry type per layer reads and edits each kind: ``pd:components_point``, ``_line``, ``_polygon``."""
from __future__ import annotations

import pytest
from django.db import connection

from layers.models import Component
from tests.accounts.conftest import account, bearer  # noqa: F401 (fixtures)

from .conftest import NS, report, xml
from .test_transaction import HEAD, TAIL, summary

pytestmark = pytest.mark.django_db
KINDS = {"point": "POINT", "line": "LINESTRING", "polygon": "POLYGON"}


def count_of(kind: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM layers_component WHERE GeometryType(geom) = %s", [kind])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_s_type_holds_exactly_its_features(wfs, kind):
    answer = wfs(REQUEST="GetFeature", TYPENAMES=f"pd:components_{kind}", RESULTTYPE="hits")
    assert xml(answer).get("numberMatched") == str(count_of(KINDS[kind])) != "0"


def test_the_kinds_are_described_with_their_geometry_type(wfs):
    schema = xml(wfs(REQUEST="DescribeFeatureType", TYPENAMES="pd:components_line,pd:components_polygon"))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    types = {t.get("name"): t for t in schema.iter(f"{xs}complexType")}
    geometry = {name: next(e.get("type") for e in t.iter(f"{xs}element") if e.get("name") == "geometry")
                for name, t in types.items()}
    assert geometry == {"components_lineType": "gml:CurvePropertyType",
                        "components_polygonType": "gml:SurfacePropertyType"}


def test_a_kind_s_type_takes_only_its_kind_and_edits_the_layer(wfs_post, account):
    _, token = account("gis_editor")
    line = Component.objects.extra(where=["GeometryType(geom) = 'LINESTRING'"]).order_by("pk").first()
    (x1, y1), (x2, y2) = line.geom.coords[0], line.geom.coords[-1]
    moved = (f'<gml:LineString srsName="EPSG:4490"><gml:posList>{x1 + 0.0001!r} {y1!r} {x2 + 0.0001!r} {y2!r}'
             "</gml:posList></gml:LineString>")
    update = (f'<wfs:Update typeName="pd:components_line"><wfs:Property><wfs:ValueReference>geometry'
              f"</wfs:ValueReference><wfs:Value>{moved}</wfs:Value></wfs:Property>"
              f'<fes:Filter><fes:ResourceId rid="components.{line.pk}"/></fes:Filter></wfs:Update>')
    assert summary(wfs_post(HEAD + update + TAIL, bearer(token))) == {
        "totalInserted": 0, "totalUpdated": 1, "totalReplaced": 0, "totalDeleted": 0}
    line.refresh_from_db()
    assert line.geom.coords[0][0] == pytest.approx(x1 + 0.0001)
    point = '<gml:Point srsName="EPSG:4490"><gml:pos>113.62 37.79</gml:pos></gml:Point>'
    wrong = (f'<wfs:Update typeName="pd:components_line"><wfs:Property><wfs:ValueReference>geometry'
             f"</wfs:ValueReference><wfs:Value>{point}</wfs:Value></wfs:Property>"
             f'<fes:Filter><fes:ResourceId rid="components.{line.pk}"/></fes:Filter></wfs:Update>')
    refused = wfs_post(HEAD + wrong + TAIL, bearer(token))
    assert refused.status_code == 400 and "Point" in report(refused)[3]
    a_point = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk").first()
    other_kind = (f'<wfs:Delete typeName="pd:components_line"><fes:Filter><fes:ResourceId rid="components.{a_point.pk}"/>'
                  "</fes:Filter></wfs:Delete>")
    assert summary(wfs_post(HEAD + other_kind + TAIL, bearer(token)))["totalDeleted"] == 0
    assert Component.objects.filter(pk=a_point.pk).exists()
