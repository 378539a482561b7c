"""Benchmarks: each prints the ratio of our endpoint to the raw PostGIS floor measured in the same run.

``make bench`` (``python -m bench``) runs them against the seeded full-scale county in ``DATABASE_URL``,
starting the real application server (uWSGI, as `make run`) for the HTTP side, and writes ``bench/out/results.json``.
"""
