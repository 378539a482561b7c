"""GeoJSON bodies: a FeatureCollection streamed from an open feature page, and one Feature with its links.

Features arrive as GeoJSON text from PostGIS; here they are only joined with commas between a header and a
trailer. ``numberReturned`` goes into the trailer, counted from what was actually written.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone

from layers.selectors import FeaturePage, PageStream


def time_stamp() -> str:
    """Now, RFC 3339 in UTC (``2024-05-01T08:30:00Z``)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class FeatureCollectionStream(PageStream):
    """The bytes of a FeatureCollection; iterating (or closing) it closes the page, so the transaction ends."""

    def __init__(self, page: FeaturePage, *, links: list[dict]):
        super().__init__(page)
        self.links = links

    def pieces(self) -> Iterator[bytes]:
        """The header goes with the first chunk and the trailer with the last, so that a page of one chunk (what
        paging clients ask for) is one write through the front; a bigger one is one write per chunk."""
        pieces = [
            b'{"type":"FeatureCollection","numberMatched":' + str(self.page.number_matched).encode()
            + b',"timeStamp":"' + time_stamp().encode() + b'","features":['
        ]
        returned = 0
        for chunk in self.page.chunks():
            if returned:
                pieces.append(b",")
            returned += len(chunk)
            pieces.append(b",".join(chunk))
            if not self.page.complete:
                yield b"".join(pieces)
                pieces = []
        pieces.append(b'],"numberReturned":' + str(returned).encode() + b',"links":' + dumps(self.links) + b"}")
        yield b"".join(pieces)


def feature_body(feature: bytes, links: list[dict]) -> bytes:
    """``feature`` (a GeoJSON Feature object as text) with a ``links`` member added before its closing brace."""
    return feature[:-1] + b',"links":' + dumps(links) + b"}"
