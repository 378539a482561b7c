"""What the map page's editor may offer one caller: the layers it may change, and for each the attribute form
generated from the registry as that caller sees it (``layers.access.layer_view``).

A field is the layer's property (the column, as the feature API names it): the readable ones, of which the writable
are editable and the derived ones (grid, timestamps, areas) shown read-only; enumerations carry their choices with
their labels; a code carries the pattern of the table's CHECK constraint (from :mod:`spatial.codes`), so the page
checks it as it is typed; a field the database needs on a new feature is ``required``, and a new feature starts
from the model's defaults. In a layer of mixed geometry
the ``geometry_kind_field`` (a component's category) lists its rows with the geometry kind each takes. The server
judges every value again (``layers.editing``); this only lets the page say so before it asks.
"""
from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.db.models import Q

from accounts.principal import Principal
from layers.access import LayerView, visible_layers
from layers.editing.inputs import model_fields

DRAW_MODES: dict[str, tuple[str, ...]] = {
    "Point": ("point",),
    "MultiPoint": ("point",),
    "LineString": ("linestring",),
    "MultiLineString": ("linestring",),
    "Polygon": ("polygon",),
    "MultiPolygon": ("polygon",),
    "Geometry": ("point", "linestring", "polygon"),
}
"""The drawing modes (terra-draw's names) a layer of each declared geometry type takes; a single part is drawn in
a Multi layer (the server makes it a Multi)."""
KIND_MODES = {"point": "point", "line": "linestring", "polygon": "polygon"}
"""A category's ``geometry_kind`` as a drawing mode."""


def _js_pattern(regex: str) -> str:
    """A :mod:`spatial.codes` pattern (anchored with ``\\A``/``\\Z``, ASCII classes) as a JavaScript one."""
    return "^" + regex.removeprefix(r"\A").removesuffix(r"\Z") + "$"


@lru_cache(maxsize=64)
def column_patterns(model: type[models.Model]) -> dict[str, str]:
    """The regular expressions the model's CHECK constraints hold its columns to, by column (JavaScript syntax)."""
    found: dict[str, str] = {}
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if not isinstance(condition, Q) or condition.negated or len(condition.children) != 1:
            continue
        child = condition.children[0]
        if isinstance(child, tuple) and child[0].endswith("__regex"):
            column = model._meta.get_field(child[0].removesuffix("__regex")).column
            found[column] = _js_pattern(child[1])
    return found


def _required(field: models.Field) -> bool:
    return not (field.has_default() or field.null or (field.blank and field.empty_strings_allowed))


def _pattern(field: models.Field) -> str | None:
    if field.is_relation:
        target = field.target_field
        return column_patterns(target.model).get(target.column)
    return column_patterns(field.model).get(field.column)


def _kind_choices(field: models.Field) -> list[dict]:
    """The rows of a ``geometry_kind_field``'s table: value (its key), label and drawing mode."""
    target = field.target_field.attname
    rows = field.related_model._default_manager.order_by(target).values(target, "name", "geometry_kind")
    return [{"value": row[target], "label": f"{row[target]} {row['name']}", "mode": KIND_MODES.get(row["geometry_kind"])}
            for row in rows]


def field_spec(view: LayerView, name: str) -> dict:
    """One field of the form of ``view``'s layer (JSON-ready)."""
    described = view.fields[name]
    field = model_fields(view.layer)[name]
    writable = name in view.writable
    spec: dict = {
        "name": name,
        "label": described.label if described.label == name else f"{described.label} · {name}",
        "type": described.type,
        "writable": writable,
        "derived": name in view.layer.derived,
        "required": writable and _required(field),
        "nullable": field.null,
        "pattern": _pattern(field),
        "max_length": getattr(field, "max_length", None),
        "default": field.get_default() if field.has_default() and not callable(field.default) else None,
    }
    if described.enum:
        spec["choices"] = [{"value": value, "label": f"{label} {value}"} for value, label in field.choices]
    elif view.layer.geometry_kind_field and field.name == view.layer.geometry_kind_field:
        spec["choices"] = _kind_choices(field)
        spec["kind_field"] = True
    return spec


def editing_layer(view: LayerView) -> dict:
    """The editor's description of one writable layer (JSON-ready)."""
    return {
        "id": view.id,
        "title": view.title,
        "title_zh": view.title_zh,
        "geometry_type": view.geometry_type,
        "modes": list(DRAW_MODES.get(view.geometry_type, ())),
        "scope": view.write_scope.why if view.write_scope is not None else None,
        "fields": [field_spec(view, name) for name in view.fields],
    }


def editing_layers(principal: Principal) -> list[dict]:
    """The layers ``principal`` may change, in registry order, each with its form; empty for a reader."""
    return [editing_layer(view) for view in visible_layers(principal) if view.may_write]
