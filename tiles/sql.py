"""The SQL of a vector tile: one statement per tile, built by small pure functions from the layer registry.

Every identifier comes from the registry (tables, geometry, id and attribute columns) and is quoted here; every
value of the request is bound. The statements of :func:`tile_statement` (and of :mod:`tiles.flooded`) bind:

``z``, ``x``, ``y``  the tile (XYZ scheme);
``px``               the side of one pixel of a 256-px tile at ``z``, in EPSG:3857 metres (``grid.pixel_size``);
``layers``           the ids of the layers drawn at ``z`` (text[]), whose data versions the statement also reads;
``grids``            the grid codes of the tileset's row scope (text[]; read only by a grid-scoped audience).

Geometry is stored in EPSG:4490 (lon/lat). A tile reads the rows whose bounding box overlaps its envelope grown
by the buffer, expressed in EPSG:4490 so the GiST index of the geometry column is used (:func:`query_envelope`);
the cache stores that same envelope, and the invalidation triggers (``tiles/sql/invalidate.sql``) test the same
``&&``, so a tile is dropped exactly when a row it could have read changes. Pixel-based work happens in EPSG:3857
metres: geometries are transformed before simplification and the area test, and clusters use the Mercator
coordinates of each row's box centre (:func:`mercator_centre`).

Point layers stay within a per-tile budget at every zoom: :func:`tile_statement` draws an ordinary tile and only
detects a flooded one, which :mod:`tiles.flooded` draws (the fallback's branches would cost every tile).
"""
from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from layers.access import LayerOrView, RowScope, as_view
from layers.registry import LayerField
from layers.sqltext import quote_ident, quote_literal
from spatial.crs import STORAGE_SRID

from . import conf
from .catalog import Tileset
from .filtering import FilteredView, filtered_source
from .grid import TILE_PX, WORLD_HALF

POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})
POINT_TYPES = frozenset({"Point"})
MIXED_TYPES = frozenset({"Geometry", "GeometryCollection"})
RESERVED_ATTRIBUTES = frozenset({"geom", "id", "count"})
VERSION_TABLE = "tiles_layerversion"

TILE_ENVELOPE = "ST_TileEnvelope(%(z)s, %(x)s, %(y)s)"
"""The tile in EPSG:3857 metres, as ``ST_AsMVTGeom`` wants it."""


def query_envelope() -> str:
    """The tile grown by the buffer, clipped to the world and transformed to EPSG:4490 (lon/lat degrees).

    The clip matters at low zoom: unclipped, a margin past +-180 degrees would wrap to the other side of the world.
    """
    margin = f"{conf.buffer()}.0 / {conf.extent()}"
    return (
        f"ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {margin}),"
        f" ST_TileEnvelope(0, 0, 0)), {STORAGE_SRID})"
    )


def mvt_geom(geometry_3857: str) -> str:
    """``ST_AsMVTGeom`` of an EPSG:3857 geometry expression: tile coordinates, clipped to the buffer."""
    return f"ST_AsMVTGeom({geometry_3857}, {TILE_ENVELOPE}, {conf.extent()}, {conf.buffer()}, true)"


def attribute(alias: str, field: LayerField) -> str:
    """One public field as an MVT attribute: dates as ISO 8601 text, instants in UTC; other types as they are."""
    column = f"{alias}.{quote_ident(field.name)}"
    if field.type == "date-time":
        expression = f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    elif field.type == "date":
        expression = f"to_char({column}, 'YYYY-MM-DD')"
    else:
        expression = column
    return f"{expression} AS {quote_ident(field.name)}"


def attributes(layer: LayerOrView, alias: str) -> list[str]:
    """The feature id and the fields the view reads (for anonymous: the public ones, never the restricted ones)
    as select-list items."""
    view = as_view(layer)
    clashes = RESERVED_ATTRIBUTES & set(view.fields)
    if clashes:
        raise ValueError(f"layer {view.id}: fields {sorted(clashes)} clash with tile columns; rename them")
    items = [f"{alias}.{quote_ident(view.id_column)} AS id"]
    return items + [attribute(alias, field) for field in view.fields.values()]


