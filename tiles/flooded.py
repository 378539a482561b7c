"""The statement of a flooded tile: a point or mixed layer past its per-tile budget, or a tile past
``PINGDING_TILES_MAX_TILE_BYTES`` (:func:`tiles.sql.tile_statement` gives NULL or a tile too big). It draws the same
layers with the fallback to bare clusters (id and ``count``) decided inside the one statement, by ``CASE`` branches
and ``MATERIALIZED`` CTEs that run only when taken. Rare, so its planning, a third more than the ordinary
statement's, is paid only by flooded tiles. Binds what the ordinary statement binds.
"""
from __future__ import annotations

from layers.access import LayerOrView

from . import conf
from .catalog import Tileset
from .sql import VERSIONS, asmvt, bare_name, built, clustered_features, drawn_views, is_budgeted, layer_mvt


def flooded_statement(tileset: Tileset, z: int) -> str:
    """The statement of a flooded tile: as :func:`tiles.sql.tile_statement`, with the fallback to bare clusters decided inside
    (:func:`bounded_tile`): every layer within its budget, the tile within its bound, never NULL."""
    return built(_flooded_statement, tileset, z)


def bounded_tile(layers: tuple[LayerOrView, ...], z: int) -> str:
    """The flooded tile: the layers' MVTs concatenated, or past ``PINGDING_TILES_MAX_TILE_BYTES`` the same with
    every point and mixed layer as bare clusters (a few bytes each, at most one per cell); each MVT computed once."""
    columns = [f"l{i}" for i in range(len(layers))]
    fallback = " || ".join(
        f"(SELECT mvt FROM {bare_name(layer)})" if is_budgeted(layer) else f"d.{column}"
        for layer, column in zip(layers, columns)
    )
    computed = ",\n  ".join(f"{layer_mvt(layer, z, flooded=True)} AS {col}" for layer, col in zip(layers, columns))
    whole = " || ".join(f"d.{column}" for column in columns)
    return (
        f"(SELECT CASE WHEN length({whole}) <= {conf.max_tile_bytes()} THEN {whole}\n  ELSE {fallback} END\n"
        f"FROM (SELECT\n  {computed}\n  OFFSET 0) AS d)  -- a fence: each layer is computed once, not per use"
    )


def bare_ctes(layers: tuple[LayerOrView, ...]) -> str:
    """``WITH`` the bare clusters (id and ``count``) of every point and mixed layer: planned once for every use and
    computed only if a branch that reads them runs (a CTE is read lazily); empty when no layer is budgeted."""
    ctes = [
        f"{bare_name(layer)} AS MATERIALIZED (\n  "
        + asmvt(layer, clustered_features(layer, bare=True)).replace("\n", "\n  ") + "\n)"
        for layer in layers if is_budgeted(layer)
    ]
    return "WITH " + ",\n".join(ctes) + "\n" if ctes else ""


def _flooded_statement(tileset: Tileset, z: int) -> str:
    layers = drawn_views(tileset, z)
    return f"{bare_ctes(layers)}SELECT\n  {VERSIONS} AS versions,\n  {bounded_tile(layers, z)} AS tile"
