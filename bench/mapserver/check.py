"""Whether MapServer's answers are real vector tiles of the same rows as ours: both decoded, features compared.

Differences to expect: below a layer's ``cluster_below`` (z16 for the components) our tile draws one cluster per
16-px cell, MapServer every row; at and above it both draw every row, and MapServer 8.0 does not grow its query
by the buffer, so its features are ours less the points in the 4-px margin (ids a subset of ours).
"""
from __future__ import annotations

import mapbox_vector_tile

from tiles.grid import TileId


def features(mvt: bytes) -> dict[str, list[dict]]:
    """The features of each layer of an MVT (empty for an empty body)."""
    if not mvt:
        return {}
    return {name: layer["features"] for name, layer in mapbox_vector_tile.decode(mvt).items()}


def compare(*, tile: TileId, ours: bytes, mapserver: bytes, clustered: bool) -> dict:
    """Feature counts of one tile on both sides; where we do not cluster, whether MapServer's ids are among ours."""
    ours_layers = features(ours)
    theirs = features(mapserver)
    ours_ids = {feature["id"] for layer in ours_layers.values() for feature in layer}
    their_ids = {feature["id"] for layer in theirs.values() for feature in layer}
    return {
        "tile": str(tile),
        "clustered": clustered,
        "ours_features": len(ours_ids),
        "mapserver_features": sum(len(layer) for layer in theirs.values()),
        "mapserver_layers": {name: len(layer) for name, layer in theirs.items()},
        "mapserver_ids_among_ours": None if clustered else their_ids <= ours_ids,
    }
