"""Puts the caller's :class:`~accounts.principal.Principal` on every request as ``request.principal``."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from .principal import ANONYMOUS, Principal


def request_principal(request: HttpRequest) -> Principal:
    """The principal of ``request``. Always anonymous until sessions and API tokens are authenticated here."""
    return ANONYMOUS


class PrincipalMiddleware:
    """Sets ``request.principal``; runs after Django's session and authentication middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.principal = request_principal(request)
        return self.get_response(request)


def principal_of(request: HttpRequest) -> Principal:
    """``request.principal``, or anonymous for a request that did not pass the middleware (a view called directly)."""
    return getattr(request, "principal", ANONYMOUS)
