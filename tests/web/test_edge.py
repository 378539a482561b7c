"""Every answer of the edge is JSON, with DEBUG off and on: unknown paths, methods a path does not take, the CSRF
check, a Host the server does not serve, bodies too large. No HTML page, no URL list, no traceback."""
from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

READ_ONLY_PATHS = [
    "/", "/healthz", "/openapi.json", "/ogc/", "/ogc/collections", "/ogc/collections/incidents/queryables",
    "/api/snap", "/api/geocode", "/tiles/", "/open311/v2/services.json",
]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings) -> bool:
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    error = body[0] if isinstance(body, list) else body
    assert error["description"]
    return error


@pytest.mark.parametrize("path", ["/no/such/path", "/ogc/collections/nothing", "/api/nothing", "/tiles/a/b"])
def test_an_unknown_path_is_a_json_404_without_the_url_list(client, debug, path):
    response = client.get(path)
    error = error_of(response, 404)
    assert error["code"] == "NotFound"
    assert b"URLconf" not in response.content and b"healthz" not in response.content


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_an_anonymous_write_on_an_editable_path_is_a_json_401_not_the_csrf_page(client, debug, method):
    """Items take POST and an item PUT/PATCH/DELETE: an anonymous caller is told to sign in (401), before CSRF."""
    error = error_of(client.post("/ogc/collections/incidents/items"), 401)
    assert error["code"] == "NotAuthenticated"
    response = getattr(client, method)("/ogc/collections/incidents/items/1")
    assert error_of(response, 401)["code"] == "NotAuthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert error_of(getattr(client, method)("/ogc/collections/incidents/items"), 405)["code"] == "MethodNotAllowed"


@pytest.mark.parametrize("method", ["put", "delete", "patch", "post"])
@pytest.mark.parametrize("path", READ_ONLY_PATHS)
def test_a_write_on_a_read_only_path_is_a_json_405_not_the_csrf_page(client, debug, method, path):
    response = getattr(client, method)(path)
    error = error_of(response, 405)
    assert error.get("error", error["code"]) == "MethodNotAllowed"  # Open311 keeps its list, its code in "error"
    assert "GET" in response["Allow"] and method.upper() not in response["Allow"]


@pytest.mark.parametrize(("path", "allow"), [("/api/reports", "POST"), ("/api/addresses/nearest", "POST")])
def test_a_read_of_a_write_only_path_is_a_json_405_with_allow(client, debug, path, allow):
    response = client.get(path)
    error_of(response, 405)
    assert response["Allow"] == allow


def test_the_open311_405_keeps_its_list_format(client):
    response = client.put("/open311/v2/requests.json")
    (error,) = response.json()
    assert response.status_code == 405 and error["code"] == 405
    assert response["Allow"] == "GET, HEAD, POST"


def test_a_session_write_without_its_csrf_token_is_a_json_403(client, debug, settings):
    settings.ROOT_URLCONF = "tests.web.urls"
    error = error_of(client.post("/test-session-write"), 403)
    assert error["code"] == "Forbidden" and error["parameter"] == "X-CSRFToken"


def test_a_session_write_with_its_csrf_token_passes(client, settings):
    settings.ROOT_URLCONF = "tests.web.urls"
    client.get("/")
    client.cookies["csrftoken"] = "a" * 32
    response = client.post("/test-session-write", HTTP_X_CSRFTOKEN="a" * 32)
    assert response.status_code == 204


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:8000@evil", "a" * 300])
@pytest.mark.parametrize("path", ["/", "/no/such/path", "/ogc/collections"])
def test_a_host_not_served_is_a_json_400_never_the_traceback(client, debug, host, path):
    response = client.get(path, HTTP_HOST=host)
    error = error_of(response, 400)
    assert error["code"] == "DisallowedHost" and error["parameter"] == "Host"
    assert b"DATABASES" not in response.content and b"Traceback" not in response.content
    assert len(response.content) < 300


def test_a_nul_in_the_path_is_a_json_400(client, debug):
    error = error_of(client.get("/ogc/collections/%00/items"), 400)
    assert error["parameter"] == "path"


@pytest.mark.parametrize("path", ["/api/reports", "/api/addresses/nearest", "/open311/v2/requests.json"])
def test_a_body_too_large_is_a_json_413(client, debug, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    content_type = "application/x-www-form-urlencoded" if "open311" in path else "application/json"
    body = b"description=" + b"x" * 4096 if "open311" in path else b'{"a": "' + b"x" * 4096 + b'"}'
    error = error_of(client.post(path, body, content_type=content_type), 413)
    assert error.get("error", error["code"]) == "PayloadTooLarge"


def test_a_multipart_body_too_large_is_a_json_413(client, debug, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    error = error_of(client.post("/api/reports", {"report": "x" * 4096}), 413)
    assert error["code"] == "PayloadTooLarge"


def test_a_server_error_is_a_json_500_without_the_traceback(client, debug, monkeypatch):
    from layers.ogc import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.documents, "landing_document", broken)
    error = error_of(client.get("/ogc/?f=json"), 500)
    assert error["code"] == "ServerError" and b"secret" not in client.get("/ogc/?f=json").content


class BrokenInput:
    """A request body the client stopped sending before its Content-Length (the server's read fails)."""

    def read(self, *args):
        raise OSError("error during read(100) on wsgi.input")

    readline = read


@pytest.mark.parametrize("path", ["/api/reports", "/api/addresses/nearest", "/open311/v2/requests.json"])
def test_a_body_shorter_than_its_length_is_a_json_400(client, debug, path):
    content_type = "application/x-www-form-urlencoded" if "open311" in path else "application/json"
    response = client.generic("POST", path, b"{}", content_type=content_type,
                              **{"wsgi.input": BrokenInput(), "CONTENT_LENGTH": "100"})
    error = error_of(response, 400)
    assert error["code"] == "IncompleteBody"
