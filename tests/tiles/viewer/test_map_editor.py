"""The browser editor of ``/map/`` in a real headless Chromium against the real server (``live_url``), as a GIS editor
uses it: sign in on the login page, draw a component (terra-draw, real mouse clicks), fill in the form generated from
the registry and save it (201), drag it elsewhere and save, change its state and save, meet the 412 of a change
somebody made meanwhile (with ``requests`` and a token) with what changed and a reload, revert from the history
panel, delete it. The database then holds each change in the history, through the path ``api``, by the editor's name.
What the test makes (the component, its history, the two accounts) is deleted afterwards. Screenshots:
``tests/artifacts/map-editor.png`` (the form) and ``map-editor-412.png`` (the conflict).
"""
from __future__ import annotations

import json

import pytest
import requests

from layers.models import Component
from tests.layers.ogc.conftest import live_created, live_editors  # noqa: F401  (fixtures)

from .conftest import LIVE_PASSWORD
from .test_map_page import _screenshot, _settle, map_site  # noqa: F401  (fixture)

pytestmark = pytest.mark.live

CENTRE = (640, 400)
"""Where the new component is drawn: in the window (1280 x 800), away from the panels."""


@pytest.fixture
def browser_editor(live_account) -> str:
    """A committed ``gis_editor`` who signs in with a password; deleted after the test."""
    return live_account("live.browser.editor", "gis_editor")


@pytest.fixture
def place(django_db_blocker) -> dict:
    """An empty spot near a committed point component, that component's category, and a code no component has."""
    with django_db_blocker.unblock():
        model = Component.objects.filter(category__geometry_kind="point").order_by("pk").first()
        serial = 998001
        while Component.objects.filter(code=f"{model.code[:10]}{serial:06d}").exists():
            serial += 1
        return {"lon": model.geom.x + 0.0004, "lat": model.geom.y + 0.0003, "category": model.category_id,
                "code": f"{model.code[:10]}{serial:06d}", "taken": model.code}


def sign_in(chromium, map_site: str, username: str) -> None:
    """Sign in on the login page (the form, as a person would), landing on the map with the editor ready."""
    chromium.sign_in(f"{map_site}/accounts/login?next=/map/", username, LIVE_PASSWORD,
                     arrived="location.pathname === '/map/' && document.body && document.body.dataset.editor === 'ready'",
                     timeout=30)
    assert username in chromium.evaluate("document.getElementById('account').textContent")


def click(chromium, x: float, y: float) -> None:
    for kind in ("mousePressed", "mouseReleased"):
        chromium.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def drag(chromium, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    chromium.send("Input.dispatchMouseEvent", type="mouseMoved", x=start[0], y=start[1])
    chromium.send("Input.dispatchMouseEvent", type="mousePressed", x=start[0], y=start[1], button="left", clickCount=1)
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        chromium.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="left", buttons=1)
    chromium.send("Input.dispatchMouseEvent", type="mouseReleased", x=end[0], y=end[1], button="left", clickCount=1)


def fill(chromium, values: dict[str, str]) -> None:
    """Type values into the editor's form (as a person would: the input and change events fire)."""
    chromium.evaluate(
        f"(() => {{ for (const [name, value] of Object.entries({json.dumps(values)})) {{"
        " const input = document.getElementById(`field-${name}`); input.value = value;"
        " input.dispatchEvent(new Event('input', {bubbles: true}));"
        " input.dispatchEvent(new Event('change', {bubbles: true})); } return true; })()"
    )


def press(chromium, selector: str) -> None:
    chromium.evaluate(f"document.querySelector({json.dumps(selector)}).click(); null")


def answered(chromium, status: int) -> None:
    """Wait for the editor's last answer to be ``status``, and clear it for the next one."""
    try:
        chromium.wait_for(f"document.getElementById('editor-status').dataset.status === '{status}'", timeout=20)
    except pytest.fail.Exception:
        shown = chromium.evaluate("document.getElementById('editor-status').textContent")
        pytest.fail(f"the editor did not answer {status}; it shows: {shown}")
    chromium.evaluate("document.getElementById('editor-status').dataset.status = ''; null")


def feature_state(chromium) -> list[str]:
    """``[layer, id, version]`` of the feature in the editor's hands."""
    return chromium.evaluate("(document.body.dataset.editorFeature || '').split('.')")


