"""TileJSON 3.0.0 documents of the vector tilesets and the entry of each in the ``/tiles/`` listing."""
from __future__ import annotations

from layers.access import LayerOrView, as_view

from . import conf
from .catalog import Tileset
from .grid import BBox
from .sql import is_clustered

TILEJSON_VERSION = "3.0.0"
TILESET_VERSION = "1.0.0"
_MVT_TYPES = {"integer": "Number", "number": "Number", "boolean": "Boolean"}


def tile_url_template(base_url: str, tileset: Tileset) -> str:
    """``{base_url}{tileset}/{z}/{x}/{y}.mvt``; ``base_url`` is the absolute URL of ``/tiles/`` (with the slash)."""
    return f"{base_url}{tileset.id}/{{z}}/{{x}}/{{y}}.mvt"


def layer_fields(layer: LayerOrView) -> dict[str, str]:
    """The attributes of the layer's features: ``{name: "Type — label"}`` (the fields of the view: for anonymous
    callers, the public fields only)."""
    readable = as_view(layer).fields
    fields = {name: f"{_MVT_TYPES.get(field.type, 'String')} — {field.label}" for name, field in readable.items()}
    if layer.cluster_below is not None and any(is_clustered(layer, z) for z in range(layer.minzoom, layer.maxzoom + 1)):
        fields["count"] = (
            f"Number — features in the cluster (below zoom {layer.cluster_below}; clusters are cells of "
            "points, or of line / polygon centroids, and carry the attributes and id of their lowest-id feature)"
        )
    return fields


def vector_layer(layer: LayerOrView) -> dict:
    return {
        "id": layer.id,
        "description": f"{layer.title} {layer.title_zh}: {layer.description}",
        "minzoom": layer.minzoom,
        "maxzoom": layer.maxzoom,
        "fields": layer_fields(layer),
    }


def center(tileset: Tileset, bounds: BBox) -> list[float]:
    """``PINGDING_TILES_CENTER`` if it lies within the bounds, else the middle of the bounds; zoom clamped."""
    lon, lat, zoom = conf.get("PINGDING_TILES_CENTER")
    west, south, east, north = bounds
    if not (west <= lon <= east and south <= lat <= north):
        lon, lat = (west + east) / 2, (south + north) / 2
    return [lon, lat, min(max(int(zoom), tileset.minzoom), tileset.maxzoom)]


def tilejson(*, tileset: Tileset, base_url: str, bounds: BBox, query: str = "") -> dict:
    """The TileJSON 3.0.0 document of ``tileset``; ``bounds`` in lon/lat degrees (west, south, east, north);
    ``query`` (url-encoded, e.g. a tile filter's parameters) is carried into the tile URL template."""
    return {
        "tilejson": TILEJSON_VERSION,
        "name": tileset.title,
        "description": tileset.description,
        "version": TILESET_VERSION,
        "attribution": conf.get("PINGDING_TILES_ATTRIBUTION"),
        "scheme": "xyz",
        "tiles": [tile_url_template(base_url, tileset) + (f"?{query}" if query else "")],
        "minzoom": tileset.minzoom,
        "maxzoom": tileset.maxzoom,
        "bounds": [round(value, 7) for value in bounds],
        "center": center(tileset, bounds),
        "vector_layers": [vector_layer(view) for view in tileset.views],
    }


def listing_entry(*, tileset: Tileset, base_url: str) -> dict:
    """One vector tileset in the ``/tiles/`` listing."""
    return {
        "id": tileset.id,
        "type": "vector",
        "title": tileset.title,
        "description": tileset.description,
        "format": "mvt",
        "minzoom": tileset.minzoom,
        "maxzoom": tileset.maxzoom,
        "layers": [layer.id for layer in tileset.layers],
        "tilejson": f"{base_url}{tileset.id}.json",
        "tiles": tile_url_template(base_url, tileset),
    }
