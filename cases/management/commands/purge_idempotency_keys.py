"""``manage.py purge_idempotency_keys``: see :mod:`cases.reports.command`."""
from cases.reports.command import Command

__all__ = ["Command"]
