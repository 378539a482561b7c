"""``manage.py resnap``: re-assign ``grid_code`` of the snapped layers after grids are re-divided.

Django finds the command as ``layers/management/commands/resnap.py``, which only re-exports :class:`Command`.
"""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jobs.command import add_job_arguments, enqueue_from_command
from layers.errors import ApiError

from .bulk import SNAPPED_LAYERS, resnap_layers

MOVES_LISTED = 20


class Command(BaseCommand):
    help = (
        "Re-assign the grid of every feature of the snapped layers by the boundary rule (the smallest grid code "
        "among the grids covering the feature's point, ST_PointOnSurface for lines and polygons): one UPDATE per "
        "layer, all layers in one transaction. Prints per layer the rows examined, the rows moved, the time and up "
        f"to {MOVES_LISTED} moves. Safe to re-run: a second run moves nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--layer", action="append", choices=SNAPPED_LAYERS, dest="layers",
            help="a layer to re-snap (repeat for several; default: all of them)",
        )
        parser.add_argument("--dry-run", action="store_true", help="run the same statements, then roll back")
        add_job_arguments(parser)

    def handle(self, *args: Any, layers: list[str] | None, dry_run: bool, job: bool, owner: str | None,
               **options: Any) -> None:
        chosen = tuple(layers) if layers else SNAPPED_LAYERS
        if job:
            params = {"layers": list(chosen), "dry_run": dry_run}
            self.stdout.write(enqueue_from_command(kind="resnap", owner=owner, params=params))
            return
        mode = "dry run, rolled back" if dry_run else "one transaction"
        self.stdout.write(f"Re-snapping {', '.join(chosen)} ({mode})")
        started = time.perf_counter()
        # disable=None: a bar on a terminal only, not in logs or captured output
        bar = tqdm(total=len(chosen), unit="layer", file=self.stderr._out,
                   disable=None if options.get("verbosity", 1) else True)
        try:
            with bar:
                reports = resnap_layers(layers=chosen, dry_run=dry_run,
                                        on_layer=lambda report: (bar.set_postfix_str(report.layer), bar.update()))
        except ApiError as error:
            raise CommandError(error.description) from error
        total = 0
        for report in reports.values():
            total += report.moved
            verb = "would move" if dry_run else "moved"
            self.stdout.write(
                f"  {report.layer:14} examined {report.examined:>8,}  {verb} {report.moved:>6,}  {report.seconds * 1000:8.0f} ms"
            )
            for move in report.moves[:MOVES_LISTED]:
                self.stdout.write(f"      {move.code}: {move.old_grid or '-'} -> {move.new_grid}")
            if report.moved > MOVES_LISTED:
                self.stdout.write(f"      ... and {report.moved - MOVES_LISTED:,} more")
        elapsed = time.perf_counter() - started
        summary = f"{total:,} features {'would move' if dry_run else 'moved'} in {elapsed:.1f} s"
        self.stdout.write(self.style.SUCCESS(summary + (" (dry run: nothing changed)" if dry_run else "")))
