"""The read mix of the replica and province benchmarks: each read's floor is the statement its endpoint runs, reads
move onto another county, and the timing rounds interleave and summarise as they say."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import psycopg2
import pytest
import requests

from bench.reads import Mix, Read, by_kind, measure, mix_reads, page_reads, ratios, snap_reads, tile_reads

MIX = Mix(pages=2, tiles_per_zoom=1, snaps=3)


def test_the_rounds_interleave_and_the_warm_up_is_not_counted():
    log: list[str] = []

    def call(name: str, seconds: float):
        def run() -> float:
            log.append(name)
            return seconds
        return run

    slots = [{"a": call("a", 1.0), "b": call("b", 2.0)}, {"a": call("a", 3.0), "b": call("b", 4.0)}]
    samples = measure(slots, rounds=2)
    assert log == ["a", "b", "a", "b",  # warm-up, not counted
                   "a", "b", "b", "a",  # round 0: ABBA
                   "b", "a", "a", "b"]  # round 1: the parity flipped
    assert samples == {"a": [1.0, 3.0, 1.0, 3.0], "b": [2.0, 4.0, 2.0, 4.0]}


def test_a_call_that_gives_none_is_not_counted():
    answers = iter([0.5, None, 0.7])
    samples = measure([{"replica": lambda: next(answers)}], rounds=2)
    assert samples == {"replica": [0.7]}  # the warm-up's 0.5 and the fallback's None are left out


def test_summaries_gather_the_kinds_of_the_named_sides_and_the_mean_ratio_is_geometric():
    samples = {"home/server/page": [0.010, 0.030], "other/server/page": [0.020], "home/server/tile": [0.002],
               "home/floor/page": [0.5]}
    figures = by_kind(samples, "home/server/", "other/server/")
    assert set(figures) == {"page", "tile"}
    assert figures["page"]["n"] == 3 and figures["page"]["p50_ms"] == pytest.approx(20.0)
    a = {"page": {"p50_ms": 2.0, "p95_ms": 4.0}, "tile": {"p50_ms": 8.0, "p95_ms": 4.0}}
    b = {"page": {"p50_ms": 1.0, "p95_ms": 1.0}, "tile": {"p50_ms": 1.0, "p95_ms": 4.0}}
    result = ratios(a, b)
    assert result["page"] == {"p50": 2.0, "p95": 4.0}
    assert result["all"]["p50"] == pytest.approx(4.0) and result["all"]["p95"] == pytest.approx(2.0)


def _bbox(path: str) -> list[float]:
    return [float(v) for v in parse_qs(urlsplit(path).query)["bbox"][0].split(",")]


def test_reads_move_by_the_offset_of_another_county(db):
    home, moved = mix_reads(MIX), mix_reads(MIX, dx=0.7, dy=-0.5)
    # 2 pages, 1 tile of each of z12-z17, 3 snaps: interleaved while each kind lasts
    assert [r.kind for r in home] == [r.kind for r in moved] == [
        "page", "tile", "snap", "page", "tile", "snap", "tile", "snap", "tile", "tile", "tile"]
    pages = [(a, b) for a, b in zip(home, moved) if a.kind == "page"]
    for a, b in pages:
        assert [round(y - x, 6) for x, y in zip(_bbox(a.path), _bbox(b.path))] == [0.7, -0.5, 0.7, -0.5]
    snaps = [(a, b) for a, b in zip(home, moved) if a.kind == "snap"]
    for a, b in snaps:
        ha, hb = parse_qs(urlsplit(a.path).query), parse_qs(urlsplit(b.path).query)
        assert float(hb["lon"][0]) - float(ha["lon"][0]) == pytest.approx(0.7)
        assert float(hb["lat"][0]) - float(ha["lat"][0]) == pytest.approx(-0.5)
    tiles = [(a, b) for a, b in zip(home, moved) if a.kind == "tile"]
    for a, b in tiles:  # the tile under the moved centre, at the same zoom
        (za, xa, ya), (zb, xb, yb) = (tuple(int(v) for v in r.path.removesuffix(".mvt").split("/")[-3:]) for r in (a, b))
        assert zb == za and xb > xa and yb > ya  # east, and south: y grows southwards


@pytest.mark.live
def test_each_floor_runs_the_statement_its_endpoint_answers(db, live_url, live_env):
    raw = psycopg2.connect(live_env["DATABASE_URL"])
    try:
        pages = page_reads(2)
        for read in pages:
            rows = read.floor(raw)
            answer = requests.get(live_url + read.path, timeout=30).json()
            if rows:  # each row carries the count; a page past the end has none
                assert answer["numberMatched"] == rows[0][0]
            assert [f["id"] for f in answer["features"]] == [json.loads(text)["id"] for _, text in rows]
        assert pages[0].floor(raw), "the test county has components in the page's bbox"
        assert pages[0].floor(raw) != pages[1].floor(raw)
        tiles = tile_reads(1)
        try:
            for read in tiles:
                mvt = read.floor(raw)
                answer = requests.get(live_url + read.path, headers={"Accept-Encoding": "identity"}, timeout=30)
                assert answer.status_code == (200 if mvt else 204) and answer.content == mvt
        finally:  # the live server cached them, committed: other tests count on an empty cache
            with raw.cursor() as cursor:
                cursor.execute("DELETE FROM tiles_tilecache WHERE tileset = 'components' "
                               "AND format('/tiles/components/%%s/%%s/%%s.mvt', z, x, y) = ANY(%s)",
                               [[read.path for read in tiles]])
            raw.commit()
        for read in snap_reads(3):
            row = read.floor(raw)[0]
            answer = requests.get(live_url + read.path, timeout=30).json()
            assert row[0] == answer["grid"]["code"]
    finally:
        raw.close()


def test_a_read_is_its_path_and_its_floor():
    read = Read("snap", "/api/snap?lon=1&lat=2", lambda raw: raw)
    assert read.floor("connection") == "connection"
