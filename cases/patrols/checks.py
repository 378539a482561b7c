"""Checks of a track's points that need no database: enough points, times never going back, no speed above
the setting. Coordinates are EPSG:4490 lon/lat degrees; distances are geodesic metres on GRS80 (CGCS2000)."""
from __future__ import annotations

from datetime import datetime

import numpy as np
from pyproj import Geod

from . import conf
from .errors import MalformedTrack, TimesGoBack, TooFast, TrackTooLarge

GEOD = Geod(ellps="GRS80")
MIN_INTERVAL_S = 1.0
"""Times closer than this count as this far apart: GPX loggers write whole seconds."""


def check_count(count: int) -> None:
    if count == 0:
        raise MalformedTrack("The track has no points (no trk/trkseg/trkpt, or empty coordinates).", parameter="body")
    if count < 2:
        raise MalformedTrack("The track has 1 point; a track needs at least 2.", parameter="body")
    if count > conf.max_points():
        raise TrackTooLarge(f"The track has {count:,} points; at most {conf.max_points():,} are accepted in one "
                            "upload. Split it.", parameter="body")


def check_times(times: tuple[datetime, ...]) -> None:
    for index in range(1, len(times)):
        if times[index] < times[index - 1]:
            raise TimesGoBack(f"Point {index} is timed {times[index].isoformat()}, before point {index - 1} "
                              f"({times[index - 1].isoformat()}); times must never go backward.", parameter="body")


def check_speed(lon: np.ndarray, lat: np.ndarray, times: tuple[datetime, ...]) -> None:
    _, _, metres = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    seconds = np.maximum(np.diff(np.array([t.timestamp() for t in times])), MIN_INTERVAL_S)
    speed = np.asarray(metres) / seconds
    fastest = int(np.argmax(speed))
    limit = conf.max_speed_ms()
    if speed[fastest] > limit:
        raise TooFast(f"From point {fastest} to {fastest + 1} the track moves {metres[fastest]:.0f} m in "
                      f"{seconds[fastest]:.0f} s ({speed[fastest]:.1f} m/s), faster than {limit:g} m/s: a GPS jump "
                      "or the wrong CRS (send crs=GCJ02 for WeChat positions).", parameter="body")
