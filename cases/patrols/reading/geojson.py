"""GeoJSON tracks: a Feature (or a FeatureCollection of one) whose geometry is a LineString or MultiLineString (parts
joined in order) and whose times are given either as ``properties.times`` (or ``coordTimes``, as togeojson writes
them), one per vertex, or as a 4th coordinate ``[lon, lat, z, t]`` (t: RFC 3339 text or epoch seconds). A naive time
is read in Asia/Shanghai, the county's clocks."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from web.bodies import load_json

from ..errors import MalformedTrack
from .raw import RawTrack, float_or_fail, parse_time

LOCAL = ZoneInfo("Asia/Shanghai")
TIME_KEYS = ("times", "coordTimes")


def _fail(why: str) -> MalformedTrack:
    return MalformedTrack(f"The GeoJSON track {why}.", parameter="body")


def _feature(document: object) -> dict:
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise _fail("must be one Feature (a FeatureCollection of exactly one)")
        document = features[0]
    if not isinstance(document, dict) or document.get("type") != "Feature":
        raise _fail("must be a Feature with a LineString or MultiLineString geometry and its times")
    return document


def _lines(geometry: object) -> list:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("LineString", "MultiLineString"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise _fail(f"has a {kind} geometry; send a LineString or MultiLineString")
    coordinates = geometry.get("coordinates")
    lines = [coordinates] if geometry["type"] == "LineString" else coordinates
    if not isinstance(lines, list) or not all(isinstance(line, list) for line in lines):
        raise _fail("has malformed coordinates")
    return [position for line in lines for position in line]


def _times(properties: object, positions: list) -> list:
    properties = properties if isinstance(properties, dict) else {}
    for key in TIME_KEYS:
        if key in properties:
            times = properties[key]
            if isinstance(times, list) and times and isinstance(times[0], list):
                times = [t for part in times for t in part]
            if not isinstance(times, list) or len(times) != len(positions):
                raise _fail(f"has {len(times) if isinstance(times, list) else 'no list of'} properties.{key} for "
                            f"{len(positions)} points; give one time per point")
            return times
    if positions and all(isinstance(p, list) and len(p) >= 4 for p in positions):
        return [p[3] for p in positions]
    raise _fail("has no times: give properties.times (one per point) or [lon, lat, z, time] coordinates")


def read_geojson(content: bytes) -> RawTrack:
    feature = _feature(load_json(content, parameter="body"))
    positions = _lines(feature.get("geometry"))
    times = _times(feature.get("properties"), positions)
    xs, ys, instants = [], [], []
    for index, (position, stamp) in enumerate(zip(positions, times)):
        if not isinstance(position, list) or len(position) < 2:
            raise _fail(f"point {index} is not a [lon, lat] position")
        xs.append(float_or_fail(position[0], index=index, what="longitude"))
        ys.append(float_or_fail(position[1], index=index, what="latitude"))
        instants.append(parse_time(stamp, index=index, naive_zone=LOCAL))
    return RawTrack(tuple(xs), tuple(ys), tuple(instants), "geojson")
