"""``manage.py patrols_coverage --from 2023-05-25 --to 2023-05-31``: recompute the stored patrol coverage of every
grid-day of a range (those with a track and those already stored) and every grid's road length, in one statement.
Run it after the roads change (a change of the grids is followed on its own: ``cases.patrols.regrid``); safe to run
again."""
from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cases.patrols.coverage import coverage_fill


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = ("Recompute the stored patrol coverage of the local days FROM..TO (both included) "
            "and the grids' road lengths.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", required=True, type=_day, help="first local day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, type=_day, help="last local day, YYYY-MM-DD")

    def handle(self, *args: Any, first: date, last: date, **options: Any) -> None:
        if last < first:
            raise CommandError(f"--to ({last}) is before --from ({first})")
        started = time.perf_counter()
        stored = coverage_fill(first=first, last=last, all_roads=True)
        self.stdout.write(f"stored the coverage of {stored} grid-day(s) from {first} to {last} "
                          f"in {time.perf_counter() - started:.2f} s")
