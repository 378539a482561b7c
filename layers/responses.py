"""The JSON answer of every view that writes its own: UTF-8 text with Chinese as it is (not ``\\u`` escapes) and
the charset in the content type."""
from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse


def json_response(
    document: Any, content_type: str = "application/json", *, status: int = 200, sort_keys: bool = False
) -> HttpResponse:
    """``document`` as JSON with ``content_type`` (charset added); ``sort_keys`` for answers compared byte for byte."""
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, sort_keys=sort_keys),
        status=status,
        content_type=f"{content_type}; charset=utf-8",
    )
