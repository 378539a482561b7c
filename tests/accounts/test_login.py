"""The browser's sign-in: the login page (no CDN, CSRF token), a session that is its user's principal, CSRF kept on
for session writes, logout, lockout after repeated failures (JSON 429 for API clients, a page for the browser), and
the admin managing accounts and tokens without ever showing a token's secret."""
from __future__ import annotations

import re

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.middleware import request_principal
from accounts.models import ApiToken

from .conftest import body_json

PASSWORD = "correct horse battery"


def csrf_client() -> tuple[Client, str]:
    """A client that keeps the CSRF check on, with the token of the login page."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/accounts/login")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    return browser, token


def test_the_login_page_renders_a_form_with_its_csrf_token_and_loads_nothing_from_elsewhere(client, db):
    page = client.get("/accounts/login")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert 'name="username"' in html and 'name="password"' in html and "csrfmiddlewaretoken" in html
    assert "http://" not in html and "https://" not in html and "csrftoken" in page.cookies


def test_a_session_signs_in_and_is_its_user_s_principal(account, grid_codes, redeclared):
    redeclared("incidents", grid_scoped_roles=("grid_member",))
    user, _ = account("grid_member", grids=grid_codes[1:], password=PASSWORD)
    browser, token = csrf_client()
    signed = browser.post("/accounts/login", {"username": user.username, "password": PASSWORD,
                                              "csrfmiddlewaretoken": token})
    assert signed.status_code == 302 and "sessionid" in signed.cookies
    page = browser.get("/ogc/collections/incidents/items?limit=10000&f=json")
    assert page.wsgi_request.principal.user_id == user.pk
    seen = body_json(page)["features"]
    assert seen and all(f["properties"]["grid_code"] == grid_codes[1] and "reporter" in f["properties"] for f in seen)
    # the session's writes keep the CSRF check: logging out without the token is refused, with it signs out
    assert browser.post("/accounts/logout").status_code == 403
    signed_out = browser.post("/accounts/logout", {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert signed_out.status_code == 302 and signed_out["Location"] == "/accounts/login"
    assert browser.get("/ogc/collections?f=json").wsgi_request.principal.is_anonymous


def test_a_wrong_password_shows_the_page_again(account):
    user, _ = account("leader", password=PASSWORD)
    browser, token = csrf_client()
    again = browser.post("/accounts/login", {"username": user.username, "password": "wrong",
                                             "csrfmiddlewaretoken": token})
    assert again.status_code == 200 and "did not match" in again.content.decode()


def test_repeated_failures_lock_the_username_out_even_with_the_right_password(account, settings):
    user, _ = account("leader", password=PASSWORD)
    browser, token = csrf_client()

    def attempt(password: str, **headers):
        return browser.post("/accounts/login", {"username": user.username, "password": password,
                                                "csrfmiddlewaretoken": token}, **headers)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt("wrong").status_code == 200
    locked = attempt("wrong")
    assert locked.status_code == 429 and locked.json()["code"] == "TooManyFailedLogins"
    assert int(locked["Retry-After"]) == 3600 and locked.json()["parameter"] == "username"
    assert attempt(PASSWORD).status_code == 429  # the right password no longer helps
    page = attempt(PASSWORD, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert page.status_code == 302 and page["Location"] == "/accounts/locked"
    shown = browser.get("/accounts/locked")
    assert shown.status_code == 200 and "60" in shown.content.decode() and "sessionid" not in browser.cookies


def test_the_admin_manages_accounts_and_tokens_and_never_shows_a_secret(client, account, django_user_model):
    user, token = account("grid_member")
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    user_page = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert "grid_member" in user_page and token[3:11] in user_page and token[12:] not in user_page
    row = ApiToken.objects.get(user=user)
    token_page = client.get(f"/admin/accounts/apitoken/{row.pk}/change/").content.decode()
    assert token[3:11] in token_page and token[12:] not in token_page and row.digest not in token_page
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.revoked_at is not None


def test_the_admin_is_closed_to_anonymous_callers_and_make_run_creates_no_superuser(client, db,
                                                                                       django_user_model):
    assert client.get("/admin/").status_code == 302
    assert not django_user_model.objects.filter(is_superuser=True).exists()


def test_the_admin_assigns_a_role_and_grids_and_refuses_an_unknown_grid(client, account, django_user_model,
                                                                         grid_codes):
    user, _ = account("reporter")
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    form = {
        "username": user.username, "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "account-TOTAL_FORMS": "1", "account-INITIAL_FORMS": "1", "account-MIN_NUM_FORMS": "0",
        "account-MAX_NUM_FORMS": "1", "account-0-id": str(user.account.pk), "account-0-user": str(user.pk),
        "account-0-role": "grid_member", "account-0-department": "冠山镇",
        "api_tokens-TOTAL_FORMS": "1", "api_tokens-INITIAL_FORMS": "1", "api_tokens-MIN_NUM_FORMS": "0",
        "api_tokens-MAX_NUM_FORMS": "1000", "api_tokens-0-id": str(user.api_tokens.get().pk),
        "api_tokens-0-user": str(user.pk), "api_tokens-0-name": "", "api_tokens-0-expires_at_0": "2030-01-01",
        "api_tokens-0-expires_at_1": "08:00:00",
    }
    refused = client.post(f"/admin/auth/user/{user.pk}/change/", {**form, "account-0-grids": "140321999999999"})
    assert refused.status_code == 200 and "unknown grid codes: 140321999999999" in refused.content.decode()
    saved = client.post(f"/admin/auth/user/{user.pk}/change/", {**form, "account-0-grids": ",".join(grid_codes)})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    user.account.refresh_from_db()
    assert (user.account.role, user.account.grids, user.account.department) == ("grid_member", grid_codes, "冠山镇")
    user.refresh_from_db()
    assert user.is_staff  # a grid member reaches the layer admin, as account_create makes one


def test_a_sign_in_from_code_needs_no_request_and_a_session_costs_two_queries(client, account):
    """``client.login`` (no request, so nothing for the lockout to count) signs in; the session's principal then
    costs the session row and the user joined to its account."""
    user, _ = account("department", department="县住建局", password=PASSWORD)
    assert client.login(username=user.username, password=PASSWORD)
    request = client.get("/ogc/collections?f=json").wsgi_request
    assert request.principal.department == "县住建局" and request.principal.roles == {"department"}
    fresh = RequestFactory().get("/", HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}")
    SessionMiddleware(lambda r: None).process_request(fresh)
    AuthenticationMiddleware(lambda r: None).process_request(fresh)
    with CaptureQueriesContext(connection) as queries:
        assert request_principal(fresh) == request.principal
    assert len(queries) == 2
