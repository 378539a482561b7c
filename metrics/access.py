"""Who may read ``/metrics``: a client in ``PINGDING_METRICS_NETWORKS``, or a caller holding the ``admin`` role."""
from __future__ import annotations

import ipaddress

from django.http import HttpRequest

from accounts.middleware import principal_of
from web.errors import Forbidden

from . import conf


class MetricsForbidden(Forbidden):
    """Neither the operators' network nor the admin role."""


def client_in_networks(address: str) -> bool:
    """Whether ``address`` (``REMOTE_ADDR``; IPv4-mapped IPv6 counts as IPv4) is in an operators' network."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in conf.networks())


def metrics_check(request: HttpRequest) -> None:
    """Raise :class:`MetricsForbidden` unless the caller may read the metrics."""
    if client_in_networks(request.META.get("REMOTE_ADDR", "")):
        return
    if "admin" in principal_of(request).roles:
        return
    raise MetricsForbidden(
        "/metrics is for the operators: call it from a network in PINGDING_METRICS_NETWORKS, or with the token of "
        "an account of the admin role.",
        parameter="Authorization",
    )
