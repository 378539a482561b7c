"""Transaction on the seeded county: Insert, Update, Replace and Delete through the editing services, in one
database transaction, with the history naming the writer and the path ``wfs``; refusals as exception reports."""
from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Point
from django.db import connection

from layers.models import Component, Grid
from tests.accounts.conftest import account, bearer  # noqa: F401 (fixtures)
from tests.layers.topology.test_rules import _polygons, neighbours

from .conftest import NS, report, xml

pytestmark = pytest.mark.django_db
HEAD = ('<wfs:Transaction xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0" '
        'xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:pd="urn:pingding:wfs" service="WFS" version="2.0.0">')
TAIL = "</wfs:Transaction>"


@pytest.fixture
def editor(account):
    user, token = account("gis_editor")
    return user, bearer(token)


def component() -> Component:
    return Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[3]


def history(fid: int, layer: str = "components") -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT operation, path, actor_name FROM layers_history WHERE layer = %s AND feature_id = %s"
                       " ORDER BY version", [layer, fid])
        return cursor.fetchall()


def point_4547(lon: float, lat: float) -> str:
    """A gml:Point in urn EPSG::4547: northing first."""
    x, y = Point(lon, lat, srid=4490).transform(4547, clone=True).coords
    return f'<gml:Point srsName="urn:ogc:def:crs:EPSG::4547"><gml:pos>{y!r} {x!r}</gml:pos></gml:Point>'


def rid(feature) -> str:
    return f'<fes:Filter><fes:ResourceId rid="components.{feature.pk}"/></fes:Filter>'


def post(wfs_post, body: str, headers: dict | None = None):
    return wfs_post(HEAD + body + TAIL, headers)


def summary(answer) -> dict[str, int]:
    root = xml(answer)
    assert root.tag == f"{{{NS['wfs']}}}TransactionResponse", answer.content[:500]
    return {child.tag.split("}")[1]: int(child.text) for child in root.find("wfs:TransactionSummary", NS)}


def test_insert_in_gauss_kruger_lands_where_meant_with_its_history(wfs_post, editor):
    user, headers = editor
    template = component()
    lon, lat = template.geom.x + 0.0002, template.geom.y + 0.0001
    code = template.code[:10] + "999998"
    body = (f"<wfs:Insert><pd:components><pd:geometry>{point_4547(lon, lat)}</pd:geometry>"
            f"<pd:code>{code}</pd:code><pd:category_code>{template.category_id}</pd:category_code>"
            "<pd:name>新井盖</pd:name><pd:supervising_department>住建局</pd:supervising_department>"
            "<pd:owner_department>自来水公司</pd:owner_department>"
            "<pd:maintainer_department>自来水公司</pd:maintainer_department></pd:components></wfs:Insert>")
    answer = post(wfs_post, body, headers)
    assert answer.status_code == 200, answer.content
    assert summary(answer) == {"totalInserted": 1, "totalUpdated": 0, "totalReplaced": 0, "totalDeleted": 0}
    created = Component.objects.get(code=code)
    rids = [r.get("rid") for r in xml(answer).findall("wfs:InsertResults/wfs:Feature/fes:ResourceId", NS)]
    assert rids == [f"components.{created.pk}"]
    assert created.geom.x == pytest.approx(lon, abs=1e-7) and created.geom.y == pytest.approx(lat, abs=1e-7)
    assert created.grid_id == template.grid_id and created.name == "新井盖"
    assert history(created.pk) == [("insert", "wfs", user.username)]


def test_update_moves_and_changes_attributes_of_the_filtered_features(wfs_post, editor):
    user, headers = editor
    target = component()
    lon, lat = target.geom.x + 0.0003, target.geom.y - 0.0002
    state = "damaged" if target.state != "damaged" else "missing"
    body = (f'<wfs:Update typeName="pd:components"><wfs:Property><wfs:ValueReference>state</wfs:ValueReference>'
            f"<wfs:Value>{state}</wfs:Value></wfs:Property><wfs:Property><wfs:ValueReference>geometry"
            f"</wfs:ValueReference><wfs:Value>{point_4547(lon, lat)}</wfs:Value></wfs:Property>{rid(target)}"
            "</wfs:Update>")
    answer = post(wfs_post, body, headers)
    assert summary(answer)["totalUpdated"] == 1
    target.refresh_from_db()
    assert target.state == state
    assert target.geom.x == pytest.approx(lon, abs=1e-7) and target.geom.y == pytest.approx(lat, abs=1e-7)
    assert history(target.pk)[-1] == ("update", "wfs", user.username)


