"""``manage.py purge_idempotency_keys``: delete the ``Idempotency-Key`` rows older than the TTL, the rate-limit
counts of windows that have ended, and sweep photo files that a crash left staged. Safe to run at any time and as often as wanted (e.g. hourly from cron); it says
at the end what it deleted."""
from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from web.throttle import throttle_purge

from . import conf
from .idempotency import keys_purge
from .photos import sweep_staging


class Command(BaseCommand):
    help = (
        "Delete Idempotency-Key records older than PINGDING_REPORTS_IDEMPOTENCY_TTL_HOURS (after that a key may be "
        "used again) and staged photo files older than PINGDING_REPORTS_STAGING_MAX_AGE_HOURS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep-staged", action="store_true", help="do not sweep the staged photo files, only the keys"
        )

    def handle(self, *args: Any, keep_staged: bool = False, **options: Any) -> None:
        started = time.perf_counter()
        keys = keys_purge()
        windows = throttle_purge()
        staged = 0
        if not keep_staged:
            staged = sweep_staging(older_than_s=float(conf.get("PINGDING_REPORTS_STAGING_MAX_AGE_HOURS")) * 3600)
        self.stdout.write(
            f"purged {keys} idempotency key(s) older than {conf.idempotency_ttl_hours():g} h, {windows} ended "
            f"rate-limit window(s) and {staged} staged photo file(s) in {time.perf_counter() - started:.2f} s"
        )
