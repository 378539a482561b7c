"""Fixtures of the WFS tests: a caller of ``/wfs`` in KVP or XML, and readers of its XML and GeoJSON answers.

Components placed where a test wants them come from the OGC API tests' fixtures (``make_component``)."""
from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from layers.wfs.names import APP_NS, FES_NS, GML_NS, OWS_NS, WFS_NS
from tests.layers.ogc.conftest import grid, make_component  # noqa: F401 (fixtures)

NS = {"wfs": WFS_NS, "gml": GML_NS, "ows": OWS_NS, "fes": FES_NS, "pd": APP_NS,
      "xsd": "http://www.w3.org/2001/XMLSchema", "xlink": "http://www.w3.org/1999/xlink"}


def body(answer) -> bytes:
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def xml(answer) -> ElementTree.Element:
    return ElementTree.fromstring(body(answer))


def geojson(answer) -> dict:
    return json.loads(body(answer))


def report(answer) -> tuple[int, str, str | None, str]:
    """``(status, exceptionCode, locator, text)`` of an exception report."""
    root = xml(answer)
    assert root.tag == f"{{{OWS_NS}}}ExceptionReport" and root.get("version") == "2.0.0"
    exception = root.find("ows:Exception", NS)
    return answer.status_code, exception.get("exceptionCode"), exception.get("locator"), \
        exception.findtext("ows:ExceptionText", namespaces=NS)


def members(root: ElementTree.Element) -> list[ElementTree.Element]:
    """The feature elements of a wfs:FeatureCollection, in order."""
    return [member[0] for member in root.findall("wfs:member", NS)]


@pytest.fixture
def wfs(client):
    """``wfs(REQUEST=..., **params)``: a GET of /wfs with SERVICE=WFS and VERSION=2.0.0 (``extra``: headers)."""
    def get(extra: dict | None = None, **params: str):
        return client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **params}, **(extra or {}))

    return get


@pytest.fixture
def wfs_post(client):
    """``wfs_post(xml_text)``: a POST of an XML request to /wfs."""
    def post(text: str, extra: dict | None = None):
        return client.post("/wfs", data=text.encode(), content_type="application/xml", **(extra or {}))

    return post


def type_ids() -> list[str]:
    """Every feature type's name without prefix, in capabilities order: each layer, then a mixed layer's kinds."""
    from layers.registry import LAYERS

    return [name for layer in LAYERS for name in (layer.id, *(
        f"{layer.id}_{kind}" for kind in ("point", "line", "polygon") if layer.geometry_type == "Geometry"))]
