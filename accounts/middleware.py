"""Puts the caller's :class:`~accounts.principal.Principal` on every request as ``request.principal``.

Who is asking, in this order: an ``Authorization: Bearer`` token (a system or app; any other ``Authorization`` is
refused, as is a bad token: 401 with ``WWW-Authenticate``), else the signed-in user of a Django session (the
browser; CSRF stays checked for its writes), else anonymous. A request without ``Authorization`` and without a
session cookie is anonymous without a query.
"""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from web.errors import InvalidToken
from web.responses import error_response

from .principal import ANONYMOUS, Principal
from .token_auth import token_user

BEARER_CHALLENGE = 'Bearer realm="pingding"'


def principal_for_user(user) -> Principal:
    """The principal of an active ``user``: its account's role, grids and department (a superuser without an
    account is an admin; a user without one has no role and reads what anonymous callers read)."""
    account = getattr(user, "account", None)
    if account is not None:
        roles = {account.role}
    else:
        roles = {"admin"} if user.is_superuser else set()
    return Principal(
        user_id=user.pk,
        roles=frozenset(roles),
        grids=frozenset(account.grids if account else ()),
        department=(account.department or None) if account else None,
    )


def request_principal(request: HttpRequest) -> Principal:
    """The principal of ``request``; raises :class:`~web.errors.InvalidToken` for a bad ``Authorization``."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is not None:
        user = token_user(header)
        request.user = user
        request._dont_enforce_csrf_checks = True  # a token is no ambient credential: no CSRF to forge
        return principal_for_user(user)
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ANONYMOUS
    user = request.user
    return principal_for_user(user) if user.is_authenticated else ANONYMOUS


def unauthorized(error: InvalidToken) -> HttpResponse:
    """401 naming what was wrong, with the Bearer challenge (RFC 6750 section 3)."""
    response = error_response(error)
    description = error.description.replace("\\", "").replace('"', "'")
    response["WWW-Authenticate"] = f'{BEARER_CHALLENGE}, error="invalid_token", error_description="{description}"'
    return response


class PrincipalMiddleware:
    """Sets ``request.principal``; runs after Django's session and authentication middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.principal = request_principal(request)
        except InvalidToken as error:
            return unauthorized(error)
        return self.get_response(request)


def principal_of(request: HttpRequest) -> Principal:
    """``request.principal``, or anonymous for a request that did not pass the middleware (a view called directly)."""
    return getattr(request, "principal", ANONYMOUS)
