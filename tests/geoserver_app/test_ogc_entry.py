"""``http://host/ogc`` as the README gives it, on the live server: an absolute redirect to the landing page (QGIS
3.22 does not follow a relative one), which GDAL's OAPIF driver opens as written."""
from __future__ import annotations

import http.client
import re
import subprocess
from urllib.parse import urlsplit

import pytest

from layers.registry import public_layers

pytestmark = pytest.mark.live


def test_bare_ogc_answers_an_absolute_redirect(live_url):
    parts = urlsplit(live_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/ogc?f=json", headers={"X-Forwarded-Host": "evil.example"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 302
    assert response.getheader("Location") == f"{live_url}/ogc/?f=json"


def test_ogrinfo_opens_the_readme_url(live_url):
    result = subprocess.run(
        ["ogrinfo", "-ro", "-so", f"OAPIF:{live_url}/ogc"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    listed = re.findall(r"^\d+: (\S+)", result.stdout, flags=re.M)
    assert listed == [layer.id for layer in public_layers()], result.stdout
