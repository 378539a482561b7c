"""The principal: anonymous for a request that names nobody, its audience, and the roles it may hold."""
from __future__ import annotations

import pytest

from accounts.middleware import PrincipalMiddleware, principal_of
from accounts.principal import ANONYMOUS, PUBLIC_AUDIENCE, Principal


def test_anonymous_is_the_public_audience_with_no_roles():
    assert ANONYMOUS.is_anonymous and ANONYMOUS.audience == PUBLIC_AUDIENCE
    assert ANONYMOUS.user_id is None and not ANONYMOUS.roles and not ANONYMOUS.grids and ANONYMOUS.department is None


def test_a_principal_with_roles_has_its_own_audience():
    member = Principal(user_id=7, roles={"grid_member"}, grids={"140321100001001"})
    assert not member.is_anonymous and member.audience != PUBLIC_AUDIENCE
    assert member.audience.startswith("grid_member@") and len(member.audience) <= 64
    assert isinstance(member.roles, frozenset) and hash(member) == hash(member)


def test_the_audience_tells_apart_roles_grids_and_departments_and_not_users():
    """Callers who see the same data share an audience (so its tiles); a different grid or department does not."""
    one = Principal(user_id=1, roles={"grid_member"}, grids={"A"})
    assert Principal(user_id=2, roles={"grid_member"}, grids={"A"}).audience == one.audience
    assert Principal(user_id=1, roles={"grid_member"}, grids={"B"}).audience != one.audience
    assert Principal(user_id=1, roles={"grid_member"}, grids={"A"}, department="x").audience != one.audience
    assert Principal(user_id=1, roles={"leader"}).audience == "leader"
    assert Principal(user_id=1, roles={"admin", "leader"}).audience == "admin+leader"


def test_an_unknown_role_is_refused():
    with pytest.raises(ValueError, match="unknown roles"):
        Principal(user_id=1, roles={"superuser"})


def test_a_request_that_names_nobody_carries_the_anonymous_principal(client, db):
    """Without ``Authorization`` or a session; a request with a token is checked (``test_tokens.py``)."""
    seen = []
    middleware = PrincipalMiddleware(lambda request: seen.append(principal_of(request)) or "answer")
    from django.test import RequestFactory

    request = RequestFactory().get("/ogc/", HTTP_COOKIE="theme=dark")
    assert middleware(request) == "answer" and seen == [ANONYMOUS] and request.principal is ANONYMOUS
    refused = middleware(RequestFactory().get("/ogc/", HTTP_AUTHORIZATION="Bearer not-a-token"))
    assert refused.status_code == 401 and seen == [ANONYMOUS]
    assert client.get("/ogc/collections?f=json").wsgi_request.principal is ANONYMOUS


def test_a_request_that_missed_the_middleware_is_anonymous():
    from django.test import RequestFactory

    assert principal_of(RequestFactory().get("/")) is ANONYMOUS


def test_a_request_that_names_nobody_costs_no_query(db):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from accounts.middleware import request_principal

    with CaptureQueriesContext(connection) as queries:
        assert request_principal(RequestFactory().get("/ogc/", HTTP_COOKIE="csrftoken=x")) is ANONYMOUS
    assert len(queries) == 0