def test_delete_and_replace(wfs_post, editor):
    user, headers = editor
    first, second = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[5:7]
    replace = (f"<wfs:Replace><pd:components><pd:geometry>{point_4547(second.geom.x, second.geom.y)}</pd:geometry>"
               f"<pd:code>{second.code}</pd:code><pd:category_code>{second.category_id}</pd:category_code>"
               "<pd:name>换过的</pd:name><pd:supervising_department>住建局</pd:supervising_department>"
               f"<pd:owner_department>{second.owner_department}</pd:owner_department>"
               f"<pd:maintainer_department>{second.maintainer_department}</pd:maintainer_department>"
               f"</pd:components>{rid(second)}</wfs:Replace>")
    answer = post(wfs_post, f'<wfs:Delete typeName="pd:components">{rid(first)}</wfs:Delete>{replace}', headers)
    assert summary(answer) == {"totalInserted": 0, "totalUpdated": 0, "totalReplaced": 1, "totalDeleted": 1}
    assert not Component.objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert second.name == "换过的" and second.installed_on is None  # replaced: what was not sent is its default
    assert history(first.pk)[-1] == ("delete", "wfs", user.username)
    assert history(second.pk)[-1] == ("update", "wfs", user.username)


def test_a_refused_action_undoes_the_whole_transaction(wfs_post, editor):
    _, headers = editor
    first, second = Component.objects.order_by("pk")[:2]
    before = history(first.pk)
    body = (f'<wfs:Delete typeName="pd:components">{rid(first)}</wfs:Delete>'
            f'<wfs:Update typeName="pd:components" handle="paint it"><wfs:Property><wfs:ValueReference>colour'
            f"</wfs:ValueReference><wfs:Value>red</wfs:Value></wfs:Property>{rid(second)}</wfs:Update>")
    answer = post(wfs_post, body, headers)
    status, code, locator, text = report(answer)
    assert (status, code, locator) == (400, "InvalidParameterValue", "paint it") and "colour" in text
    assert Component.objects.filter(pk=first.pk).exists()
    assert history(first.pk) == before


@pytest.mark.parametrize("role", ["leader", "reporter"])
def test_a_reader_may_not_write(wfs_post, account, role):
    _, token = account(role)
    target = component()
    answer = post(wfs_post, f'<wfs:Delete typeName="pd:components">{rid(target)}</wfs:Delete>', bearer(token))
    assert report(answer)[:2] == (403, "OperationProcessingFailed")
    assert Component.objects.filter(pk=target.pk).exists()


def test_a_grid_member_changes_only_its_grids(wfs_post, account):
    target = component()
    other = Grid.objects.exclude(code=target.grid_id).order_by("code").first()
    _, token = account("grid_member", grids=[other.code])
    body = (f'<wfs:Update typeName="pd:components"><wfs:Property><wfs:ValueReference>name</wfs:ValueReference>'
            f"<wfs:Value>改名</wfs:Value></wfs:Property>{rid(target)}</wfs:Update>")
    status, code, _, text = report(post(wfs_post, body, bearer(token)))
    assert (status, code) == (403, "OperationProcessingFailed") and other.code in text
    target.refresh_from_db()
    assert target.name != "改名"


