"""The raster tilesets of the standard map, for the ``/tiles/`` listing."""
from __future__ import annotations

from django.http import HttpRequest

from .tileset import listing


def raster_tilesets(request: HttpRequest) -> list[dict]:
    """The raster tilesets as ``/tiles/`` lists them (shaped like the vector entries, absolute URLs, plus
    bounds, center and attribution); empty while the standard map is not built."""
    return listing(request)
