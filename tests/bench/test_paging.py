"""The paging benchmark follows only whole pages: a short page or an error stops it, never counts as a page."""
from __future__ import annotations

import json

import pytest

from bench.paging import PAGE, _next_path


NEXT = "http://127.0.0.1:8000/ogc/collections/components/items?offset=200&f=json"


def page(count: int, next_href: str | None = NEXT) -> bytes:
    links = [{"rel": "self", "href": "http://127.0.0.1:8000/x"}]
    if next_href:
        links.append({"rel": "next", "href": next_href})
    return json.dumps({"features": [{}] * count, "links": links}).encode()


def test_the_next_link_is_followed_as_a_path_on_the_same_server():
    assert _next_path("/p", 200, page(PAGE)) == "/ogc/collections/components/items?offset=200&f=json"


@pytest.mark.parametrize(("status", "body", "message"), [
    (500, b'{"code":"ServerError"}', "answered 500"),
    (200, page(PAGE - 1), f"returned {PAGE - 1} features"),
])
def test_an_error_or_a_short_page_stops_the_run(status, body, message):
    with pytest.raises(RuntimeError, match=message):
        _next_path("/p", status, body)