def test_an_anonymous_transaction_is_told_to_authenticate(wfs_post):
    answer = post(wfs_post, f'<wfs:Delete typeName="pd:components">{rid(component())}</wfs:Delete>')
    assert report(answer)[:3] == (401, "NotAuthenticated", "Authorization")
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_an_invalid_geometry_is_refused_with_its_reason(wfs_post, editor):
    _, headers = editor
    grid = Grid.objects.order_by("pk").first()
    ring = "37.80 113.60 37.81 113.61 37.80 113.61 37.81 113.60 37.80 113.60"  # a bow tie, lat/lon
    body = (f'<wfs:Update typeName="pd:grids"><wfs:Property><wfs:ValueReference>geometry</wfs:ValueReference>'
            '<wfs:Value><gml:Polygon srsName="urn:ogc:def:crs:EPSG::4490"><gml:exterior><gml:LinearRing>'
            f"<gml:posList>{ring}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></wfs:Value>"
            f'</wfs:Property><fes:Filter><fes:ResourceId rid="grids.{grid.pk}"/></fes:Filter></wfs:Update>')
    status, code, _, text = report(post(wfs_post, body, headers))
    assert status == 400 and "Self-intersection" in text


def test_capabilities_offer_transaction_to_editors_only(wfs, editor):
    def offered(headers=None):
        root = xml(wfs(headers, REQUEST="GetCapabilities"))
        names = {op.get("name") for op in root.findall("ows:OperationsMetadata/ows:Operation", NS)}
        flag = root.find("ows:OperationsMetadata/ows:Constraint[@name='ImplementsTransactionalWFS']/ows:DefaultValue",
                         NS).text
        return "Transaction" in names, flag

    assert offered() == (False, "FALSE")
    assert offered(editor[1]) == (True, "TRUE")


WFS1 = ('<Transaction xmlns="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml" '
        'xmlns:ogc="http://www.opengis.net/ogc" service="WFS" version="{version}">{body}</Transaction>')


def test_a_wfs_1_0_transaction_as_qgis_3_22_writes_it(wfs_post, editor):
    """GML 2 coordinates in x/y order whatever the srsName, ogc:FeatureId filters, the WFS 1.0.0 answer."""
    user, headers = editor
    template = component()
    lon, lat = template.geom.x + 0.0001, template.geom.y + 0.0001
    x, y = Point(lon, lat, srid=4490).transform(4547, clone=True).coords
    code = template.code[:10] + "999996"
    insert = (f'<Insert><components xmlns="urn:pingding:wfs"><code>{code}</code><category_code>{template.category_id}'
              "</category_code><name>一号</name><supervising_department>住建局</supervising_department>"
              "<owner_department>自来水公司</owner_department><maintainer_department>自来水公司"
              '</maintainer_department><geometry><gml:Point srsName="urn:ogc:def:crs:EPSG::4547">'
              f'<gml:coordinates ts=" " cs=",">{x!r},{y!r}</gml:coordinates></gml:Point></geometry></components>'
              "</Insert>")
    answer = wfs_post(WFS1.format(version="1.0.0", body=insert), headers)
    root = xml(answer)
    wfs1 = "{http://www.opengis.net/wfs}"
    assert root.tag == f"{wfs1}WFS_TransactionResponse"
    assert root.find(f"{wfs1}TransactionResult/{wfs1}Status/{wfs1}SUCCESS") is not None
    created = Component.objects.get(code=code)
    fid = root.find(f"{wfs1}InsertResult/{{http://www.opengis.net/ogc}}FeatureId").get("fid")
    assert fid == f"components.{created.pk}"
    assert created.geom.x == pytest.approx(lon, abs=1e-7) and created.geom.y == pytest.approx(lat, abs=1e-7)
    update = (f'<Update typeName="pd:components" xmlns:pd="urn:pingding:wfs"><Property><Name>pd:installed_on</Name>'
              f'</Property><Property><Name>pd:name</Name><Value>二号</Value></Property>'
              f'<ogc:Filter><ogc:FeatureId fid="{fid}"/></ogc:Filter></Update>')
    root = xml(wfs_post(WFS1.format(version="1.0.0", body=update), headers))
    assert root.find(f"{wfs1}TransactionResult/{wfs1}Status/{wfs1}SUCCESS") is not None
    created.refresh_from_db()
    assert (created.name, created.installed_on) == ("二号", None)
    assert [row[:2] for row in history(created.pk)] == [("insert", "wfs"), ("update", "wfs")]


