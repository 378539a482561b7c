"""The grids admin's re-division driven as a browser drives it: the "merge the selected grids" action with its
confirmation page, and the split page of a grid; each saved through the services with the path ``admin``, a stale
page refused with nothing changed, and only for those who may change the whole grids layer."""
from __future__ import annotations

import json

from layers.models import Building, Grid
from tests.layers.grids.conftest import busy_grid, cut_line, pair  # noqa: F401  (fixtures)

from .conftest import admin_url, history, signed_in  # noqa: F401  (fixture)


def _messages(answer) -> list[str]:
    return [str(m) for m in answer.context["messages"]] if answer.context else []


def _merge(client, ids, **extra):
    return client.post(admin_url(Grid), {"action": "merge_grids", "_selected_action": [str(i) for i in ids], **extra},
                       follow=True)


def test_the_merge_action_asks_first_then_merges_with_the_versions_shown(client, signed_in, pair):
    signed_in("gis_editor")
    ids = [Grid.objects.get(code=code).pk for code in pair]
    page = _merge(client, ids)
    assert page.status_code == 200 and b"Yes, merge them" in page.content
    assert [g.code for g, _ in page.context["grids"]] == list(pair)
    assert Grid.objects.filter(code__in=pair).count() == 2
    versions = {f"version_{g.pk}": str(v) for g, v in page.context["grids"]}
    done = _merge(client, ids, confirm="yes", new_code="", **versions)
    assert done.status_code == 200
    (message,) = _messages(done)
    assert message.startswith(f"merge {pair[0]}, {pair[1]} -> ") and "buildings:" in message
    new_code = message.split(" -> ")[1].split(" ")[0]
    assert not Grid.objects.filter(code__in=pair).exists()
    assert Building.objects.filter(grid_id=new_code).count() > 0
    new = Grid.objects.get(code=new_code)
    assert history("grids", new.pk)[0][1:3] == ("insert", "admin")
    assert history("grids", ids[0])[-1][1:3] == ("delete", "admin")


def test_a_merge_confirmed_on_a_stale_page_is_refused(client, signed_in, pair):
    signed_in("gis_editor")
    ids = [Grid.objects.get(code=code).pk for code in pair]
    versions = {f"version_{i}": "99" for i in ids}
    done = _merge(client, ids, confirm="yes", **versions)
    assert any("changed by someone else" in m for m in _messages(done))
    assert Grid.objects.filter(code__in=pair).count() == 2


def test_the_split_page_splits_by_a_pasted_line(client, signed_in, busy_grid):
    signed_in("admin")
    grid = Grid.objects.get(code=busy_grid)
    change = client.get(admin_url(Grid, "change", grid.pk))
    assert admin_url(Grid, "split", grid.pk).encode() in change.content
    page = client.get(admin_url(Grid, "split", grid.pk))
    assert page.status_code == 200 and page.context["version"] >= 0
    line = json.loads(cut_line(busy_grid).geojson)
    done = client.post(admin_url(Grid, "split", grid.pk), {"by": json.dumps(line), "codes": "",
                                                          f"version_{grid.pk}": str(page.context["version"])},
                       follow=True)
    (message,) = _messages(done)
    assert message.startswith(f"split {busy_grid} -> ")
    assert not Grid.objects.filter(code=busy_grid).exists()


def test_the_split_page_shows_a_refusal_and_keeps_what_was_typed(client, signed_in, busy_grid):
    signed_in("gis_editor")
    grid = Grid.objects.get(code=busy_grid)
    answer = client.post(admin_url(Grid, "split", grid.pk), {"by": '{"type": "Point", "coordinates": [113, 37]}',
                                                            f"version_{grid.pk}": "0"})
    assert answer.status_code == 200 and answer.context["by"].startswith('{"type": "Point"')
    assert any("Point" in m for m in _messages(answer))
    assert Grid.objects.filter(code=busy_grid).exists()


def test_a_grid_member_gets_no_merge_action_and_no_split_page(client, signed_in, pair):
    signed_in("grid_member", grids=list(pair))
    page = client.get(admin_url(Grid))
    assert page.status_code == 200 and b"merge_grids" not in page.content
    grid = Grid.objects.get(code=pair[0])
    assert client.get(admin_url(Grid, "split", grid.pk)).status_code == 403
    _merge(client, [grid.pk], confirm="yes")
    assert Grid.objects.filter(code__in=pair).count() == 2
