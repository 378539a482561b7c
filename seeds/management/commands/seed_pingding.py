"""``manage.py seed_pingding``: build the synthetic Pingding county into the layer tables."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from jobs.command import add_job_arguments, enqueue_from_command
from seeds.county import generate_county
from seeds.jobs import GENERATION_STEPS
from seeds.load import AlreadySeeded, is_seeded, layer_row_counts, load_county


class Command(BaseCommand):
    help = (
        "Generate the synthetic Pingding county (towns, communities, 452 grids, buildings, addresses, "
        "74,173 components, housing, 303,600 synthetic residents, organisations, facilities, incidents) and "
        "load it in one transaction. The same --seed and --scale always give the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the published counts (default)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--if-empty", action="store_true", help="do nothing if the county is already seeded")
        group.add_argument("--replace", action="store_true", help="empty the layer tables first (same transaction)")
        parser.add_argument("--database", default="default", help="database alias (default 'default')")
        add_job_arguments(parser)

    def handle(
        self, *args: Any, scale: float, seed: int, if_empty: bool, replace: bool, database: str, job: bool,
        owner: str | None, **options: Any
    ) -> None:
        if scale <= 0:
            raise CommandError(f"--scale must be positive, got {scale}.")
        if job:
            params = {"scale": scale, "seed": seed, "replace": replace, "if_empty": if_empty}
            self.stdout.write(enqueue_from_command(kind="seed", owner=owner, params=params))
            return
        if not replace and is_seeded(using=database):
            if if_empty:
                self.stdout.write("The county is already seeded; nothing done (--if-empty).")
                return
            raise CommandError(
                "The layer tables already hold data. Use --replace to empty them and seed again, "
                "or --if-empty to leave them as they are."
            )
        started = time.perf_counter()
        self.stdout.write(f"Seeding Pingding county: scale {scale}, seed {seed}")
        # disable=None: a bar on a terminal only, not in logs or captured output
        bar = tqdm(total=GENERATION_STEPS, unit="step", file=self.stderr._out,
                   disable=None if options.get("verbosity", 1) else True)
        try:
            with bar:
                county = generate_county(scale=scale, seed=seed, progress=self._step(bar))
                generated = time.perf_counter() - started
                bar.total += len(county.tables) + 3 + int(replace)
                load_county(county, replace=replace, using=database, progress=self._step(bar))
        except AlreadySeeded as exc:
            raise CommandError(f"{exc}; use --replace or --if-empty.") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write("Rows per table:")
        for table, count in layer_row_counts(using=database).items():
            self.stdout.write(f"  {table:<26} {count:>8}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded in {elapsed:.1f} s (generation {generated:.1f} s, database {elapsed - generated:.1f} s)."
            )
        )

    def _step(self, bar: tqdm):
        """A progress callback: the line above the bar, then one step of the bar."""
        def step(line: str) -> None:
            bar.write(line, file=self.stdout._out)
            bar.update()
        return step
