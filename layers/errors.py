"""API errors: what a client did wrong, as a machine code, the parameter at fault and a sentence to act on.

Views raise these; ``geoserver_app.middleware.JsonErrorMiddleware`` is the one place that turns them (and
``spatial.errors.SpatialError``) into JSON answers with the right status.
"""
from __future__ import annotations


class ApiError(Exception):
    status = 400
    code = "InvalidParameterValue"

    def __init__(self, description: str, *, parameter: str | None = None, code: str | None = None, status: int | None = None):
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
