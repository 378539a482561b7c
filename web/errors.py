"""Errors a client can cause, and ONE table from exception class to HTTP status and machine code.

Codes are the PascalCase words of OGC API - Features (``InvalidParameterValue``, ``NotFound``...), the one
vocabulary every answer uses: the JSON error middleware (``web.middleware``) and Open311's error writer
(``cases.reports.open311.errors``, which keeps the list body its spec requires) both read :func:`status_and_code`.
Views, parsers and services raise; only this module knows statuses.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError

from spatial.errors import CodeError, CoordinateError, CrsUnavailable, SpatialError, UnknownCrs


class ApiError(Exception):
    """What a client did wrong: a ``description`` to act on and the ``parameter`` at fault. A subclass sets its
    ``status`` and ``code``; an instance may override both (a one-off limit answered 413 or 503)."""

    status = 400
    code = "InvalidParameterValue"
    headers: dict[str, str] = {}
    """Headers the answer carries besides the JSON body (the current ``ETag`` of a 412)."""

    def __init__(self, description: str, *, parameter: str | None = None, code: str | None = None,
                 status: int | None = None):
        super().__init__(description)
        self.description = description
        self.parameter = parameter
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        body = {"code": self.code, "description": self.description}
        if self.parameter is not None:
            body["parameter"] = self.parameter
        return body


class InvalidParameter(ApiError):
    status = 400
    code = "InvalidParameterValue"


class NotFound(ApiError):
    status = 404
    code = "NotFound"


class NotAcceptable(ApiError):
    status = 406
    code = "NotAcceptable"


class InvalidToken(ApiError):
    """An ``Authorization: Bearer`` token that is malformed, unknown, expired or revoked (answered with
    ``WWW-Authenticate: Bearer error="invalid_token"``, RFC 6750)."""

    status = 401
    code = "InvalidToken"


class NotAuthenticated(ApiError):
    """No credentials where only some signed-in callers may go (answered with the Bearer challenge, RFC 6750)."""

    status = 401
    code = "NotAuthenticated"


class LockedOut(ApiError):
    """Too many failed sign-ins of one username from one address: refused until the cool-off ends."""

    status = 429
    code = "TooManyFailedLogins"


class Forbidden(ApiError):
    """Signed in, but this principal may not do this: a layer, field or row (another grid) it may not change."""

    status = 403
    code = "Forbidden"


class Conflict(ApiError):
    """The change collides with the data: a code that exists already, a feature others refer to."""

    status = 409
    code = "Conflict"


class PreconditionFailed(ApiError):
    """``If-Match`` names a version that is no longer current: someone else changed the resource first."""

    status = 412
    code = "PreconditionFailed"


class PreconditionRequired(ApiError):
    """A change sent without ``If-Match``: the server does not guess which version it was made against."""

    status = 428
    code = "PreconditionRequired"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "UnsupportedMediaType"


class MethodNotAllowed(ApiError):
    status = 405
    code = "MethodNotAllowed"


# Exceptions raised outside ``ApiError``, most specific first: (class, status, code). ``ApiError`` carries its own.
STATUS_TABLE: tuple[tuple[type[Exception], int, str], ...] = (
    (UnknownCrs, 400, "UnknownCrs"),
    (CrsUnavailable, 500, "CrsUnavailable"),
    (CoordinateError, 400, "InvalidCoordinate"),
    (CodeError, 400, "InvalidCode"),
    (SpatialError, 400, "InvalidParameterValue"),
    (RequestDataTooBig, 413, "PayloadTooLarge"),
    (TooManyFieldsSent, 400, "TooManyParameters"),
    (TooManyFilesSent, 400, "TooManyFiles"),
    (MultiPartParserError, 400, "MalformedBody"),
    (UnreadablePostError, 400, "IncompleteBody"),
    (DisallowedHost, 400, "DisallowedHost"),
    (SuspiciousOperation, 400, "BadRequest"),
    (BadRequest, 400, "BadRequest"),
    (PermissionDenied, 403, "Forbidden"),
    (Http404, 404, "NotFound"),
)


def status_and_code(exception: BaseException) -> tuple[int, str] | None:
    """The HTTP status and machine code of ``exception``; ``None`` for an error of the server, not the client."""
    if isinstance(exception, ApiError):
        return exception.status, exception.code
    for kind, status, code in STATUS_TABLE:
        if isinstance(exception, kind):
            return status, code
    return None


def _described(exception: BaseException) -> str:
    """A sentence the client can act on: the error's own for ours, a fixed one (no internals) for Django's."""
    if isinstance(exception, (ApiError, SpatialError)):
        return str(exception)
    return {
        RequestDataTooBig: f"The request body is larger than the server accepts "
                           f"({settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes outside uploaded files); send less.",
        TooManyFieldsSent: f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} parameters; "
                           "send fewer.",
        TooManyFilesSent: f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files; send fewer.",
        MultiPartParserError: "The multipart/form-data body cannot be read; check its boundary.",
        UnreadablePostError: "The request body ended before its Content-Length; send the whole body.",
        DisallowedHost: "The Host header names a host this server does not serve.",
        PermissionDenied: "You may not do this; sign in with an account that may.",
        Http404: "No resource at this address; see / for the API root.",
    }.get(type(exception), "The request was refused as malformed.")


def error_body(exception: BaseException) -> tuple[int, dict] | None:
    """``(status, {"code", "description", "parameter"?, ...})`` of a client error; ``None`` for a server error."""
    found = status_and_code(exception)
    if found is None:
        return None
    status, code = found
    if isinstance(exception, ApiError):
        return status, exception.as_dict()
    body = {"code": code, "description": _described(exception)}
    parameter = getattr(exception, "parameter", None)
    if parameter:
        body["parameter"] = parameter
    if isinstance(exception, DisallowedHost):
        body["parameter"] = "Host"
    return status, body


SERVER_ERROR = {"code": "ServerError", "description": "The server failed on this request; the error is logged."}
