"""HTTP views of ``/maps/``: parse (``.params``), read through the caller's views (``.composition``), draw."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts.middleware import principal_of
from layers.registry import UnknownLayer
from web.errors import NotFound
from tiles.raster.tileset import tile_url_template
from web.public_url import public_url

from .composition import print_spec, thematic_spec
from .params import parse_print, parse_thematic
from .printing import print_map
from .thematic import thematic_html

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png"}


def _read(compose, query, request: HttpRequest):
    """``compose(query, principal)``; a layer the caller may not read (or that does not exist) is one 404 naming
    the parameter that asked for it."""
    try:
        return compose(query, principal_of(request))
    except UnknownLayer as exc:
        layer_id = exc.args[0] if exc.args else ""
        parameter = "layers" if layer_id in query.layers else "measure"
        raise NotFound(f"There is no layer {layer_id!r} you may read; see /ogc/collections.", parameter=parameter) from None


@require_safe
def thematic(request: HttpRequest) -> HttpResponse:
    """The thematic map page; ``f=html`` answers it as a download (``pingding-thematic.html``)."""
    query = parse_thematic(request.GET)
    spec = _read(thematic_spec, query, request)
    page = thematic_html(spec, base_url=public_url(request), tile_template=tile_url_template(request))
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    if query.download:
        response["Content-Disposition"] = 'attachment; filename="pingding-thematic.html"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def print_page(request: HttpRequest) -> HttpResponse:
    """One print map page as PDF or PNG (``f``), A4 / A3 (``size``), ``portrait`` / ``landscape``."""
    query = parse_print(request.GET)
    body = print_map(_read(print_spec, query, request), fmt=query.fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[query.fmt])
    name = f"pingding-{query.size}-{query.orientation}.{query.fmt}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
