"""Request logging and the one place where errors become JSON answers."""
from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from layers.errors import ApiError
from spatial.errors import SpatialError

log = logging.getLogger("pingding.requests")
errors_log = logging.getLogger("pingding.errors")


class RequestLogMiddleware:
    """Logs method, path, status and time of every request (streamed bodies: time to first byte)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info("%s %s %s %.1fms", request.method, request.get_full_path(), response.status_code, elapsed_ms)
        return response


# SpatialError codes that are the server's fault, not the client's; every other one is a 400.
_SPATIAL_STATUS = {"crs_unavailable": 500}


def error_response(error: ApiError | SpatialError) -> JsonResponse:
    if isinstance(error, SpatialError):
        status = _SPATIAL_STATUS.get(error.code, 400)
        body = {"code": error.code, "description": str(error)}
        if error.parameter:
            body["parameter"] = error.parameter
    else:
        status = error.status
        body = error.as_dict()
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _django_errors() -> tuple[tuple[type[Exception], int, str, str], ...]:
    """Django's own request errors, most specific first: (exception, status, code, what the client can do)."""
    return (
        (RequestDataTooBig, 413, "PayloadTooLarge",
         f"The request body is larger than the server accepts ({settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes "
         "outside uploaded files); send less."),
        (TooManyFieldsSent, 400, "TooManyParameters",
         f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} parameters; send fewer."),
        (TooManyFilesSent, 400, "TooManyFiles",
         f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files; send fewer."),
        (MultiPartParserError, 400, "MalformedBody", "The multipart/form-data body cannot be read; check its boundary."),
        (SuspiciousOperation, 400, "BadRequest", "The request was refused as malformed."),
        (BadRequest, 400, "BadRequest", "The request is malformed."),
        (PermissionDenied, 403, "Forbidden", "You may not do this; sign in with an account that may."),
        (Http404, 404, "NotFound", "No resource at this address; see / for the API root."),
    )


class JsonErrorMiddleware:
    """Turns ``ApiError``, ``SpatialError`` and Django's request errors (a body too large, too many fields, a broken
    multipart body, 403, 404) into 4xx JSON; anything else into a JSON 500 that is logged.

    A body sent ``Transfer-Encoding: chunked`` without a ``Content-Length`` is answered 411 before any view: the
    application server (uWSGI, ``deploy/uwsgi.ini``) does not decode chunked request bodies, so a view would read an
    empty body and answer as if nothing had been sent. nginx in front buffers such a body and sends its length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not request.META.get("CONTENT_LENGTH"):
            return JsonResponse({
                "code": "LengthRequired",
                "description": "A request body must be sent with a Content-Length header, not chunked.",
                "parameter": "Content-Length",
            }, status=411)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (ApiError, SpatialError)):
            return error_response(exception)
        for kind, status, code, description in _django_errors():
            if isinstance(exception, kind):
                return JsonResponse({"code": code, "description": description}, status=status)
        errors_log.exception("unhandled error on %s %s", request.method, request.get_full_path())
        return JsonResponse(
            {"code": "ServerError", "description": "The server failed on this request; the error is logged."},
            status=500,
        )
