"""``GET /api/geocode``: parse the request, ask the selector, write JSON."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from web.responses import json_response

from .params import parse_geocode_request
from .selectors import geocode_parsed


@require_safe
def geocode(request: HttpRequest) -> HttpResponse:
    """``{"query", "crs", "parsed", "candidates"}``; no candidates is still a 200."""
    geocode_request = parse_geocode_request(request.GET)
    candidates = geocode_parsed(
        parsed=geocode_request.parsed, limit=geocode_request.limit, town=geocode_request.town, crs=geocode_request.crs
    )
    response = json_response(
        {
            "query": geocode_request.q,
            "crs": geocode_request.crs.key,
            "parsed": geocode_request.parsed.as_dict(),
            "candidates": [candidate.as_dict() for candidate in candidates],
        }
    )
    response["Content-Crs"] = f"<{geocode_request.crs.uri}>"
    return response
