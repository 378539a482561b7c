"""An edit over the feature API reaches the tiles at once: the cached tile that held the feature is invalidated in
the edit's own transaction (by the layer's triggers, as for every path)."""
import json

from layers.models import Component
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixtures)
from tiles.grid import tile_at


def test_a_moved_and_changed_component_leaves_its_cached_tile(client, account, tile_url, decode):
    _, token = account("gis_editor")
    headers = bearer(token)
    component = Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[2]
    tile = tile_at(component.geom.x, component.geom.y, 18)
    url = tile_url("components", tile)
    first = client.get(url)
    assert component.pk in [f["id"] for f in decode(first.content)["components"]["features"]]
    assert client.get(url).status_code == 200  # now cached

    item = f"/ogc/collections/components/items/{component.pk}"
    etag = client.get(item, **headers)["ETag"]
    moved = {"geometry": {"type": "Point", "coordinates": [component.geom.x + 0.002, component.geom.y]}}
    answer = client.patch(item, data=json.dumps(moved), content_type="application/merge-patch+json",
                          HTTP_IF_MATCH=etag, **headers)
    assert answer.status_code == 200, answer.content
    after = client.get(url)
    ids = [] if after.status_code == 204 else [f["id"] for f in decode(after.content)["components"]["features"]]
    assert component.pk not in ids
    there = tile_at(component.geom.x + 0.002, component.geom.y, 18)
    assert component.pk in [f["id"] for f in decode(client.get(tile_url("components", there)).content)["components"]["features"]]
