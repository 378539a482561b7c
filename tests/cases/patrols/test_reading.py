"""Track files to points and times: GPX 1.1 and GeoJSON, and every way they can be wrong (no database)."""
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cases.patrols.errors import MalformedTrack
from cases.patrols.reading import read_track

DATA = Path(__file__).parent / "data"


def test_gpx_segments_are_joined_in_order_with_their_times():
    track = read_track((DATA / "two_segments.gpx").read_bytes())
    assert track.source_format == "gpx"
    assert track.xs == (113.627, 113.6271, 113.6272) and track.ys == (37.795, 37.7951, 37.7952)
    assert track.times[2] == datetime(2024, 3, 1, 0, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(("name", "words"), [
    ("xxe.gpx", "DTD or entities"),
    ("billion_laughs.gpx", "DTD or entities"),
    ("not_well_formed.gpx", "not well-formed"),
    ("point_without_time.gpx", "Point 1 (trkpt) has no <time>"),
    ("not_gpx_root.xml", "not a GPX 1.1"),
])
def test_bad_gpx_is_refused_naming_the_cause(name, words):
    with pytest.raises(MalformedTrack, match=words.replace("(", r"\(").replace(")", r"\)")) as caught:
        read_track((DATA / name).read_bytes())
    assert caught.value.parameter == "body"


def test_the_xxe_file_is_never_read():
    with pytest.raises(MalformedTrack) as caught:
        read_track((DATA / "xxe.gpx").read_bytes())
    assert "root:" not in caught.value.description


def _feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_geojson_times_in_properties_and_naive_times_are_local():
    import json

    document = _feature({"type": "LineString", "coordinates": [[113.6, 37.8], [113.601, 37.8]]},
                        times=["2024-03-01T08:00:00", "2024-03-01T08:01:00+08:00"])
    track = read_track(json.dumps(document).encode())
    assert track.times[0] == track.times[1].replace(minute=0)
    assert track.times[0].utcoffset().total_seconds() == 8 * 3600


def test_geojson_multilinestring_with_coord_times_and_fourth_coordinate():
    import json

    multi = _feature({"type": "MultiLineString", "coordinates": [[[113.6, 37.8], [113.601, 37.8]], [[113.602, 37.8]]]},
                     coordTimes=[["2024-03-01T00:00:00Z", "2024-03-01T00:00:10Z"], ["2024-03-01T00:00:20Z"]])
    assert len(read_track(json.dumps(multi).encode())) == 3
    fourth = _feature({"type": "LineString", "coordinates": [[113.6, 37.8, 0, 1709251200], [113.601, 37.8, 0, 1709251260]]})
    assert read_track(json.dumps(fourth).encode()).times[1] == datetime(2024, 3, 1, 0, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(("document", "words"), [
    (_feature({"type": "Point", "coordinates": [113.6, 37.8]}), "Point geometry"),
    (_feature({"type": "LineString", "coordinates": [[113.6, 37.8], [113.601, 37.8]]}), "has no times"),
    (_feature({"type": "LineString", "coordinates": [[113.6, 37.8], [113.601, 37.8]]}, times=["2024-03-01T00:00:00Z"]),
     "1 properties.times for 2 points"),
    (_feature({"type": "LineString", "coordinates": [[113.6, 37.8], ["x", 37.8]]}, times=[0, 1]), "longitude 'x'"),
    (_feature({"type": "LineString", "coordinates": [[113.6, 37.8], [113.601, 37.8]]}, times=[0, "yesterday"]),
     "Point 1: the time 'yesterday'"),
    ({"type": "FeatureCollection", "features": []}, "exactly one"),
])
def test_bad_geojson_is_refused_naming_the_cause(document, words):
    import json

    with pytest.raises(MalformedTrack, match=words):
        read_track(json.dumps(document).encode())


@pytest.mark.parametrize("content", [b"", b"hello", b"\x89PNG"])
def test_neither_gpx_nor_geojson(content):
    with pytest.raises(MalformedTrack, match="neither GPX"):
        read_track(content)


def test_invalid_json_names_the_body():
    from web.errors import InvalidParameter

    with pytest.raises(InvalidParameter) as caught:
        read_track(b'{"type": "Feature",')
    assert caught.value.parameter == "body"
