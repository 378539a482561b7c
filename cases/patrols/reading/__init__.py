"""Track files to :class:`RawTrack`: GPX 1.1 (``gpx``) and GeoJSON (``geojson``), told apart by their first
character. Nothing here knows the database; coordinates stay in the client's CRS."""
from __future__ import annotations

from .gpx import read_gpx
from .geojson import read_geojson
from .raw import RawTrack

__all__ = ["RawTrack", "read_track"]


def read_track(content: bytes) -> RawTrack:
    """The track of a GPX or GeoJSON document (``MalformedTrack`` naming ``body`` for anything else)."""
    head = content.lstrip()[:1]
    if head == b"<":
        return read_gpx(content)
    if head in (b"{", b"["):
        return read_geojson(content)
    from ..errors import MalformedTrack

    raise MalformedTrack("The body is neither GPX (XML) nor GeoJSON; send a GPX 1.1 file or a GeoJSON LineString "
                         "Feature with its times.", parameter="body")