def test_a_gis_editor_draws_moves_edits_meets_a_412_reverts_and_deletes(
        map_site, chromium, browser_editor, live_editors, live_created, place, django_db_blocker):  # noqa: F811
    [(other_editor, other_token)] = live_editors(1)
    sign_in(chromium, map_site, browser_editor)
    chromium.evaluate(f"document.body.dataset.mapState = ''; pingdingMap.jumpTo({{center: [{place['lon']}, "
                      f"{place['lat']}], zoom: 18}}); null")
    _settle(chromium)
    labels = chromium.wait_for("document.querySelectorAll('#labels .label').length && "
                               "[...document.querySelectorAll('#labels .label')].map(l => l.textContent)", timeout=20)
    assert any(label.startswith(("上水井盖", "山西省")) for label in labels), labels[:10]

    # Draw: the components layer, the point tool, a click on the map; the form offers only point categories.
    chromium.evaluate("const s = document.getElementById('editor-layer'); s.value = 'components';"
                      "s.dispatchEvent(new Event('change')); null")
    press(chromium, "#editor-tools button[data-mode='point']")
    click(chromium, *CENTRE)
    chromium.wait_for("!document.getElementById('editor-form').hidden && !!document.getElementById('field-code')")
    categories = chromium.evaluate("[...document.getElementById('field-category_code').options].map(o => o.value)")
    assert place["category"] in categories
    with django_db_blocker.unblock():
        from layers.models import ComponentCategory
        lines = set(ComponentCategory.objects.exclude(geometry_kind="point").values_list("code", flat=True))
    assert lines and not lines & set(categories)

    # A code is checked as it is typed.
    fill(chromium, {"code": "12345"})
    assert chromium.evaluate("document.getElementById('error-code').textContent").startswith("格式不符")
    fill(chromium, {"code": place["code"], "category_code": place["category"], "name": "浏览器测试井盖",
                    "supervising_department": "县住房和城乡建设管理局", "owner_department": "县自来水公司",
                    "maintainer_department": "县自来水公司"})
    assert chromium.evaluate("document.getElementById('error-code').textContent") == ""
    _screenshot(chromium, "map-editor.png")

    # A refusal naming a property is shown on that field: the code of an existing component is a 409.
    fill(chromium, {"code": place["taken"]})
    press(chromium, "#editor-save")
    answered(chromium, 409)
    assert place["taken"] in chromium.evaluate("document.getElementById('error-code').textContent")
    fill(chromium, {"code": place["code"]})
    press(chromium, "#editor-save")
    answered(chromium, 201)
    layer, feature_id, version = feature_state(chromium)
    feature_id = int(feature_id)
    live_created.add(feature_id)
    assert (layer, version) == ("components", "1")
    with django_db_blocker.unblock():
        drawn = Component.objects.get(pk=feature_id)
    at = chromium.evaluate(f"(() => {{ const p = pingdingMap.project([{drawn.geom.x}, {drawn.geom.y}]); return [p.x, p.y]; }})()")
    assert abs(at[0] - CENTRE[0]) < 2 and abs(at[1] - CENTRE[1]) < 2, "the component is where it was clicked"

    # Move it: drag the selected point 60 px right and 40 px down, save.
    drag(chromium, CENTRE, (CENTRE[0] + 60, CENTRE[1] + 40))
    press(chromium, "#editor-save")
    answered(chromium, 200)
    with django_db_blocker.unblock():
        moved = Component.objects.get(pk=feature_id)
    at = chromium.evaluate(f"(() => {{ const p = pingdingMap.project([{moved.geom.x}, {moved.geom.y}]); return [p.x, p.y]; }})()")
    assert abs(at[0] - CENTRE[0] - 60) < 3 and abs(at[1] - CENTRE[1] - 40) < 3, at

    # Edit an attribute.
    fill(chromium, {"state": "damaged"})
    press(chromium, "#editor-save")
    answered(chromium, 200)
    assert feature_state(chromium)[2] == "3"

    # Somebody else changes the name meanwhile; the editor's next save is a 412 showing what changed, then a reload.
    url = f"{map_site}/ogc/collections/components/items/{feature_id}"
    headers = {"Authorization": f"Bearer {other_token}"}
    etag = requests.get(url, headers=headers, timeout=10).headers["ETag"]
    answer = requests.patch(url, json={"properties": {"name": "别人改的名字"}}, timeout=10,
                            headers={**headers, "If-Match": etag, "Content-Type": "application/merge-patch+json"})
    assert answer.status_code == 200, answer.text
    fill(chromium, {"data_source": "browser survey"})
    press(chromium, "#editor-save")
    chromium.wait_for("!document.getElementById('editor-conflict').hidden && !!document.getElementById('editor-reload')")
    conflict = chromium.evaluate("document.getElementById('editor-conflict').innerText")
    assert "changed by someone else" in conflict and "别人改的名字" in conflict and "浏览器测试井盖" in conflict
    assert chromium.evaluate("[...document.querySelectorAll('#editor-conflict tr[data-field]')].map(r => r.dataset.field)") == ["name"]
    _screenshot(chromium, "map-editor-412.png")
    press(chromium, "#editor-reload")
    chromium.wait_for("document.body.dataset.editorFeature.endsWith('.4')")
    assert chromium.evaluate("document.getElementById('field-name').value") == "别人改的名字"

    # Revert from the history panel to version 2 (moved, intact, the first name).
    press(chromium, "#editor-history-button")
    chromium.wait_for("document.querySelectorAll('#editor-history tr[data-version]').length === 4")
    who = chromium.evaluate("[...document.querySelectorAll('#editor-history tr[data-version]')].map(r => r.cells[3].textContent)")
    assert who == [other_editor, browser_editor, browser_editor, browser_editor]
    press(chromium, "#editor-history tr[data-version='2'] button")
    chromium.wait_for("document.body.dataset.editorFeature.endsWith('.5')")
    with django_db_blocker.unblock():
        reverted = Component.objects.get(pk=feature_id)
    assert (reverted.state, reverted.name) == ("intact", "浏览器测试井盖")
    assert reverted.geom.equals_exact(moved.geom, 1e-9)

    # Delete it.
    chromium.wait_for("!document.getElementById('editor-delete').disabled")
    press(chromium, "#editor-delete")
    answered(chromium, 204)
    with django_db_blocker.unblock():
        assert not Component.objects.filter(pk=feature_id).exists()
        from django.db import connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT version, operation, path, actor_name FROM layers_history WHERE layer = 'components'"
                           " AND feature_id = %s ORDER BY version", [feature_id])
            history = cursor.fetchall()
    assert history == [
        (1, "insert", "api", browser_editor),
        (2, "update", "api", browser_editor),
        (3, "update", "api", browser_editor),
        (4, "update", "api", other_editor),
        (5, "update", "api", browser_editor),
        (6, "delete", "api", browser_editor),
    ]

    # A component outside the county is refused (the layer's inside_county check answers before the topology
    # trigger would): the editor shows the server's words.
    with django_db_blocker.unblock():
        from layers.models import AdminArea
        west = AdminArea.objects.get(level="county").geom.extent[0] - 0.02
    chromium.evaluate(f"pingdingMap.jumpTo({{center: [{west}, {place['lat']}], zoom: 18}}); null")
    press(chromium, "#editor-tools button[data-mode='point']")
    click(chromium, *CENTRE)
    chromium.wait_for("!document.getElementById('editor-form').hidden && !!document.getElementById('field-code')")
    fill(chromium, {"code": place["code"], "category_code": place["category"], "name": "县外井盖",
                    "supervising_department": "县住房和城乡建设管理局", "owner_department": "县自来水公司",
                    "maintainer_department": "县自来水公司"})
    press(chromium, "#editor-save")
    answered(chromium, 400)
    assert "inside the county" in chromium.evaluate("document.getElementById('editor-status').textContent")
    press(chromium, "#editor-cancel")

    # The search box flies to the geocoder's first answer.
    chromium.evaluate("document.getElementById('search-text').value = '冠山镇';"
                      "document.getElementById('search').requestSubmit(); null")
    chromium.wait_for("document.querySelectorAll('#search-results button').length > 0", timeout=20)
    chromium.wait_for("!pingdingMap.isMoving() && document.getElementById('readout').textContent.includes('冠山镇')")
    centre = chromium.evaluate("pingdingMap.getCenter().toArray()")
    answer = requests.get(f"{map_site}/api/geocode", params={"q": "冠山镇"}, timeout=10).json()["candidates"][0]["point"]
    assert centre == pytest.approx([answer["lon"], answer["lat"]], abs=1e-5)
    assert not chromium.events_named("Runtime.exceptionThrown")


