"""``manage.py cases_open_missing``: a case for every incident that has none (see :mod:`cases.backfill`); run it after
seeding or loading incidents. Safe to run again; it says at the end how many it opened."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from cases.backfill import cases_open_missing


class Command(BaseCommand):
    help = "Open a case (state from the incident's status) for every incident that has none; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        opened = cases_open_missing()
        self.stdout.write(f"opened {opened} case(s) in {time.perf_counter() - started:.2f} s")
