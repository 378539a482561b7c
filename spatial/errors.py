"""Errors raised by the spatial package.

Every error carries a machine ``code`` and the ``parameter`` of the request
at fault (``None`` when no single parameter is to blame). The web layer turns
them into JSON 4xx responses, so each message is a sentence a person can act
on: it says what was wrong and what would be accepted instead.
"""

from __future__ import annotations


class SpatialError(ValueError):
    """Base class of every error raised by :mod:`spatial`.

    ``str(error)`` is the human message; ``code`` is a stable machine code
    (PascalCase, the vocabulary of every API answer); ``parameter`` names the request parameter at fault.
    """

    default_code = "InvalidParameterValue"

    def __init__(self, message: str, *, code: str | None = None, parameter: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.parameter = parameter

    def as_dict(self) -> dict[str, str | None]:
        """Return ``{"code", "parameter", "detail"}`` for a JSON error body."""
        return {"code": self.code, "parameter": self.parameter, "detail": self.message}


class UnknownCrs(SpatialError):
    """A CRS identifier that is not in the server's CRS table."""

    default_code = "UnknownCrs"


class CrsUnavailable(SpatialError):
    """PROJ cannot build a transformation the server needs: a fault of the installation, not of the request."""

    default_code = "CrsUnavailable"


class CoordinateError(SpatialError):
    """A coordinate that is NaN, infinite, out of range or not transformable."""

    default_code = "InvalidCoordinate"


class CodeError(SpatialError):
    """A malformed admin, grid, component, credit or ID code."""

    default_code = "InvalidCode"
