"""``/dashboard/`` (the page) and ``GET /api/dashboard`` (its figures, one statement, with an ETag)."""
from __future__ import annotations

import hashlib

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts.middleware import principal_of
from cases.loop import STATE_LABELS
from tiles import conf as tiles_conf
from web.conditional import none_match
from web.params import Integer, check_known, single

from .access import check_viewer
from .selectors import DEFAULT_DAYS, MAX_DAYS, dashboard_figures

DAYS = Integer("days", f"local days of the window, ending on the day of the latest case's report "
               f"({DEFAULT_DAYS})",
               minimum=1, maximum=MAX_DAYS, default=DEFAULT_DAYS)
POLL = Integer("poll", "seconds between two updates of the page (30)", minimum=2, maximum=600, default=30)


@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    check_viewer(principal_of(request))
    check_known(request.GET, {"days"})
    text = dashboard_figures(days=DAYS.parse(single(request.GET, "days"))).encode()
    tag = f'"dashboard.{hashlib.sha256(text).hexdigest()[:32]}"'
    response = HttpResponse(status=304) if none_match(request, tag) else HttpResponse(
        text, content_type="application/json; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def page(request: HttpRequest) -> HttpResponse:
    """The page; an anonymous browser goes to the login page first. ``poll``: seconds between two updates."""
    principal = principal_of(request)
    if principal.is_anonymous:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    check_viewer(principal)
    check_known(request.GET, {"poll"})
    lon, lat, _ = tiles_conf.get("PINGDING_TILES_CENTER")
    config = {
        "figures_url": reverse("dashboard-api:figures"), "poll_seconds": POLL.parse(single(request.GET, "poll")),
        "center": [lon, lat],
        "raster_tilejson": reverse("tiles:standard-map-tilejson"),
        "grids_tilejson": reverse("tiles:tilejson", kwargs={"tileset": "grids"}),
        "state_labels": STATE_LABELS,
    }
    return render(request, "dashboard/dashboard.html", {"config": config, "user": request.user})
