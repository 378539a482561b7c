"""The one place where errors become JSON answers: raised errors, Django's own error pages, and requests refused
before any view (a Host the server does not serve, a NUL in the path, a chunked body, a method a path does not take).

Listed right after the request log in ``MIDDLEWARE``: before ``CommonMiddleware`` (the first to read the Host) and
before ``CsrfViewMiddleware`` (whose 403 would otherwise answer a PUT on a read-only path).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from .methods import refused_method
from .responses import error_response, json_response, method_not_allowed, server_error_response

errors_log = logging.getLogger("pingding.errors")

# Codes of error answers Django writes as HTML (its 404 page, ``require_http_methods``'s 405, handler400...).
_STATUS_CODES = {
    400: ("BadRequest", "The request is malformed."),
    403: ("Forbidden", "You may not do this."),
    404: ("NotFound", "No resource at this address; see / for the API root."),
    405: ("MethodNotAllowed", "This method is not allowed here."),
    413: ("PayloadTooLarge", "The request body is larger than the server accepts; send less."),
    500: ("ServerError", "The server failed on this request; the error is logged."),
}
_KEPT_HEADERS = ("Allow", "Vary", "Retry-After")


def _refused(request: HttpRequest) -> HttpResponse | None:
    """A 4xx for what no view should see, else ``None``."""
    try:
        request.get_host()
    except DisallowedHost as error:
        return error_response(error)
    if "\x00" in request.path:
        return json_response({
            "code": "InvalidParameterValue", "description": "The path contains a NUL character (%00).",
            "parameter": "path",
        }, status=400)
    # uWSGI does not decode chunked request bodies: a view would read an empty body. nginx sends the length.
    chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
    if chunked and not request.META.get("CONTENT_LENGTH"):
        return json_response({
            "code": "LengthRequired",
            "description": "A request body must be sent with a Content-Length header, not chunked.",
            "parameter": "Content-Length",
        }, status=411)
    return None


def as_json(response: HttpResponse) -> HttpResponse:
    """An error answer that Django wrote as HTML (or empty) rewritten as JSON with the same status."""
    if response.status_code < 400 or isinstance(response, StreamingHttpResponse):
        return response
    if "json" in response.get("Content-Type", "") or getattr(response, "error_document", False):
        return response  # already JSON, or a protocol's own error document (a WFS exception report)
    code, description = _STATUS_CODES.get(response.status_code, ("HttpError", "The request cannot be answered."))
    body = {"code": code, "description": description}
    if response.status_code == 405 and "Allow" in response:
        body.update(description=f"This method is not allowed here; use {response['Allow']}.", parameter="method")
    rewritten = json_response(body, status=response.status_code)
    for header in _KEPT_HEADERS:
        if header in response:
            rewritten[header] = response[header]
    return rewritten


class JsonErrorMiddleware:
    """Turns ``ApiError``, ``SpatialError`` and Django's request errors into JSON 4xx (status and code from
    ``web.errors``), anything else into a JSON 500 that is logged; rewrites Django's HTML error pages as JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return _refused(request) or as_json(self.get_response(request))

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        allowed = refused_method(view, request.method)
        return method_not_allowed(request, allowed) if allowed else None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse:
        response = error_response(exception)
        if response is not None:
            return response
        errors_log.exception("unhandled error on %s %s", request.method, request.get_full_path())
        return server_error_response()