def row_scope(scope: RowScope | None, alias: str) -> list[str]:
    """The view's row scope as WHERE conditions (none for every row): the grid codes are the bound ``grids``."""
    if scope is None:
        return []
    return [f"{alias}.{quote_ident(scope.column)} = ANY(%(grids)s::text[])"]


def is_clustered(layer: LayerOrView, z: int) -> bool:
    """The layer's rows are drawn as clusters at ``z`` (a point or mixed layer, below its ``cluster_below``)."""
    clusterable = layer.geometry_type in POINT_TYPES | MIXED_TYPES
    return clusterable and layer.cluster_below is not None and z < layer.cluster_below


def plain_features(layer: LayerOrView, z: int) -> str:
    """One tile feature per row: simplified below ``maxzoom`` (``simplify_px`` pixels), tiny polygons dropped."""
    geom = f"f.{quote_ident(layer.geometry_column)}"
    geometry_3857 = f"ST_Transform({geom}, 3857)"
    if layer.simplify_px > 0 and z < layer.maxzoom and layer.geometry_type not in POINT_TYPES:
        geometry_3857 = f"ST_SimplifyPreserveTopology({geometry_3857}, {float(layer.simplify_px)!r} * %(px)s)"
    select = attributes(layer, "f")
    where = [f"{geom} && {query_envelope()}", *row_scope(as_view(layer).row_scope, "f")]
    if layer.geometry_type in POLYGON_TYPES and z < layer.maxzoom:
        min_area = float(conf.get("PINGDING_TILES_MIN_AREA_PX"))
        where.append(f"ST_Area(ST_Transform({geom}, 3857)) >= {min_area!r} * %(px)s * %(px)s")
    return (
        "SELECT " + ", ".join(select) + f", {mvt_geom(geometry_3857)} AS geom\n"
        f"FROM {filtered_source(layer, quote_ident(layer.table))} AS f\n"
        "WHERE " + "\n  AND ".join(where)
    )


def mercator_centre(geom: str) -> tuple[str, str]:
    """SQL for the centre of a geometry's box in EPSG:3857 metres, from its EPSG:4490 lon/lat: the spherical
    Mercator formulas that ``ST_Transform(..., 3857)`` applies (equal to it within nanometres; tested), a few times
    cheaper per row. The centre of a point is the point; that of a line or polygon lies inside its box."""
    lon = f"(ST_XMin({geom}) + ST_XMax({geom})) / 2"
    lat = f"(ST_YMin({geom}) + ST_YMax({geom})) / 2"
    return f"6378137 * radians({lon})", f"6378137 * ln(tan(pi() / 4 + radians({lat}) / 2))"


def cluster_cells(layer: LayerOrView) -> str:
    """The occupied cells of ``PINGDING_TILES_CLUSTER_CELL_PX`` pixels of the tile: ``id`` (the lowest of the
    cell's rows), ``count``, and ``mx``, ``my`` (the mean of their centres, EPSG:3857 metres).

    A row falls in the cell of the centre of its box: its point, or for the lines and polygons of a mixed layer a
    point inside its box (so overview zooms of the components draw clusters only, and every row of a cell of the
    tile passes the tile's ``&&`` filter). Cells are numbered like pixels from the top-left of the world (``col``,
    ``row``), so ``256 / cell_px`` of them span a tile exactly; only the cells of the tile proper are kept (an
    exact test, where ``&&`` on float4 boxes would blur the edge by a metre), so every cluster is whole and drawn by
    exactly one tile.
    """
    pk = quote_ident(layer.id_column)
    geom = f"s.{quote_ident(layer.geometry_column)}"
    mx, my = mercator_centre(geom)
    cells = cells_per_tile()
    cell = f"({TILE_PX // cells} * %(px)s)"
    where = " AND ".join([f"{geom} && {query_envelope()}", *row_scope(as_view(layer).row_scope, "s")])
    return (
        "SELECT min(p.id) AS id, count(*) AS count, avg(p.mx) AS mx, avg(p.my) AS my\n"
        "FROM (\n"
        f"    SELECT q.id, q.mx, q.my, floor((q.mx + {WORLD_HALF!r}) / {cell}) AS col,"
        f" floor(({WORLD_HALF!r} - q.my) / {cell}) AS row\n"
        "    FROM (\n"
        f"        SELECT s.{pk} AS id, {mx} AS mx,\n"
        f"               {my} AS my\n"
        f"        FROM {filtered_source(layer, quote_ident(layer.table))} AS s\n"
        f"        WHERE {where}\n"
        "        OFFSET 0  -- a fence: compute each centre once, not once per use above\n"
        "    ) AS q\n"
        ") AS p\n"
        f"WHERE p.col >= %(x)s * {cells} AND p.col < (%(x)s + 1) * {cells}\n"
        f"  AND p.row >= %(y)s * {cells} AND p.row < (%(y)s + 1) * {cells}\n"
        "GROUP BY p.col, p.row"
    )


