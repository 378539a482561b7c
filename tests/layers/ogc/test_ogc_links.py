"""Links of an items page: exact hrefs, the request's other parameters kept (escaped as given), page ones rewritten."""
from __future__ import annotations

import pytest
from django.test import RequestFactory

from layers.ogc.links import items_links, url

BASE = "http://testserver/ogc/collections/components"


def links_of(query: str, *, fmt: str = "json", limit: int = 10, offset: int = 20, matched: int = 100) -> dict:
    request = RequestFactory().get(f"/ogc/collections/components/items?{query}")
    links = items_links(request, "components", fmt=fmt, limit=limit, offset=offset, number_matched=matched)
    return {link["rel"]: link for link in links}


def test_every_link_of_a_middle_page():
    links = links_of("f=json&limit=10&offset=20")
    assert {rel: link["href"] for rel, link in links.items()} == {
        "self": f"{BASE}/items?limit=10&offset=20&f=json",
        "alternate": f"{BASE}/items?limit=10&offset=20&f=html",
        "collection": f"{BASE}?f=json",
        "next": f"{BASE}/items?limit=10&offset=30&f=json",
        "prev": f"{BASE}/items?limit=10&offset=10&f=json",
    }
    assert links["self"]["type"] == links["next"]["type"] == "application/geo+json"
    assert links["alternate"]["type"] == "text/html"


@pytest.mark.parametrize(("query", "kept"), [
    ("bbox=113.5,37.7,113.7,37.9&limit=3", "bbox=113.5,37.7,113.7,37.9&"),
    ("datetime=2026-01-01T00:00:00%2B08:00/..&crs=http://www.opengis.net/def/crs/EPSG/0/4490",
     "datetime=2026-01-01T00:00:00%2B08:00/..&crs=http://www.opengis.net/def/crs/EPSG/0/4490&"),
    ("name=%E4%B8%8A%E6%B0%B4+%E4%BA%95&state=a%26b&offset=7", "name=%E4%B8%8A%E6%B0%B4+%E4%BA%95&state=a%26b&"),
    ("", ""),
])
def test_other_parameters_are_kept_escaped_and_page_ones_rewritten(query, kept):
    links = links_of(query, fmt="html", limit=5, offset=0, matched=6)
    assert links["self"]["href"] == f"{BASE}/items?{kept}limit=5&offset=0&f=html"
    assert links["alternate"]["href"] == f"{BASE}/items?{kept}limit=5&offset=0&f=json"
    assert links["next"]["href"] == f"{BASE}/items?{kept}limit=5&offset=5&f=html"
    assert "prev" not in links


def test_last_page_has_no_next_and_prev_never_goes_below_zero():
    links = links_of("", limit=10, offset=5, matched=15)
    assert "next" not in links and links["prev"]["href"] == f"{BASE}/items?limit=10&offset=0&f=json"


def test_url_resolves_each_route_with_its_arguments():
    request = RequestFactory().get("/")
    assert url(request, "collection", "grids") == "http://testserver/ogc/collections/grids"
    assert url(request, "collection", "components") == BASE
    assert url(request, "feature", "components", 7, query={"f": "json"}) == f"{BASE}/items/7?f=json"
