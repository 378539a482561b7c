"""The user of an ``Authorization: Bearer`` header: one query (token, user and account joined), the token's use
noted at most once a minute. Nothing is cached between requests, so a revocation holds from the next request."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from web.errors import InvalidToken

from . import conf
from .models import ApiToken
from .tokens import parse_token, secret_matches

PARAMETER = "Authorization"


def _refuse(description: str) -> InvalidToken:
    return InvalidToken(description, parameter=PARAMETER)


def bearer_value(header: str) -> str:
    """The token of an ``Authorization`` header value; :class:`InvalidToken` if it is not ``Bearer <token>``."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise _refuse("The Authorization header must be 'Bearer <token>' (API tokens are the only scheme here).")
    value = value.strip()
    if not value:
        raise _refuse("The Authorization header has no token after 'Bearer'.")
    return value


def token_user(header: str):
    """The active user whose valid token the header carries; :class:`InvalidToken` naming what was wrong."""
    text = parse_token(bearer_value(header))
    if text is None:
        raise _refuse("The bearer token is malformed: a token is 'pd_' + 8 hex digits + '_' + 43 characters.")
    token = ApiToken.objects.select_related("user", "user__account").filter(prefix=text.prefix).first()
    if token is None or not secret_matches(text.secret, token.digest):
        raise _refuse("The bearer token is unknown.")
    now = timezone.now()
    if token.revoked_at is not None:
        raise _refuse("The bearer token was revoked; ask for a new one.")
    if token.expires_at <= now:
        raise _refuse(f"The bearer token expired at {token.expires_at.isoformat()}; ask for a new one.")
    if not token.user.is_active:
        raise _refuse("The bearer token's account is disabled.")
    _touch(token, now)
    return token.user


def _touch(token: ApiToken, now) -> None:
    """Notes the token's use when the last note is older than ``PINGDING_TOKEN_TOUCH_SECONDS``."""
    window = timedelta(seconds=conf.get("PINGDING_TOKEN_TOUCH_SECONDS"))
    if token.last_used_at is None or now - token.last_used_at >= window:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