def clustered_features(layer: LayerOrView, *, bare: bool = False) -> str:
    """One tile feature per cluster cell (:func:`cluster_cells`): a point at the mean of its rows' centres with
    ``count`` and the attributes and id of its lowest-id row; a ``bare`` one with only the id and ``count`` (a few
    bytes, whatever the rows hold)."""
    source = "(\n    " + cluster_cells(layer).replace("\n", "\n    ") + "\n)"
    point = mvt_geom("ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857)")
    if bare:
        return f"SELECT c.id, c.count, {point} AS geom\nFROM {source} AS c"
    table, pk = quote_ident(layer.table), quote_ident(layer.id_column)
    return (
        "SELECT " + ", ".join(attributes(layer, "f")) + f", c.count, {point} AS geom\n"
        f"FROM {source} AS c\n"
        f"JOIN {table} AS f ON f.{pk} = c.id"
    )


def cells_per_tile() -> int:
    """Cluster cells along a tile side: 256 / ``PINGDING_TILES_CLUSTER_CELL_PX``, which must divide 256."""
    cell_px = int(conf.get("PINGDING_TILES_CLUSTER_CELL_PX"))
    if cell_px <= 0 or TILE_PX % cell_px:
        raise ImproperlyConfigured(
            f"PINGDING_TILES_CLUSTER_CELL_PX={cell_px}: use a power of two from 1 to {TILE_PX}, e.g. 16."
        )
    return TILE_PX // cell_px


def layer_features(layer: LayerOrView, z: int) -> str:
    """The rows of one MVT layer at ``z``: clusters below its ``cluster_below``, else one feature per row."""
    return clustered_features(layer) if is_clustered(layer, z) else plain_features(layer, z)


def is_budgeted(layer: LayerOrView) -> bool:
    """Whether the layer's features are held to the per-tile budget: point and mixed layers, whose rows anyone
    posting reports can pile up at one spot (polygon layers are bounded by simplification and the area test)."""
    return layer.geometry_type in POINT_TYPES | MIXED_TYPES


def asmvt(layer: LayerOrView, features: str, extra: str = "") -> str:
    """``SELECT ST_AsMVT(...) AS mvt`` (plus ``extra`` select items) over a feature query."""
    features = features.replace("\n", "\n    ")
    mvt = f"ST_AsMVT(t, {quote_literal(layer.id)}, {conf.extent()}, 'geom', 'id')"
    return f"SELECT {mvt} AS mvt{extra} FROM (\n    {features}\n) AS t"


def bare_name(layer: LayerOrView) -> str:
    """The name of the flooded statement's CTE that holds the layer's bare clusters (``tiles.flooded``)."""
    return quote_ident(f"bare_{layer.id}")


