"""Reads of the standard layers: feature pages streamed from one SQL statement, single features, extents.

Rows come back as GeoJSON text built by PostGIS (see ``layers.query.sql``); psycopg2 is told to hand them over as
``bytes`` so no feature is decoded, parsed or re-encoded in Python.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime

import psycopg2.extensions
from django.conf import settings
from django.db import transaction

from layers.access import LayerOrView, as_view
from layers.query.items import ItemsQuery
from layers.query.sql import sql_count, sql_extent, sql_feature, sql_items_page
from layers.registry import Layer
from spatial.crs import CrsInfo
from web.dbrouter import read_alias, read_connection

EXTENT_CACHE_SECONDS = 600.0
_extent_cache: dict[str, tuple[float, tuple | None, LayerExtent]] = {}
LAST_CHANGE = (
    "SELECT changed_at, feature_id, version FROM layers_history WHERE layer = %s ORDER BY changed_at DESC LIMIT 1"
)
"""The layer's last recorded change (one probe of the history's (layer, changed_at) index): what the extent cache
is keyed by, so an edit made through any process or path refreshes it."""


class FeaturePage:
    """An items page whose statement has run: ``number_matched`` is known and the first chunk is fetched.

    A page of more than ``PINGDING_STREAM_CHUNK_ROWS`` rows holds a transaction and a server-side cursor until
    :meth:`close` (idempotent, safe to call from a response's close); a smaller one was read whole by one plain
    statement and holds nothing. Iterate :meth:`chunks` once: lists of feature texts (bytes), at most
    ``PINGDING_STREAM_CHUNK_ROWS`` each; ``complete`` is true once the chunk just given is known to be the last.
    """

    def __init__(self, *, resources: ExitStack, cursor, first_rows: list, number_matched: int, chunk_rows: int):
        self.number_matched = number_matched
        self.complete = False
        self._resources = resources
        self._cursor = cursor
        self._first_rows = first_rows
        self._chunk_rows = chunk_rows
        self._closed = False

    def chunks(self) -> Iterator[list[bytes]]:
        rows, self._first_rows = self._first_rows, []
        while rows:
            self.complete = self._cursor is None or len(rows) < self._chunk_rows
            yield [row[1] for row in rows]
            if self.complete:
                break
            rows = self._cursor.fetchmany(self._chunk_rows)
        self.complete = True

    def close(self, error: BaseException | None = None) -> None:
        """Close the cursor and end the transaction (rolled back when ``error`` is given)."""
        if self._closed:
            return
        self._closed = True
        if error is None:
            self._resources.close()
        else:
            self._resources.__exit__(type(error), error, error.__traceback__)


class PageStream:
    """An answer written from an open :class:`FeaturePage`: a subclass yields its bytes from :meth:`pieces`;
    iterating (or closing) the stream closes the page, so its transaction ends (rolled back if writing failed)."""

    def __init__(self, page: FeaturePage):
        self.page = page

    def pieces(self) -> Iterator[bytes]:
        raise NotImplementedError

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.pieces()
        except BaseException as error:
            self.page.close(error)
            raise
        finally:
            self.page.close()

    def close(self) -> None:
        self.page.close()


def _text_as_bytes(cursor) -> None:
    """Make ``cursor`` return text columns as undecoded UTF-8 bytes."""
    psycopg2.extensions.register_type(psycopg2.extensions.BYTES, cursor.cursor)


def feature_page_open(*, layer: LayerOrView, query: ItemsQuery) -> FeaturePage:
    """Run the items statement and fetch its first chunk; the caller must close the page.
    ``layer`` is the caller's view of the layer (a bare layer: as anonymous callers see it)."""
    view = as_view(layer)
    return statement_page_open(statement=sql_items_page(view, query), count=sql_count(view, query), limit=query.limit)


def statement_page_open(*, statement: Sql, count: Sql, limit: int | None) -> FeaturePage:
    """Run ``statement`` (rows ``(number_matched, feature text)``, at most ``limit``; ``None``: no limit) and fetch
    its first chunk; ``count`` counts the matches when the page is empty. The caller must close the page.

    Running it here, before any byte of the response is written, means a failing statement is an error
    answer and never a truncated 200. A page of at most one chunk (``limit <= PINGDING_STREAM_CHUNK_ROWS``, what
    paging clients ask for) is one plain statement, one round trip; a bigger one runs on a server-side cursor in
    a transaction (BEGIN, DECLARE, FETCH per chunk, CLOSE, COMMIT), so that it is never held whole in memory.
    """
    chunk_rows = settings.PINGDING_STREAM_CHUNK_ROWS
    if limit is not None and limit <= chunk_rows:
        with read_connection().cursor() as cursor:
            _text_as_bytes(cursor)
            cursor.execute(statement.text, statement.params)
            rows = cursor.fetchall()
        return FeaturePage(
            resources=ExitStack(), cursor=None, first_rows=rows, number_matched=_number_matched(count, rows),
            chunk_rows=chunk_rows,
        )
    with ExitStack() as stack:
        stack.enter_context(transaction.atomic(using=read_alias()))
        cursor = stack.enter_context(read_connection().chunked_cursor())
        _text_as_bytes(cursor)
        cursor.execute(statement.text, statement.params)
        first_rows = cursor.fetchmany(chunk_rows)
        number_matched = _number_matched(count, first_rows)
        resources = stack.pop_all()
    return FeaturePage(
        resources=resources, cursor=cursor, first_rows=first_rows, number_matched=number_matched, chunk_rows=chunk_rows
    )


def _number_matched(count: Sql, first_rows: list) -> int:
    """The count each row carries; an empty page carries no row to read it from, so it is counted apart."""
    if first_rows:
        return first_rows[0][0]
    with read_connection().cursor() as cursor:
        cursor.execute(count.text, count.params)
        return cursor.fetchone()[0]


def feature_get(*, layer: LayerOrView, feature_id: int, crs: CrsInfo) -> bytes | None:
    """One feature as GeoJSON text (every field of the caller's view), or ``None`` when there is no such id (or the
    view's row scope leaves it out)."""
    found = feature_get_versioned(layer=layer, feature_id=feature_id, crs=crs)
    return None if found is None else found[0]


def feature_get_versioned(*, layer: LayerOrView, feature_id: int, crs: CrsInfo) -> tuple[bytes, int] | None:
    """:func:`feature_get` and the feature's current version (for its ETag), in one statement."""
    view = as_view(layer)
    statement = sql_feature(view, feature_id, crs, tuple(view.fields))
    with read_connection().cursor() as cursor:
        _text_as_bytes(cursor)
        cursor.execute(statement.text, statement.params)
        row = cursor.fetchone()
    return (bytes(row[0]), row[1]) if row else None


@dataclass(frozen=True)
class LayerExtent:
    """``bbox`` (min lon, min lat, max lon, max lat; CGCS2000 taken as CRS84) and the temporal ``interval``."""

    bbox: tuple[float, float, float, float] | None
    interval: tuple[datetime | None, datetime | None] | None


def layer_extent(*, layer: Layer) -> LayerExtent:
    """The layer's extent by ``ST_Extent``, cached per process until the layer changes (its last history entry
    differs) or ``EXTENT_CACHE_SECONDS`` pass; empty layers are not cached."""
    with read_connection().cursor() as cursor:
        cursor.execute(LAST_CHANGE, [layer.id])
        last_change = cursor.fetchone()
    cached = _extent_cache.get(layer.id)
    if cached and cached[1] == last_change and time.monotonic() - cached[0] < EXTENT_CACHE_SECONDS:
        return cached[2]
    statement = sql_extent(layer)
    with read_connection().cursor() as cursor:
        cursor.execute(statement.text, statement.params)
        xmin, ymin, xmax, ymax, first, last = cursor.fetchone()
    bbox = None if xmin is None else (xmin, ymin, xmax, ymax)
    interval = (first, last) if layer.temporal_field and first is not None else None
    extent = LayerExtent(bbox=bbox, interval=interval)
    if bbox is not None:
        _extent_cache[layer.id] = (time.monotonic(), last_change, extent)
    return extent


def layer_extent_cache_clear() -> None:
    _extent_cache.clear()
