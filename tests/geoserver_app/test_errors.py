"""What a client sends never answers 500: Django's own request errors become JSON 4xx too."""
from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", ["/open311/v2/requests.json", "/api/reports"])
def test_too_many_form_fields_is_400(client, settings, path):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    body = "&".join(f"f{i}=1" for i in range(51))
    response = client.post(path, data=body, content_type=FORM)
    assert response.status_code == 400
    assert response.json()["code"] in {"TooManyParameters", "InvalidParameterValue"}


def test_a_form_body_past_the_size_limit_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post("/open311/v2/requests.json", data="description=" + "x" * 4096, content_type=FORM)
    assert response.status_code == 413
    assert response.json()["code"] == "PayloadTooLarge"
    assert "1,024 bytes" in response.json()["description"]


def test_too_many_parameters_names_the_limit(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/open311/v2/requests.json", data="&".join(f"f{i}=1" for i in range(11)), content_type=FORM)
    assert response.status_code == 400
    assert response.json() == {"code": "TooManyParameters", "description": "The request has more than 10 parameters; send fewer."}


@pytest.mark.parametrize("path", ["/api/reports", "/open311/v2/requests.json", "/api/addresses/nearest"])
def test_a_chunked_body_without_a_length_is_411_before_any_view(client, path):
    response = client.generic(
        "POST", path, b'{"points": []}', content_type="application/json", HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )
    assert response.status_code == 411
    assert response.json()["code"] == "LengthRequired" and response.json()["parameter"] == "Content-Length"


def test_a_body_with_a_length_is_not_refused_for_saying_chunked_too(client):
    """Content-Length present (a proxy that decoded the chunks): the view reads the body as usual."""
    response = client.post(
        "/api/reports", data=b"{}", content_type="application/json", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code != 411
