"""The text of a scrape: the instruments' values (every worker's, summed, in multiprocess mode) and the
scrape-time gauges of :mod:`metrics.collectors`.

Multiprocess mode (``PROMETHEUS_MULTIPROC_DIR`` set, as ``geoserver_app.server`` does for uWSGI's workers): each
process writes its counters and histograms to files of that directory, and a scrape, whichever worker answers it,
sums them all (``prometheus_client.multiprocess``). Without it (tests, ``manage.py runserver``): this process's
values, with its process and garbage collector metrics.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, transaction
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4 as CONTENT_TYPE

from .collectors import COLLECTORS

log = logging.getLogger("pingding.metrics")


class Scrape:
    """One scrape's collector: the instruments, then the database gauges read now."""

    def __init__(self, instruments: CollectorRegistry):
        self.instruments = instruments

    def collect(self) -> Iterator[Metric]:
        yield from self.instruments.collect()
        yield from gauges()


def gauges() -> Iterator[Metric]:
    """The scrape-time gauges; a collector whose query fails is left out (logged, and its
    ``pingding_scrape_collector_up`` is 0) rather than failing the scrape. Each runs in a savepoint, so a failed
    query does not abort the others inside a transaction."""
    up = GaugeMetricFamily("pingding_scrape_collector_up", "Whether a scrape-time collector's query answered.",
                           labels=("collector",))
    for collector in COLLECTORS:
        try:
            with transaction.atomic():
                metrics = list(collector())
        except DatabaseError as error:
            log.error("metrics: %s failed: %s", collector.__name__, str(error).strip())
            up.add_metric((collector.__name__,), 0)
            continue
        up.add_metric((collector.__name__,), 1)
        yield from metrics
    yield up


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
