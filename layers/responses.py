"""The JSON writer of the views: ``web.responses.json_response``, named here for the modules that use it."""
from __future__ import annotations

from web.responses import json_response

__all__ = ["json_response"]
