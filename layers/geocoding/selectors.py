"""Forward geocoding: text to ranked standard addresses, in one PostGIS statement (see :file:`geocode.sql`)."""
from __future__ import annotations


from spatial.addresses import ParsedAddress, parse_address
from spatial.crs import STORAGE_CRS, CrsInfo
from web.dbrouter import read_connection

from .results import Candidate
from .sql import geocode_parameters, geocode_text


def geocode(*, q: str, limit: int = 10, town: str | None = None, crs: CrsInfo = STORAGE_CRS) -> list[Candidate]:
    """The best ``limit`` candidates for the address text ``q``, best first (see :func:`geocode_parsed`).

    Raises :class:`spatial.addresses.EmptyAddress` for empty or blank ``q``.
    """
    return geocode_parsed(parsed=parse_address(q), limit=limit, town=town, crs=crs)


def geocode_parsed(
    *, parsed: ParsedAddress, limit: int = 10, town: str | None = None, crs: CrsInfo = STORAGE_CRS
) -> list[Candidate]:
    """The best ``limit`` candidates for a parsed address, by score then full text; only in ``town`` if given.

    Candidates are standard addresses that agree with every number part of the query (equal, or absent from
    the address), the roads on which they lie (also when the door number does not exist), and the community and
    town the query names. Points are in ``crs`` (default EPSG:4490), x = longitude or easting.
    """
    params = geocode_parameters(parsed, limit=limit, only_town=town)
    if params is None:
        return []
    with read_connection().cursor() as cursor:
        cursor.execute(geocode_text(crs, cursor), params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    return [Candidate.from_row(row, decimals=crs.decimals) for row in rows]
