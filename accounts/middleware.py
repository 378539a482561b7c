"""Puts the caller's :class:`~accounts.principal.Principal` on every request as ``request.principal``.

Who is asking, in this order: an ``Authorization: Bearer`` token (a system or app; any other ``Authorization`` is
refused, as is a bad token: 401 with ``WWW-Authenticate``), else the signed-in user of a Django session (the
browser; CSRF stays checked for its writes), else anonymous. A request without ``Authorization`` and without a
session cookie is anonymous without a query.
"""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from web.errors import InvalidToken
from web.responses import BEARER_CHALLENGE
from web.responses import error_response

from .principal import ANONYMOUS, Principal
from .roles import user_principal
from .token_auth import token_caller



def request_principal(request: HttpRequest) -> Principal:
    """The principal of ``request``; raises :class:`~web.errors.InvalidToken` for a bad ``Authorization``."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        principal, request.user = token_caller(header)
        request._dont_enforce_csrf_checks = True  # a token is no ambient credential: no CSRF to forge
        return principal
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ANONYMOUS
    user = request.user
    return user_principal(user) if user.is_authenticated else ANONYMOUS


def unauthorized(error: InvalidToken) -> HttpResponse:
    """401 naming what was wrong, with the Bearer challenge (RFC 6750 section 3)."""
    response = error_response(error)
    description = error.description.replace("\\", "").replace('"', "'")
    response["WWW-Authenticate"] = f'{BEARER_CHALLENGE}, error="invalid_token", error_description="{description}"'
    return response


def private(response: HttpResponse) -> None:
    """An answer to someone known is theirs: no shared cache keeps it (RFC 9111: ``public`` would let one keep even
    an answer to a request with ``Authorization``), and it differs by the credentials sent."""
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Authorization", "Cookie"))


class PrincipalMiddleware:
    """Sets ``request.principal``; runs after Django's session and authentication middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.principal = principal = request_principal(request)
        except InvalidToken as error:
            return unauthorized(error)
        response = self.get_response(request)
        if not principal.is_anonymous:
            private(response)
        return response


def principal_of(request: HttpRequest) -> Principal:
    """``request.principal``, or anonymous for a request that did not pass the middleware (a view called directly)."""
    return getattr(request, "principal", ANONYMOUS)


def check_writer(request: HttpRequest) -> HttpResponse | None:
    """Before a write: 401 (raised, with the Bearer challenge) for an anonymous caller; for a browser session, the
    CSRF check (its failure answer is returned), which a token caller does not need. ``None``: go on."""
    from django.middleware.csrf import CsrfViewMiddleware

    from web.errors import NotAuthenticated

    if principal_of(request).is_anonymous:
        raise NotAuthenticated("Changes are made with an API token (Authorization: Bearer) or a signed-in session.",
                               parameter="Authorization")
    return CsrfViewMiddleware(lambda _: None).process_view(request, None, (), {})
