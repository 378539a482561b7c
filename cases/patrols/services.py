"""Writing a patrol track: read, check, measure, store it and the coverage of its grids that day, in one transaction."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from django.contrib.gis.geos import LineString
from django.db import connection, transaction

from accounts.principal import Principal
from spatial.crs import EPSG_4490, STORAGE_SRID, CrsInfo
from spatial.transform import transform_xy
from web.errors import Forbidden

from . import conf
from .checks import check_count, check_speed, check_times
from .coverage import coverage_fill
from .errors import NotYourGrids, OutsideCounty
from .models import Track
from .reading import RawTrack
from .sql import statement

LOCAL = ZoneInfo("Asia/Shanghai")
UPLOAD_ROLES = frozenset({"grid_member"})
"""Who uploads tracks: grid members, each its own."""


@dataclass(frozen=True)
class TrackFacts:
    length_m: float
    in_county: float
    grids: list[str]


def track_facts(line: LineString) -> TrackFacts:
    """Length (m, EPSG:4547), share inside the county and grids touched of ``line`` (EPSG:4490)."""
    with connection.cursor() as cursor:
        cursor.execute(statement("track_facts"), {"line": bytes(line.ewkb)})
        length_m, in_county, grids = cursor.fetchone()
    return TrackFacts(float(length_m), float(in_county or 0.0), list(grids))


def _line(raw: RawTrack, crs: CrsInfo) -> LineString:
    lon, lat = transform_xy(np.array(raw.xs), np.array(raw.ys), src=crs, dst=EPSG_4490, parameter="body")
    check_times(raw.times)
    check_speed(np.asarray(lon), np.asarray(lat), raw.times)
    return LineString(list(zip(np.asarray(lon).tolist(), np.asarray(lat).tolist())), srid=STORAGE_SRID)


@transaction.atomic
def track_upload(*, principal: Principal, raw: RawTrack, crs: CrsInfo) -> Track:
    """Store ``raw`` (coordinates in ``crs``) as a track of ``principal``, a grid member. Raises the errors of
    :mod:`cases.patrols.errors` (and ``CoordinateError``) naming the part of the request at fault."""
    if not principal.roles & UPLOAD_ROLES or principal.user_id is None:
        raise Forbidden("Tracks are uploaded by grid members, each its own; your account is not a grid member's.",
                           parameter="Authorization")
    check_count(len(raw))
    line = _line(raw, crs)
    facts = track_facts(line)
    if facts.in_county < conf.in_county_share():
        raise OutsideCounty(f"Only {facts.in_county:.0%} of the track lies in the county (at least "
                            f"{conf.in_county_share():.0%} must); check the crs parameter ({crs.key}).",
                            parameter="body")
    if not set(facts.grids) & principal.grids:
        raise NotYourGrids(f"The track touches none of your grids ({', '.join(sorted(principal.grids)) or 'none'}); "
                           "a grid member uploads the patrols of its own grids.", parameter="body")
    day = raw.times[0].astimezone(LOCAL).date()
    track = Track.objects.create(
        owner_id=principal.user_id, grids=facts.grids, day=day,
        started_at=raw.times[0], ended_at=raw.times[-1], times=list(raw.times), length_m=facts.length_m,
        points=len(raw), source_format=raw.source_format, geom=line,
    )
    coverage_fill(pairs=[(code, day) for code in facts.grids])
    return track
