"""The text of a scrape: the instruments' values (every worker's, summed, in multiprocess mode) and the
scrape-time gauges of :mod:`metrics.collectors`.

Multiprocess mode (``PROMETHEUS_MULTIPROC_DIR`` set, as ``geoserver_app.server`` does for uWSGI's workers): each
process writes its counters and histograms to files of that directory, and a scrape, whichever worker answers it,
sums them all (``prometheus_client.multiprocess``). Without it (tests, ``manage.py runserver``): this process's
values, with its process and garbage collector metrics.
"""
from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4 as CONTENT_TYPE

from .collectors import COLLECTORS


class Scrape:
    """One scrape's collector: the instruments, then the database gauges read now."""

    def __init__(self, instruments: CollectorRegistry):
        self.instruments = instruments

    def collect(self) -> Iterator[Metric]:
        yield from self.instruments.collect()
        for collector in COLLECTORS:
            yield from collector()


def instruments() -> CollectorRegistry:
    """The registry of the instruments' values: every worker's in multiprocess mode, else this process's."""
    directory = getattr(settings, "PROMETHEUS_MULTIPROC_DIR", "")
    if not directory:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return registry


def metrics_text() -> bytes:
    """The Prometheus text exposition (format 0.0.4) of everything measured."""
    return generate_latest(Scrape(instruments()))
