"""API errors of the layers: the edge's family (``web.errors``), named here for the modules that raise them."""
from __future__ import annotations

from web.errors import ApiError, InvalidParameter, MethodNotAllowed, NotAcceptable, NotFound

__all__ = ["ApiError", "InvalidParameter", "MethodNotAllowed", "NotAcceptable", "NotFound"]
