"""The soak's mix: route families, their weights, and the requests of each (the files ``soak.lua`` reads).

Reads sample the county from the database (event classes, addresses, tile ranges) and from the server itself (the
``next`` links and feature ids of the first pages), so the same code runs on the seeded county and on the test one.
Writes carry ``@KEY@``, which the script replaces by a fresh ``Idempotency-Key``; their descriptions carry the run's
tag, by which :mod:`bench.soak.rows` finds and deletes what they made.
"""
from __future__ import annotations

import json
import random
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection

from tiles.grid import tile_range
from tiles.sample import BUILT_UP_BBOX, benchmark_tiles

from ..snapping import built_up_points

WEIGHTS = {
    "pages": 18, "features": 10, "tiles_cached": 18, "tiles_cold": 8, "snap": 10, "geocode": 5, "wfs": 4,
    "reports": 4, "open311": 1, "cases": 3, "case_actions": 6, "export": 2, "dashboard": 1, "bad": 10,
}
"""Share of each route family in the schedule (per cent). ``case_actions`` file and dispatch the run's own reports."""
EXPECTED_4XX = frozenset({"bad"})
"""Families whose every answer must be a 4xx; every other family's must be a 2xx (or a 304)."""
COLLECTIONS = ("components", "buildings", "addresses")
TILESETS_COLD = ("all", "components", "buildings", "grids")
COLD_ZOOMS = range(12, 18)


@dataclass(frozen=True)
class Entry:
    """One request: ``auth`` names the token's role (``-``: anonymous), ``headers`` are ``Name: value`` pairs."""

    family: str
    method: str
    path: str
    auth: str = "-"
    headers: tuple[str, ...] = ()
    body: str = ""

    def line(self) -> str:
        for text in (self.path, self.body, *self.headers):
            if any(c in text for c in "\t\n|"):
                raise ValueError(f"{self.family} request has a tab, newline or '|' in {text!r}")
        return "\t".join((self.family, self.method, self.path, self.auth, "|".join(self.headers) or "-", self.body))


def schedule(seed: int = 1, rounds: int = 4) -> list[str]:
    """The families in request order: each ``WEIGHTS`` times per round, shuffled."""
    slots = [family for _ in range(rounds) for family, weight in WEIGHTS.items() for _ in range(weight)]
    random.Random(seed).shuffle(slots)
    return slots


def county_bbox() -> tuple[float, float, float, float]:
    """The extent of the grids (EPSG:4490 lon/lat: west, south, east, north)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
                       " (SELECT ST_Extent(geom) AS e FROM layers_grid) AS x")
        return cursor.fetchone()


def _boxes(rng: random.Random, count: int, size: float) -> list[tuple[float, float, float, float]]:
    west, south, east, north = BUILT_UP_BBOX
    boxes = []
    for _ in range(count):
        x, y = rng.uniform(west, east - size), rng.uniform(south, north - size)
        boxes.append((x, y, x + size, y + size))
    return boxes


def _bbox_text(box: Iterable[float]) -> str:
    return ",".join(f"{v:.5f}" for v in box)


def first_pages(rng: random.Random) -> list[str]:
    return [f"/ogc/collections/{COLLECTIONS[i % len(COLLECTIONS)]}/items?bbox={_bbox_text(box)}&limit=50"
            for i, box in enumerate(_boxes(rng, 45, 0.008))]


def follow_pages(base: str, firsts: list[str], depth: int = 2) -> tuple[list[Entry], list[Entry]]:
    """The first pages and up to ``depth`` pages after each by their ``next`` links, and the features they hold."""
    pages, features = [], []
    for first in firsts:
        path = first
        for _ in range(depth + 1):
            pages.append(Entry("pages", "GET", path))
            with urllib.request.urlopen(base + path, timeout=60) as answer:
                document = json.load(answer)
            collection = path.split("/")[3]
            features += [Entry("features", "GET", f"/ogc/collections/{collection}/items/{f['id']}")
                         for f in document["features"][:3]]
            following = next((link["href"] for link in document.get("links", []) if link.get("rel") == "next"), None)
            if following is None:
                break
            path = following[len(base):] if following.startswith(base) else following
    return pages, features


def tiles(rng: random.Random) -> tuple[list[Entry], list[Entry]]:
    """Tiles read over and over (the tile benchmark's sample: cached after their first read) and tiles spread over
    the county at zooms 12 to 17 (most read once in a run: rendered)."""
    cached = [Entry("tiles_cached", "GET", f"/tiles/{tileset}/{t.z}/{t.x}/{t.y}.mvt")
              for tileset in ("all", "components") for t in benchmark_tiles()]
    box, seen = county_bbox(), {entry.path for entry in cached}
    cold = []
    for _ in range(20_000):
        z = rng.choice(COLD_ZOOMS)
        top_left, bottom_right = tile_range(box, z)
        x, y = rng.randint(top_left.x, bottom_right.x), rng.randint(top_left.y, bottom_right.y)
        path = f"/tiles/{rng.choice(TILESETS_COLD)}/{z}/{x}/{y}.mvt"
        if path not in seen:
            cold.append(Entry("tiles_cold", "GET", path))
    return cached, cold


def locating(rng: random.Random, points) -> list[Entry]:
    """Snaps at built-up points; geocodes of standard addresses (as written, and without the county prefix)."""
    snaps = [Entry("snap", "GET", f"/api/snap?lon={lon:.6f}&lat={lat:.6f}") for lon, lat in points]
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_text FROM layers_address ORDER BY md5(code) LIMIT 200")
        texts = [row[0] for row in cursor.fetchall()]
    geocodes = [Entry("geocode", "GET", "/api/geocode?" + urlencode({"q": text[rng.randrange(0, 6):], "limit": 5}))
                for text in texts]
    return snaps + geocodes


def wfs(rng: random.Random) -> list[Entry]:
    entries = []
    for i, (west, south, east, north) in enumerate(_boxes(rng, 60, 0.004)):
        query = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "COUNT": 50,
                 "TYPENAMES": f"pd:{COLLECTIONS[i % 2]}",
                 "BBOX": f"{south:.5f},{west:.5f},{north:.5f},{east:.5f},urn:ogc:def:crs:EPSG::4490"}
        entries.append(Entry("wfs", "GET", "/wfs?" + urlencode(query)))
    return entries


def exports(rng: random.Random) -> list[Entry]:
    formats = ("csv", "geojson", "gpkg", "kml")
    return [Entry("export", "GET", f"/ogc/collections/components/items?f={formats[i % 4]}&bbox={_bbox_text(box)}")
            for i, box in enumerate(_boxes(rng, 40, 0.002))]


def writes(rng: random.Random, tag: str, points) -> list[Entry]:
    """Reports (JSON, EPSG:4490 or GCJ-02) and Open311 requests (form), each with ``@KEY@`` as its key."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM layers_eventclass ORDER BY code")
        classes = [row[0] for row in cursor.fetchall()]
    json_headers = ("Content-Type: application/json", "Idempotency-Key: @KEY@")
    form_headers = ("Content-Type: application/x-www-form-urlencoded", "Idempotency-Key: @KEY@")
    entries = []
    for i, (lon, lat) in enumerate(points):
        event_class = rng.choice(classes)
        description = f"{tag} @KEY@ 路边垃圾满溢"
        if i % 5:
            body = {"location": {"lon": round(lon, 6), "lat": round(lat, 6), "crs": "EPSG:4490" if i % 2 else "GCJ02"},
                    "event_class": event_class, "description": description}
            entries.append(Entry("reports", "POST", "/api/reports", headers=json_headers,
                                 body=json.dumps(body, ensure_ascii=False)))
        else:
            form = {"service_code": f"E{event_class}", "lat": f"{lat:.6f}", "long": f"{lon:.6f}",
                    "description": description}
            entries.append(Entry("open311", "POST", "/open311/v2/requests.json", headers=form_headers,
                                 body=urlencode(form).replace("%40KEY%40", "@KEY@")))
    return entries


