"""The query parameters of ``GET /api/geocode``: parsed and checked here, each error naming its parameter.

Nothing here touches the database.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from layers.errors import InvalidParameter
from spatial.addresses import KNOWN_TOWNS, EmptyAddress, ParsedAddress, normalise_text, parse_address
from spatial.crs import STORAGE_CRS, CrsInfo
from web.params import Crs, Integer, check_known, single

from . import conf

GEOCODE_PARAMETERS = frozenset({"q", "limit", "crs", "town"})
EXAMPLE = "冠山镇城关社区紫云街18号"
LIMIT = Integer("limit", "Most candidates returned, best first.", minimum=1, maximum=conf.max_limit,
                default=conf.default_limit)
CRS = Crs(
    "crs",
    "CRS of `point.x`/`point.y` (default EPSG:4490, CGCS2000). x is longitude or easting and y latitude or northing "
    "in every CRS, also EPSG:4547/4526 whose EPSG axis order is northing first. `point.lon`/`point.lat` are always "
    "EPSG:4490 degrees.",
    default=STORAGE_CRS,
)


@dataclass(frozen=True)
class GeocodeRequest:
    q: str
    parsed: ParsedAddress
    limit: int
    crs: CrsInfo
    town: str | None


def parse_geocode_request(query: QueryDict) -> GeocodeRequest:
    """``q`` (1 to ``PINGDING_GEOCODE_MAX_QUERY_LENGTH`` characters, not blank), ``limit`` (1 to
    ``PINGDING_GEOCODE_MAX_LIMIT``), ``crs`` (default EPSG:4490) and ``town`` (one of the county's towns)."""
    check_known(query, GEOCODE_PARAMETERS)
    q = parse_q(single(query, "q"))
    return GeocodeRequest(
        q=q,
        parsed=_parsed(q),
        limit=LIMIT.parse(single(query, "limit")),
        crs=CRS.parse(single(query, "crs")),
        town=parse_town(single(query, "town")),
    )


def parse_q(value: str | None) -> str:
    if value is None or not value.strip():
        raise InvalidParameter(
            f"Parameter 'q' is required: the address to look up, e.g. q={EXAMPLE}.", parameter="q"
        )
    longest = conf.max_query_length()
    if len(value) > longest:
        raise InvalidParameter(
            f"Parameter 'q' is {len(value)} characters long; send at most {longest} (one address).", parameter="q"
        )
    return value


def _parsed(q: str) -> ParsedAddress:
    try:
        return parse_address(q)
    except EmptyAddress as error:
        raise InvalidParameter(str(error), parameter="q") from error


def parse_town(value: str | None) -> str | None:
    """A town of the county (traditional characters and full-width forms accepted), or ``None``."""
    if value is None:
        return None
    town = normalise_text(value)
    if town not in KNOWN_TOWNS:
        raise InvalidParameter(
            f"Parameter 'town' must name a town or township of Pingding, one of: {', '.join(KNOWN_TOWNS)}; "
            f"got {value!r}.",
            parameter="town",
        )
    return town
