"""GPX 1.1 (and 1.0) tracks: every ``trk/trkseg/trkpt`` with its ``lat``, ``lon`` and ``time``, segments joined in
document order. Read with defusedxml: a DTD, entities or external references are refused (no XXE, no entity
expansion bombs)."""
from __future__ import annotations

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import MalformedTrack
from .raw import RawTrack, float_or_fail, parse_time

NAMESPACES = ("http://www.topografix.com/GPX/1/1", "http://www.topografix.com/GPX/1/0")


def _root(content: bytes):
    try:
        return fromstring(content, forbid_dtd=True)
    except DefusedXmlException as error:
        raise MalformedTrack(f"The GPX holds a DTD or entities ({type(error).__name__}), which are not read; send "
                             "plain GPX 1.1.", parameter="body") from None
    except (ParseError, ValueError) as error:
        raise MalformedTrack(f"The GPX is not well-formed XML: {str(error)[:200]}.", parameter="body") from None


def read_gpx(content: bytes) -> RawTrack:
    root = _root(content)
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if root.tag.rsplit("}", 1)[-1] != "gpx" or namespace not in NAMESPACES:
        raise MalformedTrack(f"The XML root is {root.tag[:80]!r}, not a GPX 1.1 <gpx> element "
                             f"(namespace {NAMESPACES[0]}).", parameter="body")
    ns = {"g": namespace}
    xs, ys, times = [], [], []
    for index, point in enumerate(root.iterfind("g:trk/g:trkseg/g:trkpt", ns)):
        ys.append(float_or_fail(point.get("lat"), index=index, what="lat"))
        xs.append(float_or_fail(point.get("lon"), index=index, what="lon"))
        stamp = point.find("g:time", ns)
        if stamp is None or not (stamp.text or "").strip():
            raise MalformedTrack(f"Point {index} (trkpt) has no <time>; a patrol track needs the time of every point.",
                                 parameter="body")
        times.append(parse_time(stamp.text, index=index))
    return RawTrack(tuple(xs), tuple(ys), tuple(times), "gpx")
