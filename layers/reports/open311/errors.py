"""Open311 errors: a JSON list of ``{"code": <HTTP status>, "description": "..."}`` objects (GeoReport v2), with
the parameter at fault and our machine code (``error``) added, and whatever else the error carries (the nearest
grid of a point outside the county)."""
from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from layers.errors import ApiError
from spatial.errors import SpatialError

JSON_FORMAT = "json"


def error_response(status: int, description: str, *, parameter: str | None = None, error: str | None = None,
                   extra: dict | None = None) -> JsonResponse:
    item = {"code": status, "description": description}
    if parameter is not None:
        item["parameter"] = parameter
    if error is not None:
        item["error"] = error
    item.update(extra or {})
    return JsonResponse([item], status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def from_exception(exception: ApiError | SpatialError) -> JsonResponse:
    if isinstance(exception, SpatialError):
        return error_response(400, str(exception), parameter=exception.parameter, error=exception.code)
    body = exception.as_dict()
    extra = {k: v for k, v in body.items() if k not in ("code", "description", "parameter")}
    return error_response(
        exception.status, exception.description, parameter=exception.parameter, error=exception.code, extra=extra
    )


def check_format(fmt: str) -> None:
    """Only ``.json``: anything else (``.xml`` included) is a 400 naming ``format``."""
    if fmt != JSON_FORMAT:
        raise ApiError(
            f"This Open311 server answers JSON only; ask for .json instead of .{fmt}.",
            parameter="format", code="UnsupportedFormat", status=400,
        )


def open311_view(*methods: str) -> Callable:
    """Decorate an Open311 view: allowed methods (405 otherwise, with ``Allow``), ``.json`` only, and every
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

        return wrapped

    return decorate

