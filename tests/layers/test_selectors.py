"""The read selectors: one statement per page, chunks of undecoded GeoJSON text, a transaction held until close."""
from __future__ import annotations

import json

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from layers.models import Component
from layers.ogc.params import parse_items_query
from layers.registry import get_layer
from layers.selectors import feature_get, feature_page_open, layer_extent, layer_extent_cache_clear
from spatial.crs import CRS84

COMPONENTS = get_layer("components")


def open_page(query_string: str):
    return feature_page_open(layer=COMPONENTS, query=parse_items_query(COMPONENTS, QueryDict(query_string), None))


def test_a_page_streams_chunks_of_feature_bytes(db, settings):
    settings.PINGDING_STREAM_CHUNK_ROWS = 4
    page = open_page("limit=10")
    try:
        chunks = list(page.chunks())
    finally:
        page.close()
    expected = min(10, Component.objects.count())
    assert page.number_matched == Component.objects.count()
    assert sum(len(chunk) for chunk in chunks) == expected
    assert all(len(chunk) <= 4 for chunk in chunks)
    features = [json.loads(text) for chunk in chunks for text in chunk]
    assert all(isinstance(text, bytes) for chunk in chunks for text in chunk)
    assert [f["id"] for f in features] == list(Component.objects.order_by("id").values_list("id", flat=True)[:10])


def test_one_statement_gives_count_and_first_chunk_before_the_page_is_returned(db):
    with CaptureQueriesContext(connection) as captured:
        page = open_page("limit=5")
    page.close()
    selects = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(selects) == 1 and "count(*)" in selects[0]


def test_an_empty_page_still_knows_the_count(db):
    count = Component.objects.count()
    page = open_page(f"offset={count}&limit=5")
    assert list(page.chunks()) == [] and page.number_matched == count
    page.close()


def test_close_is_idempotent_and_ends_the_savepoint(db, settings):
    settings.PINGDING_STREAM_CHUNK_ROWS = 4  # a page of more than one chunk: a cursor in a transaction
    depth = len(connection.savepoint_ids)
    page = open_page("limit=5")
    assert len(connection.savepoint_ids) == depth + 1
    page.close()
    page.close()
    assert len(connection.savepoint_ids) == depth


def test_feature_get(db):
    component = Component.objects.order_by("id").first()
    if component is None:
        return
    feature = json.loads(feature_get(layer=COMPONENTS, feature_id=component.id, crs=CRS84))
    assert feature["id"] == component.id and feature["properties"]["code"] == component.code
    assert feature_get(layer=COMPONENTS, feature_id=-1, crs=CRS84) is None


def test_layer_extent_is_cached_until_cleared(db):
    layer_extent_cache_clear()
    first = layer_extent(layer=COMPONENTS)
    assert layer_extent(layer=COMPONENTS) is first
    layer_extent_cache_clear()
    assert layer_extent(layer=COMPONENTS) == first
