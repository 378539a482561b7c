"""``/healthz`` names the dependency that failed (``database`` or ``postgis``) and nothing of its address, user or
error text, which are logged. The failures are real: a connection to a port nobody listens on, and one to a
database without PostGIS."""
from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.utils import load_backend

from geoserver_app.views import health


def _wrapper(**changes: str):
    """A new connection (not the test's) with the test database's settings, ``changes`` applied."""
    settings_dict = {**connection.settings_dict, **changes}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="health-probe")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: nobody listens there


@pytest.fixture
def database_without_postgis(db) -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_nopostgis_{os.getpid()}"
    admin = _wrapper()
    with admin.cursor() as cursor:  # autocommit: CREATE DATABASE cannot run in the test's transaction
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')  # template1 may hold PostGIS (scripts/db.sh)
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _leaks(body: dict, conn) -> list[str]:
    text = repr(body)
    secrets = [conn.settings_dict.get(key) for key in ("HOST", "PORT", "USER", "NAME", "PASSWORD")]
    return [str(secret) for secret in secrets if secret and str(secret) in text]


def test_healthy(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["postgis"] and body["postgres"].startswith("PostgreSQL")


def test_no_database_names_the_database_not_its_address(db, caplog):
    probe = _wrapper(HOST="127.0.0.1", PORT=str(_closed_port()))
    with caplog.at_level(logging.ERROR, logger="pingding.health"):
        status, body = health(probe)
    probe.close()
    assert status == 503
    assert body == {"status": "unavailable", "failed": "database", "description": "The database does not answer."}
    assert _leaks(body, probe) == []
    assert "database failed" in caplog.text and probe.settings_dict["PORT"] in caplog.text  # the raw error is logged


def test_no_postgis_names_postgis(database_without_postgis, caplog):
    probe = _wrapper(NAME=database_without_postgis)
    with caplog.at_level(logging.ERROR, logger="pingding.health"):
        status, body = health(probe)
    probe.close()
    assert status == 503
    assert body["failed"] == "postgis" and body["description"] == "The database answers, but PostGIS does not."
    assert _leaks(body, probe) == []
    assert "postgis_lib_version" in caplog.text
