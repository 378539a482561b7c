"""The map page in a real headless Chromium, against a real running server, with only 127.0.0.1 reachable.

It loads ``/map/`` at the county seat, waits for MapLibre to settle, and checks that every request went to the
server and succeeded, that the standard map raster and the vector layers rendered, and that a click on a
component opens a popup with its attributes and its CGCS2000 / GK coordinates. The screenshot is saved to
``tests/artifacts/map.png`` (zoom 14.5) and ``map-popup.png`` (zoom 16, with the popup).

The server is ``live_url`` (uWSGI on the seeded test database). It reads the standard map from its
``PINGDING_DATA_DIR``, the ``live_data_dir`` fixture; the map is built there from the seeded county.
"""
from __future__ import annotations

import base64
from pathlib import Path

import pytest

from layers.registry import public_layers
from tiles.raster.standard_map import build_standard_map
from tiles.raster.tileset import FILE_NAME

pytestmark = pytest.mark.live

SEAT = (113.627, 37.795)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="session")
def map_site(maplibre_static, live_url, live_data_dir, django_db_blocker) -> str:
    """The base URL (``http://127.0.0.1:PORT``) of the live server, with its standard map built."""
    if not (live_data_dir / FILE_NAME).exists():
        with django_db_blocker.unblock():
            build_standard_map(path=live_data_dir / FILE_NAME, seed=1)
    return live_url.rstrip("/")


def _rendered_counts(chromium) -> dict[str, int]:
    return chromium.evaluate(
        "(() => { const n = {}; for (const f of pingdingMap.queryRenderedFeatures()) "
        "{ if (f.sourceLayer) n[f.sourceLayer] = (n[f.sourceLayer] || 0) + 1; } return n; })()"
    )


def _settle(chromium, timeout: float = 90.0) -> None:
    chromium.wait_for("document.body && document.body.dataset.mapState === 'idle'", timeout=timeout)
    chromium.wait_for("pingdingMap.loaded() && pingdingMap.areTilesLoaded()", timeout=30)


def _screenshot(chromium, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = chromium.send("Page.captureScreenshot", format="png")
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def test_the_map_page_renders_everything_from_this_server(map_site, chromium):
    chromium.watch_network()
    chromium.send("Runtime.enable")
    chromium.send("Page.enable")
    chromium.send("Page.navigate", url=f"{map_site}/map/#14.5/{SEAT[1]}/{SEAT[0]}")
    _settle(chromium)
    counts = _rendered_counts(chromium)
    for layer_id in ("admin-areas", "grids", "buildings", "components"):
        assert counts.get(layer_id, 0) > 0, f"{layer_id} rendered nothing: {counts}"
    assert set(counts) <= {layer.id for layer in public_layers()}
    assert chromium.evaluate("pingdingMap.isSourceLoaded('standard-map')")
    _screenshot(chromium, "map.png")

    chromium.evaluate(f"document.body.dataset.mapState = ''; pingdingMap.jumpTo({{center: [{SEAT[0]}, {SEAT[1]}], zoom: 16}}); null")
    _settle(chromium)
    component = chromium.evaluate(
        "(() => { const p = pingdingMap.queryRenderedFeatures({layers: ['components:circle']})"
        ".filter(f => !('count' in f.properties))"
        ".map(f => pingdingMap.project(f.geometry.coordinates))"
        ".find(p => p.x > 400 && p.x < 1150 && p.y > 120 && p.y < 650); return p ? [p.x, p.y] : null; })()"
    )
    assert component is not None, "no single component is drawn at zoom 16"
    for kind in ("mousePressed", "mouseReleased"):
        chromium.send("Input.dispatchMouseEvent", type=kind, x=component[0], y=component[1], button="left", clickCount=1)
    popup = chromium.wait_for(
        "(() => { const p = document.querySelector('.maplibregl-popup'); "
        "return p && p.textContent.includes('EPSG:4547') ? p.textContent : ''; })()",
        timeout=20,
    )
    assert "城市部件" in popup and "CGCS2000" in popup and "state" in popup
    _screenshot(chromium, "map-popup.png")

    requests = [e["request"]["url"] for e in chromium.events_named("Network.requestWillBeSent")]
    outside = [u for u in requests if not u.startswith((map_site + "/", "data:", "blob:"))]
    assert not outside, f"requests outside this server: {outside}"
    failed = [e for e in chromium.events_named("Network.loadingFailed") if not e.get("canceled")]
    assert not failed, failed
    responses = [e["response"] for e in chromium.events_named("Network.responseReceived")]
    bad = [(r["url"], r["status"]) for r in responses if r["status"] >= 400]
    assert not bad, bad
    raster = [r for r in responses if "/tiles/standard-map/" in r["url"] and r["status"] == 200]
    assert raster and all(r["mimeType"] == "image/png" for r in raster)
    assert any("/tiles/all/" in r["url"] for r in responses)
    assert not chromium.events_named("Runtime.exceptionThrown")
    assert chromium.evaluate("document.body.dataset.mapErrors || ''") == ""
