"""The dashboard in a headless Chromium that can reach only 127.0.0.1, against the live server (nginx + uWSGI) on the
committed test county, with cases opened for its incidents (dispatched to their towns, some overdue; deleted
afterwards): a leader signs in on the login page and lands on the dashboard; every request goes to this server and
succeeds, the font, the charts, the choropleth, the heat map and the departments' table are drawn, and the page
updates itself. The screenshot is saved to ``tests/artifacts/dashboard.png``."""
from __future__ import annotations

import subprocess
from datetime import datetime, timezone

import pytest
from django.db import connection

from cases.backfill import cases_open_missing
from cases.models import Case
from layers.models import Incident
from tests.tiles.viewer.conftest import LIVE_PASSWORD, REPO, chromium, live_account, maplibre_static  # noqa: F401
from tests.tiles.viewer.test_map_page import _screenshot, map_site  # noqa: F401  (fixture)

pytestmark = pytest.mark.live
RECENT = datetime(2023, 6, 1, tzinfo=timezone.utc)
"""After the seeded case year."""
ECHARTS = REPO / "maps" / "static" / "maps" / "vendor" / "echarts" / "echarts.min.js"


@pytest.fixture
def committed_cases(django_db_blocker):
    """Cases for the seeded incidents, committed: dispatched to their grid's town, the open ones a day past their
    deadline; deleted afterwards."""
    if not ECHARTS.exists():
        subprocess.run(["bash", str(REPO / "scripts" / "build_static.sh")], check=True, cwd=REPO)
    with django_db_blocker.unblock():
        # the recent incidents' cases as the seed opened them (reported), made again here with departments and
        # deadlines; the seeded year (to 31 May 2023) is left alone
        recent = Incident.objects.filter(reported_at__gte=RECENT).values_list("pk", flat=True)
        Case.objects.filter(pk__in=recent).delete()
        before = set(Case.objects.values_list("pk", flat=True))
        cases_open_missing()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_case AS c SET department = a.name,"
                " deadline_at = CASE WHEN c.state IN ('filed', 'dispatched', 'handled') THEN now() - interval '1 day' END"
                " FROM layers_incident AS i JOIN layers_grid AS g ON g.code = i.grid_code"
                " JOIN layers_adminarea AS a ON a.code = g.town_code"
                " WHERE i.id = c.incident_id AND NOT c.incident_id = ANY(%s)", [sorted(before)])
        made = Case.objects.exclude(pk__in=before).count()
    yield made
    with django_db_blocker.unblock():
        Case.objects.exclude(pk__in=before).delete()
        cases_open_missing()


@pytest.fixture
def leader(live_account) -> str:
    return live_account("live.dashboard.leader", "leader")


def test_a_leader_signs_in_and_the_dashboard_draws_itself_from_this_server(map_site, chromium, leader,
                                                                           committed_cases):
    assert committed_cases > 0
    chromium.watch_network()
    chromium.sign_in(f"{map_site}/dashboard/?poll=3", leader, LIVE_PASSWORD,
                     arrived="location.pathname === '/dashboard/' && document.body && document.body.dataset.state === 'ready'")
    chromium.wait_for("pingdingDashboard.map.loaded() && pingdingDashboard.map.areTilesLoaded() && "
                      "pingdingDashboard.map.queryRenderedFeatures({layers: ['grid-rate']}).length > 0", timeout=60)
    assert chromium.evaluate("document.fonts.check('14px \"Noto Sans SC\"', '平定县在办案件')")
    assert int(chromium.evaluate("document.getElementById('total-open').textContent")) > 0
    assert int(chromium.evaluate("document.getElementById('total-overdue').textContent")) > 0
    states = chromium.evaluate("pingdingDashboard.charts.states.getOption().series.map(s => s.data)")
    assert sum(sum(series) for series in states) > 0 and sum(states[1]) > 0  # open cases, some overdue
    assert chromium.evaluate("pingdingDashboard.charts.trend.getOption().series[0].data.length") == 30
    assert chromium.evaluate("pingdingDashboard.map.getSource('cases').getData().then(d => d.features.length)") > 0
    assert chromium.evaluate("document.querySelectorAll('#departments tbody tr').length") > 0
    assert chromium.evaluate("document.querySelectorAll('#chart-states canvas, #chart-trend canvas').length") >= 2
    chromium.wait_for("Number(document.body.dataset.updates) >= 2", timeout=30)
    _screenshot(chromium, "dashboard.png")

    requested = [event["request"]["url"] for event in chromium.events_named("Network.requestWillBeSent")]
    assert all(url.startswith((map_site, f"blob:{map_site}", "data:")) for url in requested), [
        url for url in requested if not url.startswith((map_site, f"blob:{map_site}", "data:"))]
    for asset in ("/maps/vendor/echarts/echarts.min.js", "/vendor/maplibre-gl/maplibre-gl.js",
                  "/maps/vendor/noto-sans-sc/400.css", "/tiles/grids/", "/tiles/standard-map"):
        assert any(asset in url for url in requested), asset
    assert any(url.endswith("-400-normal.woff2") for url in requested)
    assert sum(url.startswith(f"{map_site}/api/dashboard") for url in requested) >= 2
    assert chromium.events_named("Network.loadingFailed") == []
    statuses = [(event["response"]["status"], event["response"]["url"])
                for event in chromium.events_named("Network.responseReceived")
                if event["response"]["url"].startswith("http")]
    assert statuses and all(status in (200, 302, 304) for status, _ in statuses), statuses
