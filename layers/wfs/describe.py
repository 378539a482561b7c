"""DescribeFeatureType: one XML Schema (GML 3.2 application schema) for the asked types, from the registry.

A type's properties are the fields this caller may read, typed by ``LayerField.type``, and the geometry property
typed by the layer's geometry type (a layer of mixed geometry, as components are, is ``gml:GeometryPropertyType``).
Every property may be absent (``xmlforest`` leaves NULLs out).
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

from layers.access import LayerView

from .names import APP_NS, APP_PREFIX, GEOMETRY, GML_NS, GML_SCHEMA, XS_NS
from .output import XML_DECLARATION
from .types import type_id

FIELD_TYPES = {
    "integer": "xsd:long", "number": "xsd:double", "boolean": "xsd:boolean", "date": "xsd:date",
    "date-time": "xsd:dateTime", "string": "xsd:string",
}
GEOMETRY_TYPES = {
    "Point": "gml:PointPropertyType", "LineString": "gml:CurvePropertyType", "Polygon": "gml:SurfacePropertyType",
    "MultiPoint": "gml:MultiPointPropertyType", "MultiLineString": "gml:MultiCurvePropertyType",
    "MultiPolygon": "gml:MultiSurfacePropertyType", "Geometry": "gml:GeometryPropertyType",
}


def _element(name: str, xsd_type: str) -> str:
    return f'<xsd:element name={quoteattr(name)} type="{xsd_type}" minOccurs="0" maxOccurs="1" nillable="true"/>'


def _type(view: LayerView) -> str:
    elements = [_element(GEOMETRY, GEOMETRY_TYPES[view.geometry_type])]
    elements += [_element(field.name, FIELD_TYPES.get(field.type, "xsd:string")) for field in view.fields.values()]
    return (
        f'<xsd:complexType name="{type_id(view)}Type"><xsd:complexContent>'
        f'<xsd:extension base="gml:AbstractFeatureType"><xsd:sequence>{"".join(elements)}</xsd:sequence>'
        "</xsd:extension></xsd:complexContent></xsd:complexType>"
        f'<xsd:element name="{type_id(view)}" type="{APP_PREFIX}:{type_id(view)}Type" '
        'substitutionGroup="gml:AbstractFeature"/>'
    )


def schema_document(views: tuple[LayerView, ...]) -> bytes:
    return XML_DECLARATION + (
        f'<xsd:schema xmlns:xsd="{XS_NS}" xmlns:gml="{GML_NS}" xmlns:{APP_PREFIX}="{APP_NS}" '
        f'targetNamespace="{APP_NS}" elementFormDefault="qualified" version="1.0">'
        f'<xsd:import namespace="{GML_NS}" schemaLocation="{GML_SCHEMA}"/>'
        f"{''.join(_type(view) for view in views)}</xsd:schema>"
    ).encode()
