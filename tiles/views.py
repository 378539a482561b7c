"""HTTP views of the vector tiles: the ``/tiles/`` listing, TileJSON and the tiles themselves.

A tile answers ``200`` with ``Content-Type: application/vnd.mapbox-vector-tile`` (gzip-encoded when the client
accepts it), ``204 No Content`` when the tile is empty (outside every layer's zoom range, or no feature in it),
``304`` when ``If-None-Match`` names its ETag. Errors are JSON (``layers.errors``, rendered by the middleware).
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.middleware import principal_of
from layers.errors import NotFound
from web.public_url import public_url

from . import encoding
from .catalog import get_tileset, tilesets
from .grid import parse_tile
from .raster.catalog import raster_tilesets
from .answer import tile_answer
from .filtering import PARAMETERS as FILTER_PARAMETERS
from .filtering import parse_tile_filter
from .selectors import tileset_bounds
from .tilejson import listing_entry, tilejson

VECTOR_EXTENSIONS = ("mvt", "pbf")
"""``.pbf`` is accepted as an alias of ``.mvt`` (what many clients were configured with)."""


def tiles_base_url(request: HttpRequest) -> str:
    """The absolute URL of ``/tiles/`` (ending in a slash), under :func:`web.public_url.public_url`."""
    return public_url(request) + reverse("tiles:index")


def _cache_headers(response: HttpResponse) -> HttpResponse:
    for name, value in encoding.cache_headers().items():
        response[name] = value
    return response


@require_safe
def tileset_list(request: HttpRequest) -> JsonResponse:
    """Every tileset: the vector ones of this module and the raster ones of ``tiles.raster``."""
    base = tiles_base_url(request)
    vector = [listing_entry(tileset=tileset, base_url=base) for tileset in tilesets(principal_of(request))]
    body = {"tilesets": vector + list(raster_tilesets(request))}
    return _cache_headers(JsonResponse(body, json_dumps_params={"ensure_ascii": False}))


@require_safe
def tileset_tilejson(request: HttpRequest, tileset: str) -> JsonResponse:
    """TileJSON of a vector tileset; with ``filter`` (``filter-lang``, ``filter-crs``) its tile URLs carry the filter
    and its layers are those the filter applies to (``tiles.filtering``)."""
    found = get_tileset(tileset, principal_of(request))
    tile_filter = parse_tile_filter(found, request.GET)
    query = urlencode([(name, request.GET[name]) for name in FILTER_PARAMETERS if name in request.GET])
    drawn = tile_filter.tileset if tile_filter is not None else found
    document = tilejson(tileset=drawn, base_url=tiles_base_url(request), bounds=tileset_bounds(tileset=found),
                        query=query)
    return _cache_headers(JsonResponse(document, json_dumps_params={"ensure_ascii": False}))


@require_safe
def tile(request: HttpRequest, tileset: str, z: str, x: str, y: str, ext: str) -> HttpResponse:
    """One vector tile, ``/tiles/{tileset}/{z}/{x}/{y}.mvt``, for the caller's audience (``tiles.front`` answers the
    same to anonymous callers before Django), restricted by ``filter`` (CQL2, :mod:`tiles.filtering`) when given."""
    found = get_tileset(tileset, principal_of(request))
    if ext not in VECTOR_EXTENSIONS:
        raise NotFound(
            f"Tileset {found.id!r} is a vector tileset and has no .{ext} tiles; ask for .mvt (or .pbf).",
            parameter="format",
        )
    answer = tile_answer(
        tileset=found, tile=parse_tile(z, x, y), accept_encoding=request.headers.get("Accept-Encoding", ""),
        if_none_match=request.headers.get("If-None-Match", ""), tile_filter=parse_tile_filter(found, request.GET),
    )
    response = HttpResponse(answer.body, status=answer.status)
    if "Content-Type" not in answer.headers:  # 204 and 304 have no representation to type
        del response["Content-Type"]
    for name, value in answer.headers.items():
        response[name] = value
    return response
