"""Views of the map page: the page itself and the coordinate read-out it asks for on a click."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.middleware import principal_of
from tiles import conf
from tiles.catalog import COMPOSITE_ID
from web.params import Number, single

from .coords import cgcs2000_and_gk
from .editing import editing_layers
from .styles import viewer_layers


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    """The full-window map: the standard map raster under every public vector layer, with a layer switcher and
    legend, a place search (the geocoder) and labels; for a signed-in caller who may change a layer, the editor.

    URLs in the page's configuration are paths; the script resolves them against the page's address."""
    layers = viewer_layers()
    lon, lat, zoom = conf.get("PINGDING_TILES_CENTER")
    config = {
        "center": [lon, lat],
        "zoom": zoom,
        "raster_tilejson": reverse("tiles:standard-map-tilejson"),
        "vector_tilejson": reverse("tiles:tilejson", kwargs={"tileset": COMPOSITE_ID}),
        "coords_url": reverse("viewer:coords"),
        "geocode_url": reverse("geocoding:geocode"),
        "layers": layers,
        "editor": editor_config(request),
    }
    return render(request, "viewer/map.html", {"layers": layers, "config": config, "user": request.user})


def editor_config(request: HttpRequest) -> dict | None:
    """The editor's part of the page configuration: None for an anonymous caller or one who may change nothing
    (the page stays the read-only viewer); else who is signed in, the layers they may change with their forms,
    and the URL of the collections (``{collections}/{layer}/items``). Writes from the page are session writes:
    the CSRF cookie is set here, and the script sends it back as ``X-CSRFToken``."""
    principal = principal_of(request)
    layers = editing_layers(principal) if principal.user_id is not None else []
    if not layers:
        return None
    get_token(request)
    return {
        "user": request.user.get_username(),
        "collections_url": reverse("ogc:collections"),
        "layers": layers,
    }


LON = Number("lon", "Longitude, CGCS2000 degrees.", minimum=-180.0, maximum=180.0)
LAT = Number("lat", "Latitude, CGCS2000 degrees.", minimum=-90.0, maximum=90.0)


@require_safe
def coords(request: HttpRequest) -> JsonResponse:
    """``/map/coords?lon=&lat=``: the point in CGCS2000 lon/lat and in Gauss-Kruger EPSG:4547 metres."""
    lon = LON.parse(single(request.GET, "lon"))
    lat = LAT.parse(single(request.GET, "lat"))
    return JsonResponse(cgcs2000_and_gk(lon, lat), json_dumps_params={"ensure_ascii": False})
