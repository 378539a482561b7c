"""Fixtures shared by the whole suite.

The seeded test county
    pytest-django creates and migrates the test database; ``django_db_setup`` below then seeds a small county
    into it ONCE per session (``TEST_SCALE`` 0.02, ``TEST_SEED`` 1, about 12,000 rows in 1-2 s) and commits it.
    Tests read it through the ordinary ``db`` fixture: each test runs in a transaction that is rolled back, so
    a test may change seeded rows freely. ``county_counts`` gives the exact counts at that scale, computed by
    the generator's own rules (``seeds.counts.expected_counts``).

Do not use ``transactional_db``, ``django_db(transaction=True)`` or pytest-django's ``live_server`` on this
database: they flush every table after each test, and the county would be gone for the rest of the session.

A real HTTP server
    ``live_url`` starts the server (the nginx front and uWSGI, as ``make run``: ``geoserver_app.server``) once per session
    against the test database and yields its base URL (no trailing slash), for clients that need a socket (GDAL
    ``ogrinfo``, OWSLib, ``requests``). It sees only committed data: the seeded county, not rows a test creates
    inside its own rolled-back transaction. Tests using it are marked ``live``.
"""
from __future__ import annotations

import io
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection
from django.test.utils import setup_databases, teardown_databases

from geoserver_app.server import serving
from seeds.counts import CountyCounts, expected_counts

TEST_SCALE = 0.02
TEST_SEED = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request: pytest.FixtureRequest) -> None:
    """The test database of pytest-django, seeded once with the small county (replacing any earlier seed, so a
    database kept with ``--reuse-db`` always holds exactly this county)."""
    with django_db_blocker.unblock():
        if not connection.settings_dict["NAME"].startswith("test_"):
            # Only tests without a database mark or fixture were selected (e.g. live tests alone): pytest-django then
            # sets up no test database, so it is set up here, and dropped at the end of the session.
            created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
            request.addfinalizer(lambda: _teardown(created, django_db_blocker))
        name = connection.settings_dict["NAME"]
        if not name.startswith("test_"):
            raise RuntimeError(f"refusing to seed {name!r}: the test county only goes into a test_ database")
        call_command("seed_pingding", scale=TEST_SCALE, seed=TEST_SEED, replace=True, stdout=io.StringIO())


def _teardown(created, django_db_blocker) -> None:
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def county_counts() -> CountyCounts:
    """Exact record counts of the seeded test county."""
    return expected_counts(TEST_SCALE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url(settings: dict) -> str:
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings['NAME']}"


@pytest.fixture(scope="session")
def live_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``PINGDING_DATA_DIR`` of the live server (the standard map COG goes there), empty at the start."""
    return tmp_path_factory.mktemp("live-data")


@pytest.fixture(scope="session")
def live_env(django_db_setup, django_db_blocker, live_data_dir: Path) -> dict[str, str]:
    """The environment of a server on the seeded test database (``live_url``'s, and the supervisor tests')."""
    with django_db_blocker.unblock():
        database_url = _database_url(connection.settings_dict)
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "geoserver_app.settings"),
        "DATABASE_CONN_MAX_AGE": "0",
        "PINGDING_DATA_DIR": str(live_data_dir),
    }


@pytest.fixture(scope="session")
def live_url(live_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the server on the seeded test database, for the whole session (see the module docstring). The
    server's log (uWSGI's and nginx's) is ``server.log`` in its run directory, a session temporary directory (with
    nginx's ``access.log``); its data dir is ``live_data_dir``."""
    run_dir = tmp_path_factory.mktemp("live")
    with (run_dir / "server.log").open("wb") as log, \
            serving(bind=f"127.0.0.1:{_free_port()}", processes=2, run_dir=run_dir, env=live_env, output=log) as front:
        yield front.url


@pytest.fixture
def redeclared(monkeypatch):
    """``redeclared(layer_id, **changes)``: the registry with one layer's declaration changed for this test (the
    tilesets and tile statements built from it are forgotten before and after)."""
    import dataclasses

    from layers import registry
    from tiles import catalog
    from tiles import sql as tile_sql

    def forget():
        catalog.tilesets_forget()
        tile_sql._statements.clear()

    def redeclare(layer_id: str, **changes) -> registry.Layer:
        layer = dataclasses.replace(registry.get_layer(layer_id), **changes)
        monkeypatch.setattr(registry, "LAYERS", tuple(layer if item.id == layer_id else item for item in registry.LAYERS))
        monkeypatch.setitem(registry.REGISTRY, layer_id, layer)
        forget()
        return layer

    yield redeclare
    forget()


@pytest.fixture
def topology_off(db):
    """``topology_off(*layer_ids)``: the topology rules of those layers switched off for this test (inside its
    transaction, rolled back with it), for tests that place synthetic features anywhere (tiles at chosen
    coordinates) or break a rule on purpose to see it reported."""
    from layers.registry import get_layer
    from layers.topology.triggers import trigger_names

    def switch_off(*layer_ids: str) -> None:
        with connection.cursor() as cursor:
            for layer in (get_layer(layer_id) for layer_id in layer_ids):
                for name in (name for rule in layer.topology for name in trigger_names(rule)):
                    cursor.execute(f'ALTER TABLE "{layer.table}" DISABLE TRIGGER "{name}"')

    return switch_off
