"""Open311 errors: a JSON list of ``{"code": <HTTP status>, "description": "..."}`` objects (GeoReport v2), with
the parameter at fault and our machine code (``error``) added, and whatever else the error carries (the nearest
grid of a point outside the county)."""
from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from spatial.errors import SpatialError
from web.errors import ApiError, error_body
from web.responses import json_response

JSON_FORMAT = "json"


def error_response(status: int, description: str, *, parameter: str | None = None, error: str | None = None,
                   extra: dict | None = None) -> HttpResponse:
    item = {"code": status, "description": description}
    if parameter is not None:
        item["parameter"] = parameter
    if error is not None:
        item["error"] = error
    item.update(extra or {})
    return json_response([item], status=status)


def from_exception(exception: ApiError | SpatialError) -> HttpResponse:
    """The Open311 answer of a client error, its status and code read from the edge's one table."""
    status, body = error_body(exception)
    extra = {k: v for k, v in body.items() if k not in ("code", "description", "parameter")}
    return error_response(status, body["description"], parameter=body.get("parameter"), error=body["code"], extra=extra)


def check_format(fmt: str) -> None:
    """Only ``.json``: anything else (``.xml`` included) is a 400 naming ``format``."""
    if fmt != JSON_FORMAT:
        raise ApiError(
            f"This Open311 server answers JSON only; ask for .json instead of .{fmt}.",
            parameter="format", code="UnsupportedFormat", status=400,
        )


def open311_view(*methods: str) -> Callable:
    """Decorate an Open311 view: allowed methods (405 otherwise, with ``Allow``, in the Open311 format; the view is
    ``csrf_exempt``, as no browser session writes through it), ``.json`` only, and every
    :class:`ApiError`/:class:`SpatialError` answered in the Open311 error format."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
            if request.method not in allowed:
                response = error_response(
                    405, f"{request.method} is not allowed here; use {', '.join(methods)}.", error="MethodNotAllowed"
                )
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                check_format(kwargs.pop("fmt"))
                return view(request, *args, **kwargs)
            except (ApiError, SpatialError) as exception:
                return from_exception(exception)

        # No session writes here: exempt from the CSRF check, so a method the view refuses gets its Open311 405.
        wrapped.csrf_exempt = True
        return wrapped

    return decorate

