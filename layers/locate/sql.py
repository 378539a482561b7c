"""The SQL of the snapping service: small pure functions that build one parameterised statement each.

Identifiers come from the models (through the layer registry for bulk re-snapping) and are quoted by
``psycopg2.sql.Identifier``; every value is a bound, named parameter (``%(lon)s``). Geometry is stored in
EPSG:4490, x = longitude; distances are ``ST_Distance(geography, geography)``: metres on the spheroid.

Nearest by KNN, then exact. ``a.geom <-> p.geom`` orders by planar distance in degrees, where a degree of
longitude is shorter than one of latitude (88 km against 111 km at 37.8 N), so the GiST KNN order is not the
metric order. Every "nearest" here therefore takes the ``n`` nearest by KNN, measures them on the spheroid, and
uses the farthest of those distances, ``bound_m``, as a radius that certainly holds the true ``n`` nearest:
``ST_DWithin(a.geom, p.geom, bound_m * degrees-per-metre)`` (planar, on the index) with the degrees per metre of
the shortest degree near the point (:func:`sql_degrees_for`), then orders those candidates by the exact
distance (ties by code). The result is the metric nearest, not the lon/lat-degree nearest.

What an answer shows of the grid, the addresses and the components is the caller's view of those layers
(``layers.access``, :func:`snap_columns`): a column the view may not read is selected as NULL, so every answer
has the same shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from psycopg2 import sql

from accounts.principal import ANONYMOUS, Principal
from layers.access import layer_view
from layers.models import Address, AdminArea, Component, ComponentCategory, Grid
from layers.partitions.pruning import exclusion_text
from layers.registry import get_layer
from layers.crs_sql import sql_in_crs
from spatial.crs import STORAGE_SRID, CrsInfo

METRES_PER_DEGREE_LAT_MIN = 110_574.0
"""Metres in one degree of latitude at the equator, the smallest anywhere on the GRS 80 ellipsoid."""
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0
"""Metres in one degree of longitude at the equator; at latitude φ about this times cos φ."""
BOUND_SLACK = 1.01
"""Safety factor on the degrees-per-metre bound (covers the ellipsoid's departure from ``cos φ`` and rounding)."""
NEAREST_GRID_CANDIDATES = 8
"""Grids nearest by KNN that are measured on the spheroid to name the nearest grid of a point outside the county."""

_texts: dict[tuple, str] = {}

SHOWN_LAYERS = ("grids", "addresses", "components")
"""The layers a snap or reverse-geocoding answer shows columns of."""


@dataclass(frozen=True)
class SnapColumns:
    """What a snap answer may show: ``hidden`` (layer id, column) pairs are selected as NULL; the addresses and
    components of an ``unread`` layer are not searched. Built from a principal's views by :func:`snap_columns`."""

    hidden: frozenset[tuple[str, str]] = frozenset()
    unread: frozenset[str] = frozenset()


@lru_cache(maxsize=256)
def snap_columns(principal: Principal = ANONYMOUS) -> SnapColumns:
    """The columns of the shown layers that ``principal``'s views hide: the restricted fields the view does not
    grant, and every restricted field of a layer it may not read. (The address's province, city and county are
    no declared field of the layer: the fixed prefix of every address of the county.)"""
    hidden, unread = set(), set()
    for layer_id in SHOWN_LAYERS:
        layer = get_layer(layer_id)
        view = layer_view(layer, principal)
        if not view.may_read:
            unread.add(layer_id)
        hidden.update((layer_id, name) for name in layer.restricted if name not in view.fields)
    return SnapColumns(hidden=frozenset(hidden), unread=frozenset(unread))


def shown(columns: SnapColumns, layer_id: str, alias: str, column: str, name: str | None = None) -> sql.Composable:
    """``alias.column AS name``, or ``NULL AS name`` when the view hides the column."""
    name = name or column
    if (layer_id, column) in columns.hidden:
        return sql.SQL("NULL AS {name}").format(name=sql.Identifier(name))
    return sql.SQL("{alias}.{column} AS {name}").format(
        alias=sql.Identifier(alias), column=sql.Identifier(column), name=sql.Identifier(name)
    )


def shown_list(columns: SnapColumns, layer_id: str, alias: str, names: tuple[str, ...]) -> sql.Composable:
    return sql.SQL(", ").join(shown(columns, layer_id, alias, name) for name in names)


def searched(columns: SnapColumns, layer_id: str) -> sql.Composable:
    """A condition that leaves out the rows of a layer the caller may not read."""
    return sql.SQL("FALSE" if layer_id in columns.unread else "TRUE")


def render(statement: sql.Composed, cursor, key: tuple) -> str:
    """The text of a composed statement, rendered once per ``key`` (quoting identifiers needs a connection, so it
    is done with the first ``cursor`` that runs the statement)."""
    text = _texts.get(key)
    if text is None:
        text = _texts[key] = statement.as_string(cursor.cursor)
    return text


def table(model) -> sql.Identifier:
    return sql.Identifier(model._meta.db_table)


def col(model, field: str) -> sql.Identifier:
    """The database column of ``field`` (a foreign key ``grid`` is the column ``grid_code``)."""
    return sql.Identifier(model._meta.get_field(field).column)


def sql_degrees_for(metres: sql.Composable, point: sql.Composable) -> sql.Composable:
    """Degrees that certainly span ``metres`` in any direction around ``point`` (EPSG:4490), for ST_DWithin.

    Uses the shortest degree within half a degree of latitude of the point (longitude poleward, or latitude at
    the equator), so it holds for radii up to ~50 km anywhere below 89 degrees; beyond that the candidates of a
    nearest-search may miss by a fraction of a percent, which only points far outside the county reach.
    """
    return sql.SQL(
        "({metres} * {slack} / LEAST({lat_min}, {lon_eq} * cos(radians(LEAST(89.0, abs(ST_Y({point})) + 0.5)))))"
    ).format(
        metres=metres,
        point=point,
        slack=sql.Literal(BOUND_SLACK),
        lat_min=sql.Literal(METRES_PER_DEGREE_LAT_MIN),
        lon_eq=sql.Literal(METRES_PER_DEGREE_LON_EQUATOR),
    )


def sql_far(alias: str, far: int) -> sql.Composable:
    """`` AND (alias.code < %(far<i>_lo)s OR alias.code >= %(far<i>_hi)s)`` for ``far`` counties far from the point:
    the planner leaves their partitions out (``layers.partitions.pruning``; parameters by :func:`far_params`)."""
    return sql.SQL(exclusion_text(alias, tuple((f"%(far{i}_lo)s", f"%(far{i}_hi)s") for i in range(far))))


def far_params(ranges: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The parameters of :func:`sql_far` for the code ranges of the far counties."""
    params = {}
    for i, (lo, hi) in enumerate(ranges):
        params.update({f"far{i}_lo": lo, f"far{i}_hi": hi})
    return params


def sql_point(lon: str, lat: str) -> sql.Composable:
    """A point in EPSG:4490 from two named parameters (or column references)."""
    return sql.SQL("ST_SetSRID(ST_MakePoint({lon}::float8, {lat}::float8), {srid})").format(
        lon=sql.Placeholder(lon), lat=sql.Placeholder(lat), srid=sql.Literal(STORAGE_SRID)
    )


GRID_COLUMNS = ("kind", "grid_leader", "grid_member", "grid_assistant")
ADDRESS_COLUMNS = (
    "code", "full_text", "level", "province", "city", "county", "town", "community", "road", "number", "building_no",
    "unit", "room",
)


def sql_grid_at(point: sql.Composable, columns: SnapColumns = SnapColumns(), far: int = 0) -> sql.Composable:
    """``(code, name, ...)`` of the grid that owns ``point`` by the boundary rule: smallest code among coverers.
    The code and name always (they are what locates the point); the other columns as ``columns`` allow; the grids
    of ``far`` counties left out (:func:`sql_far`)."""
    g = table(Grid)
    return sql.SQL(
        "SELECT g.code, g.name, {shown}, "
        "g.{town} AS town_code, g.{community} AS community_code "
        "FROM {grids} AS g WHERE ST_Covers(g.geom, {point}){far} ORDER BY g.code LIMIT 1"
    ).format(
        grids=g, far=sql_far("g", far), point=point, town=col(Grid, "town"), community=col(Grid, "community"),
        shown=shown_list(columns, "grids", "g", GRID_COLUMNS),
    )


def sql_nearest_grid(point: sql.Composable, geog: sql.Composable) -> sql.Composable:
    """A JSON ``{code, name, distance_m}`` of the grid nearest to ``point`` (for the 422 of a point outside)."""
    return sql.SQL(
        "(SELECT json_build_object('code', n.code, 'name', n.name, 'distance_m', n.d) FROM ("
        "SELECT k.code, k.name, ST_Distance(k.geom::geography, {geog}) AS d FROM ("
        "SELECT g.code, g.name, g.geom FROM {grids} AS g ORDER BY g.geom <-> {point} LIMIT {k}) AS k "
        "ORDER BY d, k.code LIMIT 1) AS n)"
    ).format(grids=table(Grid), point=point, geog=geog, k=sql.Literal(NEAREST_GRID_CANDIDATES))


def _position(geometry: sql.Composable, crs: CrsInfo) -> sql.Composable:
    """``x, y, lon, lat`` columns: the point in ``crs`` and in EPSG:4490."""
    out = sql_in_crs(geometry, crs)
    return sql.SQL("ST_X({o}) AS x, ST_Y({o}) AS y, ST_X({g}) AS lon, ST_Y({g}) AS lat").format(o=out, g=geometry)


def _addresses_cte(
    crs: CrsInfo, point: sql.Composable, geog: sql.Composable, columns: SnapColumns, far: int
) -> sql.Composable:
    a = table(Address)
    bound = sql_degrees_for(sql.SQL("knn.bound_m"), point)
    return sql.SQL(
        # The n nearest by KNN, measured on the spheroid: the farthest of them bounds the true n nearest.
        "knn AS (SELECT max(k.d) AS bound_m FROM ("
        "SELECT ST_Distance(a.geom::geography, {geog}) AS d FROM {addresses} AS a "
        "WHERE EXISTS (SELECT 1 FROM grid) AND {searched}{far} ORDER BY a.geom <-> {point} LIMIT %(addresses)s) AS k), "
        "address AS (SELECT {shown}, "
        "ST_Distance(a.geom::geography, {geog}) AS distance_m, {position} "
        "FROM {addresses} AS a, knn WHERE ST_DWithin(a.geom, {point}, {bound}){far} "
        "ORDER BY distance_m, a.code LIMIT %(addresses)s)"
    ).format(
        addresses=a, bound=bound, far=sql_far("a", far), point=point, geog=geog,
        position=_position(sql.SQL("a.geom"), crs),
        shown=shown_list(columns, "addresses", "a", ADDRESS_COLUMNS), searched=searched(columns, "addresses"),
    )


def _components_cte(
    crs: CrsInfo, point: sql.Composable, geog: sql.Composable, columns: SnapColumns, far: int
) -> sql.Composable:
    """The nearest components within the radius (index box, then the spheroid distance), cut to the limit; the
    category names are joined to the few rows kept, not to every candidate (``component`` CTE)."""
    return sql.SQL(
        "near AS (SELECT {shown}, "
        "ST_Distance(c.geom::geography, {geog}) AS distance_m, {position} "
        "FROM {components} AS c "
        "WHERE EXISTS (SELECT 1 FROM grid) AND {searched} AND c.geom && ST_Expand({point}, %(dx)s, %(dy)s) "
        "AND ST_DWithin(c.geom::geography, {geog}, %(radius)s){far} "
        "ORDER BY distance_m, c.code LIMIT %(components)s), "
        "component AS (SELECT near.code, near.name, near.category_code, cc.name AS category_name, near.state, "
        "near.owner_department, near.distance_m, near.x, near.y, near.lon, near.lat "
        "FROM near LEFT JOIN {categories} AS cc ON cc.code = near.category_code)"
    ).format(
        components=table(Component), far=sql_far("c", far),
        categories=table(ComponentCategory),
        shown=sql.SQL(", ").join([
            shown(columns, "components", "c", "code"), shown(columns, "components", "c", "name"),
            shown(columns, "components", "c", Component._meta.get_field("category").column, "category_code"),
            shown(columns, "components", "c", "state"), shown(columns, "components", "c", "owner_department"),
        ]),
        searched=searched(columns, "components"),
        point=point,
        geog=geog,
        position=_position(sql.SQL("ST_ClosestPoint(c.geom, {point})").format(point=point), crs),
    )


@lru_cache(maxsize=64)
def sql_locate(crs: CrsInfo, with_components: bool, columns: SnapColumns | None = None, far: int = 0) -> sql.Composed:
    """The one statement of a snap (``with_components``) or a reverse geocode, returning one row, showing what
    ``columns`` allow (None: what anonymous callers see), leaving out the rows of ``far`` counties (:func:`sql_far`:
    the caller checks the answer could not have held any of them, see ``layers.locate.snap``).

    Parameters: ``lon``/``lat`` (the point, EPSG:4490), ``slon``/``slat`` (the point read as (lat, lon), or
    NULLs), ``addresses`` (how many nearest addresses), and with components ``radius`` (metres), ``dx``/``dy``
    (degrees that span the radius, for the index) and ``components`` (how many). The point is written out as
    ``ST_SetSRID(ST_MakePoint(...))`` wherever it is used (not read from a CTE), so that the planner folds it
    to a constant and the KNN ``ORDER BY a.geom <-> point`` runs on the GiST index.

    Columns: the grid (code, name, kind, three staff names), town code and name, community code and name, the
    nearest addresses and the components as JSON arrays ordered by distance (NULL when none); and, only when no
    grid covers the point, ``nearest_grid`` (JSON) and ``swapped_grid`` (JSON, when the (lat, lon) reading falls
    in a grid). Addresses and components are not searched for a point outside the county.
    """
    columns = snap_columns(ANONYMOUS) if columns is None else columns
    point = sql_point("lon", "lat")
    geog = sql.SQL("{point}::geography").format(point=point)
    ctes = [
        sql.SQL("grid AS MATERIALIZED ({grid_at})").format(grid_at=sql_grid_at(point, columns, far)),
        _addresses_cte(crs, point, geog, columns, far),
    ]
    components = sql.SQL("NULL::json")
    if with_components:
        ctes.append(_components_cte(crs, point, geog, columns, far))
        components = sql.SQL("(SELECT json_agg(component ORDER BY component.distance_m, component.code) FROM component)")
    swapped_grid = sql.SQL(
        "(SELECT json_build_object('code', s.code, 'name', s.name) FROM ({grid_at}) AS s)"
    ).format(grid_at=sql_grid_at(sql_point("slon", "slat")))
    nearest_grid = sql_nearest_grid(point, geog)
    if far:  # a pruned snap outside every grid runs again unpruned (layers.locate.pruning): no hint to plan here
        nearest_grid = swapped_grid = sql.SQL("NULL::json")
    areas = table(AdminArea)
    return sql.SQL(
        "WITH {ctes} "
        "SELECT grid.code, grid.name, grid.kind, grid.grid_leader, grid.grid_member, grid.grid_assistant, "
        "town.code, town.name, community.code, community.name, "
        "(SELECT json_agg(address ORDER BY address.distance_m, address.code) FROM address) AS addresses, "
        "{components} AS components, "
        "CASE WHEN grid.code IS NULL THEN {nearest_grid} END AS nearest_grid, "
        "CASE WHEN grid.code IS NULL THEN {swapped_grid} END AS swapped_grid "
        "FROM (SELECT 1) AS one LEFT JOIN grid ON TRUE "
        "LEFT JOIN {areas} AS town ON town.code = grid.town_code "
        "LEFT JOIN {areas} AS community ON community.code = grid.community_code"
    ).format(
        ctes=sql.SQL(", ").join(ctes),
        components=components,
        nearest_grid=nearest_grid,
        swapped_grid=swapped_grid,
        areas=areas,
    )


@lru_cache(maxsize=4)
def sql_grid_of_point() -> sql.Composed:
    """``(code, name)`` of the grid owning the point ``lon``/``lat`` (EPSG:4490), no row outside the county."""
    return sql.SQL("SELECT s.code, s.name FROM ({grid_at}) AS s").format(grid_at=sql_grid_at(sql_point("lon", "lat")))
