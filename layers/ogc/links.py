"""Links of the OGC API documents: absolute URLs under :func:`web.public_url.public_url`."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from web.public_url import public_url

from .formats import GEOJSON_TYPE, HTML, HTML_TYPE, JSON, JSON_TYPE

QUERY_SAFE = ",:/"
"""Left unescaped in link query strings (bbox lists, CRS URIs, datetimes stay readable)."""


PAGE_PARAMETERS = ("f", "offset", "limit")
"""Written anew in each items link; the request's other parameters are kept as they came."""


def url(request: HttpRequest, name: str, *args: object, query: dict | list | None = None) -> str:
    """Absolute URL of the route ``ogc:<name>``, with ``query`` (a dict or a list of pairs) encoded."""
    href = public_url(request) + _route(get_urlconf(), get_script_prefix(), f"ogc:{name}", args)
    return f"{href}?{urlencode(query, safe=QUERY_SAFE)}" if query else href


@lru_cache(maxsize=1024)
def _route(urlconf: str | None, script_prefix: str, name: str, args: tuple) -> str:
    """``reverse`` once per route and arguments (the URL patterns do not change while the process runs; the
    collection ids come from the registry, feature ids are bounded by the cache's size)."""
    return reverse(name, args=args, urlconf=urlconf)


def link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def self_links(
    request: HttpRequest, name: str, *args: object, fmt: str, title: str, json_type: str = JSON_TYPE,
    query: dict | None = None,
) -> list[dict]:
    """``self`` in the format answered and ``alternate`` in the other one (``query`` is kept in both)."""
    types = {JSON: json_type, HTML: HTML_TYPE}
    other = HTML if fmt == JSON else JSON
    return [
        link(url(request, name, *args, query={**(query or {}), "f": fmt}), "self", types[fmt], title),
        link(
            url(request, name, *args, query={**(query or {}), "f": other}), "alternate", types[other],
            f"{title} ({other.upper()})",
        ),
    ]


def items_links(
    request: HttpRequest, collection_id: str, *, fmt: str, limit: int, offset: int, number_matched: int
) -> list[dict]:
    """self / alternate / next / prev of an items page; every link keeps the request's other parameters."""
    kept = urlencode([(key, value) for key, value in request.GET.items() if key not in PAGE_PARAMETERS],
                     safe=QUERY_SAFE)
    base = f"{url(request, 'items', collection_id)}?{kept}{'&' if kept else ''}"

    def href(f: str, page_offset: int = offset) -> str:
        return f"{base}limit={limit}&offset={page_offset}&f={f}"  # integers and format names: nothing to escape

    types = {JSON: GEOJSON_TYPE, HTML: HTML_TYPE}
    other = HTML if fmt == JSON else JSON
    links = [
        link(href(fmt), "self", types[fmt], "this page"),
        link(href(other), "alternate", types[other], f"this page ({other.upper()})"),
        link(url(request, "collection", collection_id, query={"f": JSON}), "collection", JSON_TYPE, "the collection"),
    ]
    if offset + limit < number_matched:
        links.append(link(href(fmt, offset + limit), "next", types[fmt], "next page"))
    if offset > 0:
        links.append(link(href(fmt, max(offset - limit, 0)), "prev", types[fmt], "previous page"))
    return links
