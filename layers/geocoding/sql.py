"""The forward-geocoding statement (:file:`geocode.sql`) and its parameters, built from a parsed address.

Tables are quoted by ``psycopg2.sql.Identifier`` from the models; the output point is the one CRS-dependent part
(EPSG:4490 and the lon/lat CRSs as stored, GCJ-02/BD-09 through the ``pd_wgs84_to_*`` SQL functions, projected CRSs
through ``ST_Transform``), always x = longitude or easting. Every value is a bound, named parameter.
"""
from __future__ import annotations

from importlib import resources

from psycopg2 import sql

from layers.models import Address, AdminArea
from layers.crs_sql import sql_in_crs
from spatial.addresses import PREFIX, ParsedAddress
from spatial.crs import CrsInfo

from . import conf

WEIGHTS: dict[str, float] = {
    "town": 1.0, "community": 1.0, "road": 3.0, "number": 3.0, "building": 2.0, "unit": 2.0, "room": 1.0,
}
"""Weight of each part in the score, coarsest part first. Road and door number decide an address; town and
community mostly confirm it (people often get the community wrong, or leave it out)."""
FUZZY_ROAD = 0.9
"""Match of a road that is not a road of the county, per unit of its similarity to the most similar road."""
EXTRA = 0.25
"""Share of its weight that a finer part of a candidate costs when the query lacks it: 紫云街18号 asked, 紫云街18号
1单元 scores 6 / (6 + 0.25 * 2). Small, so that a finer address of the right road beats a door of a wrong one."""
MATCH_LEVELS: tuple[str, ...] = tuple(WEIGHTS)
"""The values of ``matched_level``, coarsest first."""

_TEMPLATE = resources.files(__package__).joinpath("geocode.sql").read_text(encoding="utf-8")
_texts: dict[str, str] = {}


def sql_point(crs: CrsInfo) -> sql.Composable:
    """The output point of ``c.geom`` (EPSG:4490) in ``crs``, x = longitude or easting (no axis swap)."""
    return sql_in_crs(sql.SQL("c.geom"), crs)


def sql_geocode(crs: CrsInfo) -> sql.Composed:
    return sql.SQL(_TEMPLATE).format(
        addresses=sql.Identifier(Address._meta.db_table),
        areas=sql.Identifier(AdminArea._meta.db_table),
        point=sql_point(crs),
    )


def geocode_text(crs: CrsInfo, cursor) -> str:
    """The statement for ``crs`` as text (psycopg2 ``%(name)s`` placeholders), rendered once per CRS."""
    text = _texts.get(crs.key)
    if text is None:
        text = _texts[crs.key] = sql_geocode(crs).as_string(cursor.cursor)
    return text


def query_parts(parsed: ParsedAddress) -> dict[str, str]:
    """The weighted parts of the query; without a road, the text standing where it should be is the road."""
    parts = {level: parsed.part(level) for level in MATCH_LEVELS if parsed.part(level)}
    if "road" not in parts and parsed.road_guess:
        parts["road"] = parsed.road_guess
    return parts


def road_chars(road: str) -> str:
    """``road`` with a space after each character, as ``regexp_replace(road, '(.)', '\\1 ', 'g')`` in the SQL."""
    return "".join(f"{char} " for char in road)


def core_text(parsed: ParsedAddress) -> str | None:
    """The normalised text without the county prefix, for matching within full texts; only when no road was read."""
    if parsed.road is not None:
        return None
    text = parsed.normalised
    for name in PREFIX:
        if text.startswith(name):
            text = text[len(name):]
    return text if len(text) >= 2 else None


def geocode_parameters(parsed: ParsedAddress, *, limit: int, only_town: str | None) -> dict | None:
    """The bound parameters of the statement, or ``None`` when the text names nothing to look for."""
    parts = query_parts(parsed)
    if not parts:
        return None
    road = parts.get("road")
    return {
        "town": parts.get("town"),
        "community": parts.get("community"),
        "road": road,
        "road_chars": road_chars(road) if road else None,
        "number": parts.get("number"),
        "building": parts.get("building"),
        "unit": parts.get("unit"),
        "room": parts.get("room"),
        "core": core_text(parsed),
        "only_town": only_town,
        "query_weight": sum(WEIGHTS[level] for level in parts),
        "extra": EXTRA,
        "fuzzy_road": FUZZY_ROAD,
        **{f"w_{level}": weight for level, weight in WEIGHTS.items()},
        "road_min": float(conf.get("PINGDING_GEOCODE_ROAD_MIN")),
        "fuzzy_roads": int(conf.get("PINGDING_GEOCODE_FUZZY_ROADS")),
        "text_min": float(conf.get("PINGDING_GEOCODE_TEXT_MIN")),
        "text_rows": int(conf.get("PINGDING_GEOCODE_TEXT_ROWS")),
        "prefix": "".join(PREFIX),
        "limit": limit,
    }
