"""Requests counted by route template (never the raw path), method and status, with a latency histogram
(``web.metrics``)."""
from __future__ import annotations

from tests.metrics.scraped import samples, scrape, value

ITEMS_ROUTE = "/ogc/collections/<str:collection_id>/items"


def test_counters_move_by_route_template_not_by_path(client, db):
    before = scrape(client)
    for collection in ("grids", "components", "grids"):
        assert client.get(f"/ogc/collections/{collection}/items", {"limit": 1}).status_code == 200
    assert client.get("/ogc/collections/no-such-layer/items").status_code == 404
    after = scrape(client)

    def moved(**labels):
        name = "pingding_http_requests_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(route=ITEMS_ROUTE, method="GET", status="200") == 3
    assert moved(route=ITEMS_ROUTE, method="GET", status="404") == 1
    routes = {s.labels.get("route") for s in samples(after) if s.name == "pingding_http_requests_total"}
    assert ITEMS_ROUTE in routes
    assert not any("collections/grids" in route or "no-such-layer" in route for route in routes)


def test_unresolved_paths_share_one_label(client, db):
    before = scrape(client)
    for path in ("/nothing/here", "/nor/here/either"):
        assert client.get(path).status_code == 404
    after = scrape(client)
    name = "pingding_http_requests_total"
    labels = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, name, **labels) - value(before, name, **labels) == 2
    assert "/nothing/here" not in after


def test_latency_histogram_has_cumulative_buckets(client, db):
    before = scrape(client)
    for _ in range(3):
        client.get("/healthz")
    after = scrape(client)
    name = "pingding_http_request_duration_seconds"
    labels = {"route": "/healthz", "method": "GET"}

    def moved(suffix: str, **extra) -> float:
        return value(after, name + suffix, **labels, **extra) - value(before, name + suffix, **labels, **extra)

    assert moved("_count") == 3
    assert 0 < moved("_sum") < 3 * 120
    assert moved("_bucket", le="+Inf") == 3
    buckets = sorted((float(s.labels["le"]), s.value) for s in samples(after)
                     if s.name == f"{name}_bucket" and s.labels["route"] == "/healthz" and s.labels["method"] == "GET")
    assert [le for le, _ in buckets][:3] == [0.001, 0.0025, 0.005] and buckets[-1][0] == float("inf")
    counts = [count for _, count in buckets]
    assert counts == sorted(counts)  # cumulative


def test_unusual_methods_are_one_label(client, db):
    before = scrape(client)
    client.generic("BREW", "/healthz")
    after = scrape(client)
    name = "pingding_http_requests_total"
    labels = {"route": "/healthz", "method": "other"}
    assert value(after, name, **labels) - value(before, name, **labels) == 1
    assert 'method="BREW"' not in after
