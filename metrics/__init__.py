"""``GET /metrics``: the server's Prometheus metrics, for the operators only (:mod:`metrics.access`).

What is measured where: requests by route, method and status and their latency (``web.metrics``, counted by its
middleware and by the tile front), tile cache results (``tiles.metrics``); read from the database at scrape time
(:mod:`metrics.collectors`): its connections, PgBouncer's pools when one is configured, the job queue and the overdue
cases. :mod:`metrics.scrape` sums the worker processes' values (multiprocess mode) and renders the text format.
"""
