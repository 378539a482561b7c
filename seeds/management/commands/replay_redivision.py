"""``manage.py replay_redivision``: the grid reform (574 grids to 452) replayed from the pre-reform division."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seeds.replay import NotTheSeededDivision, replay_redivision
from web.errors import ApiError


class Command(BaseCommand):
    help = (
        "Put the seeded pre-reform grid division in place of today's grids, then merge and split it back into "
        "today's with the re-division services (history path 'redivision'), in one transaction that is rolled "
        "back (a dry run on the live layers) unless --commit. Prints the merges, the splits, the features moved "
        "per layer, the time, and the grid cover measured at the end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="keep the result (and its history)")

    def handle(self, *args: Any, commit: bool, **options: Any) -> None:
        self.stdout.write(f"Replaying the grid reform ({'committed' if commit else 'one transaction, rolled back'})")
        try:
            report = replay_redivision(commit=commit, progress=self.stdout.write)
        except (NotTheSeededDivision, ApiError) as error:
            raise CommandError(getattr(error, "description", str(error))) from error
        self.stdout.write(f"Grids: {report.grids_before} before the reform, {report.grids_after} after "
                          f"({report.count('merge')} merges, {report.count('split')} splits)")
        self.stdout.write("Features moved per layer by the reform:")
        for layer, moved in sorted(report.moved().items()):
            self.stdout.write(f"  {layer:14} {moved:>8,}")
        self.stdout.write(f"Time: {report.seconds:.1f} s ({report.setup_seconds:.1f} s setting up the old division, "
                          f"{report.seconds - report.setup_seconds:.1f} s replaying)")
        self.stdout.write("check_grid_cover:")
        for line in report.cover.lines():
            self.stdout.write(f"  {line}")
        if not report.cover.ok:
            raise CommandError("The replayed division does not cover the county with no gap and no overlap.")
        self.stdout.write(self.style.SUCCESS(
            "The reform replayed; the grids cover the county with no gap and no overlap."
            + ("" if commit else " Rolled back: nothing changed.")))
