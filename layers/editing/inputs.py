"""The properties of a write, checked against the layer as the writer sees it, before anything is stored.

Names are the layer's property names (columns, as the feature API writes them). Each value is checked for its
JSON type, then by the model field (``Field.clean``: enumerations, lengths, dates, that a referenced code exists),
then by the layer's code parsers from :mod:`spatial.codes`. A name that is not a property of the layer is a 400;
one the writer may not read (a restricted field) or may not set (a keeper field for a scoped writer) is a 403;
derived ones (the grid, timestamps, areas) are computed by the server and ignored when sent.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models

from layers.access import LayerView
from layers.registry import Layer
from spatial.crs import CrsInfo
from web.errors import Forbidden, InvalidParameter

from .geometry import InvalidGeometry, parse_geometry

_JSON_KINDS = {
    "integer": ((int,), "an integer"),
    "number": ((int, float), "a number"),
    "boolean": ((bool,), "true or false"),
    "date": ((str,), "a date string (YYYY-MM-DD)"),
    "date-time": ((str,), "a date-time string (RFC 3339)"),
    "string": ((str,), "a string"),
}


class UnknownField(InvalidParameter):
    code = "UnknownField"


class InvalidValue(InvalidParameter):
    code = "InvalidValue"


@lru_cache(maxsize=64)
def model_fields(layer: Layer) -> dict[str, models.Field]:
    """The concrete fields of the layer's model by column, without the primary key and the geometry."""
    return {
        field.column: field for field in layer.model._meta.concrete_fields
        if not field.primary_key and field.column != layer.geometry_column
    }


def known_columns(layer: Layer) -> frozenset[str]:
    """Every property name a write may carry: the public and restricted fields and the derived ones."""
    return frozenset({*layer.fields, *layer.restricted, *layer.derived})


def _parameter(name: str) -> str:
    return f"properties.{name}"


def clean_value(view: LayerView, name: str, value: object) -> object:
    """``value`` of property ``name`` as the database stores it; 400 ``InvalidValue`` naming the property."""
    field = model_fields(view.layer)[name]
    layer_field = view.layer.fields.get(name) or view.layer.restricted.get(name)
    if value is None:
        if not field.null:
            raise InvalidValue(f"Property {name!r} may not be null.", parameter=_parameter(name))
        return None
    kinds, words = _JSON_KINDS[layer_field.type if layer_field else "string"]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise InvalidValue(f"Property {name!r} must be {words}, got {type(value).__name__}.", parameter=_parameter(name))
    if isinstance(value, str) and "\x00" in value:
        raise InvalidValue(f"Property {name!r} holds a NUL character.", parameter=_parameter(name))
    try:
        cleaned = field.clean(value, None)
    except ValidationError as error:
        raise InvalidValue(f"Property {name!r}: {' '.join(_messages(error, field))}", parameter=_parameter(name)) from None
    if isinstance(cleaned, models.Model):
        cleaned = getattr(cleaned, field.target_field.attname)
    if isinstance(cleaned, dt.datetime) and cleaned.tzinfo is None:
        raise InvalidValue(f"Property {name!r} needs a time zone offset (e.g. +08:00).", parameter=_parameter(name))
    for column, parse in view.layer.code_checks:
        if column == name:
            parse(cleaned, parameter=_parameter(name))
    return cleaned


def _messages(error: ValidationError, field: models.Field) -> list[str]:
    messages = []
    for message in error.messages:
        if field.is_relation and ("does not exist" in message or "is not a valid choice" in message):
            target = field.related_model._meta.verbose_name
            message = f"no {target} has this code."
        messages.append(str(message))
    return messages


def check_names(view: LayerView, names, *, parameter_prefix: str = "properties") -> None:
    """400 for a name that is no property of the layer, 403 for one the writer may not set (derived names pass)."""
    known = known_columns(view.layer)
    for name in names:
        if not isinstance(name, str) or name not in known:
            raise UnknownField(
                f"{str(name)[:60]!r} is not a property of collection {view.id!r}; see its schema "
                f"(/ogc/collections/{view.id}/schema).", parameter=f"{parameter_prefix}.{str(name)[:60]}",
            )
        if name in view.layer.derived:
            continue
        if name not in view.fields:
            raise Forbidden(f"Property {name!r} of collection {view.id!r} is restricted; your role may not set it.",
                            parameter=_parameter(name))
        if name not in view.writable:
            raise Forbidden(
                f"Property {name!r} of collection {view.id!r} is kept by the county centre; your role may not "
                "change it.", parameter=_parameter(name),
            )


def clean_properties(view: LayerView, properties: object) -> dict[str, object]:
    """The writable properties of ``properties`` (a JSON object), cleaned; derived ones dropped."""
    if not isinstance(properties, Mapping):
        raise InvalidParameter("'properties' must be a JSON object of property names and values.",
                               parameter="properties")
    check_names(view, properties)
    return {name: clean_value(view, name, value) for name, value in properties.items() if name not in view.layer.derived}


def defaults(layer: Layer, columns) -> dict[str, object]:
    """The default of each of ``columns`` (what a new feature or a replaced one holds when a property is not sent);
    400 for a required property (no default, not nullable)."""
    values = {}
    for column in columns:
        field = model_fields(layer)[column]
        if field.has_default() or field.null or (field.blank and field.empty_strings_allowed):
            values[column] = field.get_default()
        else:
            raise InvalidValue(f"Property {column!r} is required.", parameter=_parameter(column))
    return values


def parse_feature(view: LayerView, document: object, *, crs: CrsInfo, require_geometry: bool = True):
    """``(properties, geometry)`` of a GeoJSON Feature body (the geometry in ``crs``, a GEOS geometry in EPSG:4490);
    the properties are checked by :func:`clean_properties`."""
    if not isinstance(document, dict) or document.get("type", "Feature") != "Feature":
        raise InvalidParameter("The body must be a GeoJSON Feature: {\"type\": \"Feature\", \"geometry\": ..., "
                               "\"properties\": {...}}.", parameter="body")
    unknown = sorted(set(document) - {"type", "id", "geometry", "properties", "links", "bbox"})
    if unknown:
        raise InvalidParameter(f"Unknown member {unknown[0][:40]!r} of the Feature.", parameter=f"body.{unknown[0][:40]}")
    properties = clean_properties(view, document.get("properties") or {})
    geometry = document.get("geometry")
    if geometry is None:
        if require_geometry:
            raise InvalidGeometry("The Feature needs a geometry.", parameter="geometry")
        return properties, None
    return properties, parse_geometry(geometry, crs=crs, declared=view.geometry_type)