def centre() -> list[Entry]:
    """The centre's reads: case lists by the dispatcher, the dashboard by the leader."""
    states = ("reported", "filed", "dispatched", "handling")
    cases = [Entry("cases", "GET", f"/api/cases?state={state}&limit=20&offset={offset}", auth="dispatcher")
             for state in states for offset in (0, 20, 40)]
    dashboard = [Entry("dashboard", "GET", f"/api/dashboard?days={days}", auth="leader") for days in (30, 90, 365)]
    return cases + dashboard


def bad() -> list[Entry]:
    """Requests that must be answered 4xx (each path is the bad family's own, so the log tells them apart)."""
    json_headers = ("Content-Type: application/json",)
    return [
        Entry("bad", "GET", "/ogc/collections/components/items?bbox=1,2,3"),
        Entry("bad", "GET", "/ogc/collections/nosuch/items"),
        Entry("bad", "GET", "/ogc/collections/components/items?limit=-5"),
        Entry("bad", "GET", "/ogc/collections/components/items/999999999"),
        Entry("bad", "GET", "/tiles/all/40/1/1.mvt"),
        Entry("bad", "GET", "/tiles/nosuch/14/13400/6200.mvt"),
        Entry("bad", "GET", "/api/snap?lon=abc&lat=37.8"),
        Entry("bad", "GET", "/api/snap?lon=100.0&lat=20.0"),
        Entry("bad", "GET", "/api/geocode?q="),
        Entry("bad", "GET", "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=pd:nosuch"),
        Entry("bad", "GET", "/api/cases?state=nosuch", auth="dispatcher"),
        Entry("bad", "GET", "/api/cases?limit=5"),
        Entry("bad", "GET", "/api/dashboard?days=7"),
        Entry("bad", "POST", "/api/reports?soak=bad", headers=json_headers, body='{"location": {"lon": "x"'),
        Entry("bad", "POST", "/api/reports?soak=unknown-class", headers=json_headers,
              body='{"location": {"lon": 113.627, "lat": 37.795}, "event_class": "9999"}'),
        Entry("bad", "POST", "/api/cases/999999999/actions", auth="dispatcher", headers=json_headers,
              body='{"action": "dispatch"}'),
        Entry("bad", "GET", "/ogc/collections/components/items?f=nosuch"),
    ]


def build(base: str, *, tag: str, seed: int = 1) -> list[Entry]:
    """Every request of the mix against the server at ``base`` (which answers the first pages)."""
    rng = random.Random(seed)
    points = [tuple(p) for p in built_up_points(3000, seed)]
    pages, features = follow_pages(base, first_pages(rng))
    cached, cold = tiles(rng)
    return (pages + features + cached + cold + locating(rng, points[:300]) + wfs(rng) + exports(rng)
            + writes(rng, tag, points) + centre() + bad())


def write_files(entries: list[Entry], slots: list[str], directory: Path) -> tuple[Path, Path]:
    """The entries and the schedule as ``soak.lua`` reads them; every family of the schedule has entries."""
    families = {entry.family for entry in entries}
    missing = set(slots) - families - {"case_actions"}
    if missing:
        raise RuntimeError(f"no requests for the families {sorted(missing)}")
    entries_file, schedule_file = directory / "entries.tsv", directory / "schedule.txt"
    entries_file.write_text("".join(entry.line() + "\n" for entry in entries))
    schedule_file.write_text("".join(slot + "\n" for slot in slots))
    return entries_file, schedule_file
