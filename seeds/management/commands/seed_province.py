"""``manage.py seed_province``: a province on one machine, the seeded county copied as its neighbours
(``seeds.province``)."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from seeds.province import seed_province


class Command(BaseCommand):
    help = (
        "Add counties beside the seeded one (real GB/T 2260 codes of Shanxi near Pingding) by copying it in SQL, "
        "codes re-prefixed and geometry translated, each county into its own partitions, one transaction each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--counties", type=int, default=10, help="counties in all, the seeded one included "
                            "(default 10, at most 10)")
        parser.add_argument("--if-missing", action="store_true", help="skip counties already present")
        parser.add_argument("--database", default="default", help="database alias (default 'default')")

    def handle(self, *args: Any, counties: int, if_missing: bool, database: str, **options: Any) -> None:
        started = time.perf_counter()
        self.stdout.write(f"Seeding a province of {counties} counties")
        try:
            written = seed_province(counties, if_missing=if_missing, using=database, say=self.stdout.write)
        except (ValueError, DatabaseError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(sum(counts.values()) for counts in written.values())
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {len(written)} counties, {rows} rows, in {time.perf_counter() - started:.1f} s (then ANALYZE)."))
