"""f=html (and browsers' Accept) for every page: UTF-8, Chinese labels from the registry, nothing loaded from elsewhere."""
from __future__ import annotations

import re

import pytest

from layers.models import Component

from .conftest import SEAT, read

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def html(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    body = read(response).decode("utf-8")
    assert response.status_code == 200, body[:300]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<script" not in body and "stylesheet" not in body and "@import" not in body
    for reference in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert not reference.startswith(("http://", "https://", "//")) or reference.startswith("http://testserver/"), reference
    return body


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/ogc/?f=html", "平定县社会治理空间数据服务"),
        ("/ogc/conformance?f=html", "conf/core"),
        ("/ogc/collections?f=html", "城市部件"),
        ("/ogc/collections/components?f=html", "城市部件"),
        ("/ogc/collections/components/queryables?f=html", "部件编码"),
        ("/ogc/api?f=html", "/collections/{collectionId}/items"),
    ],
)
def test_pages_render(client, db, url, text):
    assert text in html(client, url)


def test_browsers_get_html_without_f(client, db):
    assert "城市部件" in html(client, "/ogc/collections", HTTP_ACCEPT=BROWSER)


def test_items_as_a_table_with_labels_and_paging(client, make_component):
    component = make_component(*SEAT, name="测试井盖-甲")
    body = html(client, "/ogc/collections/components/items?f=html&limit=2&sortby=-id")
    assert "部件编码" in body and "测试井盖-甲" in body and f">{component.id}<" in body
    assert Component.objects.count() <= 2 or 'rel="next"' in body


def test_a_feature_page(client, make_component):
    component = make_component(*SEAT, name="测试井盖-乙", state="damaged")
    body = html(client, f"/ogc/collections/components/items/{component.id}?f=html")
    assert "测试井盖-乙" in body and "Point" in body and "damaged" in body


def test_html_items_carry_the_crs_header(client, make_component):
    make_component(*SEAT)
    response = client.get("/ogc/collections/components/items?f=html&crs=EPSG:4326")
    read(response)
    assert response["Content-Crs"] == "<http://www.opengis.net/def/crs/EPSG/0/4326>"
