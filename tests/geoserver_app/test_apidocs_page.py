"""``/api/docs`` in a real headless Chromium that can reach only 127.0.0.1, against the live server: Swagger UI
renders every operation of ``/openapi.json``, and every request of the page went to this server and succeeded.
The screenshot is saved to ``tests/artifacts/api-docs.png``."""
from __future__ import annotations

import base64
import json
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.tiles.viewer.conftest import Chromium

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "apidocs" / "static" / "vendor" / "swagger-ui"
ARTIFACTS = ROOT / "tests" / "artifacts"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def chromium(tmp_path):
    browser = Chromium(tmp_path / "chromium-profile")
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def docs_site(live_url) -> str:
    """The live server, with Swagger UI copied from npm by ``scripts/build_static.sh`` when missing."""
    if not (VENDOR / "swagger-ui-bundle.js").exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "build_static.sh")], check=True, cwd=ROOT)
    return live_url.rstrip("/")


def _operations(site: str) -> set[tuple[str, str]]:
    with urllib.request.urlopen(f"{site}/openapi.json", timeout=30) as answer:
        document = json.load(answer)
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item if method in METHODS}


def test_the_docs_page_renders_every_operation_offline(docs_site, chromium):
    chromium.send("Network.enable")
    chromium.send("Runtime.enable")
    chromium.send("Page.navigate", url=f"{docs_site}/api/docs")
    chromium.wait_for("document.body && document.body.dataset.docsState === 'ready'", timeout=60)
    rendered = chromium.wait_for(
        "(() => { const ops = [...document.querySelectorAll('.opblock-summary')].map(s => "
        "[s.querySelector('.opblock-summary-method')?.textContent, "
        "s.querySelector('.opblock-summary-path')?.getAttribute('data-path')]); return ops.length ? ops : null; })()",
        timeout=30,
    )
    assert {(method, path) for method, path in rendered} == _operations(docs_site)
    title = chromium.evaluate("document.querySelector('.info .title')?.textContent || ''")
    assert "Pingding" in title

    ARTIFACTS.mkdir(exist_ok=True)
    shot = chromium.send("Page.captureScreenshot", format="png")
    (ARTIFACTS / "api-docs.png").write_bytes(base64.b64decode(shot["data"]))

    requests = [e["request"]["url"] for e in chromium.events_named("Network.requestWillBeSent")]
    outside = [u for u in requests if not u.startswith((docs_site + "/", "data:", "blob:"))]
    assert not outside, f"requests outside this server: {outside}"
    failed = [e for e in chromium.events_named("Network.loadingFailed") if not e.get("canceled")]
    assert not failed, failed
    bad = [(r["url"], r["status"]) for r in (e["response"] for e in chromium.events_named("Network.responseReceived"))
           if r["status"] >= 400]
    assert not bad, bad
    assert not chromium.events_named("Runtime.exceptionThrown")
