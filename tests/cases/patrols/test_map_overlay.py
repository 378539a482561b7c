"""The map viewer's patrol toggle in headless Chromium, against the live server (nginx + uWSGI) on the committed test
county: an anonymous visitor gets the day's coverage and a note that tracks need signing in; a signed-in leader gets
the seeded day's tracks drawn. Screenshot: tests/artifacts/map-patrols.png."""
from __future__ import annotations

import pytest

from tests.tiles.viewer.conftest import LIVE_PASSWORD, chromium, live_account, maplibre_static  # noqa: F401  (fixtures)
from tests.tiles.viewer.test_map_page import SEAT, _screenshot, _settle, map_site  # noqa: F401  (fixture)

pytestmark = pytest.mark.live
TOGGLE = ("document.getElementById('patrol-day').value = '2023-05-31';"
          "const box = document.getElementById('patrol-toggle'); box.checked = true;"
          "box.dispatchEvent(new Event('change')); null")


@pytest.fixture
def leader(live_account) -> str:
    return live_account("live.patrol.leader", "leader")


def _open_map(chromium, url: str) -> None:
    chromium.send("Runtime.enable")
    chromium.send("Page.enable")
    chromium.send("Page.navigate", url=url)
    _settle(chromium)


def test_anonymous_visitors_get_coverage_but_no_tracks(map_site, chromium):
    _open_map(chromium, f"{map_site}/map/#13/{SEAT[1]}/{SEAT[0]}")
    chromium.evaluate(TOGGLE)
    note = chromium.wait_for("document.getElementById('patrol-note').textContent.includes('tracks:') && "
                             "document.getElementById('patrol-note').textContent", timeout=30)
    assert "覆盖 coverage" in note and "两巡 twice" in note and "API token or sign in" in note
    assert chromium.evaluate("!pingdingMap.getSource('patrol-tracks')")


def test_a_signed_in_leader_sees_the_day_s_tracks(map_site, chromium, leader):
    chromium.sign_in(f"{map_site}/accounts/login?next=/map/%2313/{SEAT[1]}/{SEAT[0]}", leader, LIVE_PASSWORD,
                     arrived="location.pathname === '/map/' && document.body && document.body.dataset.mapState === 'idle'",
                     timeout=90)
    chromium.evaluate(TOGGLE)
    chromium.wait_for("!!pingdingMap.getLayer('patrol-tracks')", timeout=30)
    _settle(chromium)
    drawn = chromium.wait_for("pingdingMap.queryRenderedFeatures({layers: ['patrol-tracks']}).length", timeout=30)
    assert drawn > 0
    assert "覆盖 coverage" in chromium.evaluate("document.getElementById('patrol-note').textContent")
    _screenshot(chromium, "map-patrols.png")
