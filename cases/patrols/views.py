"""``/api/patrols/tracks`` (POST: upload a track; GET: a day's tracks as GeoJSON) and ``/api/patrols/coverage``."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt

from accounts.middleware import check_writer, principal_of
from web.errors import Forbidden, NotAuthenticated
from web.params import check_known, single
from web.responses import json_response, method_not_allowed

from . import conf
from .documents import coverage_document, track_document
from .errors import TrackTooLarge
from .params import CRS, DATE, GRID, TOWN
from .reading import read_track
from .selectors import day_tracks_geojson, grid_coverage, may_read_tracks
from .services import track_upload


def _body(request: HttpRequest) -> bytes:
    limit = conf.max_bytes()
    declared = request.headers.get("Content-Length", "")
    if (declared.isdigit() and int(declared) > limit) or len(request.body) > limit:
        raise TrackTooLarge(f"The track file is larger than {limit:,} bytes; split it.", parameter="body")
    return request.body


def _upload(request: HttpRequest) -> HttpResponse:
    refused = check_writer(request)
    if refused is not None:
        return refused
    check_known(request.GET, {"crs"})
    crs = CRS.parse(single(request.GET, "crs"))
    track = track_upload(principal=principal_of(request), raw=read_track(_body(request)), crs=crs)
    return json_response(track_document(track), status=201)


def _list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    if principal.is_anonymous:
        raise NotAuthenticated("Patrol tracks are personal data: send an API token or sign in.",
                               parameter="Authorization")
    if not may_read_tracks(principal):
        raise Forbidden("Your role does not read patrol tracks.", parameter="Authorization")
    check_known(request.GET, {"date", "grid"})
    chunks = day_tracks_geojson(day=DATE.parse(single(request.GET, "date")),
                                grid=GRID.parse(single(request.GET, "grid")), principal=principal)
    return StreamingHttpResponse(chunks, content_type="application/geo+json; charset=utf-8")


@csrf_exempt
def tracks(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _upload(request)
    if request.method in ("GET", "HEAD"):
        return _list(request)
    return method_not_allowed(request, ("GET", "HEAD", "POST"))


def coverage(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ("GET", "HEAD"))
    check_known(request.GET, {"date", "grid", "town"})
    day = DATE.parse(single(request.GET, "date"))
    rows = grid_coverage(day=day, grid=GRID.parse(single(request.GET, "grid")),
                         town=TOWN.parse(single(request.GET, "town")))
    return json_response(coverage_document(day, rows))
