"""The principal and the user of an ``Authorization: Bearer`` header: one statement (token, user and account joined),
the token's use noted at most once a minute. Nothing is cached between requests, so a revocation holds from the next
request. The user is built from the same row (its id, username and flags; other fields are read when first read), so
a write that names its author (the history's actor) costs no second query for the user.

The lookup is one fixed statement, prepared once per database session, rather than an ORM query: the ORM's
three-table ``select_related`` costs ~0.7 ms of Python a request, and planning the join ~0.1 ms, against ~0.02 ms
to run it."""
from __future__ import annotations

import base64
import binascii
import weakref
from datetime import timedelta
from functools import cache, partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from web.errors import InvalidToken

from . import conf
from .models import Account, ApiToken
from .principal import Principal
from .roles import account_principal
from .tokens import parse_token, secret_matches

PARAMETER = "Authorization"


def _refuse(description: str) -> InvalidToken:
    return InvalidToken(description, parameter=PARAMETER)


def credentials(header: str) -> tuple[str, str | None]:
    """``(token, username)`` of an ``Authorization`` header value: ``Bearer <token>`` (username None), or ``Basic``
    with a username and one of its API tokens as the password (RFC 7617), for desktop clients whose saved
    credentials are user and password only (QGIS 3.22's WFS connections). A password is never taken here: only a
    token, hashed and checked like a bearer token. :class:`InvalidToken` for anything else."""
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "basic":
        try:
            username, colon, token = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise _refuse("The Basic credentials are not base64 of 'username:token' in UTF-8.") from None
        if not colon or not username or not token:
            raise _refuse("The Basic credentials must be 'username:token', an API token as the password.")
        return token, username
    if scheme.lower() != "bearer":
        raise _refuse("The Authorization header must be 'Bearer <token>' (or Basic with the username and an API "
                      "token as the password).")
    if not value:
        raise _refuse("The Authorization header has no token after 'Bearer'.")
    return value, None


LOOKUP_STATEMENT = "pingding_token_lookup"

_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The database connections (psycopg2) on which the lookup is prepared."""


@cache
def _lookup_sql() -> str:
    """The lookup of a token's row by its prefix (``$1``); identifiers from the models' own tables."""
    users = get_user_model()
    token, account, user = ApiToken._meta.db_table, Account._meta.db_table, users._meta.db_table
    username = users._meta.get_field(users.USERNAME_FIELD).column
    return (
        f"SELECT t.id, t.digest, t.expires_at, t.revoked_at, t.last_used_at, u.id, u.{username}, u.is_active,"
        f" u.is_superuser, a.role, a.grids, a.department, a.layers"
        f" FROM {token} t JOIN {user} u ON u.id = t.user_id LEFT JOIN {account} a ON a.user_id = u.id"
        f" WHERE t.prefix = $1"
    )


def _prepare_sql() -> str:
    return f"PREPARE {LOOKUP_STATEMENT} (varchar) AS {_lookup_sql()}"


def _lookup(prefix: str) -> tuple | None:
    """The row of the token with ``prefix`` joined to its user and account, or None."""
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    session = database.connection
    with database.wrap_database_errors, session.cursor() as cursor:
        if settings.PINGDING_DB_TRANSACTION_POOLING:  # no PREPARE behind a pooler (tiles.selectors says why)
            cursor.execute(_lookup_sql().replace("$1", "%s"), [prefix])
            return cursor.fetchone()
        if session not in _prepared:
            cursor.execute(_prepare_sql())
            _prepared[session] = True
        cursor.execute(f"EXECUTE {LOOKUP_STATEMENT} (%s)", [prefix])
        return cursor.fetchone()


def token_principal(header: str) -> Principal:
    """The principal of the active user whose valid token the header carries; :class:`InvalidToken` naming what
    was wrong (no token, malformed, unknown, revoked, expired, or of a disabled account)."""
    return token_caller(header)[0]


def token_caller(header: str) -> tuple[Principal, AbstractBaseUser]:
    """As :func:`token_principal`, with the user (built when first read, from the row the token was checked by)."""
    token, username = credentials(header)
    text = parse_token(token)
    if text is None:
        raise _refuse("The bearer token is malformed: a token is 'pd_' + 8 hex digits + '_' + 43 characters.")
    row = _lookup(text.prefix)
    if row is None or not secret_matches(text.secret, row[1]):
        raise _refuse("The bearer token is unknown.")
    (token_id, _, expires_at, revoked_at, last_used_at, user_id, name, active, superuser, role, grids, department,
     layers) = row
    if username is not None and username != name:
        raise _refuse("The token is not a token of that user.")
    now = timezone.now()
    if revoked_at is not None:
        raise _refuse("The bearer token was revoked; ask for a new one.")
    if expires_at <= now:
        raise _refuse(f"The bearer token expired at {expires_at.isoformat()}; ask for a new one.")
    if not active:
        raise _refuse("The bearer token's account is disabled.")
    _touch(token_id, last_used_at, now)
    principal = account_principal(user_id, superuser=superuser, role=role, grids=grids, department=department,
                                  layers=layers)
    return principal, SimpleLazyObject(partial(_user, user_id, name, active, superuser))


def _user(user_id: int, username: str, active: bool, superuser: bool) -> AbstractBaseUser:
    """The user of a checked token, its id, username, ``is_active`` and ``is_superuser`` loaded and its other
    fields deferred: a deferred field is read from the database when first read, and ``save()`` writes only the
    loaded ones (Django's rule for deferred fields)."""
    users = get_user_model()
    loaded = {users._meta.pk.attname: user_id, users.USERNAME_FIELD: username, "is_active": active,
              "is_superuser": superuser}
    names = [f.attname for f in users._meta.concrete_fields if f.attname in loaded]  # from_db takes model order
    return users.from_db(DEFAULT_DB_ALIAS, names, [loaded[name] for name in names])


def _touch(token_id: int, last_used_at, now) -> None:
    """Notes the token's use when the last note is older than ``PINGDING_TOKEN_TOUCH_SECONDS``."""
    window = timedelta(seconds=conf.get("PINGDING_TOKEN_TOUCH_SECONDS"))
    if last_used_at is None or now - last_used_at >= window:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
