"""``manage.py tiles_sizes``: the largest tile per zoom and tileset over the county, rendered uncached.

Walks, for every tileset and zoom 0-20, the tiles over the seat's built-up area (all of them, or an even sample of
``--per-zoom`` where there are more) plus an even sample over the whole county, and prints the largest
uncompressed and gzip size per zoom. Exits with status 1 if any tile is over ``--limit-kb``.
"""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from tiles import encoding
from tiles.catalog import get_tileset, tilesets
from tiles.sample import BUILT_UP_BBOX, benchmark_tiles
from tiles.selectors import tile_render

COUNTY_BBOX = (113.20, 37.55, 114.05, 38.05)


class Command(BaseCommand):
    help = "Report the largest vector tile per zoom of every tileset over the county (uncached renders)."

    def add_arguments(self, parser):
        parser.add_argument("--tileset", action="append", help="only this tileset (repeatable); default: all")
        parser.add_argument("--per-zoom", type=int, default=400, help="tiles per zoom over the built-up area")
        parser.add_argument("--county-per-zoom", type=int, default=40, help="tiles per zoom over the county")
        parser.add_argument("--max-zoom", type=int, default=20)
        parser.add_argument("--limit-kb", type=int, default=500)

    def handle(self, *args, **options):
        chosen = [get_tileset(name) for name in options["tileset"]] if options["tileset"] else tilesets()
        limit = options["limit_kb"] * 1024
        over = 0
        for tileset in chosen:
            self.stdout.write(f"\n{tileset.id}")
            self.stdout.write("   z  tiles  non-empty  largest_kb  gzip_kb  mean_ms  largest tile")
            for z in range(0, options["max_zoom"] + 1):
                if not tileset.layers_at(z):
                    continue
                zoom = range(z, z + 1)
                sample = set(benchmark_tiles(per_zoom=options["per_zoom"], bbox=BUILT_UP_BBOX, zooms=zoom))
                sample |= set(benchmark_tiles(per_zoom=options["county_per_zoom"], bbox=COUNTY_BBOX, zooms=zoom))
                largest, largest_tile, non_empty, started = b"", None, 0, time.perf_counter()
                for tile in sorted(sample):
                    mvt = tile_render(tileset=tileset, tile=tile).mvt
                    non_empty += bool(mvt)
                    if len(mvt) > len(largest):
                        largest, largest_tile = mvt, tile
                    over += len(mvt) > limit
                mean_ms = (time.perf_counter() - started) * 1000 / len(sample)
                self.stdout.write(
                    f"  {z:2d}  {len(sample):5d}  {non_empty:9d}  {len(largest) / 1024:10.1f}"
                    f"  {len(encoding.compress(largest)) / 1024:7.1f}  {mean_ms:7.1f}  {largest_tile or '-'}"
                )
        if over:
            raise CommandError(f"{over} tiles are larger than {options['limit_kb']} KB")
