"""How the map page draws each public layer: a style hint per registry layer, derived from its declaration.

The page's script knows no layer by name: it draws whatever this module hands it. Colours come from the registry;
polygons are outlines unless the layer is declared ``filled``; points are circles, coloured by an enumerated ``state`` field when the layer has one
(CJ/T 214 component states) and sized by ``count`` where the tiles cluster them. The legend shows the same colours;
labels (a feature's name or code, ``LABEL_FIELDS``) appear from ``LABEL_MINZOOM``.
"""
from __future__ import annotations

from layers.registry import Layer, public_layers

DEFAULT_COLOUR = "#333333"
STATE_COLOURS: dict[str, str] = {
    "intact": "#2a9d8f",
    "damaged": "#f4a261",
    "missing": "#e63946",
    "occupied": "#8e44ad",
}
"""Colours of the CJ/T 214 component states (完好 intact, 破损 damaged, 丢失 missing, 占用 occupied)."""
COLOUR_FIELD = "state"
LABEL_FIELDS = ("name", "full_text", "code", "credit_code")
"""The first of these a layer has is what its labels show at high zoom (a feature's name, else its address or code)."""
LABEL_MINZOOM = 17


def _kind(layer: Layer) -> str:
    if "Polygon" in layer.geometry_type:
        return "fill" if layer.filled else "outline"
    if "Line" in layer.geometry_type:
        return "line"
    return "circle"


def layer_style(layer: Layer) -> dict:
    """The style hint of one layer, as the page's script reads it (JSON-ready)."""
    colour_field = layer.fields.get(COLOUR_FIELD)
    colour_by = None
    if colour_field is not None and colour_field.enum:
        choices = dict(layer.model._meta.get_field(COLOUR_FIELD).choices)
        colour_by = {
            "field": colour_field.name,
            "colours": {value: STATE_COLOURS.get(value, DEFAULT_COLOUR) for value in colour_field.enum},
            "labels": {value: str(choices[value]) for value in colour_field.enum},
        }
    return {
        "id": layer.id,
        "title": layer.title,
        "title_zh": layer.title_zh,
        "kind": _kind(layer),
        "mixed_geometry": layer.geometry_type == "Geometry",
        "colour": layer.colour,
        "colour_by": colour_by,
        "clustered": layer.cluster_below is not None,
        "minzoom": layer.minzoom,
        "maxzoom": layer.maxzoom,
        "fields": {name: field.label for name, field in layer.fields.items()},
        "label_field": next((name for name in LABEL_FIELDS if name in layer.fields), None),
        "label_minzoom": max(LABEL_MINZOOM, layer.minzoom),
    }


def viewer_layers() -> list[dict]:
    """Style hints of every public layer, in registry order (drawn bottom to top)."""
    return [layer_style(layer) for layer in public_layers()]
