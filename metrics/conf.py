"""Settings of ``/metrics`` (``PINGDING_METRICS_*``), read through :func:`get` so ``override_settings`` works in tests.

``PINGDING_METRICS_NETWORKS``     client networks (CIDR, comma-separated) that may read ``/metrics`` without a token;
                                  anyone else needs a token of the ``admin`` role. The client address is
                                  ``REMOTE_ADDR``, which the nginx front sets to the connection's peer.
``PINGDING_PGBOUNCER_ADMIN_URL``  PgBouncer's admin console (``postgres://user:password@host:6432/pgbouncer``, a user
                                  of its ``stats_users``); set: ``SHOW POOLS`` is scraped too. Empty: no pool metrics.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULTS: dict[str, Any] = {
    "PINGDING_METRICS_NETWORKS": ["127.0.0.1/32", "::1/128"],
    "PINGDING_PGBOUNCER_ADMIN_URL": "",
}


def get(name: str) -> Any:
    """The value of the app setting ``name`` (one of :data:`DEFAULTS`)."""
    return getattr(settings, name, DEFAULTS[name])


@lru_cache(maxsize=1)
def networks() -> tuple[Network, ...]:
    """``PINGDING_METRICS_NETWORKS`` parsed (host bits set are allowed: ``10.1.2.3/8`` is ``10.0.0.0/8``)."""
    parsed = []
    for text in get("PINGDING_METRICS_NETWORKS"):
        try:
            parsed.append(ipaddress.ip_network(text.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"PINGDING_METRICS_NETWORKS: {text!r} is not a network ({error}); write CIDRs such as "
                "127.0.0.1/32,10.20.0.0/16,::1/128."
            ) from error
    return tuple(parsed)


@receiver(setting_changed)
def _forget(setting: str, **_) -> None:
    if setting == "PINGDING_METRICS_NETWORKS":
        networks.cache_clear()
