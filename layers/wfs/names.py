"""Namespaces of WFS 2.0 documents and the names of the server's feature types.

A layer ``components`` is the feature type ``pd:components`` in the application namespace :data:`APP_NS`; its
properties are the layer's readable fields (column names) and :data:`GEOMETRY` (the geometry property); a feature's
id is ``<layer>.<primary key>`` (``components.12``).
"""
from __future__ import annotations

import re

WFS_NS = "http://www.opengis.net/wfs/2.0"
FES_NS = "http://www.opengis.net/fes/2.0"
GML_NS = "http://www.opengis.net/gml/3.2"
OWS_NS = "http://www.opengis.net/ows/1.1"
XS_NS = "http://www.w3.org/2001/XMLSchema"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
APP_NS = "urn:pingding:wfs"
APP_PREFIX = "pd"
GEOMETRY = "geometry"
"""The geometry property of every feature type."""

WFS_SCHEMA = "http://schemas.opengis.net/wfs/2.0/wfs.xsd"
GML_SCHEMA = "http://schemas.opengis.net/gml/3.2.1/gml.xsd"
OWS_SCHEMA = "http://schemas.opengis.net/ows/1.1.0/owsExceptionReport.xsd"

GET_FEATURE_BY_ID = "urn:ogc:def:query:OGC-WFS::GetFeatureById"

NAMESPACE_DECLARATIONS = (
    f'xmlns:wfs="{WFS_NS}" xmlns:fes="{FES_NS}" xmlns:gml="{GML_NS}" xmlns:ows="{OWS_NS}" '
    f'xmlns:xlink="{XLINK_NS}" xmlns:xsi="{XSI_NS}" xmlns:{APP_PREFIX}="{APP_NS}"'
)

_RESOURCE_ID = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)\.([0-9]{1,18})")


def type_name(layer_id: str) -> str:
    """The qualified name of a layer's feature type (``pd:components``)."""
    return f"{APP_PREFIX}:{layer_id}"


def local_name(name: str) -> str:
    """``name`` without a namespace prefix or a Clark ``{uri}`` part (``pd:code``, ``{urn:..}code`` -> ``code``)."""
    if name.startswith("{"):
        return name.split("}", 1)[-1]
    return name.rsplit(":", 1)[-1]


def resource_id(layer_id: str, feature_id: int) -> str:
    return f"{layer_id}.{feature_id}"


def parse_resource_id(value: str) -> tuple[str, int] | None:
    """``("components", 12)`` from ``components.12`` (or ``pd:components.12``); ``None`` for anything else."""
    match = _RESOURCE_ID.fullmatch(local_name(value.strip()))
    return (match.group(1), int(match.group(2))) if match else None
