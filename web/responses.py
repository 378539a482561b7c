"""The one JSON writer of the server, and the error answers built on it.

JSON is UTF-8 text with Chinese as it is (not ``\\u`` escapes) and the charset in the content type.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse

from .errors import SERVER_ERROR, error_body

BEARER_CHALLENGE = 'Bearer realm="pingding"'
"""``WWW-Authenticate`` of every 401 (RFC 6750: a token is sent as ``Authorization: Bearer <token>``)."""


def json_response(
    document: Any, content_type: str = "application/json", *, status: int = 200, sort_keys: bool = False
) -> HttpResponse:
    """``document`` as JSON with ``content_type`` (charset added); ``sort_keys`` for answers compared byte for byte.

    The length is set here: answers written before ``CommonMiddleware`` (which would set it) are not sent chunked."""
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, sort_keys=sort_keys),
        status=status,
        content_type=f"{content_type}; charset=utf-8",
    )
    response["Content-Length"] = str(len(response.content))
    return response


def error_response(exception: BaseException) -> HttpResponse | None:
    """The JSON answer of a client error (status and code from ``web.errors``); ``None`` for a server error."""
    found = error_body(exception)
    if found is None:
        return None
    status, body = found
    response = json_response(body, status=status)
    for name, value in getattr(exception, "headers", {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = BEARER_CHALLENGE
    return response


def server_error_response() -> HttpResponse:
    return json_response(SERVER_ERROR, status=500)


def method_not_allowed(request: HttpRequest, allowed: Iterable[str]) -> HttpResponse:
    """405 naming the methods this path takes, also in ``Allow``."""
    methods = ", ".join(sorted(set(allowed)))
    response = json_response(
        {"code": "MethodNotAllowed", "description": f"{request.method} is not allowed here; use {methods}.",
         "parameter": "method"},
        status=405,
    )
    response["Allow"] = methods
    return response
