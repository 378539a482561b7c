"""API tokens: stored hashed, expiring, revocable; a bad token is a 401 naming what was wrong, with the Bearer
challenge; a valid one is its user's principal, built in one query."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import request_principal
from accounts.models import ApiToken
from accounts.tokens import parse_token

from .conftest import bearer

PAGE = "/ogc/collections/grids/items?limit=1&f=json"


def test_the_secret_is_not_in_the_database_only_its_sha256(account):
    user, token = account("leader")
    text = parse_token(token)
    row = ApiToken.objects.get(user=user)
    assert row.prefix == text.prefix and row.digest == hashlib.sha256(text.secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken WHERE user_id = %s", [user.pk])
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert text.secret not in stored and token not in stored
    assert len(text.secret) == 43  # 32 random bytes, URL-safe base64


def test_a_token_expires_after_the_configured_days(account, settings):
    settings.PINGDING_TOKEN_DAYS = 7
    user, _ = account("leader")
    row = ApiToken.objects.get(user=user)
    assert timedelta(days=6, hours=23) < row.expires_at - row.created_at <= timedelta(days=7, seconds=1)


def refused(client, header: str, words: str) -> None:
    answer = client.get(PAGE, HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401, answer.content
    body = answer.json()
    assert body["code"] == "InvalidToken" and body["parameter"] == "Authorization" and words in body["description"]
    assert answer["WWW-Authenticate"].startswith('Bearer realm="pingding", error="invalid_token"')
    assert words in answer["WWW-Authenticate"]


@pytest.mark.parametrize("header, words", [
    ("Bearer", "no token"),
    ("Bearer   ", "no token"),
    ("Basic dXNlcjpwYXNz", "malformed"),  # user:pass: a password is no token
    ("Basic !!!", "base64"),
    ("Basic dXNlcg==", "'username:token'"),
    ("Digest abc", "'Bearer <token>'"),
    ("Bearer not-a-token", "malformed"),
    ("Bearer pd_0123abcd_" + "A" * 43, "unknown"),
])
def test_a_missing_malformed_or_unknown_token_is_401(client, db, header, words):
    refused(client, header, words)


def test_basic_credentials_are_a_username_and_one_of_its_tokens(client, account):
    """What desktop clients that save a user and a password send (QGIS 3.22's WFS connections)."""
    import base64

    user, token = account("gis_editor")
    other, _ = account("leader")

    def basic(username: str, secret: str) -> str:
        return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()

    answer = client.get("/ogc/collections/grids/items?limit=1", HTTP_AUTHORIZATION=basic(user.username, token))
    assert answer.status_code == 200 and answer["Cache-Control"].startswith("private")
    refused(client, basic(other.username, token), "not a token of that user")
    refused(client, basic(user.username, "the-account-password"), "malformed")


def test_a_known_prefix_with_a_wrong_secret_is_unknown(client, account):
    _, token = account("leader")
    refused(client, f"Bearer {token[:-1]}{'B' if token[-1] != 'B' else 'C'}", "unknown")


def test_an_expired_token_is_401(client, account):
    user, token = account("leader")
    assert client.get(PAGE, **bearer(token)).status_code == 200
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))
    refused(client, f"Bearer {token}", "expired")


def test_a_revoked_token_is_401_from_the_next_request(client, account):
    user, token = account("leader")
    assert client.get(PAGE, **bearer(token)).status_code == 200
    ApiToken.objects.get(user=user).revoke()
    refused(client, f"Bearer {token}", "revoked")


def test_a_disabled_user_s_token_is_401(client, account):
    user, token = account("leader")
    user.is_active = False
    user.save()
    refused(client, f"Bearer {token}", "disabled")


def test_a_valid_token_is_its_user_s_principal_in_one_query(account, grid_codes, monkeypatch):
    """One lookup (a prepared statement, sent on the driver's cursor) and, at most once a minute, the note of use."""
    from accounts import token_auth

    lookups = []
    monkeypatch.setattr(token_auth, "_lookup", lambda prefix, real=token_auth._lookup: lookups.append(1) or real(
        prefix))
    user, token = account("grid_member", grids=grid_codes[:1], department="县住建局")
    request = RequestFactory().get("/", **bearer(token))
    with CaptureQueriesContext(connection) as first:
        principal = request_principal(request)
    assert principal.user_id == user.pk and principal.roles == {"grid_member"}
    assert principal.grids == {grid_codes[0]} and principal.department == "县住建局"
    assert len(lookups) == 1 and len(first) == 1  # the lookup, and the first use noted
    with CaptureQueriesContext(connection) as second:
        assert request_principal(RequestFactory().get("/", **bearer(token))) == principal
    assert len(lookups) == 2 and len(second) == 0  # used again within the minute: the lookup alone
    assert request.user.pk == user.pk and request.user.username == user.username  # loaded only when read


def test_a_token_s_user_comes_from_its_lookup_and_reads_other_fields_when_read(account):
    """A write names its author (the history's actor) without a second query for the user."""
    user, token = account("gis_editor")
    user.email = "editor@example.org"
    user.save()
    request_principal(RequestFactory().get("/", **bearer(token)))  # the first use noted
    request = RequestFactory().get("/", **bearer(token))
    with CaptureQueriesContext(connection) as lookup:
        request_principal(request)
        assert request.user.pk == user.pk and request.user.get_username() == user.username
        assert request.user.is_authenticated and request.user.is_active and not request.user.is_superuser
    assert len(lookup) == 0  # the lookup alone (sent on the driver's cursor)
    with CaptureQueriesContext(connection) as deferred:
        assert request.user.email == "editor@example.org"
    assert len(deferred) == 1


def test_last_use_is_noted_at_most_once_a_minute(client, account):
    user, token = account("leader")
    client.get(PAGE, **bearer(token))
    first = ApiToken.objects.get(user=user).last_used_at
    assert first is not None
    client.get(PAGE, **bearer(token))
    assert ApiToken.objects.get(user=user).last_used_at == first
    ApiToken.objects.filter(user=user).update(last_used_at=first - timedelta(seconds=61))
    client.get(PAGE, **bearer(token))
    assert ApiToken.objects.get(user=user).last_used_at > first


def test_a_token_write_needs_no_csrf_token_but_a_session_write_does(account):
    """Tokens are not ambient credentials: the CSRF check is for sessions (a POST on the login page shows it)."""
    from django.test import Client

    _, token = account("leader")
    checked = Client(enforce_csrf_checks=True)
    assert checked.post("/accounts/login", {"username": "x", "password": "y"}).status_code == 403
    assert checked.post("/accounts/login", {"username": "x", "password": "y"}, **bearer(token)).status_code == 200
