"""``manage.py purge_idempotency_keys``: see :mod:`layers.reports.command`."""
from layers.reports.command import Command

__all__ = ["Command"]
