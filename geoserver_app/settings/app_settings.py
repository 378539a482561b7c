"""Every ``PINGDING_*`` setting of the server, read from the environment through one table.

The table is the project's own :data:`PROJECT_DEFAULTS` plus the ``DEFAULTS`` of each app's ``conf`` module
(:data:`APP_CONF_MODULES`): a name, its default, and by the default its type (see ``env.env_typed``: booleans as
1/0, numbers, text, lists and tuples comma-separated). A variable set in the environment becomes a Django setting
of the same name, checked against that type at start-up; a bad value stops the server with a message naming it.
Apps read their values with ``conf.get("PINGDING_...")``, so ``override_settings`` keeps working in tests.

``PINGDING_PROFILE`` and ``PINGDING_TEST_DB_NAME`` are read before the table (they choose how the rest is read).
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .env import env_has, env_typed

APP_CONF_MODULES = (
    "accounts.conf", "jobs.conf", "layers.exports.conf", "layers.imports.conf", "layers.locate.conf",
    "layers.geocoding.conf", "tiles.conf", "cases.conf", "cases.reports.conf", "cases.patrols.conf",
    "metrics.conf", "layers.partitions.conf",
)


def project_defaults(base_dir: Path) -> dict[str, Any]:
    """The project's own settings (the feature API's and the server's), with their defaults.

    ``PINGDING_COUNTY_CODE``        GB/T 2260 code of the county the server answers for.
    ``PINGDING_OGC_DEFAULT_LIMIT``  features of an OGC API items page without ``limit``.
    ``PINGDING_OGC_MAX_LIMIT``      largest ``limit`` of an items page.
    ``PINGDING_STREAM_CHUNK_ROWS``  rows fetched from the database per chunk of a streamed collection.
    ``PINGDING_PUBLIC_URL``         base URL of every link the server writes (e.g. ``https://gis.example.cn``); empty:
                                    the request's scheme and its ``Host`` when ``ALLOWED_HOSTS`` accepts it.
    ``PINGDING_CORS_ORIGINS``       origins whose pages may read the read APIs (comma-separated, ``*`` for any);
                                    empty: none.
    ``PINGDING_DATA_DIR``           directory of the standard map raster and report photos.
    ``PINGDING_LOG_LEVEL``          level of the ``pingding`` loggers.
    ``PINGDING_REPLICA_PATHS``      path prefixes whose GET/HEAD reads may go to the read replica (``DATABASE_REPLICA_URL``).
    ``PINGDING_REPLICA_MAX_LAG``    seconds of replay lag past which reads go to the primary.
    ``PINGDING_REPLICA_CHECK_SECONDS``  how long a process trusts its last look at the replica's state.
    ``PINGDING_REPLICA_STICKY_SECONDS`` how long after a write the caller's reads wait for the replica to hold it
                                    (the ``pingding_wrote`` cookie, see ``web.dbrouter``).
    ``PINGDING_DB_TRANSACTION_POOLING`` the database URLs go through a pooler in transaction mode (PgBouncer): no
                                    SQL ``PREPARE``, which a pooled session does not keep.
    """
    return {
        "PINGDING_COUNTY_CODE": "140321",
        "PINGDING_OGC_DEFAULT_LIMIT": 100,
        "PINGDING_OGC_MAX_LIMIT": 10_000,
        "PINGDING_STREAM_CHUNK_ROWS": 2_000,
        "PINGDING_PUBLIC_URL": "",
        "PINGDING_CORS_ORIGINS": [],
        "PINGDING_DATA_DIR": base_dir / "var" / "data",
        "PINGDING_LOG_LEVEL": "INFO",
        "PINGDING_REPLICA_PATHS": ["/ogc/collections/", "/wfs", "/tiles/", "/api/snap", "/api/reverse",
                                   "/api/addresses/nearest", "/api/geocode"],
        "PINGDING_REPLICA_MAX_LAG": 10.0,
        "PINGDING_REPLICA_CHECK_SECONDS": 1.0,
        "PINGDING_REPLICA_STICKY_SECONDS": 60,
        "PINGDING_DB_TRANSACTION_POOLING": False,
    }


def settings_table(base_dir: Path) -> dict[str, Any]:
    """Every ``PINGDING_*`` setting and its default: the project's, then each app's ``DEFAULTS``."""
    table = project_defaults(base_dir)
    for module_name in APP_CONF_MODULES:
        for name, default in import_module(module_name).DEFAULTS.items():
            if name in table:
                raise ImproperlyConfigured(f"{name} is declared twice ({module_name}.DEFAULTS and another table).")
            table[name] = default
    return table


def project_values(base_dir: Path) -> dict[str, Any]:
    """The project's settings, from the environment or their defaults."""
    return {name: env_typed(name, default) for name, default in project_defaults(base_dir).items()}


def app_values(base_dir: Path) -> dict[str, Any]:
    """The apps' settings that the environment sets (the others stay at the app's ``DEFAULTS``), typed."""
    project = project_defaults(base_dir)
    return {
        name: env_typed(name, default)
        for name, default in settings_table(base_dir).items()
        if name not in project and env_has(name)
    }
