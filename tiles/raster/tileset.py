"""The standard map as a tileset: where its file is, its TileJSON, and its PNG tiles with their ETags (reads).

The file is ``settings.PINGDING_DATA_DIR / "standard_map.tif"``, written by ``python manage.py
build_standard_map``. A tile's ETag names the file's state (inode, size, modification time) and the tile, so a
304 is answered without reading any pixel and a rebuilt map gets new ETags.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from layers.errors import InvalidParameter
from tiles import conf
from tiles.grid import TileId
from web.public_url import public_url

from . import reader
from .errors import StandardMapUnavailable
from .png import encode_rgba, transparent_tile
from .standard_map import COUNTY_BOUNDS_TAG

TILESET_ID = "standard-map"
FILE_NAME = "standard_map.tif"
MINZOOM = 8
MAXZOOM = 18
CENTER_ZOOM = 11
ATTRIBUTION = "平定县标准作业图 (synthetic)"
PNG_LEVEL = 2
"""zlib level of the tile PNGs: 2 encodes a tile in about 4 ms, level 6 takes 16 ms for 20 % fewer bytes."""
TRANSPARENT_PNG = transparent_tile()
"""The answer for every tile outside the map: a 256 x 256 fully transparent PNG."""


def standard_map_path() -> Path:
    """Where the standard map COG lives: ``PINGDING_DATA_DIR/standard_map.tif``."""
    return Path(settings.PINGDING_DATA_DIR) / FILE_NAME


@dataclass(frozen=True)
class RasterTile:
    """A PNG tile and the ETag content (unquoted) that identifies it."""

    body: bytes
    etag: str


def _file_token(path: Path) -> str:
    return hashlib.blake2b(repr(reader.file_state(path)).encode(), digest_size=8).hexdigest()


def tile_etag(tile: TileId) -> str:
    """The ETag content of ``tile`` for the current file; raises 503 when the file is missing."""
    return f"{_file_token(standard_map_path())}-{tile.z}-{tile.x}-{tile.y}"


def check_zoom(tile: TileId) -> TileId:
    """``tile`` itself, or :class:`InvalidParameter` (``z``) when it is deeper than :data:`MAXZOOM`."""
    if tile.z > MAXZOOM:
        raise InvalidParameter(
            f"The standard map has tiles down to zoom {MAXZOOM}; z={tile.z} is too deep "
            "(clients overzoom the last level).",
            parameter="z",
        )
    return tile


def tile_get(*, tile: TileId) -> RasterTile:
    """The PNG of ``tile`` (RGBA, 256 x 256): pixels of the map, or :data:`TRANSPARENT_PNG` outside it."""
    path = standard_map_path()
    etag = tile_etag(tile)
    pixels = reader.read_tile(path, tile)
    return RasterTile(body=TRANSPARENT_PNG if pixels is None else encode_rgba(pixels, level=PNG_LEVEL), etag=etag)


def _absolute(request: HttpRequest, path: str) -> str:
    return public_url(request) + path


def tile_url_template(request: HttpRequest) -> str:
    """The absolute ``.../standard-map/{z}/{x}/{y}.png`` URL template."""
    sample = reverse("tiles:standard-map-tile", kwargs={"z": "0", "x": "0", "y": "0"})
    return _absolute(request, sample.removesuffix("0/0/0.png")) + "{z}/{x}/{y}.png"


def county_bounds() -> tuple[float, float, float, float]:
    """(west, south, east, north) CGCS2000 degrees of the county the map was built for (from the file)."""
    path = standard_map_path()
    raw = reader.read_tags(path).get(COUNTY_BOUNDS_TAG, "")
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except ValueError:
        raise StandardMapUnavailable(
            f"The standard map {path} lacks its {COUNTY_BOUNDS_TAG} tag: rebuild it with "
            "`python manage.py build_standard_map --force`."
        ) from None
    return (west, south, east, north)


def tilejson(request: HttpRequest) -> dict:
    """The TileJSON 3.0.0 document of the standard map; 503 (:class:`StandardMapUnavailable`) without a file."""
    west, south, east, north = county_bounds()
    lon, lat, _ = conf.get("PINGDING_TILES_CENTER")
    if not (west <= lon <= east and south <= lat <= north):
        lon, lat = (west + east) / 2, (south + north) / 2
    return {
        "tilejson": "3.0.0",
        "name": TILESET_ID,
        "description": "平定县标准作业图 standard map: hillshade, water, built-up area, roads and boundaries "
                       "(synthetic), PNG with alpha, EPSG:3857 XYZ tiles.",
        "version": "1.0.0",
        "attribution": ATTRIBUTION,
        "scheme": "xyz",
        "tiles": [tile_url_template(request)],
        "minzoom": MINZOOM,
        "maxzoom": MAXZOOM,
        "bounds": [round(v, 7) for v in (west, south, east, north)],
        "center": [round(lon, 7), round(lat, 7), CENTER_ZOOM],
        "format": "png",
        "tileSize": 256,
    }


def listing(request: HttpRequest) -> list[dict]:
    """The standard map's entry in the ``/tiles/`` listing, shaped like the vector entries (``tilejson`` is the
    URL of the TileJSON, ``tiles`` the URL template) plus bounds, center and attribution; ``[]`` while the
    map is not built."""
    try:
        document = tilejson(request)
    except StandardMapUnavailable:
        return []
    return [{
        "id": TILESET_ID,
        "type": "raster",
        "title": "平定县标准作业图 standard map",
        "description": document["description"],
        "format": "png",
        "minzoom": MINZOOM,
        "maxzoom": MAXZOOM,
        "tilejson": _absolute(request, reverse("tiles:standard-map-tilejson")),
        "tiles": document["tiles"][0],
        "bounds": document["bounds"],
        "center": document["center"],
        "attribution": ATTRIBUTION,
    }]
