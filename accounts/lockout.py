"""The answer to a sign-in refused by django-axes after repeated failures (``AXES_LOCKOUT_CALLABLE``): a JSON 429
with ``Retry-After`` for API clients, a redirect to the page that says so for a browser."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from web.errors import LockedOut
from web.responses import error_response


def cool_off_seconds() -> int:
    """``AXES_COOLOFF_TIME`` (hours) in seconds."""
    return int(float(settings.AXES_COOLOFF_TIME) * 3600)


def wants_page(request: HttpRequest) -> bool:
    return "text/html" in request.META.get("HTTP_ACCEPT", "")


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    if wants_page(request):
        return HttpResponseRedirect(reverse("accounts:locked"))
    minutes = max(1, cool_off_seconds() // 60)
    error = LockedOut(
        f"Too many failed sign-ins for this username from this address ({settings.AXES_FAILURE_LIMIT}); "
        f"try again in {minutes} minutes.",
        parameter="username",
    )
    response = error_response(error)
    response["Retry-After"] = str(cool_off_seconds())
    return response
