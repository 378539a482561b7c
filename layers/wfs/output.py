"""Bodies of GetFeature answers: a ``wfs:FeatureCollection`` streamed from an open feature page, its hits form, and
one feature (GetFeatureById). Features arrive as GML text from PostGIS and are only written one after another."""
from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from layers.ogc.geojson import time_stamp
from layers.selectors import FeaturePage, PageStream

from .names import APP_NS, APP_PREFIX, GML_NS, GML_SCHEMA, NAMESPACE_DECLARATIONS, WFS_NS, WFS_SCHEMA

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def collection_start(*, matched: int, returned: int, schema_url: str, next_url: str | None = None,
                     previous_url: str | None = None, empty: bool = False) -> bytes:
    """The ``wfs:FeatureCollection`` start tag (self-closed when ``empty``)."""
    locations = f"{APP_NS} {schema_url} {WFS_NS} {WFS_SCHEMA} {GML_NS} {GML_SCHEMA}"
    links = "".join(f" {name}={quoteattr(url)}" for name, url in (("next", next_url), ("previous", previous_url))
                    if url)
    return XML_DECLARATION + (
        f"<wfs:FeatureCollection {NAMESPACE_DECLARATIONS} xsi:schemaLocation={quoteattr(locations)} "
        f'timeStamp="{time_stamp()}" numberMatched="{matched}" numberReturned="{returned}"{links}'
        f"{'/>' if empty else '>'}"
    ).encode()


COLLECTION_END = b"</wfs:FeatureCollection>"


class GmlCollectionStream(PageStream):
    """The bytes of a FeatureCollection: ``start`` with the first chunk, then one write per chunk; iterating (or
    closing) it closes the page, so its transaction ends."""

    def __init__(self, page: FeaturePage, start: bytes):
        super().__init__(page)
        self.start = start

    def pieces(self) -> Iterator[bytes]:
        pieces = [self.start]
        for chunk in self.page.chunks():
            pieces.extend(chunk)
            if not self.page.complete:
                yield b"".join(pieces)
                pieces = []
        pieces.append(COLLECTION_END)
        yield b"".join(pieces)


def standalone_feature(feature: bytes, layer_id: str) -> bytes:
    """One feature element (GetFeatureById's answer) as an XML document: the namespaces declared on it."""
    start = f"<{APP_PREFIX}:{layer_id} ".encode()
    return XML_DECLARATION + feature.replace(start, start + NAMESPACE_DECLARATIONS.encode() + b" ", 1)