def bounded_plain(layer: LayerOrView, z: int, *, otherwise: str = "NULL") -> str:
    """A scalar subquery: one feature per row while the tile holds at most ``PINGDING_TILES_MAX_FEATURES`` rows of
    the layer within ``PINGDING_TILES_MAX_LAYER_BYTES``, else ``otherwise``: NULL in an ordinary tile, the layer's
    bare clusters (:mod:`tiles.flooded`) in a flooded one, computed only when their ``CASE`` branch runs.

    At most one row more than the budget is read (``LIMIT``): a flooded tile costs the budget and its clusters, not
    an MVT of every row."""
    budget, limit = conf.max_features(), conf.max_layer_bytes()
    plain = asmvt(layer, f"{plain_features(layer, z)}\nLIMIT {budget + 1}", ", count(*) AS n")
    return (
        f"(SELECT CASE WHEN p.n <= {budget} AND length(p.mvt) <= {limit} THEN p.mvt\n"
        f"  ELSE {otherwise} END FROM (\n{plain}\n) AS p)"
    )


def layer_mvt(layer: LayerOrView, z: int, *, flooded: bool = False) -> str:
    """A scalar subquery: the MVT layer named after the layer id, feature ids from its primary key; a point or
    mixed layer drawn one feature per row within its per-tile budget (:func:`bounded_plain`), else NULL or, in a
    ``flooded`` tile, its bare clusters (:func:`tiles.flooded.bare_ctes`)."""
    if is_budgeted(layer) and not is_clustered(layer, z):
        return bounded_plain(layer, z, otherwise=f"(SELECT mvt FROM {bare_name(layer)})" if flooded else "NULL")
    return f"({asmvt(layer, layer_features(layer, z))})"


def tile_statement(tileset: Tileset, z: int) -> str:
    """The one statement of an ordinary tile at ``z`` (where the tileset draws a layer): the layers' data versions
    and the tile (their MVTs concatenated, a valid MVT), NULL when a point or mixed layer is past its budget. A NULL
    tile, or one past ``PINGDING_TILES_MAX_TILE_BYTES``, is flooded: see :func:`tiles.flooded.flooded_statement`.

    Built once per audience, tileset, zoom and tile settings (the registry does not change while the server runs)."""
    return built(_tile_statement, tileset, z)


def built(build, tileset: Tileset, z: int) -> str:
    """``build(tileset, z)``, kept per audience, tileset, zoom and tile settings; a filtered tileset's is built
    for its request only (``tiles.filtering``)."""
    if any(isinstance(view, FilteredView) for view in tileset.views):
        return build(tileset, z)
    key = (build, tileset.audience, tileset.id, z, tuple(conf.get(name) for name in STATEMENT_SETTINGS))
    statement = _statements.get(key)
    if statement is None:
        if len(_statements) >= STATEMENTS_KEPT:
            _statements.clear()
        statement = _statements[key] = build(tileset, z)
    return statement


STATEMENT_SETTINGS = (
    "PINGDING_TILES_EXTENT", "PINGDING_TILES_BUFFER", "PINGDING_TILES_CLUSTER_CELL_PX", "PINGDING_TILES_MIN_AREA_PX",
    "PINGDING_TILES_MAX_FEATURES", "PINGDING_TILES_MAX_LAYER_BYTES", "PINGDING_TILES_MAX_TILE_BYTES",
)
STATEMENTS_KEPT = 2048
_statements: dict[tuple, str] = {}


VERSIONS = f"(SELECT array_agg(version ORDER BY layer) FROM {VERSION_TABLE} WHERE layer = ANY(%(layers)s::text[]))"


def drawn_views(tileset: Tileset, z: int) -> tuple[LayerOrView, ...]:
    """The views of the layers the tileset draws at ``z``; a statement is only made where there is one."""
    if not tileset.views_at(z):
        raise ValueError(f"tileset {tileset.id} draws no layer at zoom {z}")
    return tileset.views_at(z)


def _tile_statement(tileset: Tileset, z: int) -> str:
    mvts = "\n  || ".join(layer_mvt(layer, z) for layer in drawn_views(tileset, z))
    return f"SELECT\n  {VERSIONS} AS versions,\n  {mvts} AS tile"
