"""``manage.py build_standard_map [--seed 1] [--force]``: build the standard map COG from the seeded county.

Writes ``PINGDING_DATA_DIR/standard_map.tif``; a no-op when that file exists, unless ``--force``.
"""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tiles.raster.errors import RasterBuildError
from tiles.raster.reader import describe
from tiles.raster.sources import SourcesMissing
from tiles.raster.standard_map import DEFAULT_RESOLUTION_M, build_standard_map
from tiles.raster.tileset import standard_map_path


class Command(BaseCommand):
    help = (
        "Build the standard map (标准作业图) of the county as a Cloud-Optimised GeoTIFF in EPSG:3857 at "
        "PINGDING_DATA_DIR/standard_map.tif; does nothing when the file exists, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic terrain and roads (1)")
        parser.add_argument("--force", action="store_true", help="rebuild even when the file exists")
        parser.add_argument(
            "--resolution", type=float, default=DEFAULT_RESOLUTION_M,
            help="pixel size in EPSG:3857 metres, rounded to a zoom level's (default %(default).3f: zoom 13)",
        )

    def handle(self, *args, seed: int, force: bool, resolution: float, **options):
        path = standard_map_path()
        if path.exists() and not force:
            info = describe(path)
            self.stdout.write(
                f"Standard map already built: {path} ({path.stat().st_size / 1e6:.1f} MB, "
                f"{info.grid.width} x {info.grid.height} px); use --force to rebuild."
            )
            return
        self.stdout.write(f"Building the standard map (seed {seed}) into {path}")
        try:
            summary = build_standard_map(
                path=path, seed=seed, resolution_m=resolution, progress=lambda m: self.stdout.write(f"  {m}")
            )
        except (SourcesMissing, RasterBuildError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        levels = ", ".join(str(f) for f in summary.overviews)
        self.stdout.write(self.style.SUCCESS(
            f"Standard map built: {summary.path}, {summary.size_bytes / 1e6:.1f} MB, "
            f"{summary.width} x {summary.height} px at zoom {summary.zoom} ({summary.ground_resolution_m:.1f} m "
            f"ground), overviews {levels}, in {summary.seconds:.1f} s."
        ))
