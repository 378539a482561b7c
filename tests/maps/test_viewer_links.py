"""The map viewer's "export this view" and "print this view" links follow the map and the ticked layers, and what
they point at answers: the thematic page and a PDF of the view."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.tiles.viewer.conftest import chromium, maplibre_static  # noqa: F401  (fixtures)

pytestmark = pytest.mark.live

SEAT = (113.627, 37.795)


def test_the_links_carry_the_view_and_answer(map_site, maplibre_static, chromium):
    chromium.send("Page.enable")
    chromium.send("Page.navigate", url=f"{map_site}/map/#14/{SEAT[1]}/{SEAT[0]}")
    chromium.wait_for("document.body && document.body.dataset.mapState === 'idle'", timeout=90)
    chromium.evaluate("(() => { const box = document.querySelector('input[data-layer=\"buildings\"]'); "
                      "box.click(); return null; })()")
    export_url = chromium.evaluate("document.getElementById('export-view').href")
    print_url = chromium.evaluate("document.getElementById('print-view').href")
    query = parse_qs(urlsplit(print_url).query)
    west, south, east, north = map(float, query["bbox"][0].split(","))
    assert west < SEAT[0] < east and south < SEAT[1] < north and east - west < 0.1
    assert "buildings" not in query["layers"][0].split(",") and "grids" in query["layers"][0].split(",")
    assert query["f"] == ["pdf"] and parse_qs(urlsplit(export_url).query)["f"] == ["html"]

    page = requests.get(print_url, timeout=120)
    assert page.status_code == 200 and page.headers["Content-Type"] == "application/pdf"
    thematic = requests.get(export_url, timeout=120)
    assert thematic.status_code == 200 and 'id="map-legend"' in thematic.text
