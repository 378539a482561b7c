"""Cross-origin reads for other systems' web pages: django-cors-headers, limited to reading.

Which paths: ``CORS_URLS_REGEX`` (settings: the OGC API, tiles, snapping, geocoding, the OpenAPI document and
Open311). Which origins: ``PINGDING_CORS_ORIGINS`` (none by default; ``*`` for any). Which methods: only GET, HEAD and
their preflight OPTIONS, whatever the path, so a write on a shared path (Open311 ``POST requests.json``) is not
opened to other origins: its answer carries no ``Access-Control-Allow-Origin`` and the preflight allows no POST.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from corsheaders.conf import conf
from corsheaders.middleware import CorsMiddleware
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cors_configured() -> bool:
    """Whether any origin may read cross-origin; without one, answers carry no CORS header at all (nor a ``Vary``)."""
    return bool(conf.CORS_ALLOW_ALL_ORIGINS or conf.CORS_ALLOWED_ORIGINS or conf.CORS_ALLOWED_ORIGIN_REGEXES)


class ReadOnlyCorsMiddleware(CorsMiddleware):
    """django-cors-headers' middleware, enabled only for :data:`READ_METHODS` and when an origin is configured."""

    def is_enabled(self, request: HttpRequest) -> bool:
        return request.method in READ_METHODS and cors_configured() and super().is_enabled(request)


def cors_settings(origins: list[str]) -> dict:
    """django-cors-headers settings for ``PINGDING_CORS_ORIGINS``: ``*`` allows any origin; anything else must be
    an origin (``scheme://host[:port]``, no path), or the server refuses to start."""
    for origin in origins:
        parts = urlsplit(origin)
        if origin != "*" and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query):
            raise ImproperlyConfigured(
                f"PINGDING_CORS_ORIGINS: {origin!r} is not an origin; write scheme://host[:port] "
                "(e.g. https://city.example.cn), comma-separated, or * for any origin."
            )
    return {
        "CORS_ALLOW_ALL_ORIGINS": "*" in origins,
        "CORS_ALLOWED_ORIGINS": [origin for origin in origins if origin != "*"],
        "CORS_ALLOW_METHODS": sorted(READ_METHODS),
        "CORS_ALLOW_CREDENTIALS": False,
        "CORS_EXPOSE_HEADERS": ["ETag", "Content-Crs"],
        "CORS_URLS_REGEX": r"^/(ogc(/.*)?|tiles/.*|api/(snap|reverse|geocode)|openapi\.json|open311/v2/.*)$",
    }