def test_a_polygon_snaps_to_a_neighbour_and_an_overlap_is_marked_on_the_map(map_site, chromium, browser_editor,
                                                                           django_db_blocker):
    """A building drawn from the corner of a committed building (the click 5 px off, snapped onto the corner as the
    tiles draw it) towards its inside overlaps it: the 409 TopologyViolation is shown and marked where it is."""
    with django_db_blocker.unblock():
        from layers.models import Building
        building = Building.objects.order_by("pk").first()
        corner = building.geom.exterior_ring[0]
        centre = building.geom.centroid
        code = f"{building.grid_id}9{building.pk % 1000:03d}"
    sign_in(chromium, map_site, browser_editor)
    chromium.evaluate(f"document.body.dataset.mapState = ''; pingdingMap.jumpTo({{center: [{corner[0]}, {corner[1]}], "
                      "zoom: 18.5}); null")
    _settle(chromium)
    x0, y0, *inside = chromium.evaluate(
        f"(() => {{ const c = pingdingMap.project([{corner[0]}, {corner[1]}]); const b = pingdingMap.project([{centre.x}, "
        f"{centre.y}]); return [c.x, c.y, Math.sign(b.x - c.x), Math.sign(b.y - c.y)]; }})()")
    chromium.evaluate("const s = document.getElementById('editor-layer'); s.value = 'buildings';"
                      "s.dispatchEvent(new Event('change')); null")
    assert chromium.evaluate("[...document.querySelectorAll('#editor-tools button')].map(b => b.dataset.mode)") == \
        ["select", "polygon"]
    # A click on a building in select mode opens it: its form, its history; the tile copy is hidden meanwhile.
    bx, by = chromium.evaluate(f"(() => {{ const b = pingdingMap.project([{centre.x}, {centre.y}]); return [b.x, b.y]; }})()")
    click(chromium, bx, by)
    chromium.wait_for(f"(document.getElementById('field-code') || {{}}).value === '{building.code}'", timeout=20)
    assert feature_state(chromium) == ["buildings", str(building.pk), "1"]
    assert chromium.evaluate("JSON.stringify(pingdingMap.getFilter(pingdingViewer.styleIdsOf['buildings'][0]))") \
        .endswith(f'["!=",["id"],{building.pk}]]')
    press(chromium, "#editor-history-button")
    chromium.wait_for("document.querySelectorAll('#editor-history tr[data-version]').length === 1")
    press(chromium, "#editor-cancel")

    press(chromium, "#editor-tools button[data-mode='polygon']")
    side = 70
    dx, dy = inside[0] * side, inside[1] * side
    corners = [(x0 + 4, y0 + 3), (x0 + dx, y0), (x0 + dx, y0 + dy), (x0, y0 + dy)]
    for x, y in corners:
        chromium.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        click(chromium, x, y)
    chromium.send("Input.dispatchMouseEvent", type="mouseMoved", x=x0, y=y0)
    click(chromium, x0, y0)  # on the first vertex: closes the polygon
    chromium.wait_for("!document.getElementById('editor-form').hidden && !!document.getElementById('field-use')")

    # The first vertex is exactly a vertex of the building as the tiles draw it, not where the click was.
    first = chromium.evaluate("(() => { const id = pingdingEditor.draw.getSnapshot().find(f => f.properties.mode === "
                              "'polygon' && f.geometry.type === 'Polygon').id; "
                              "return pingdingEditor.draw.getSnapshotFeature(id).geometry.coordinates[0][0]; })()")
    rendered = chromium.evaluate(
        "pingdingMap.queryRenderedFeatures({layers: pingdingViewer.styleIdsOf['buildings']})"
        ".flatMap(f => f.geometry.type === 'Polygon' ? f.geometry.coordinates.flat() : f.geometry.coordinates.flat(2))"
    )
    assert any(abs(first[0] - x) < 1e-9 and abs(first[1] - y) < 1e-9 for x, y in rendered), first
    assert abs(first[0] - corner[0]) < 1e-6 and abs(first[1] - corner[1]) < 1e-6

    fill(chromium, {"code": code, "use": "residential", "name": "重叠测试楼"})
    press(chromium, "#editor-save")
    answered(chromium, 409)
    assert "topology" in chromium.evaluate("document.getElementById('editor-status').textContent")
    marker = chromium.evaluate("(() => { const m = document.querySelector('.topology-marker'); if (!m) return null;"
                               " const r = m.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    assert marker is not None
    assert x0 - side - 5 <= marker[0] <= x0 + side + 5 and y0 - side - 5 <= marker[1] <= y0 + side + 5, (marker, x0, y0)
    _screenshot(chromium, "map-editor-409.png")
    with django_db_blocker.unblock():
        assert not Building.objects.filter(code=code).exists()
    assert not chromium.events_named("Runtime.exceptionThrown")
