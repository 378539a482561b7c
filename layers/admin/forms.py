"""The change form of a layer's feature, generated from the layer as one writer sees it (``layers.access``).

Fields are the layer's properties by name (the columns, as the feature API names them): the readable ones, of which
only the writable are enabled; enumerations are choices; a foreign key is the code it holds. The geometry is
GeoJSON text in CRS84 (x = longitude). The form only turns text into the JSON values the API takes
(:func:`properties_of`); the values are judged by ``layers.editing`` (``clean_properties`` and the services), so
the admin and the API refuse the same things with the same words.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

from django import forms
from django.utils.dateparse import parse_date, parse_datetime

from layers.access import LayerView
from layers.editing.geometry import parse_geometry
from layers.editing.inputs import model_fields
from spatial.crs import CRS84
from web.errors import InvalidParameter

from .widgets import GeoJSONWidget

GEOMETRY = "geometry"
VERSION = "version"


class GeometryField(forms.CharField):
    """GeoJSON text; changed only when its JSON differs from the initial one (not its spacing)."""

    def has_changed(self, initial, data) -> bool:
        try:
            return json.loads(initial or "null") != json.loads(data or "null")
        except ValueError:
            return True


def _required(field) -> bool:
    return not (field.has_default() or field.null or (field.blank and field.empty_strings_allowed))


def _form_field(view: LayerView, name: str) -> forms.Field:
    described = view.fields[name]
    field = model_fields(view.layer)[name]
    writable = name in view.writable
    options = {
        "required": writable and _required(field),
        "disabled": not writable,
        "label": name if field.verbose_name == name.replace("_", " ") else f"{field.verbose_name} · {name}",
        "help_text": described.label if described.label != field.verbose_name else "",
    }
    if field.is_relation:
        options["help_text"] = f"the code of a {field.related_model._meta.verbose_name}"
    if described.enum:
        blank = [("", "---------")] if field.null or field.blank else []
        return forms.ChoiceField(choices=[*blank, *field.choices], **options)
    if described.type == "integer":
        return forms.IntegerField(**options)
    if described.type == "number":
        return forms.FloatField(**options)
    if described.type == "boolean":
        return (forms.NullBooleanField if field.null else forms.BooleanField)(**{**options, "required": False})
    if described.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **options)
    if described.type == "date-time":
        return forms.DateTimeField(widget=forms.DateTimeInput(format="%Y-%m-%d %H:%M:%S"), **options)
    return forms.CharField(max_length=getattr(field, "max_length", None), strip=True, **options)


@lru_cache(maxsize=256)
def feature_form(view: LayerView, *, add: bool) -> type[forms.Form]:
    """The form class of a feature of ``view``'s layer: a new one (``add``: no derived fields, no version) or an
    existing one (with the version it was loaded at, hidden)."""
    names = [name for name in view.fields if not (add and name in view.layer.derived)]
    attributes = {name: _form_field(view, name) for name in names}
    attributes[GEOMETRY] = GeometryField(
        label=f"geometry · {view.geometry_type} (GeoJSON, CRS84: longitude, latitude)",
        widget=GeoJSONWidget(), required=add, disabled=not view.may_write, strip=True,
    )
    if not add:
        attributes[VERSION] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    return type(f"{view.layer.model.__name__}FeatureForm", (forms.Form,), attributes)


def initial_of(view: LayerView, feature: dict, version: int) -> dict[str, object]:
    """Form initial values of a feature as the API gives it (GeoJSON, CRS84): JSON values as Python ones."""
    initial: dict[str, object] = {VERSION: version, GEOMETRY: json.dumps(feature.get("geometry"), ensure_ascii=False)}
    for name, value in (feature.get("properties") or {}).items():
        if name not in view.fields or value is None:
            continue
        kind = view.fields[name].type
        if kind == "date":
            value = parse_date(value)
        elif kind == "date-time":
            value = parse_datetime(value).replace(microsecond=0)  # what the form shows (seconds): unchanged if kept
        initial[name] = value
    return initial


def _json_value(view: LayerView, name: str, value: object) -> object:
    """A cleaned form value as the API's JSON value of property ``name``."""
    field = model_fields(view.layer)[name]
    if value is None or value == "":
        return "" if value == "" and not field.null and field.empty_strings_allowed else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def properties_of(view: LayerView, form: forms.Form, *, add: bool) -> dict[str, object]:
    """The writable properties a submitted form sets, as the API's JSON values: on a change, those the writer
    changed; on an add, those given (the others take their defaults)."""
    names = [name for name in form.fields if name in view.writable]
    if add:
        return {n: _json_value(view, n, form.cleaned_data[n]) for n in names if form.cleaned_data[n] not in (None, "")}
    return {n: _json_value(view, n, form.cleaned_data[n]) for n in names if n in form.changed_data}


def geometry_of(view: LayerView, text: str):
    """The GEOS geometry (EPSG:4490) of GeoJSON text in CRS84: a geometry object, or a Feature's geometry."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise InvalidParameter(f"The geometry is not JSON: {error}.", parameter=GEOMETRY) from None
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = document.get("geometry")
    return parse_geometry(document, crs=CRS84, declared=view.geometry_type)


def field_of(form: forms.Form, parameter: str | None) -> str | None:
    """The form field an error's ``parameter`` names (``properties.<name>``, ``geometry``), None for the form."""
    name = (parameter or "").removeprefix("properties.")
    return name if name in form.fields and name != VERSION else None