def test_a_refused_wfs_1_0_transaction_fails_with_its_reason(wfs_post, editor):
    _, headers = editor
    target = component()
    update = (f'<Update typeName="components"><Property><Name>state</Name><Value>broken</Value></Property>'
              f'<ogc:Filter><ogc:FeatureId fid="components.{target.pk}"/></ogc:Filter></Update>')
    answer = wfs_post(WFS1.format(version="1.0.0", body=update), headers)
    assert answer.status_code == 200
    wfs1 = "{http://www.opengis.net/wfs}"
    result = xml(answer).find(f"{wfs1}TransactionResult")
    assert result.find(f"{wfs1}Status/{wfs1}FAILED") is not None
    assert "state" in result.findtext(f"{wfs1}Message")
    target.refresh_from_db()
    assert target.state != "broken"


def test_a_wfs_1_1_transaction_is_answered_in_wfs_1_1(wfs_post, editor):
    _, headers = editor
    target = component()
    delete = f'<Delete typeName="components"><ogc:Filter><ogc:GmlObjectId gml:id="components.{target.pk}"/>' \
             "</ogc:Filter></Delete>"
    root = xml(wfs_post(WFS1.format(version="1.1.0", body=delete), headers))
    wfs1 = "{http://www.opengis.net/wfs}"
    assert root.tag == f"{wfs1}TransactionResponse" and root.findtext(f"{wfs1}TransactionSummary/{wfs1}totalDeleted") == "1"
    assert not Component.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("value, text", [
    ('<gml:Point><gml:pos>1 2</gml:pos></gml:Point>', "Only geometry takes a geometry"),
    ("many", "must be integer"),
])
def test_a_value_of_the_wrong_kind_is_refused(wfs_post, editor, value, text):
    grid = Grid.objects.order_by("pk").first()
    body = (f'<wfs:Update typeName="pd:grids"><wfs:Property><wfs:ValueReference>households</wfs:ValueReference>'
            f'<wfs:Value>{value}</wfs:Value></wfs:Property><fes:Filter><fes:ResourceId rid="grids.{grid.pk}"/>'
            "</fes:Filter></wfs:Update>")
    status, code, _, message = report(post(wfs_post, body, editor[1]))
    assert (status, code) == (400, "InvalidParameterValue") and text in message


def _multisurface(geometry) -> str:
    """A MultiPolygon as GML 3.2 in EPSG:4490 x/y order, every coordinate written in full."""
    def ring(coords, boundary: str) -> str:
        positions = " ".join(f"{x!r} {y!r}" for x, y in coords)
        return f"<gml:{boundary}><gml:LinearRing><gml:posList>{positions}</gml:posList></gml:LinearRing></gml:{boundary}>"

    members = "".join(
        "<gml:surfaceMember><gml:Polygon>" + ring(polygon[0], "exterior")
        + "".join(ring(hole, "interior") for hole in polygon[1:]) + "</gml:Polygon></gml:surfaceMember>"
        for polygon in geometry.coords
    )
    return f'<gml:MultiSurface srsName="EPSG:4490">{members}</gml:MultiSurface>'


def _grid_update(grid, geometry) -> str:
    return (f'<wfs:Update typeName="pd:grids"><wfs:Property><wfs:ValueReference>geometry</wfs:ValueReference>'
            f"<wfs:Value>{_multisurface(geometry)}</wfs:Value></wfs:Property>"
            f'<fes:Filter><fes:ResourceId rid="grids.{grid.pk}"/></fes:Filter></wfs:Update>')


def test_a_boundary_moved_between_neighbours_in_one_transaction_is_accepted(wfs_post, editor):
    _, headers = editor
    a, b = neighbours()
    strip = b.geom.intersection(a.geom.buffer(0.0003))
    new_a = MultiPolygon(*_polygons(a.geom.union(strip)), srid=4490)
    new_b = MultiPolygon(*_polygons(b.geom.difference(strip)), srid=4490)
    alone = post(wfs_post, _grid_update(a, new_a), headers)
    status, code, _, text = report(alone)
    assert (status, code) == (409, "OperationProcessingFailed") and "overlap" in text
    together = post(wfs_post, _grid_update(a, new_a) + _grid_update(b, new_b), headers)
    assert summary(together)["totalUpdated"] == 2, together.content[:600]
    a.refresh_from_db()
    assert abs(a.geom.area - new_a.area) < 1e-9
