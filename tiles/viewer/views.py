"""Views of the map page: the page itself and the coordinate read-out it asks for on a click."""
from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from layers.errors import InvalidParameter
from tiles import conf
from tiles.catalog import COMPOSITE_ID

from .coords import cgcs2000_and_gk
from .styles import viewer_layers


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    """The full-window map: the standard map raster under every public vector layer, with a layer switcher.

    URLs in the page's configuration are paths; the script resolves them against the page's address."""
    layers = viewer_layers()
    lon, lat, zoom = conf.get("PINGDING_TILES_CENTER")
    config = {
        "center": [lon, lat],
        "zoom": zoom,
        "raster_tilejson": reverse("tiles:standard-map-tilejson"),
        "vector_tilejson": reverse("tiles:tilejson", kwargs={"tileset": COMPOSITE_ID}),
        "coords_url": reverse("viewer:coords"),
        "layers": layers,
    }
    return render(request, "viewer/map.html", {"layers": layers, "config": config})


def _number(request: HttpRequest, name: str, low: float, high: float) -> float:
    raw = request.GET.get(name)
    if raw is None or not raw.strip():
        raise InvalidParameter(f"Give {name}= in CGCS2000 degrees ({low:g} to {high:g}).", parameter=name)
    try:
        value = float(raw)
    except ValueError:
        raise InvalidParameter(f"{name}={raw!r} is not a number; give decimal degrees.", parameter=name) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidParameter(f"{name}={raw} is outside {low:g} to {high:g} degrees.", parameter=name)
    return value


@require_safe
def coords(request: HttpRequest) -> JsonResponse:
    """``/map/coords?lon=&lat=``: the point in CGCS2000 lon/lat and in Gauss-Kruger EPSG:4547 metres."""
    lon = _number(request, "lon", -180.0, 180.0)
    lat = _number(request, "lat", -90.0, 90.0)
    return JsonResponse(cgcs2000_and_gk(lon, lat), json_dumps_params={"ensure_ascii": False})
