"""``/api/docs``: Swagger UI over ``/openapi.json``, every asset served by this server."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def page(client, db) -> str:
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_the_page_reads_the_servers_openapi_document(page):
    assert 'data-openapi-url="/openapi.json"' in page


def test_scripts_and_styles_come_from_this_server_only(page):
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui/swagger-ui.css" in assets
    assert "/static/apidocs/docs.js" in assets
    assert all(a.startswith("/static/") or a == "data:," for a in assets)
    assert not re.search(r"https?://", page)


def test_the_script_turns_the_online_validator_off():
    script = (ROOT / "apidocs/static/apidocs/docs.js").read_text()
    assert "validatorUrl: null" in script
    assert "http" not in script.replace("validator.swagger.io", "")


def test_swagger_ui_is_pinned_and_copied_from_npm():
    import json

    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = package["dependencies"]["swagger-ui-dist"]
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version)
    assert lock["packages"]["node_modules/swagger-ui-dist"]["version"] == version
    assert "apidocs/static/vendor/swagger-ui" in (ROOT / "scripts/build_static.sh").read_text()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_page_is_read_only(client, db, method):
    assert getattr(client, method)("/api/docs").status_code == 405
