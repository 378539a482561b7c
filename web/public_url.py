"""The one base URL every link of the server is built on (OGC API documents, TileJSON, the API root, OpenAPI)."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def public_url(request: HttpRequest) -> str:
    """Scheme and host (and path prefix, if any) clients should use, without a trailing slash.

    ``PINGDING_PUBLIC_URL``, when set, is used verbatim: the right choice behind any proxy. Without it, the request's
    own scheme and ``Host``: ``get_host()`` refuses a ``Host`` outside ``ALLOWED_HOSTS`` (``DisallowedHost``, a 400)
    and, with ``USE_X_FORWARDED_HOST`` off, never reads ``X-Forwarded-Host``; the scheme ignores
    ``X-Forwarded-Proto`` unless ``SECURE_PROXY_SSL_HEADER`` names a trusted proxy's header. So a client cannot put
    another host into the links others are given.
    """
    public = settings.PINGDING_PUBLIC_URL
    if public:
        return public.rstrip("/")
    return f"{request.scheme}://{request.get_host()}"
