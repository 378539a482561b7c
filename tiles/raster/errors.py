"""Errors of the standard map: what the tile views answer and what the build command reports."""
from __future__ import annotations

from layers.errors import ApiError

BUILD_HINT = "run `python manage.py build_standard_map` (add --force to rebuild)"


class StandardMapUnavailable(ApiError):
    """The standard map file is missing or unreadable: answered as 503 with what to run."""

    status = 503
    code = "ServiceUnavailable"


class RasterBuildError(RuntimeError):
    """Building or writing the standard map failed; the message says what to check."""
