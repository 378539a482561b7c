"""HTTP views of the standard map: PNG tiles ``/tiles/standard-map/{z}/{x}/{y}.png`` and its TileJSON.

A tile answers ``200`` ``image/png`` (a transparent 256 x 256 PNG outside the map), ``304`` when
``If-None-Match`` names its ETag, ``400`` for a bad z/x/y and ``503`` while the map is not built; errors are
JSON (``layers.errors``, rendered by the middleware).
"""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from tiles import conf
from tiles.encoding import if_none_match
from tiles.grid import parse_tile

from . import tileset


def _cache_headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={int(conf.get('PINGDING_TILES_MAX_AGE'))}, must-revalidate"
    return response


@require_safe
def standard_map_tile(request: HttpRequest, z: str, x: str, y: str) -> HttpResponse:
    """One PNG tile of the standard map."""
    tile = tileset.check_zoom(parse_tile(z, x, y))
    etag = tileset.tile_etag(tile)
    if if_none_match(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(tileset.tile_get(tile=tile).body, content_type="image/png")
    response["ETag"] = f'"{etag}"'
    return _cache_headers(response)


@require_safe
def standard_map_tilejson(request: HttpRequest) -> JsonResponse:
    """The TileJSON 3.0.0 document of the standard map."""
    document = tileset.tilejson(request)
    return _cache_headers(JsonResponse(document, json_dumps_params={"ensure_ascii": False}))
