"""``GET /api/topology``: the current breaches of every topology rule, for the layers the caller may read."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts.middleware import principal_of
from layers.access import visible_layers
from web.params import check_known
from web.responses import json_response

from .selectors import breaches


@require_safe
def topology(request: HttpRequest) -> HttpResponse:
    check_known(request.GET, frozenset())
    views = tuple(view for view in visible_layers(principal_of(request)) if view.topology)
    found = breaches(layers=tuple(view.layer for view in views))
    rules = [{"layer": view.id, "rules": list(view.topology)} for view in views]
    return json_response({"rules": rules, "numberOfBreaches": len(found),
                          "breaches": [breach.as_dict() for breach in found]})
