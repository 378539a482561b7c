"""``manage.py check_grid_cover``: do the base grids tile the county with no gap and no overlap?"""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seeds.cover import DEFAULT_TOLERANCE_M2, grid_cover_report


class Command(BaseCommand):
    help = (
        "Measure in PostGIS (m² on geography) the area of the county no grid covers, the area covered by more "
        "than one grid and the grid area outside the county; fail when their sum exceeds the tolerance."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tolerance-m2", type=float, default=DEFAULT_TOLERANCE_M2,
            help=f"largest acceptable gap + overlap + overhang in m² (default {DEFAULT_TOLERANCE_M2})",
        )
        parser.add_argument("--database", default="default", help="database alias (default 'default')")

    def handle(self, *args: Any, tolerance_m2: float, database: str, **options: Any) -> None:
        report = grid_cover_report(tolerance_m2=tolerance_m2, using=database)
        for line in report.lines():
            self.stdout.write(line)
        if report.county_m2 <= 0:
            raise CommandError("No county outline (admin area of level 'county'); seed the county first.")
        if not report.ok:
            raise CommandError(
                f"The grids do not tile the county: gap {report.gap_m2:.3f} m² + overlap {report.overlap_m2:.3f} m² "
                f"+ overhang {report.overhang_m2:.3f} m² exceeds {tolerance_m2} m²."
            )
        self.stdout.write(self.style.SUCCESS("The grids cover the county with no gap and no overlap."))
